package synthetic

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rules"
)

func TestGenerateLoadsWithoutErrors(t *testing.T) {
	dir := t.TempDir()
	opts := Options{Items: 40, Obligations: 120, Docs: 12, Seed: 7}
	if err := Generate(dir, opts); err != nil {
		t.Fatal(err)
	}
	s, findings, err := rules.Validate(site.Options{FS: os.DirFS(dir), Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	loaded, docFindings, err := site.LoadDocs(s, blocks.Vocabulary())
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded) != opts.Docs {
		t.Errorf("LoadDocs found %d docs, want %d", len(loaded), opts.Docs)
	}
	partial := 0
	for _, f := range append(findings, docFindings...) {
		// PARTIAL obligations lack an object by design; the loader reminds.
		if f.Rule == "object-missing-partial" && f.Severity == site.SeverityWarning {
			partial++
			continue
		}
		// UNFULFILLED obligations name migration folders not written yet.
		if f.Rule == "evidence-pending" && f.Severity == site.SeverityInfo {
			continue
		}
		t.Errorf("%s", f)
	}
	if partial == 0 {
		t.Error("no PARTIAL obligation misses an object; the generator should make some")
	}
	if got := len(s.Registry.Items); got != opts.Items {
		t.Errorf("items = %d, want %d", got, opts.Items)
	}
	if got := len(s.Obligations); got != opts.Obligations {
		t.Errorf("obligations = %d, want %d", got, opts.Obligations)
	}
	docs, err := filepath.Glob(filepath.Join(dir, "docs", "*", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	top, _ := filepath.Glob(filepath.Join(dir, "docs", "*.md"))
	if got := len(docs) + len(top); got != opts.Docs {
		t.Errorf("docs = %d, want %d", got, opts.Docs)
	}
	states := map[string]int{}
	for _, it := range s.Registry.Items {
		states[it.State]++
	}
	statuses := map[string]int{}
	for _, o := range s.Obligations {
		statuses[o.Status]++
	}
	if len(states) != 3 || len(statuses) != 4 {
		t.Errorf("want every state and status represented, got %v and %v", states, statuses)
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	opts := Options{Items: 10, Obligations: 20, Docs: 5, Seed: 42}
	for _, dir := range []string{a, b} {
		if err := Generate(dir, opts); err != nil {
			t.Fatal(err)
		}
	}
	files := 0
	err := filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed", rel)
		}
		files++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Errorf("only %d files generated", files)
	}
	c := t.TempDir()
	if err := Generate(c, Options{Items: 10, Obligations: 20, Docs: 5, Seed: 43}); err != nil {
		t.Fatal(err)
	}
	x, _ := os.ReadFile(filepath.Join(a, RegistryFile))
	y, _ := os.ReadFile(filepath.Join(c, RegistryFile))
	if bytes.Equal(x, y) {
		t.Error("different seeds gave the same registry")
	}
}

func TestGenerateRefusesNonEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Generate(dir, Options{Items: 1}); err == nil {
		t.Fatal("Generate wrote into a non-empty folder")
	}
	if err := Generate(t.TempDir(), Options{}); err == nil {
		t.Fatal("Generate accepted zero items")
	}
}

func TestRelLink(t *testing.T) {
	for _, c := range []struct{ from, to, want string }{
		{"docs/a.md", "docs/b.md", "b.md"},
		{"docs/a.md", "docs/guides/b.md", "guides/b.md"},
		{"docs/guides/a.md", "docs/b.md", "../b.md"},
		{"docs/guides/a.md", "docs/runbooks/b.md", "../runbooks/b.md"},
	} {
		if got := relLink(c.from, c.to); got != c.want {
			t.Errorf("relLink(%q, %q) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
}

func TestGenerateMarkdownWritesOnePagePerItemObligationAndDoc(t *testing.T) {
	dir := t.TempDir()
	opts := Options{Items: 7, Obligations: 30, Docs: 9, Seed: 3}
	if err := GenerateMarkdown(dir, opts); err != nil {
		t.Fatal(err)
	}
	pages := 0
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !bytes.HasPrefix(data, []byte("---\ntitle: ")) {
			t.Errorf("%s has no front matter title", p)
		}
		pages++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := opts.Items + opts.Obligations + opts.Docs; pages != want {
		t.Errorf("%d pages, want %d", pages, want)
	}
}
