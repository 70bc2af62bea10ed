package html

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// newMarkdown builds the one goldmark instance the site uses: CommonMark
// plus GitHub tables, strikethrough, task lists and autolinks, with heading
// ids, and fenced code rendered by codeBlockRenderer (highlighted in the
// render worker, see highlight.go). Raw HTML in the input is never passed
// through (no html.WithUnsafe):
// goldmark replaces it with a comment, and dangerous link destinations
// (javascript:, vbscript:, file:, data:) are dropped.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(newCodeBlockRenderer(), codeBlockPriority))),
	)
}

// githubIDs generates heading ids the way GitHub does, so that anchors
// written for GitHub (INFRA_REGISTRY.md#state-definitions) work on the site:
// lower case, letters, digits, '-' and '_' kept, spaces turned into '-',
// everything else dropped, repeats numbered -1, -2, ….
type githubIDs struct {
	taken map[string]bool
}

func newGitHubIDs() *githubIDs { return &githubIDs{taken: map[string]bool{}} }

// Generate implements parser.IDs.
func (g *githubIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := githubSlug(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; g.taken[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	g.taken[id] = true
	return []byte(id)
}

// Put implements parser.IDs.
func (g *githubIDs) Put(value []byte) { g.taken[string(value)] = true }

// githubSlug turns heading text into GitHub's anchor for it.
func githubSlug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// markdownHTML renders a short markdown text from the YAML (an item's
// description, an obligation's semantic purpose). Links keep only safe
// destinations; relative ones are left as text because their base is
// unknown. Fenced code is coloured by hl (nil: plain).
func (h *HTMLSite) markdownHTML(src string, hl CodeHighlighter) (template.HTML, error) {
	if strings.TrimSpace(src) == "" {
		return "", nil
	}
	source := []byte(src)
	doc := h.md.Parser().Parse(text.NewReader(source), parser.WithContext(parser.NewContext(parser.WithIDs(newGitHubIDs()))))
	for _, n := range collectLinks(doc) {
		if dropUnsafeAutoLink(n, source) {
			continue
		}
		if !isSafeExternal(linkDestination(n)) {
			unlink(n)
		}
	}
	highlightCode(doc, source, hl)
	var buf bytes.Buffer
	if err := h.md.Renderer().Render(bufferWriter{&buf}, source, doc); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// bufferWriter is a bytes.Buffer as the buffered writer goldmark renders
// to, so that it does not wrap the buffer in a bufio.Writer of its own (a
// 4 KB allocation for each of 10,000 obligation purposes).
type bufferWriter struct{ *bytes.Buffer }

// Buffered implements util.BufWriter: nothing is held back.
func (bufferWriter) Buffered() int { return 0 }

// Flush implements util.BufWriter: everything is already in the buffer.
func (bufferWriter) Flush() error { return nil }

// collectLinks returns the doc's links, images and autolinks, in order.
func collectLinks(doc ast.Node) []ast.Node {
	var links []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && (n.Kind() == ast.KindLink || n.Kind() == ast.KindImage || n.Kind() == ast.KindAutoLink) {
			links = append(links, n)
		}
		return ast.WalkContinue, nil
	})
	return links
}

// dropUnsafeAutoLink replaces an autolink whose URL is not http(s) or
// mailto (as <javascript:…>) by its text, and reports whether n was an
// autolink.
func dropUnsafeAutoLink(n ast.Node, source []byte) bool {
	al, ok := n.(*ast.AutoLink)
	if !ok {
		return false
	}
	u := string(al.URL(source))
	if al.AutoLinkType == ast.AutoLinkEmail || isSafeExternal(u) || strings.HasPrefix(strings.ToLower(u), "www.") {
		return true
	}
	if parent := n.Parent(); parent != nil {
		parent.ReplaceChild(parent, n, ast.NewString(al.Label(source)))
	}
	return true
}

// linkDestination returns the destination of a link or image node.
func linkDestination(n ast.Node) string {
	switch n := n.(type) {
	case *ast.Link:
		return string(n.Destination)
	case *ast.Image:
		return string(n.Destination)
	}
	return ""
}

func setDestination(n ast.Node, dest string) {
	switch n := n.(type) {
	case *ast.Link:
		n.Destination = []byte(dest)
	case *ast.Image:
		n.Destination = []byte(dest)
	}
}

// unlink replaces a link by its text (an image by its alt text).
func unlink(n ast.Node) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// isSafeExternal reports whether dest is an absolute http(s) or mailto URL.
func isSafeExternal(dest string) bool {
	d := strings.ToLower(strings.TrimSpace(dest))
	return strings.HasPrefix(d, "https://") || strings.HasPrefix(d, "http://") || strings.HasPrefix(d, "mailto:")
}

// hasScheme reports whether dest starts with a URL scheme ("x:" before any
// '/', '?' or '#'), which makes it absolute.
func hasScheme(dest string) bool {
	for i, r := range dest {
		switch {
		case r == ':':
			return i > 0
		case r == '/' || r == '?' || r == '#':
			return false
		case !(r < utf8.RuneSelf && (r == '+' || r == '-' || r == '.' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r)))):
			return false
		}
	}
	return false
}

// nodeText returns the plain text of a node's inline children. Blocks
// inside it (table cells, list items) are separated by a space, so that
// the words of two cells do not run together.
func nodeText(n ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if c != n && c.Type() == ast.TypeBlock && b.Len() > 0 {
			b.WriteByte(' ')
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(source))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					b.Write(tx.Segment.Value(source))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
