package report

import "strings"

// escapeURIPath returns the slash-separated path p as a URI reference
// (RFC 3986): "/" separates segments, letters, digits, "-._~" and the
// sub-delimiters stay, every other byte (a space, "%", "#", "?", ":",
// "\", any non-ASCII byte of UTF-8) is percent-encoded. ":" is encoded
// everywhere, so that a first segment such as "a:b.yaml" cannot be read
// as a scheme.
func escapeURIPath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if isURIPathByte(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// isURIPathByte reports whether c stands for itself in a path segment
// (unreserved, a sub-delimiter, "@") or separates segments ("/").
func isURIPathByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=@/", c) >= 0
}

// fileURI returns the file: URI of an absolute path ("/srv/x.yaml",
// "C:/x.yaml"), and false for a relative one. A finding's path is
// absolute when the repository is not below the folder infradoc ran in
// and no relative path leads to it (another drive).
func fileURI(p string) (string, bool) {
	switch {
	case strings.HasPrefix(p, "/"):
		return "file://" + escapeURIPath(p), true
	case len(p) >= 3 && p[1] == ':' && p[2] == '/' && ('a' <= p[0] && p[0] <= 'z' || 'A' <= p[0] && p[0] <= 'Z'):
		return "file:///" + p[:2] + escapeURIPath(p[2:]), true
	}
	return "", false
}
