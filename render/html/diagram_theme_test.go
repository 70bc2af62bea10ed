package html

import (
	"github.com/infradoc/infradoc/render/graphviz"
	"slices"
	"strings"
	"testing"
)

func TestInlineDiagramsTakeTheSiteTheme(t *testing.T) {
	dot := "digraph infradoc {}\n"
	svg := []byte("<svg class=\"infradoc-diagram\" data-dot-hash=\"" + graphviz.DOTHash(dot) + "\">\n<title>t</title>\n" + svgStyleElement + "<g><text>x</text></g>\n</svg>\n")
	v, ok := safeDiagram(SiteDiagram{Name: "d", DOT: dot, SVG: svg}, false)
	if !ok {
		t.Fatal("a safe diagram was refused")
	}
	// Made in the SVG's own bytes, the inline SVG is the same.
	if w, ok := safeDiagram(SiteDiagram{Name: "d", DOT: dot, SVG: slices.Clone(svg)}, true); !ok || w.SVG != v.SVG || w.file != nil {
		t.Errorf("in place: inlined=%v, same SVG %v, a file to publish %v", ok, w.SVG == v.SVG, w.file != nil)
	}
	if strings.Contains(string(v.SVG), "<style") || !strings.Contains(string(v.SVG), "<g><text>x</text></g>") {
		t.Errorf("inline SVG keeps its style or lost its content:\n%s", v.SVG)
	}
	// A style that is not exactly ours is left in place (and scanned).
	other := strings.Replace(string(svg), "fill:#e6edf3", "fill:#e6edf4", 1)
	if got, seamless := withoutSVGStyle([]byte(other)); got != other || !seamless {
		t.Error("a foreign style element was removed")
	}
	// Removing the style must not join two halves into active content.
	joined := "<svg class=\"infradoc-diagram\" data-dot-hash=\"" + graphviz.DOTHash(dot) + "\"><text>x o" + svgStyleElement + "nclick=1</text></svg>"
	for _, reusable := range []bool{false, true} {
		if _, ok := safeDiagram(SiteDiagram{Name: "d", DOT: dot, SVG: []byte(joined)}, reusable); ok {
			t.Errorf("a style element between \"o\" and \"nclick=\" was removed and the result inlined (reusable %v)", reusable)
		}
	}
	// The published file keeps its style.
	if !strings.Contains(string(v.file), svgStyleElement) {
		t.Error("the diagram file lost its own style")
	}

	css := diagramThemeCSS()
	for _, prefix := range []string{`:root[data-theme="dark"] `, `:root:not([data-theme="light"]) `} {
		if got, want := strings.Count(css, prefix+"svg.infradoc-diagram text{fill:#e6edf3}"), 1; got != want {
			t.Errorf("dark text rule under %q: %d, want %d", prefix, got, want)
		}
	}
	for _, line := range strings.Split(css, "\n") {
		if strings.Contains(line, "#4d3800") {
			for _, sel := range strings.Split(strings.SplitN(line, "{", 2)[0], ",") {
				if !strings.HasPrefix(sel, ":root") {
					t.Errorf("dark selector %q is not scoped by the theme", sel)
				}
			}
		}
	}
	if !strings.HasPrefix(strings.SplitN(css, "\n", 3)[1], "svg.infradoc-diagram text{fill:#1f2328}") {
		t.Errorf("the light rule does not come first:\n%s", css)
	}
}
