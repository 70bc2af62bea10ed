package site

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/infradoc/infradoc/site/markers"
)

func TestLoadDocs(t *testing.T) {
	fsys := fstest.MapFS{
		"infradoc.yaml":       {Data: []byte("registry: r.yaml\nobligations: o.yaml\ndocs:\n  - docs/**/*.md\n  - none/*.md\n  - \"[\"\n")},
		"docs/a.md":           {Data: []byte("<!-- infradoc:begin ownership -->\n<!-- infradoc:end -->\n")},
		"docs/sub/b.md":       {Data: []byte("<!-- infradoc:end -->\n")},
		"docs/sub/notes.txt":  {Data: []byte("x")},
		"r.yaml":              {Data: []byte("items: []\n")},
		"o.yaml":              {Data: []byte("obligations: []\n")},
		"docs/sub/deep/c.md":  {Data: []byte("plain\n")},
		"docs/sub/deep/d.mdx": {Data: []byte("plain\n")},
	}
	s, _, err := Load(Options{FS: fsys, Root: "repo"})
	if err != nil {
		t.Fatal(err)
	}
	docs, found, err := LoadDocs(s, &markers.Vocabulary{Kinds: []markers.BlockKind{{Name: "ownership"}}})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, d := range docs {
		paths = append(paths, d.File)
	}
	if got := strings.Join(paths, " "); got != "repo/docs/a.md repo/docs/sub/b.md repo/docs/sub/deep/c.md" {
		t.Errorf("docs = %s", got)
	}
	want := "repo/docs/sub/b.md:1:1: error: end marker without a begin marker [marker]\n" +
		"repo/infradoc.yaml:4:3: warning: docs pattern \"none/*.md\" (entry 2) matches no file [docs-glob]\n" +
		"repo/infradoc.yaml:4:3: error: docs pattern \"[\" (entry 3) is not a valid glob: syntax error in pattern [format]\n"
	if got := findingLines(found); got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
	if _, ok := s.Sources["repo/docs/a.md"]; !ok {
		t.Error("doc bytes not recorded in Sources")
	}
}

func findingLines(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String() + "\n")
	}
	return b.String()
}
