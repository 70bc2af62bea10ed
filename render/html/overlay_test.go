package html

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/infradoc/infradoc/templates"
)

// A template or static file laid over the embedded ones replaces the one of
// the same name; a new static file is published; everything else stays.
func TestOverlayFSOverridesTemplatesAndStaticFiles(t *testing.T) {
	user := fstest.MapFS{
		"notfound.html":   {Data: []byte(`{{define "page-404"}}{{template "head" .}}<h1>Lost, {{.SiteTitle}}</h1>{{template "foot" .}}{{end}}`)},
		"static/site.js":  {Data: []byte("/* mine */\n")},
		"static/logo.png": {Data: []byte("PNG")},
	}
	h, err := NewHTMLSiteFS(OverlayFS(user, templates.FS))
	if err != nil {
		t.Fatal(err)
	}
	in := fixtureInput(t, "site")
	files, _, err := h.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	for _, f := range files {
		got[f.Path] = f.Data
	}
	embedded, _ := buildFiles(t, fixtureInput(t, "site"))
	if page := string(got["404.html"]); !strings.Contains(page, "<h1>Lost, ") || !strings.Contains(page, `<link rel="stylesheet"`) {
		t.Errorf("404.html is not the user's page in the embedded layout:\n%s", page)
	}
	if string(got["static/site.js"]) != "/* mine */\n" || string(got["static/logo.png"]) != "PNG" {
		t.Errorf("static files: site.js %q, logo.png %q", got["static/site.js"], got["static/logo.png"])
	}
	for _, p := range []string{"index.html", "search.html", "items/redis.html", "obligations/OB-1.html", "static/site.css", "favicon.svg"} {
		if !bytes.Equal(got[p], embedded[p]) {
			t.Errorf("%s changed though the user overrides nothing it uses", p)
		}
	}
	entries, err := fs.ReadDir(OverlayFS(user, templates.FS), "static")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "code.css favicon.svg logo.png site.css site.js" {
		t.Errorf("static lists %v", names)
	}
}

// Without overrides the site is built from the embedded files alone.
func TestOverlayFSOfNothingIsTheEmbeddedSite(t *testing.T) {
	h, err := NewHTMLSiteFS(OverlayFS(fstest.MapFS{}, templates.FS))
	if err != nil {
		t.Fatal(err)
	}
	files, _, err := h.Build(fixtureInput(t, "site"))
	if err != nil {
		t.Fatal(err)
	}
	embedded, _ := buildFiles(t, fixtureInput(t, "site"))
	if len(files) != len(embedded) {
		t.Fatalf("%d files, the embedded site has %d", len(files), len(embedded))
	}
	for _, f := range files {
		if !bytes.Equal(f.Data, embedded[f.Path]) {
			t.Errorf("%s differs from the embedded site's", f.Path)
		}
	}
}
