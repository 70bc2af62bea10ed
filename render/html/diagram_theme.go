package html

import (
	"bytes"
	"strings"
	"unsafe"

	"github.com/infradoc/infradoc/render/diagram"
)

// svgStyleElement is the <style> element SVG writes into every diagram.
const svgStyleElement = "<style>\n" + diagram.SVGStyle + "</style>\n"

// withoutSVGStyle returns svg, as a string, without its own <style>
// element: a diagram inlined in a site page takes its colours from the
// site's stylesheet (diagramThemeCSS), which follows the theme toggle as
// well as the system, where the SVG's own rules can only follow the
// system. An SVG whose style is not exactly ours keeps it.
//
// seamless reports that the result needs no scan of its own once svg
// passed svgLooksInert: nothing was removed, or the removed element sat
// between a line end and a '<', so that joining the two sides cannot
// form a token that was not already in svg (a token starts with '<' or a
// letter, and an event handler needs a letter before its '=').
func withoutSVGStyle(svg []byte) (out string, seamless bool) {
	i, j, seamless := svgStyleSpan(svg)
	if i < 0 {
		return string(svg), true
	}
	var b strings.Builder
	b.Grow(len(svg) - len(svgStyleElement))
	b.Write(svg[:i])
	b.Write(svg[j:])
	return b.String(), seamless
}

// withoutSVGStyleInPlace is withoutSVGStyle made in svg's own bytes,
// which the result shares: the caller must never use svg again (an
// obligation page's diagram, read for that page alone, is not copied).
func withoutSVGStyleInPlace(svg []byte) (out string, seamless bool) {
	i, j, seamless := svgStyleSpan(svg)
	if i >= 0 {
		svg = svg[:i+copy(svg[i:], svg[j:])]
	}
	if len(svg) == 0 {
		return "", seamless
	}
	return unsafe.String(&svg[0], len(svg)), seamless
}

// svgStyleSpan returns where our <style> element starts and ends in svg
// (i < 0: it has none), and whether removing it is seamless.
func svgStyleSpan(svg []byte) (i, j int, seamless bool) {
	i = bytes.Index(svg, []byte(svgStyleElement))
	if i < 0 {
		return -1, -1, true
	}
	j = i + len(svgStyleElement)
	return i, j, i > 0 && svg[i-1] == '\n' && j < len(svg) && svg[j] == '<'
}

// diagramThemeCSS is the part of the site's stylesheet that colours inline
// diagrams: diagram.SVGStyle's light rules as they are, and its dark rules twice,
// for a page whose theme toggle says dark and for a system that prefers
// dark unless the toggle says light (the same two conditions as the
// page's own colours).
func diagramThemeCSS() string {
	light, rest, ok := strings.Cut(diagram.SVGStyle, "@media (prefers-color-scheme:dark){\n")
	if !ok {
		return diagram.SVGStyle
	}
	dark := strings.TrimSuffix(strings.TrimSpace(rest), "}")
	var b strings.Builder
	b.WriteString("/* Inline diagrams (generated from the diagram palette). */\n")
	b.WriteString(light)
	b.WriteString(prefixSelectors(dark, `:root[data-theme="dark"] `))
	b.WriteString("@media (prefers-color-scheme:dark){\n")
	b.WriteString(prefixSelectors(dark, `:root:not([data-theme="light"]) `))
	b.WriteString("}\n")
	return b.String()
}

// prefixSelectors puts prefix before every selector of rules written one
// per line as "sel,sel{decls}".
func prefixSelectors(rules, prefix string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(rules), "\n") {
		sels, decls, ok := strings.Cut(line, "{")
		if !ok {
			continue
		}
		for i, sel := range strings.Split(sels, ",") {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(prefix + strings.TrimSpace(sel))
		}
		b.WriteString("{" + decls + "\n")
	}
	return b.String()
}
