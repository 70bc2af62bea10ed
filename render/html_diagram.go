package render

import (
	"bytes"
	"html/template"
	"slices"
	"strings"
)

// diagramView is a diagram ready to inline.
type diagramView struct {
	Name, Title string
	// SVG is the diagram to inline, without its own style (the site's
	// stylesheet colours it).
	SVG template.HTML
	// file is the whole SVG, its style included, for diagrams/NAME.svg:
	// shown through <img> or opened alone, it keeps its own colours.
	file []byte
}

// svgForbiddenTokens must not appear, in any letter case, anywhere in an
// inlined SVG: scripts, script URLs, elements that embed or link other
// content, links of any kind, declarations and processing instructions,
// and style rules that import or call. (Graphviz output carries a <style>
// scoped to the diagram for the dark theme; url() is allowed only for
// #fragments.)
var svgForbiddenTokens = []string{
	"<script", "javascript:", "vbscript:", "<foreignobject", "<iframe", "<embed", "<object",
	"<image", "<use", "<animate", "<set", "<handler", "<listener", "href", "src=",
	"<!doctype", "<!entity", "<?", "@import", "expression(",
}

// svgTokensByFirst indexes svgForbiddenTokens by their first byte.
var svgTokensByFirst = func() (t [256][]string) {
	for _, tok := range svgForbiddenTokens {
		t[tok[0]] = append(t[tok[0]], tok)
	}
	return t
}()

// svgScanStops marks the bytes where svgLooksInert must look closer: the
// first byte of a forbidden token, of "url(" and of "on", in both cases.
var svgScanStops = func() (t [256]bool) {
	for _, tok := range append(slices.Clone(svgForbiddenTokens), "url(", "on") {
		t[tok[0]] = true
		t[strings.ToUpper(tok[:1])[0]] = true
	}
	return t
}()

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
	file := bytes.TrimSpace(d.SVG[i:])
	if !svgLooksInert(file) {
		return diagramView{}, false
	}
	svg, seamless := withoutSVGStyle(file)
	if !seamless && !svgLooksInert(svg) {
		return diagramView{}, false
	}
	return diagramView{Name: d.Name, Title: d.Title, SVG: template.HTML(svg), file: file}, true
}

// svgLooksInert reports whether svg has no forbidden token, no url() but
// url(#fragment), and no event handler attribute (whitespace, "on",
// letters, optional spaces, '='). It is one pass without allocation: the
// build checks 10,000 obligation diagrams.
func svgLooksInert[T string | []byte](svg T) bool {
	for i := 0; i < len(svg); i++ {
		if !svgScanStops[svg[i]] {
			continue
		}
		c := lowerASCII(svg[i])
		for _, tok := range svgTokensByFirst[c] {
			if hasPrefixFold(svg[i:], tok) {
				return false
			}
		}
		switch c {
		case 'u':
			if hasPrefixFold(svg[i:], "url(") {
				k := i + 4
				for k < len(svg) && (svg[k] == ' ' || svg[k] == '\t' || svg[k] == '\n' || svg[k] == '\'' || svg[k] == '"') {
					k++
				}
				if k == len(svg) || svg[k] != '#' {
					return false
				}
			}
		case 'o':
			if i > 0 && isSpaceOrQuote(svg[i-1]) && i+1 < len(svg) && lowerASCII(svg[i+1]) == 'n' && isHandler(svg[i+2:]) {
				return false
			}
		}
	}
	return true
}

// isHandler reports whether rest (what follows "on") is letters, then
// optional spaces, then '=': an event handler attribute.
func isHandler[T string | []byte](rest T) bool {
	k := 0
	for k < len(rest) && (lowerASCII(rest[k]) >= 'a' && lowerASCII(rest[k]) <= 'z' || rest[k] == '-' || rest[k] == ':') {
		k++
	}
	if k == 0 {
		return false
	}
	for k < len(rest) && (rest[k] == ' ' || rest[k] == '\t' || rest[k] == '\n' || rest[k] == '\r') {
		k++
	}
	return k < len(rest) && rest[k] == '='
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFold reports whether b starts with the lower-case ASCII prefix,
// ignoring case.
func hasPrefixFold[T string | []byte](b T, prefix string) bool {
	if len(b) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if lowerASCII(b[i]) != prefix[i] {
			return false
		}
	}
	return true
}

func isSpaceOrQuote(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' || c == '"' || c == '\''
}
