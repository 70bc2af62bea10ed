package site

// DidYouMean returns "; did you mean \"X\"?" for the candidate closest to
// s (compared without case), or "" when none is close.
func DidYouMean(s string, candidates []string) string { return didYouMean(s, candidates) }
