package build

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/render/graphviz/graphviztest"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rootfs/rootfstest"
	"github.com/infradoc/infradoc/templates"
)

// TestMain builds the Graphviz worker the home page's diagrams are drawn by.
func TestMain(m *testing.M) { os.Exit(graphviztest.Main(m)) }

// overrideRepo copies testdata/override, a small repository, into a
// temporary folder and returns the folder.
func overrideRepo(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(filepath.Join("testdata", "override"))); err != nil {
		t.Fatal(err)
	}
	return dst
}

// setTemplates appends `templates: folder` to the site block that ends
// the fixture's infradoc.yaml and returns the line it is on.
func setTemplates(t *testing.T, dir, folder string) int {
	t.Helper()
	p := filepath.Join(dir, site.ConfigFileName)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(data, []byte("\n")) || !bytes.Contains(data, []byte("\nsite:\n")) {
		t.Fatalf("%s must end with its site block:\n%s", p, data)
	}
	line := bytes.Count(data, []byte("\n")) + 1
	if err := os.WriteFile(p, append(data, "  templates: "+folder+"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	return line
}

// buildRepo builds the repository in dir into dir/<out> (a fresh folder)
// with the diagram cache cache, and returns the result and what went to
// stderr.
func buildRepo(t *testing.T, dir, out, cache string) (*Result, string) {
	t.Helper()
	return buildIn(t, dir, Options{Out: out, Force: true}, cache, "")
}

// ageFiles sets the modification time of everything in dir an hour back,
// past the stamp's racy window, so that a build's stamp is written and
// trusted.
func ageFiles(dir string) {
	old := time.Now().Add(-time.Hour)
	filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err == nil {
			os.Chtimes(p, old, old)
		}
		return nil
	})
}

