package gitrepo

import (
	"fmt"
	"strings"
)

// RefError is a ref that does not name a commit, or that could be taken
// for an option.
type RefError struct {
	Ref string
	// Why says what is wrong, in words for the user.
	Why string
}

func (e *RefError) Error() string { return fmt.Sprintf("ref %q %s", e.Ref, e.Why) }

// Resolve returns the commit hash ref names (a branch, tag, hash, HEAD~2,
// …). A ref starting with "-" is refused before git sees it, and git is
// told where its options end, so that a ref never becomes an option
// (--output=FILE would write a file).
func (r *Repo) Resolve(ref string) (string, error) {
	switch {
	case ref == "":
		return "", &RefError{Ref: ref, Why: "is empty"}
	case strings.HasPrefix(ref, "-"):
		return "", &RefError{Ref: ref, Why: "starts with '-': refs never do, and git would read it as an option"}
	case strings.ContainsAny(ref, "\x00\n\r"):
		return "", &RefError{Ref: ref, Why: "holds a control character"}
	}
	out, err := r.run("rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err != nil {
		return "", &RefError{Ref: ref, Why: "does not name a commit in " + r.top}
	}
	hash := strings.TrimSpace(string(out))
	if !isHash(hash) {
		return "", &RefError{Ref: ref, Why: fmt.Sprintf("resolved to %q, not a commit hash", hash)}
	}
	return hash, nil
}

// isHash reports whether s is a full SHA-1 or SHA-256 object id.
func isHash(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
