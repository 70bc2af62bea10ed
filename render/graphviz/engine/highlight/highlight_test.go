package highlight

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2/styles"
	"github.com/infradoc/infradoc/templates"
)

// Code in a language chroma knows is highlighted with classes, not inline
// styles, escaped; a language chroma does not know, or none, is not.
func TestHighlight(t *testing.T) {
	html, ok, err := Highlight("yaml", "name: postgres # <record>\n")
	if err != nil || !ok {
		t.Fatalf("yaml: ok %v, %v", ok, err)
	}
	got := string(html)
	for _, want := range []string{`<pre class="chroma"><code>`, `<span class="nt">name</span>`, `<span class="c"># &lt;record&gt;</span>`, "</code></pre>"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in %s", want, got)
		}
	}
	if strings.Contains(got, "style=") {
		t.Errorf("inline style in %s", got)
	}
	again, _, _ := Highlight("yaml", "name: postgres # <record>\n")
	if string(again) != got {
		t.Error("the same code highlights differently")
	}
	for _, lang := range []string{"nosuchlanguage", ""} {
		if html, ok, err := Highlight(lang, "x < y\n"); ok || err != nil || html != nil {
			t.Errorf("%q: %q, ok %v, %v; want plain", lang, html, ok, err)
		}
	}
}

// The committed templates/static/code.css is what chroma's styles give
// today: a chroma upgrade that changes them fails here until the file is
// regenerated.
func TestCodeCSSIsCurrent(t *testing.T) {
	committed, err := fs.ReadFile(templates.FS, "static/code.css")
	if err != nil {
		t.Fatal(err)
	}
	if string(committed) != CSS() {
		t.Fatal("templates/static/code.css differs from chroma's styles: regenerate it with `go generate ./render/graphviz/engine/highlight`")
	}
}

// The stylesheet colours every class the light style colours, and in the
// dark theme resets or recolours all of them, under both the toggle's and
// the system's dark selectors.
func TestCSS(t *testing.T) {
	for _, name := range []string{StyleLight, StyleDark} {
		if _, ok := styles.Registry[name]; !ok {
			t.Fatalf("chroma has no style %q (styles.Get would fall back silently)", name)
		}
	}
	css := CSS()
	light := Rules(StyleLight)
	if len(light) < 20 {
		t.Fatalf("only %d light rules", len(light))
	}
	for _, r := range light {
		if !strings.Contains(css, "\n"+r.Selector+" { "+r.Decls+" }\n") {
			t.Errorf("no light rule for %s", r.Selector)
		}
	}
	for _, prefix := range []string{`:root[data-theme="dark"] `, `:root:not([data-theme="light"]) `} {
		if !strings.Contains(css, prefix+".chroma span { color: inherit;") {
			t.Errorf("no dark reset under %s", prefix)
		}
		if !strings.Contains(css, prefix+".chroma .k { color: #ff7b72 }") {
			t.Errorf("no dark keyword colour under %s", prefix)
		}
	}
	if strings.Contains(css, ".chroma {") || strings.Contains(css, ".bg {") {
		t.Error("the wrapper's background is chroma's, not the site's pre background")
	}
	if strings.Count(css, "{") != strings.Count(css, "}") {
		t.Error("unbalanced braces")
	}
	if m := regexp.MustCompile(`(?m)^[^:@}/ .]`).FindString(css); m != "" {
		t.Errorf("a line starts with %q: not a rule of ours", m)
	}
}
