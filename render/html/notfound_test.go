package html

import "testing"

func TestSitePath(t *testing.T) {
	for in, want := range map[string]string{
		"":                            "/",
		"https://example.org":         "/",
		"https://example.org/":        "/",
		"https://example.org/gov":     "/gov/",
		"https://example.org/gov/":    "/gov/",
		"https://example.org/a b/c//": "/a%20b/c/",
		" https://example.org/x ":     "/x/",
		"javascript:alert(1)":         "/",
		"mailto:a@example.org":        "/",
		"/relative/path":              "/",
	} {
		if got := SitePath(in); got != want {
			t.Errorf("SitePath(%q) = %q, want %q", in, got, want)
		}
	}
}
