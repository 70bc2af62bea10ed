package site

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/infradoc/infradoc/site/synthetic"
)

// simpleYAMLCases are crafted documents for the simple parser: some it
// must take, and many near its edges that it must either give up on or
// parse exactly as yaml.v3 does.
var simpleYAMLCases = []string{
	"a: 1\n",
	"a:\nb: 1\n",
	"a:   # c\n  \nb:\n",
	"- \n- a\n",
	"a:\n- x\n-\nb: |\n  t\n\n  u\n\n",
	"a: |-\n  x\nb: |\n  y",
	"k: [a, {b: c}, []]\n",
	"a: |\n    x\n      \n    y\n",
	"a: |\n  x\n # c\nb: 2\n",
	"a: |\nb: 2\n",
	"a: |\n\n  x\n",
	"a: |+\n  x\n\n",
	"a: >\n  x\n  y\n",
	"a: |2\n   x\n",
	"a:\n  - b: 1\n    c: [x, y]\n  - d\n  -\n  - - e\n",
	"a:\n  - b: 1\n   c: 2\n",
	"a:\n  b:\n    c:\n      d: e\n",
	"a: b\n  c\n",
	"a: b: c\n",
	"a: 'it''s'\nb: \"q\"\nc: \"x\\ty\"\n",
	"a: 'x\n  y'\n",
	"a: \"x\" # c\nb: 'y'#c\n",
	"\"a\": 1\n",
	"- 'a': 1\n",
	"a: 0\nb: 012\nc: 09\nd: 123456789012345678901\ne: 1.5\nf: -1\ng: +1\nh: .5\ni: 1_000\n",
	"a: 2025-01-08\nb: 2025-1-8\nc: 2025-02-30\nd: 2025-01-08T10:00:00Z\ne: 2025-13-01\n",
	"a: true\nb: True\nc: TRUE\nd: tRue\ne: yes\nf: no\ng: on\nh: null\ni: ~\nj: ~x\nk: Null\nl: NULL\nm: nil\n",
	"<<: {a: 1}\n",
	"a: &x 1\nb: *x\n",
	"a: !!str 1\n",
	"---\na: 1\n",
	"a: 1\n...\n",
	"%YAML 1.2\n---\na: 1\n",
	"a: 1\n---\nb: 2\n",
	"a:\tb\n",
	"a: b\r\n",
	"a: é — ü\nb: 日本: x\n\"c\": é\n",
	"é: [ü, 日本]\nk: ü\n",
	"a: x\xffy\n",
	"a: x\xef\xbf\xbdy\n",
	"a: x\xed\xa0\x80y\n",
	"a: x\U0001F600y\n",
	"a: {b: c, d: [e, f], g: {h: i}}\n",
	"a: {b: c,}\n",
	"a: [b, ]\n",
	"a: [b\n  , c]\n",
	"a: {b}\n",
	"a: {b:c}\n",
	"a: [b: c]\n",
	"a: [a:b, c:d]\n",
	"a: [\"x\", 'y', z]\n",
	"a: [x] y\n",
	"a: [x]#c\n",
	"a: [x] #c\n",
	"a: x #c\n",
	"a: x#c\n",
	"a: http://x.org/a#b\n",
	"a: x:y\n",
	"a: x:\n",
	"a : 1\n",
	"a  b: 1\n",
	"? a\n: b\n",
	"- a\n- b\nc: d\n",
	"a:\n- b\n  c: d\n",
	"a:\n  - b\n  c: d\n",
	"a:\n  b: 1\n c: 2\n",
	" a: 1\n",
	"a: 1\n b: 2\n",
	"a: -\n",
	"a: - b\n",
	"- - a\n",
	"-a: 1\n",
	"a: ?b\n",
	"a: :b\n",
	"a: |\n  x\n    y\n  z\n",
	"a: |\n    x\n  y\n",
	"- |\n  x\n- y\n",
	"- a: |\n    x\n  b: y\n",
	"a: |-\n\n",
	"a: | # c\n  x\n",
	"a: |#c\n  x\n",
	"a: b\n# c\n  # d\nc: d\n",
	"a: 'b'\n",
	"a: ''\n",
	"a: \"\"\n",
	"a: []\nb: {}\nc: [ ]\nd: { }\n",
	"a: [[]]\n",
	"a: x\n\n\n",
	"a: x",
	"a:",
	"a:\n",
	"-",
	"- ",
	"a: 1 \n",
	"a: 'x' \n",
	"a: b c  d \n",
	strings.Repeat("k", 1100) + ": v\n",
	strings.Repeat("- ", 60) + "x\n",
	"a:\n" + strings.Repeat(" ", 3) + "b: 1\n",
}

