package site

import "github.com/infradoc/infradoc/site/yamlstrict"

// DidYouMean returns "; did you mean \"X\"?" for the candidate closest to
// s (compared without case), or "" when none is close.
func DidYouMean(s string, candidates []string) string { return yamlstrict.DidYouMean(s, candidates) }
