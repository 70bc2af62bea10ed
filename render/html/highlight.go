package html

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// CodeHighlighter colours fenced code blocks for the site. infradoc does
// not link a highlighter: chroma's initialisers would slow every command
// (see render/graphviz/engine/highlight), so the build passes one that
// asks the render worker (render/graphviz's Renderer, wrapped by the
// build to report a missing worker). It must be safe for concurrent use.
type CodeHighlighter interface {
	// HighlightCode returns the HTML of code in language, the whole
	// <pre class="chroma"><code> element with classes (coloured by
	// templates/static/code.css), already checked to hold nothing but the
	// code and its spans. ok is false, or err is not nil, when the code
	// stays plain: the language is unknown, or there is no highlighter
	// to ask (the highlighter reports that itself).
	HighlightCode(language, code string) (html []byte, ok bool, err error)
}

// highlightedAttr is the attribute of a fenced code block node that holds
// its highlighted HTML, set by highlightCode before the node is rendered
// (codeBlockRenderer). goldmark's renderer has no context of its own, and
// one build's highlighter must not leak into another's.
var highlightedAttr = []byte("infradoc-highlighted")

// highlightCode asks hl to colour every fenced code block of doc that
// names a language, and records the answers on the nodes. Nothing is
// guessed: a block without a language, or with one the highlighter does
// not know, stays a plain <pre><code>, so the output does not depend on a
// heuristic. A nil hl leaves every block plain.
func highlightCode(doc ast.Node, source []byte, hl CodeHighlighter) {
	if hl == nil || !(bytes.Contains(source, []byte("```")) || bytes.Contains(source, []byte("~~~"))) {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		block, ok := n.(*ast.FencedCodeBlock)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		language := block.Language(source)
		if len(language) == 0 {
			return ast.WalkSkipChildren, nil
		}
		var code strings.Builder
		lines := block.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			code.Write(seg.Value(source))
		}
		if html, ok, err := hl.HighlightCode(string(language), code.String()); err == nil && ok {
			block.SetAttribute(highlightedAttr, html)
		}
		return ast.WalkSkipChildren, nil
	})
}
