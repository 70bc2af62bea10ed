package graphviz

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unsafe"

	"github.com/infradoc/infradoc/render/diagram"
)

// GraphvizVersion names the renderer: the go-graphviz module, the Graphviz
// it embeds (render/graphviz's worker, whose greeting must name the same),
// and the revision of FinishSVG. It is part of every DOTHash, so a new
// renderer never reuses old SVGs.
const GraphvizVersion = "go-graphviz v0.2.10 (graphviz 12.1.2); infradoc-svg 3"

// DOTHash returns the content address of the SVG rendered from dot: the
// hex sha256 of GraphvizVersion and the DOT source.
func DOTHash(dot string) string {
	h := sha256.New()
	h.Write([]byte(GraphvizVersion))
	h.Write([]byte{0})
	// The hash only reads dot: view its bytes rather than copy them (a
	// site build hashes 10,000 diagrams, twice each).
	h.Write(unsafe.Slice(unsafe.StringData(dot), len(dot)))
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}

// svgHashAttr is the attribute of the root <svg> that records DOTHash.
const svgHashAttr = "data-dot-hash"

// SVGDOTHash returns the DOTHash recorded in an SVG made by SVG, or "" when
// there is none. Only the root element's start tag is read, so no text
// inside the drawing can forge it.
func SVGDOTHash(svg []byte) string {
	start := bytes.Index(svg, []byte("<svg"))
	if start < 0 {
		return ""
	}
	end := bytes.IndexByte(svg[start:], '>')
	if end < 0 {
		return ""
	}
	return recordedHash(svg[start : start+end])
}

// recordedHash returns the hash of the first ` data-dot-hash="<64 lowercase
// hex digits>"` in tag (any white space before it), or "".
func recordedHash(tag []byte) string {
	const prefix = svgHashAttr + `="`
	for from := 0; ; {
		i := bytes.Index(tag[from:], []byte(prefix))
		if i < 0 {
			return ""
		}
		at := from + i
		from = at + 1
		if at == 0 || !isRegexpSpace(tag[at-1]) {
			continue
		}
		hash := tag[at+len(prefix):]
		if len(hash) < 65 || hash[64] != '"' || !isLowerHex(hash[:64]) {
			continue
		}
		return string(hash[:64])
	}
}

// isRegexpSpace reports whether c is white space as regexp's \s means it.
func isRegexpSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

