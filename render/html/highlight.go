package html

import (
	"bytes"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
)

// Code blocks are highlighted at build time by chroma, through goldmark's
// highlighting extension. The spans carry classes, never inline styles, so
// one stylesheet (codeThemeCSS, appended to site.css) colours them in both
// themes and follows the theme toggle.
const (
	// codeStyleLight colours code in the light theme; the blocks are
	// tokenised with it, so its token classes are the ones in the pages.
	codeStyleLight = "github"
	// codeStyleDark colours the same classes in the dark theme.
	codeStyleDark = "github-dark"
)

// codeHighlighting is the goldmark extension that highlights fenced code
// blocks whose info string names a language chroma knows. Nothing is
// guessed: a block without a language, or with one chroma does not know,
// stays a plain <pre><code>, so the output does not depend on a heuristic.
func codeHighlighting() goldmark.Extender {
	return highlighting.NewHighlighting(
		highlighting.WithStyle(codeStyleLight),
		highlighting.WithGuessLanguage(false),
		highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
	)
}

// codeThemeCSS returns the rules colouring highlighted code: the light
// style as is, then the dark style under the same two selectors the
// site's palette uses (the toggle's data-theme="dark", and the system's
// dark preference unless the toggle chose light). A class only the light
// style colours is reset in the dark theme so that it cannot keep a light
// colour on a dark background. The wrapper's own background is left to
// the site's pre rule.
func codeThemeCSS() string {
	var b strings.Builder
	b.WriteString("/* == docs: code highlighting (generated from chroma's " + codeStyleLight + " and " + codeStyleDark + " styles) == */\n")
	for _, r := range chromaRules(codeStyleLight) {
		b.WriteString(r.selector + " { " + r.decls + " }\n")
	}
	dark := chromaRules(codeStyleDark)
	writeDark := func(prefix string) {
		b.WriteString(prefix + ".chroma span { color: inherit; background-color: transparent; font-weight: inherit; font-style: inherit; }\n")
		for _, r := range dark {
			b.WriteString(prefix + r.selector + " { " + r.decls + " }\n")
		}
	}
	writeDark(`:root[data-theme="dark"] `)
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	writeDark(`:root:not([data-theme="light"]) `)
	b.WriteString("}\n")
	return b.String()
}

// cssRule is one rule of chroma's stylesheet.
type cssRule struct{ selector, decls string }

// chromaRules returns the rules chroma writes for a style's token
// classes, one selector each, without the wrapper's (.bg, .chroma).
func chromaRules(name string) []cssRule {
	style := styles.Get(name)
	var buf bytes.Buffer
	// WriteCSS fails only when its writer does, and a bytes.Buffer never does.
	_ = chromahtml.New(chromahtml.WithClasses(true)).WriteCSS(&buf, style)
	var out []cssRule
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
		out = append(out, cssRule{selector: sel, decls: strings.TrimSuffix(decls, ";")})
	}
	return out
}
