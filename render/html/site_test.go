package html

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/golden"
)

// fixtureInput loads a repository under ../testdata the way the build
// command does (model, docs regenerated, code highlighted by a worker),
// without diagrams.
func fixtureInput(t testing.TB, dir string) SiteInput {
	t.Helper()
	return fixtureInputFS(t, os.DirFS(filepath.Join("..", "..", "testdata", dir)), site.Options{Root: "testdata/" + dir})
}

// fixtureInputFS is fixtureInput over fsys, loaded with opts.
func fixtureInputFS(t testing.TB, fsys fs.FS, opts site.Options) SiteInput {
	t.Helper()
	dir := opts.Root
	opts.FS = fsys
	s, findings, err := site.Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	if site.HasErrors(findings) {
		t.Fatalf("fixture %s has errors: %v", dir, findings)
	}
	docs, findings, err := site.LoadDocs(s, blocks.Vocabulary())
	if err != nil || site.HasErrors(findings) {
		t.Fatalf("loading docs: %v %v", err, findings)
	}
	in := SiteInput{Site: s, DocsChecked: true, Highlighter: workerHighlighter(t), RepoFileExists: func(p string) bool {
		_, err := fs.Stat(fsys, p)
		return err == nil
	}}
	for _, d := range docs {
		out, stale, err := blocks.RegenerateDoc(s, d, blocks.DocOptions{})
		if err != nil {
			t.Fatal(err)
		}
		in.Docs = append(in.Docs, SiteDoc{Path: d.Path, Display: d.File, Source: out, Drifted: len(stale) > 0, Managed: len(d.Blocks) > 0})
	}
	return in
}

func buildFiles(t *testing.T, in SiteInput) (map[string][]byte, []site.Finding) {
	t.Helper()
	h, err := NewHTMLSite()
	if err != nil {
		t.Fatal(err)
	}
	files, findings, err := h.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		out[f.Path] = f.Data
	}
	return out, findings
}

// goldenPages are the pages compared byte for byte with
// testdata/pages/<path with / as _>.golden (go test ./render/html -update).
var goldenPages = []string{
	"index.html", "registry.html", "registry/state-A.html", "items/redis.html", "obligations.html",
	"obligations/OB-1.html", "obligations/OB-2.html", "docs.html", "docs/GUIDE.html", "docs/REGISTRY.html",
	"404.html", "search-index.json", "sitemap.xml", "findings.html",
}

func TestSitePagesGolden(t *testing.T) {
	files, findings := buildFiles(t, fixtureInput(t, "site"))
	if len(findings) > 0 {
		t.Fatalf("unexpected link findings: %v", findings)
	}
	for _, p := range goldenPages {
		got, ok := files[p]
		if !ok {
			t.Errorf("the site has no %s", p)
			continue
		}
		golden.Check(t, "./render/html", filepath.Join("testdata", "pages", strings.ReplaceAll(p, "/", "_")+".golden"), got)
	}
}

func TestSiteHasEveryPage(t *testing.T) {
	files, _ := buildFiles(t, fixtureInput(t, "site"))
	for _, p := range []string{
		"index.html", "registry.html", "registry/state-A.html", "registry/state-B.html", "registry/state-C.html",
		"items/postgresql.html", "items/redis.html", "items/grafana.html",
		"obligations.html", "obligations/OB-1.html", "obligations/OB-2.html",
		"obligations/status/promoted.html", "obligations/layer/L6.html",
		"docs.html", "docs/GUIDE.html", "docs/REGISTRY.html", "404.html", "search.html",
		"registry.json", "obligations.json", "search-index.json", "search-index.js", "sitemap.xml",
		"favicon.svg", "static/site.css", "static/site.js",
	} {
		if _, ok := files[p]; !ok {
			t.Errorf("missing %s", p)
		}
	}
}

func TestSiteIsDeterministic(t *testing.T) {
	in := fixtureInput(t, "site")
	a, _ := buildFiles(t, in)
	b, _ := buildFiles(t, fixtureInput(t, "site"))
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

func TestSiteLinksAreRelative(t *testing.T) {
	files, _ := buildFiles(t, fixtureInput(t, "site"))
	for p, data := range files {
		if !strings.HasSuffix(p, ".html") || p == "404.html" {
			continue
		}
		for _, attr := range []string{`href="/`, `src="/`} {
			if bytes.Contains(data, []byte(attr)) {
				t.Errorf("%s has a root-absolute link (%s…): the site must work from disk and under a sub-path", p, attr)
			}
		}
	}
	item := string(files["items/redis.html"])
	for _, want := range []string{`href="../static/site.css"`, `href="../obligations/OB-1.html"`, `href="../index.html"`} {
		if !strings.Contains(item, want) {
			t.Errorf("items/redis.html lacks %s", want)
		}
	}
}

func TestSiteLiveReloadScript(t *testing.T) {
	in := fixtureInput(t, "site")
	in.LiveReloadScript = `new EventSource("/_infradoc/events")`
	files, _ := buildFiles(t, in)
	for _, p := range []string{"index.html", "obligations/OB-1.html", "docs/GUIDE.html"} {
		if !strings.Contains(string(files[p]), `<script>new EventSource("/_infradoc/events")</script>`) {
			t.Errorf("%s lacks the live reload script", p)
		}
	}
}
