package html

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// codeBlockRenderer renders fenced code blocks: the highlighted HTML that
// highlightCode recorded on the node, else goldmark's own plain
// <pre><code class="language-…">.
type codeBlockRenderer struct {
	// plain is goldmark's renderer of fenced code blocks.
	plain renderer.NodeRendererFunc
}

// codeBlockPriority puts codeBlockRenderer before goldmark's HTML
// renderer (priority 1000): goldmark registers the lowest last, so its
// function for a node kind wins.
const codeBlockPriority = 100

// newCodeBlockRenderer returns the renderer, with goldmark's plain one
// taken from a default HTML renderer (the site's goldmark has no renderer
// options, so it renders code blocks the same way).
func newCodeBlockRenderer() *codeBlockRenderer {
	var c funcCapture
	gmhtml.NewRenderer().RegisterFuncs(&c)
	return &codeBlockRenderer{plain: c.fn}
}

// RegisterFuncs implements renderer.NodeRenderer.
func (r *codeBlockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

func (r *codeBlockRenderer) render(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	html, ok := n.AttributeString(string(highlightedAttr))
	if !ok {
		return r.plain(w, source, n, entering)
	}
	if entering {
		if b, ok := html.([]byte); ok {
			_, _ = w.Write(b)
		}
	}
	return ast.WalkSkipChildren, nil
}

// funcCapture keeps the function a renderer registers for fenced code
// blocks.
type funcCapture struct{ fn renderer.NodeRendererFunc }

// Register implements renderer.NodeRendererFuncRegisterer.
func (c *funcCapture) Register(k ast.NodeKind, fn renderer.NodeRendererFunc) {
	if k == ast.KindFencedCodeBlock {
		c.fn = fn
	}
}
