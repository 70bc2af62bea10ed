package render

import (
	"bytes"
	"html/template"
)

// diagramView is a diagram ready to inline.
type diagramView struct {
	Name, Title string
	SVG         template.HTML
}

// svgForbiddenTokens must not appear (lower-cased) anywhere in an inlined
// SVG: scripts, script URLs, elements that embed or link other content,
// links of any kind, declarations and processing instructions, and style
// rules that import or call. (Graphviz output carries a <style> scoped to
// the diagram for the dark theme; url() is allowed only for #fragments.)
var svgForbiddenTokens = [][]byte{
	[]byte("<script"), []byte("javascript:"), []byte("vbscript:"), []byte("<foreignobject"),
	[]byte("<iframe"), []byte("<embed"), []byte("<object"), []byte("<image"), []byte("<use"),
	[]byte("<animate"), []byte("<set"), []byte("<handler"), []byte("<listener"), []byte("href"),
	[]byte("src="), []byte("<!doctype"), []byte("<!entity"), []byte("<?"), []byte("@import"),
	[]byte("expression("),
}

// safeDiagram returns the diagram ready to inline, or false. A diagram is
// inlined only when it is ours, its SVG records the hash of the DOT infradoc
// generated (render.SVG writes it), and when it holds no active content: no
// forbidden token and no on*= event attribute. This is a byte scan rather
// than an XML parse so that 10,000 obligation diagrams cost milliseconds.
func safeDiagram(d SiteDiagram) (diagramView, bool) {
	i := bytes.Index(d.SVG, []byte("<svg"))
	if i < 0 || d.DOT == "" || SVGDOTHash(d.SVG) != DOTHash(d.DOT) {
		return diagramView{}, false
	}
	svg := bytes.TrimSpace(d.SVG[i:])
	if !svgLooksInert(svg) {
		return diagramView{}, false
	}
	return diagramView{Name: d.Name, Title: d.Title, SVG: template.HTML(svg)}, true
}

// svgLooksInert reports whether svg has no forbidden token and no event
// handler attribute (whitespace, "on", letters, optional spaces, '=').
func svgLooksInert(svg []byte) bool {
	lower := bytes.ToLower(svg)
	for _, t := range svgForbiddenTokens {
		if bytes.Contains(lower, t) {
			return false
		}
	}
	for i := 0; ; {
		j := bytes.Index(lower[i:], []byte("url("))
		if j < 0 {
			break
		}
		i += j + 4
		rest := bytes.TrimLeft(lower[i:], " \t\n'\"")
		if len(rest) == 0 || rest[0] != '#' {
			return false
		}
	}
	for i := 0; ; {
		j := bytes.Index(lower[i:], []byte("on"))
		if j < 0 {
			return true
		}
		at := i + j
		i = at + 2
		if at == 0 || !isSpaceOrQuote(lower[at-1]) {
			continue
		}
		k := at + 2
		for k < len(lower) && (lower[k] >= 'a' && lower[k] <= 'z' || lower[k] == '-' || lower[k] == ':') {
			k++
		}
		if k == at+2 {
			continue
		}
		for k < len(lower) && isSpaceOrQuote(lower[k]) && lower[k] != '"' && lower[k] != '\'' {
			k++
		}
		if k < len(lower) && lower[k] == '=' {
			return false
		}
	}
}

func isSpaceOrQuote(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' || c == '"' || c == '\''
}