func isLowerHex(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// FinishSVG turns the SVG Graphviz drew from dot (render/graphviz runs it)
// into a deterministic, accessible and safe one: no XML prolog or
// comments, a <title> and <desc> (from the diagram's "// infradoc-title:"
// and "// infradoc-desc:" lines) referenced by aria-labelledby, ids
// prefixed so several diagrams can share a page, a style sheet for dark
// pages, and DOTHash(dot) recorded in the root element. The result is
// checked by CheckSVG.
func FinishSVG(raw []byte, dot string) ([]byte, error) {
	out, err := postProcessSVG(raw, dot)
	if err != nil {
		return nil, err
	}
	if err := CheckSVG(out); err != nil {
		return nil, fmt.Errorf("rendered SVG rejected: %w", err)
	}
	return out, nil
}

var (
	svgComment   = regexp.MustCompile(`(?s)<!--.*?-->\n?`)
	svgRootTag   = regexp.MustCompile(`(?s)<svg\b[^>]*>`)
	svgRootAttr  = regexp.MustCompile(`\s(width|height|viewBox)="([^"]*)"`)
	svgIDAttr    = regexp.MustCompile(`\sid="`)
	svgJSScheme  = regexp.MustCompile(`(?i)(javascript|vbscript)\s*:`)
	svgBlankLine = regexp.MustCompile(`\n{2,}`)
	svgTextRun   = regexp.MustCompile(`>[^<]+<`)
	svgTooltip   = regexp.MustCompile(`xlink:title="[^"]*"`)
)

// escapeEquals writes every '=' in b as "&#61;".
func escapeEquals(b []byte) []byte {
	if bytes.IndexByte(b, '=') < 0 {
		return b
	}
	return bytes.ReplaceAll(b, []byte("="), []byte("&#61;"))
}

// svgInternalTitle matches the attribute-less <title> Graphviz writes
// inside each graph, node, edge and cluster group.
var svgInternalTitle = regexp.MustCompile(`<title>[^<]*</title>\n?`)

// postProcessSVG turns Graphviz's SVG into ours (see FinishSVG).
func postProcessSVG(raw []byte, dot string) ([]byte, error) {
	start := bytes.Index(raw, []byte("<svg"))
	if start < 0 {
		return nil, errors.New("graphviz: no <svg> element in the output")
	}
	body := svgComment.ReplaceAll(raw[start:], nil)
	root := svgRootTag.Find(body)
	if root == nil {
		return nil, errors.New("graphviz: malformed <svg> element")
	}
	hash := DOTHash(dot)
	prefix := "idg-" + hash[:10]
	title, desc := dotTitleDesc(dot)
	var b bytes.Buffer
	b.WriteString("<svg")
	for _, m := range svgRootAttr.FindAllSubmatch(root, -1) {
		fmt.Fprintf(&b, ` %s="%s"`, m[1], m[2])
	}
	fmt.Fprintf(&b, ` xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"`+
		` class="infradoc-diagram" role="img" aria-labelledby="%s-title %s-desc" %s="%s">`+"\n", prefix, prefix, svgHashAttr, hash)
	fmt.Fprintf(&b, "<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n<style>\n%s</style>\n",
		prefix, xmlText(title), prefix, xmlText(desc), diagram.SVGStyle)
	rest := body[len(root):]
	// Graphviz titles every graph, node and edge with its internal id
	// ("state_A", "l5_item_6"); browsers show those as hover text and
	// screen readers read them. Drop them: the diagram's own title and
	// desc above describe it, and tooltips carry the real text.
	rest = svgInternalTitle.ReplaceAll(rest, nil)
	rest = svgIDAttr.ReplaceAll(rest, []byte(` id="`+prefix+`-`))
	b.Write(bytes.TrimLeft(rest, "\n"))
	out := svgJSScheme.ReplaceAll(b.Bytes(), []byte("$1&#58;"))
	// Text may quote "onload=alert(1)" or "src=x": write '=' in text and
	// tooltips as a character reference, so even a naive byte scanner
	// (such as a page's inliner) never mistakes text for an attribute.
	out = svgTextRun.ReplaceAllFunc(out, escapeEquals)
	out = svgTooltip.ReplaceAllFunc(out, func(m []byte) []byte {
		i := bytes.IndexByte(m, '"')
		return append(m[:i+1:i+1], escapeEquals(m[i+1:])...)
	})
	out = svgBlankLine.ReplaceAll(out, []byte("\n"))
	if !bytes.HasSuffix(out, []byte("\n")) {
		out = append(out, '\n')
	}
	return out, nil
}

// dotTitleDesc reads the title and description lines newDOT writes.
func dotTitleDesc(dot string) (title, desc string) {
	title = "Diagram"
	for _, line := range strings.Split(dot, "\n") {
		switch {
		case strings.HasPrefix(line, diagram.DOTTitlePrefix):
			title = strings.TrimPrefix(line, diagram.DOTTitlePrefix)
		case strings.HasPrefix(line, diagram.DOTDescPrefix):
			desc = strings.TrimPrefix(line, diagram.DOTDescPrefix)
		case strings.HasPrefix(line, "//"):
		default:
			return title, desc
		}
	}
	return title, desc
}

// xmlText escapes s for XML character data and attribute values.
func xmlText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		default:
			if (r >= 0x20 && r != 0xfffe && r != 0xffff) || r == '\n' || r == '\t' {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}
