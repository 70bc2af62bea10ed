// Package highlight colours fenced code blocks with chroma, in the render
// worker (cmd/infradoc-graphviz) and in the generator of the code
// stylesheet, never in infradoc: importing chroma's lexers and styles runs
// initialisers that parse some 280 embedded XML lexer definitions, which
// more than doubled the start-up of every infradoc command, validate and
// check included. infradoc asks the worker through render/graphviz
// (Renderer.HighlightCode), which caches the HTML.
//
// The spans carry classes, never inline styles, so that one stylesheet,
// templates/static/code.css (CSS, generated from chroma's styles by
// `go generate`), colours them in both themes.
package highlight

//go:generate go run ./gencss ../../../../templates/static/code.css

import (
	"bytes"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

const (
	// StyleLight colours code in the light theme; the blocks are
	// tokenised with it, so its token classes are the ones in the pages.
	StyleLight = "github"
	// StyleDark colours the same classes in the dark theme.
	StyleDark = "github-dark"
)

// Highlight returns the HTML chroma's formatter writes for code in
// language, with classes: the whole <pre class="chroma"><code> element.
// ok is false when chroma knows no such language (nothing is guessed, so
// the output does not depend on a heuristic): the caller shows the code
// plain.
func Highlight(language, code string) (html []byte, ok bool, err error) {
	lexer := lexers.Get(language)
	if language == "" || lexer == nil {
		return nil, false, nil
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return nil, false, err
	}
	var buf bytes.Buffer
	if err := chromahtml.New(chromahtml.WithClasses(true)).Format(&buf, styles.Get(StyleLight), it); err != nil {
		return nil, false, err
	}
	return buf.Bytes(), true, nil
}

// CSS returns the rules colouring highlighted code: the light style as
// is, then the dark style under the same two selectors the site's palette
// uses (the toggle's data-theme="dark", and the system's dark preference
// unless the toggle chose light). A class only the light style colours is
// reset in the dark theme so that it cannot keep a light colour on a dark
// background. The wrapper's own background is left to the site's pre rule.
func CSS() string {
	var b strings.Builder
	b.WriteString("/* == docs: code highlighting (generated from chroma's " + StyleLight + " and " + StyleDark + " styles) == */\n")
	for _, r := range Rules(StyleLight) {
		b.WriteString(r.Selector + " { " + r.Decls + " }\n")
	}
	dark := Rules(StyleDark)
	writeDark := func(prefix string) {
		b.WriteString(prefix + ".chroma span { color: inherit; background-color: transparent; font-weight: inherit; font-style: inherit; }\n")
		for _, r := range dark {
			b.WriteString(prefix + r.Selector + " { " + r.Decls + " }\n")
		}
	}
	writeDark(`:root[data-theme="dark"] `)
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	writeDark(`:root:not([data-theme="light"]) `)
	b.WriteString("}\n")
	return b.String()
}

// Rule is one rule of chroma's stylesheet.
type Rule struct{ Selector, Decls string }

// Rules returns the rules chroma writes for a style's token classes, one
// selector each, without the wrapper's (.bg, .chroma).
func Rules(name string) []Rule {
	style := styles.Get(name)
	var buf bytes.Buffer
	// WriteCSS fails only when its writer does, and a bytes.Buffer never does.
	_ = chromahtml.New(chromahtml.WithClasses(true)).WriteCSS(&buf, style)
	var out []Rule
	for _, line := range strings.Split(buf.String(), "\n") {
		// Each line is "/* TokenType */ selector { decls }".
		if _, rest, ok := strings.Cut(line, "*/"); ok {
			line = rest
		}
		sel, decls, ok := strings.Cut(line, "{")
		if !ok {
			continue
		}
		sel = strings.TrimSpace(sel)
		if !strings.HasPrefix(sel, ".chroma .") {
			continue
		}
		decls = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(decls), "}"))
		out = append(out, Rule{Selector: sel, Decls: strings.TrimSuffix(decls, ";")})
	}
	return out
}
