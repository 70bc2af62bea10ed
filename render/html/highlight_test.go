package html

import (
	"regexp"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2/styles"
)

// Fenced code in a language chroma knows is highlighted with classes, not
// inline styles; code without a language, or in an unknown one, stays
// plain and escaped.
func TestCodeHighlighting(t *testing.T) {
	h, err := NewHTMLSite()
	if err != nil {
		t.Fatal(err)
	}
	src := "```yaml\nname: postgres # <record>\n```\n\n```\nplain <b>\n```\n\n```nosuchlanguage\nx < y\n```\n"
	got, err := h.markdownHTML(src)
	if err != nil {
		t.Fatal(err)
	}
	html := string(got)
	checkContains(t, "highlighted markdown", html, []string{
		`<pre class="chroma"><code>`, `<span class="nt">name</span>`, `<span class="c"># &lt;record&gt;</span>`,
		"<pre><code>plain &lt;b&gt;\n</code></pre>",
		`<pre><code class="language-nosuchlanguage">x &lt; y`,
	}, []string{"style="})
}

// The stylesheet colours every class the light style colours, and in the
// dark theme resets or recolours all of them, under both the toggle's and
// the system's dark selectors; it is the same on every call.
func TestCodeThemeCSS(t *testing.T) {
	for _, name := range []string{codeStyleLight, codeStyleDark} {
		if _, ok := styles.Registry[name]; !ok {
			t.Fatalf("chroma has no style %q (styles.Get would fall back silently)", name)
		}
	}
	css := codeThemeCSS()
	if css != codeThemeCSS() {
		t.Fatal("codeThemeCSS differs between calls")
	}
	light := chromaRules(codeStyleLight)
	if len(light) < 20 {
		t.Fatalf("only %d light rules", len(light))
	}
	for _, r := range light {
		if !strings.Contains(css, "\n"+r.selector+" { "+r.decls+" }\n") {
			t.Errorf("no light rule for %s", r.selector)
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
	// Every rule is balanced: as many { as }.
	if strings.Count(css, "{") != strings.Count(css, "}") {
		t.Error("unbalanced braces")
	}
	if m := regexp.MustCompile(`(?m)^[^:@}/ .]`).FindString(css); m != "" {
		t.Errorf("a line starts with %q: not a rule of ours", m)
	}
}

// The published site.css carries the code colours.
func TestSiteCSSHasCodeTheme(t *testing.T) {
	h, err := NewHTMLSite()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range h.assets {
		if a.Path == "static/site.css" {
			if !strings.HasSuffix(string(a.Data), codeThemeCSS()) {
				t.Error("site.css does not end with the code theme")
			}
			return
		}
	}
	t.Fatal("no static/site.css")
}