// buildIn builds the repository in dir with opts, the diagram cache cache
// and the build stamps in stamps ("" for the default), and returns the
// result and what went to stderr.
func buildIn(t *testing.T, dir string, opts Options, cache, stamps string) (*Result, string) {
	t.Helper()
	rootfs, err := site.OpenRootFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rootfs.Close() })
	var stderr bytes.Buffer
	r := &Repo{FS: rootfs, Dir: dir, Display: ".", Opts: site.Options{FS: rootfs, Root: "."}}
	res, err := Site(r, opts, Env{
		Stderr:   &stderr,
		Dir:      dir,
		CacheDir: stamps,
		Renderer: func() *graphviz.Renderer {
			return graphviz.New(graphviz.Options{CacheDir: cache, Stderr: &stderr})
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return res, stderr.String()
}

// mustBuildRepo is buildRepo for a build that must succeed, every diagram
// drawn, and returns the files it wrote.
func mustBuildRepo(t *testing.T, dir, out, cache string) map[string][]byte {
	t.Helper()
	res, stderr := buildRepo(t, dir, out, cache)
	for _, f := range res.Findings {
		if f.Severity == site.SeverityError {
			t.Fatalf("build into %s: %s", out, f)
		}
	}
	if stderr != "" {
		t.Fatalf("build into %s wrote to stderr:\n%s", out, stderr)
	}
	if res.Out != filepath.Join(dir, out) || res.Written == 0 {
		t.Fatalf("build into %s: %+v", out, res)
	}
	return outputFiles(t, res.Out)
}

// outputFiles returns every file under dir with its bytes; nil when dir
// does not exist.
func outputFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	if _, err := os.Lstat(dir); os.IsNotExist(err) {
		return nil
	}
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// changedFiles returns the paths whose bytes differ between a and b, and
// fails the test when they do not hold the same paths.
func changedFiles(t *testing.T, a, b map[string][]byte) []string {
	t.Helper()
	var changed []string
	for p, data := range a {
		other, ok := b[p]
		switch {
		case !ok:
			t.Errorf("%s is gone after the override", p)
		case !bytes.Equal(data, other):
			changed = append(changed, p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			t.Errorf("%s is new after the override", p)
		}
	}
	slices.Sort(changed)
	return changed
}

// embeddedTemplate returns the embedded file name of templates.FS with old
// replaced by new, once.
func embeddedTemplate(t *testing.T, name, old, new string) []byte {
	t.Helper()
	data, err := fs.ReadFile(templates.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(data), old) != 1 {
		t.Fatalf("embedded %s holds %q %d times, want once", name, old, strings.Count(string(data), old))
	}
	return []byte(strings.Replace(string(data), old, new, 1))
}

// The test: a template override in a repository changes one page,
// and only that page. search.html defines page-search, which makes one
// page (registry.html also makes the registry/state-*.html pages).
func TestTemplateOverrideChangesOnlyItsPage(t *testing.T) {
	dir := overrideRepo(t)
	cache := t.TempDir()
	before := mustBuildRepo(t, dir, "before", cache)
	if _, ok := before["search.html"]; !ok {
		t.Fatalf("the fixture's site has no search.html: %v", slices.Sorted(maps.Keys(before)))
	}

	const custom = `<p id="custom">Ask the platform team.</p>`
	rootfstest.WriteFile(t, dir, "layouts/search.html", embeddedTemplate(t, "search.html", "<h1>Search</h1>\n", "<h1>Search</h1>\n"+custom+"\n"))
	setTemplates(t, dir, "layouts")
	after := mustBuildRepo(t, dir, "after", cache)

	if got := changedFiles(t, before, after); !slices.Equal(got, []string{"search.html"}) {
		t.Fatalf("the override of search.html changed %v, want [search.html]", got)
	}
	if !bytes.Contains(after["search.html"], []byte(custom)) {
		t.Errorf("search.html lacks the override's %s:\n%s", custom, after["search.html"])
	}
	// Nothing else of the page changed: taking the line out gives it back.
	if got := bytes.Replace(after["search.html"], []byte(custom+"\n"), nil, 1); !bytes.Equal(got, before["search.html"]) {
		t.Errorf("search.html changed beyond the override's line:\n%s", after["search.html"])
	}
}

// A static file overrides its embedded namesake: pages name static/site.css
// by its name alone, so they stay as they were.
func TestStaticOverrideChangesOnlyItsFile(t *testing.T) {
	dir := overrideRepo(t)
	cache := t.TempDir()
	before := mustBuildRepo(t, dir, "before", cache)

	const rule = ".custom-rule { outline: 1px solid red; }"
	css, err := fs.ReadFile(templates.FS, "static/site.css")
	if err != nil {
		t.Fatal(err)
	}
	rootfstest.WriteFile(t, dir, "layouts/static/site.css", append(append(css, rule...), '\n'))
	setTemplates(t, dir, "layouts")
	after := mustBuildRepo(t, dir, "after", cache)

	if got := changedFiles(t, before, after); !slices.Equal(got, []string{"static/site.css"}) {
		t.Fatalf("the override of static/site.css changed %v, want [static/site.css]", got)
	}
	if !bytes.Contains(after["static/site.css"], []byte(rule)) {
		t.Errorf("static/site.css lacks the override's rule")
	}
	// The diagram theme is still appended to the user's stylesheet.
	if !bytes.HasPrefix(after["static/site.css"], before["static/site.css"][:len(css)]) ||
		!bytes.HasSuffix(after["static/site.css"], before["static/site.css"][len(css):]) {
		t.Errorf("static/site.css is not the override followed by the diagram theme")
	}
}

// A site.templates folder that does not exist is a file-missing error at
// its line of infradoc.yaml, and the build writes nothing.
func TestMissingTemplatesFolderIsAFinding(t *testing.T) {
	dir := overrideRepo(t)
	line := setTemplates(t, dir, "missing")
	res, stderr := buildRepo(t, dir, "public", t.TempDir())
	var found []site.Finding
	for _, f := range res.Findings {
		if f.Severity == site.SeverityError {
			found = append(found, f)
		}
	}
	if len(found) != 1 {
		t.Fatalf("error findings %v, want one file-missing", found)
	}
	f := found[0]
	if f.Rule != "file-missing" || filepath.Base(f.File) != site.ConfigFileName || f.Line != line || !strings.Contains(f.Message, "missing") {
		t.Errorf("finding %s, want file-missing at %s:%d naming the folder", f, site.ConfigFileName, line)
	}
	if stderr != "" {
		t.Errorf("stderr:\n%s", stderr)
	}
	// Findings do not stop a build: the site is written with the embedded
	// templates, and the finding fails the command.
	if files := outputFiles(t, filepath.Join(dir, "public")); len(files) == 0 || res.Written != len(files)-1 {
		t.Errorf("a build with a missing templates folder wrote %d files (Written = %d), want the site with the embedded templates", len(files), res.Written)
	}
}

// An edited override is an edited input: the next build without --force
// renders again instead of trusting the stamp of the last one.
func TestEditedOverrideIsNotUpToDate(t *testing.T) {
	dir := overrideRepo(t)
	diagrams, stamps := t.TempDir(), t.TempDir()
	rootfstest.WriteFile(t, dir, "layouts/search.html", embeddedTemplate(t, "search.html", "<h1>Search</h1>\n", "<h1>Search</h1>\n<p>one</p>\n"))
	setTemplates(t, dir, "layouts")
	build := func() *Result {
		t.Helper()
		res, _ := buildIn(t, dir, Options{Out: "out"}, diagrams, stamps)
		return res
	}
	build()
	ageFiles(dir)
	build()
	if again := build(); !again.Skipped {
		t.Fatalf("a build with nothing changed was not skipped; the stamp is not working in this test")
	}
	rootfstest.WriteFile(t, dir, "layouts/search.html", embeddedTemplate(t, "search.html", "<h1>Search</h1>\n", "<h1>Search</h1>\n<p>two</p>\n"))
	res := build()
	if res.Skipped {
		t.Fatal("the build after the override changed was skipped as up to date")
	}
	if page := readString(t, filepath.Join(dir, "out", "search.html")); !strings.Contains(page, "<p>two</p>") {
		t.Errorf("search.html does not show the edited override")
	}
}
