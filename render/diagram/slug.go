package diagram

import (
	"strings"
	"unicode"
)

// Slug turns a name into the lower-case, hyphen-separated form used in
// diagram names, page paths and element ids: letters and digits are kept
// (lower-cased, non-ASCII letters included), every other run of characters
// becomes one '-', and leading and trailing hyphens are dropped. Slug of a
// name with no letter or digit is "x", so a slug is never empty.
func Slug(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		hyphen = true
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// uniqueSlugs returns the slug of each name; a slug already taken by an
// earlier name gets "-2", "-3", … so the result has no duplicates.
func uniqueSlugs(names []string) []string {
	out := make([]string, len(names))
	taken := make(map[string]bool, len(names))
	for i, n := range names {
		base := Slug(n)
		s := base
		for k := 2; taken[s]; k++ {
			s = base + "-" + itoa(k)
		}
		taken[s] = true
		out[i] = s
	}
	return out
}