// yamlV3Root parses data as parseYAML's fallback does: exactly one
// document, returning its root, or an error.
func yamlV3Root(data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("a second document (%v)", err)
	}
	if len(doc.Content) == 0 {
		return nil, errors.New("empty")
	}
	return doc.Content[0], nil
}

// sameTree returns "" when a and b agree on every field the simple parser
// fills, or where they first differ.
func sameTree(a, b *yaml.Node, path string) string {
	if a.Kind != b.Kind || a.Tag != b.Tag || a.Value != b.Value || a.Style != b.Style || a.Line != b.Line || a.Column != b.Column {
		return fmt.Sprintf("%s: simple %v %q %q style %v at %d:%d, yaml.v3 %v %q %q style %v at %d:%d", path,
			a.Kind, a.Tag, a.Value, a.Style, a.Line, a.Column, b.Kind, b.Tag, b.Value, b.Style, b.Line, b.Column)
	}
	if len(a.Content) != len(b.Content) {
		return fmt.Sprintf("%s: simple has %d children, yaml.v3 %d", path, len(a.Content), len(b.Content))
	}
	for i := range a.Content {
		if d := sameTree(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkSimpleYAML fails t if the simple parser takes data and builds
// anything other than yaml.v3's tree. It reports whether it took data.
func checkSimpleYAML(t *testing.T, name string, data []byte) bool {
	t.Helper()
	got, ok := parseSimpleYAML(data)
	if !ok {
		return false
	}
	want, err := yamlV3Root(data)
	if err != nil {
		t.Errorf("%s: the simple parser took %q, which yaml.v3 rejects: %v", name, data, err)
		return true
	}
	if d := sameTree(got, want, ""); d != "" {
		t.Errorf("%s: %q: %s", name, data, d)
	}
	return true
}

func TestSimpleYAMLCases(t *testing.T) {
	took := 0
	for i, c := range simpleYAMLCases {
		if checkSimpleYAML(t, fmt.Sprintf("case %d", i), []byte(c)) {
			took++
		}
	}
	if took < 40 {
		t.Errorf("the simple parser took only %d of %d crafted cases", took, len(simpleYAMLCases))
	}
}

// The YAML our fixtures, our own content and the synthetic generator write
// is all simple: the fast path must take every file of it, and build
// yaml.v3's tree.
func TestSimpleYAMLTakesRealFiles(t *testing.T) {
	dir := t.TempDir()
	if err := synthetic.Generate(dir, synthetic.Options{Items: 20, Obligations: 40, Docs: 2}); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, root := range []string{"../content", "../testdata", dir} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				return err
			}
			data, err := os.ReadFile(p)
			files[p] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range files {
		if _, err := yamlV3Root(data); err != nil {
			continue // deliberately broken fixtures
		}
		if !checkSimpleYAML(t, name, data) && !strings.Contains(name, "testdata/") {
			t.Errorf("%s: the simple parser gave up on a file our own tools write", name)
		}
	}
}

func FuzzSimpleYAML(f *testing.F) {
	for _, c := range simpleYAMLCases {
		f.Add([]byte(c))
	}
	for _, p := range []string{"../content/INFRA_REGISTRY.yaml", "../content/infradoc.yaml"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSimpleYAML(t, "fuzz", data)
	})
}
