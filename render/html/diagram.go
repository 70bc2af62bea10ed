package html

import (
	"bytes"
	"github.com/infradoc/infradoc/render/graphviz"
	"html/template"
)

// diagramView is a diagram ready to inline.
type diagramView struct {
	Name, Title string
	// SVG is the diagram to inline, without its own style (the site's
	// stylesheet colours it).
	SVG template.HTML
	// DOT is the diagram's DOT source.
	DOT string
	// MinWidth is the narrowest the SVG may be drawn, in CSS pixels, for
	// its smallest text to stay legible (diagramMinWidth); 0: no limit.
	MinWidth int
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

// safeDiagram returns the diagram ready to inline, or false. A diagram is
// inlined only when it is ours, its SVG records the hash of the DOT infradoc
// generated (render.SVG writes it), and when it holds no active content: no
// forbidden token and no on*= event attribute. This is a byte scan rather
// than an XML parse so that 10,000 obligation diagrams cost milliseconds.
//
// reusable says that d.SVG belongs to the caller alone and is not used
// again: the inline SVG is then made in its bytes, without a copy, and the
// view has no file to publish.
func safeDiagram(d SiteDiagram, reusable bool) (diagramView, bool) {
	i := bytes.Index(d.SVG, []byte("<svg"))
	if i < 0 || d.DOT == "" || graphviz.SVGDOTHash(d.SVG) != graphviz.DOTHash(d.DOT) {
		return diagramView{}, false
	}
	file := bytes.TrimSpace(d.SVG[i:])
	if !svgLooksInert(file) {
		return diagramView{}, false
	}
	minWidth := diagramMinWidth(file)
	if reusable {
		svg, seamless := withoutSVGStyleInPlace(file)
		if !seamless && !svgLooksInert(svg) {
			return diagramView{}, false
		}
		return diagramView{Name: d.Name, Title: d.Title, SVG: template.HTML(svg), DOT: d.DOT, MinWidth: minWidth}, true
	}
	svg, seamless := withoutSVGStyle(file)
	if !seamless && !svgLooksInert(svg) {
		return diagramView{}, false
	}
	return diagramView{Name: d.Name, Title: d.Title, SVG: template.HTML(svg), DOT: d.DOT, MinWidth: minWidth, file: file}, true
}

// svgLooksInert reports whether svg has no forbidden token, no url() but
// url(#fragment), and no event handler attribute (whitespace, "on",
// letters, optional spaces, '='). It is one pass without allocation (the
// build checks 10,000 obligation diagrams) that stops only at the bytes a
// token starts or ends with: '<' and '@' start one, 'h' starts "href",
// ':' ends "javascript:", '(' ends "url(" and "expression(", '=' ends
// "src=" and a handler. TestSVGLooksInertMatchesTokenScan checks it
// against a scan for every token at every byte.
func svgLooksInert[T string | []byte](svg T) bool {
	for i := 0; i < len(svg); i++ {
		if !svgScanStops[svg[i]] {
			continue
		}
		switch svg[i] {
		case '<':
			for _, tok := range svgTagTokens {
				if hasPrefixFold(svg[i:], tok) {
					return false
				}
			}
		case '@':
			if hasPrefixFold(svg[i:], "@import") {
				return false
			}
		case 'h', 'H':
			if hasPrefixFold(svg[i:], "href") {
				return false
			}
		case ':':
			if hasSuffixFold(svg[:i], "javascript") || hasSuffixFold(svg[:i], "vbscript") {
				return false
			}
		case '(':
			if hasSuffixFold(svg[:i], "expression") {
				return false
			}
			if hasSuffixFold(svg[:i], "url") {
				k := i + 1
				for k < len(svg) && (svg[k] == ' ' || svg[k] == '\t' || svg[k] == '\n' || svg[k] == '\'' || svg[k] == '"') {
					k++
				}
				if k == len(svg) || svg[k] != '#' {
					return false
				}
			}
		case '=':
			if hasSuffixFold(svg[:i], "src") || handlerBefore(svg, i) {
				return false
			}
		}
	}
	return true
}

// svgScanStops marks the bytes svgLooksInert looks closer at.
var svgScanStops = func() (t [256]bool) {
	for _, c := range []byte("<@hH:(=") {
		t[c] = true
	}
	return t
}()

// svgTagTokens are the forbidden tokens that start with '<'; every other
// token is one svgLooksInert finds by its first or last byte.
var svgTagTokens = func() (tags []string) {
	for _, tok := range svgForbiddenTokens {
		if tok[0] == '<' {
			tags = append(tags, tok)
		}
	}
	return tags
}()

// handlerBefore reports whether the '=' at eq ends an event handler
// attribute: "on" and at least one more name byte (letters, '-', ':')
// right after whitespace, a quote or '/', then optional spaces.
func handlerBefore[T string | []byte](svg T, eq int) bool {
	end := eq
	for end > 0 && (svg[end-1] == ' ' || svg[end-1] == '\t' || svg[end-1] == '\n' || svg[end-1] == '\r') {
		end--
	}
	start := end
	for start > 0 && isNameByte(svg[start-1]) {
		start--
	}
	return end-start >= 3 && start > 0 && isSpaceOrQuote(svg[start-1]) &&
		lowerASCII(svg[start]) == 'o' && lowerASCII(svg[start+1]) == 'n'
}

func isNameByte(c byte) bool {
	c = lowerASCII(c)
	return c >= 'a' && c <= 'z' || c == '-' || c == ':'
}

// hasSuffixFold reports whether b ends with the lower-case ASCII suffix,
// ignoring case.
func hasSuffixFold[T string | []byte](b T, suffix string) bool {
	return len(b) >= len(suffix) && hasPrefixFold(b[len(b)-len(suffix):], suffix)
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
