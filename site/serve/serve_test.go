package serve

import "testing"

func TestGlobBase(t *testing.T) {
	for pattern, want := range map[string]string{
		"docs/**/*.md": "docs", "docs/*.md": "docs", "*.md": ".", "**/*.md": ".",
		"README.md": ".", "a/b/c.md": "a/b", "a/[ab]/c.md": "a",
	} {
		if got := globBase(pattern); got != want {
			t.Errorf("globBase(%q) = %q, want %q", pattern, got, want)
		}
	}
}
