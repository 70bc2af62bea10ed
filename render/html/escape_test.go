package html

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/site"
)

// hostile is text an attacker could put in the YAML or the markdown.
const hostile = `<script>alert(1)</script>" onmouseover="alert(2)" '><img src=x onerror=alert(3)>`

var (
	scriptURL   = regexp.MustCompile(`(?i)(href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(javascript|vbscript|data):`)
	startTag    = regexp.MustCompile(`<[a-zA-Z][^>]*>`)
	quoted      = regexp.MustCompile(`"[^"]*"|'[^']*'`)
	handlerAttr = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	scriptTag   = regexp.MustCompile(`(?i)<script\b[^>]*>`)
)

func TestHostileInputNeverRuns(t *testing.T) {
	in := fixtureInput(t, "site")
	s := in.Site
	it := s.Registry.Items[1]
	it.Name, it.Category, it.Owner = "Redis "+hostile, hostile, hostile
	it.Description = "Click [me](javascript:alert(4)) or [me too](JaVaScRiPt:alert(5)) <script>alert(6)</script> ![x](javascript:alert(7))"
	it.History[0].Note = hostile
	it.History[0].Pins = []string{`PIN"><script>alert(8)</script>`}
	o := s.Obligations[0]
	o.Title = `Event "log" ` + hostile
	o.SemanticPurpose = "<script>alert(9)</script>\n\n[x](javascript:alert(10)) <a href=\"javascript:alert(11)\">raw</a>"
	o.RelatedPins = []string{"javascript:alert(12)"}
	s.Config.Site.Title = hostile
	s.Config.Site.RepoURL = "javascript:alert(13)"
	s.Config.Site.PinURL = "javascript:{id}"
	in.Docs = append(in.Docs, SiteDoc{Path: "docs/EVIL.md", Display: "docs/EVIL.md", Source: []byte(
		"# Evil " + hostile + "\n\n" +
			"<script>alert(14)</script>\n\n" +
			"<div onclick=\"alert(15)\">raw block</div>\n\n" +
			"[a](javascript:alert(16)) [b](vbscript:x) [c](data:text/html,<script>alert(17)</script>) <javascript:alert(18)>\n\n" +
			"![img](javascript:alert(19))\n\n" +
			"| col |\n|---|\n| <script>alert(20)</script> |\n")})
	files, _ := buildFiles(t, in)
	for p, data := range files {
		text := string(data)
		if strings.HasSuffix(p, ".html") {
			if m := scriptURL.FindString(text); m != "" {
				t.Errorf("%s has a script URL: %s", p, m)
			}
			for _, tag := range startTag.FindAllString(text, -1) {
				// Attribute values are quoted by html/template; a handler
				// is an attribute name outside the quotes.
				if handlerAttr.MatchString(quoted.ReplaceAllString(tag, `""`)) {
					t.Errorf("%s has an event handler attribute: %s", p, tag)
				}
			}
			for _, tag := range scriptTag.FindAllString(text, -1) {
				if tag != "<script>" && !strings.Contains(tag, `src="`) {
					t.Errorf("%s has an unexpected script element %s", p, tag)
				}
			}
			if strings.Contains(text, "alert(") && strings.Contains(text, "<script>alert") {
				t.Errorf("%s has an executable <script>alert", p)
			}
		}
		if strings.HasPrefix(p, "search-index.") {
			if strings.Contains(strings.ToLower(text), "</script") {
				t.Errorf("%s could close a <script> element", p)
			}
		}
	}
	// The hostile text is still shown, escaped.
	if page := string(files["items/redis-script-alert-1-script-onmouseover-alert-2-img-src-x-onerror-alert-3.html"]); !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the item page does not show the escaped name")
	}
}

func TestUnsafeDiagramsAreNotInlined(t *testing.T) {
	dot := "digraph { a -> b }"
	hash := graphviz.DOTHash(dot)
	good := `<svg xmlns="http://www.w3.org/2000/svg" data-dot-hash="` + hash + `"><style>svg text{fill:#000}</style><g><text>on top = fine</text></g></svg>`
	for _, c := range []struct {
		name string
		d    SiteDiagram
		ok   bool
	}{
		{"ours and inert", SiteDiagram{Name: "x", DOT: dot, SVG: []byte(good)}, true},
		{"other DOT", SiteDiagram{Name: "x", DOT: "digraph { c }", SVG: []byte(good)}, false},
		{"no hash", SiteDiagram{Name: "x", DOT: dot, SVG: []byte(`<svg></svg>`)}, false},
		{"script", SiteDiagram{Name: "x", DOT: dot, SVG: []byte(strings.Replace(good, "<g>", "<g><script>alert(1)</script>", 1))}, false},
		{"handler", SiteDiagram{Name: "x", DOT: dot, SVG: []byte(strings.Replace(good, "<g>", `<g onload="alert(1)">`, 1))}, false},
		{"link", SiteDiagram{Name: "x", DOT: dot, SVG: []byte(strings.Replace(good, "<g>", `<a xlink:href="javascript:alert(1)"><g>`, 1))}, false},
		{"upper-case script", SiteDiagram{Name: "x", DOT: dot, SVG: []byte(strings.Replace(good, "<g>", "<g><SCRIPT>alert(1)</SCRIPT>", 1))}, false},
		{"upper-case handler", SiteDiagram{Name: "x", DOT: dot, SVG: []byte(strings.Replace(good, "<g>", "<g\n ONLOAD =\"alert(1)\">", 1))}, false},
		{"href", SiteDiagram{Name: "x", DOT: dot, SVG: []byte(strings.Replace(good, "<g>", `<a HREF="https://evil.example/"><g>`, 1))}, false},
		{"external style", SiteDiagram{Name: "x", DOT: dot, SVG: []byte(strings.Replace(good, "fill:#000", "background:url(https://evil.example/x)", 1))}, false},
	} {
		for _, reusable := range []bool{false, true} {
			d := c.d
			d.SVG = slices.Clone(d.SVG) // a reusable SVG is changed in place
			if _, ok := safeDiagram(d, reusable); ok != c.ok {
				t.Errorf("%s (reusable %v): inlined=%v, want %v", c.name, reusable, ok, c.ok)
			}
		}
	}
}

// TestEscapedFixtureLoads keeps the hostile model realistic: the fields set
// above exist in the model the loader fills.
var _ = site.Item{Name: hostile}
