package render

import (
	"html/template"
	"strconv"
	"strings"
)

// fragment builds the HTML of a page's repeated parts (table rows, list
// items) in Go: an obligation page repeats them for every requirement,
// test file and criterion, and 10,000 such pages spent most of their
// template time calling html/template's escapers through reflection, once
// per value. Markup is written as constant strings; every value goes
// through text, which escapes exactly as html/template does in element
// text and in quoted attribute values (TestFragmentEscapesAsHTMLTemplate).
// A fragment never holds a URL: those stay in templates, whose URL
// filter they need.
type fragment struct{ sb strings.Builder }

// raw appends constant markup.
func (f *fragment) raw(markup string) { f.sb.WriteString(markup) }

// text appends s escaped for element text or a quoted attribute value.
func (f *fragment) text(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		f.sb.WriteString(s[last:i])
		f.sb.WriteString(repl)
		last = i + 1
	}
	f.sb.WriteString(s[last:])
}

// int appends n in decimal.
func (f *fragment) int(n int) { f.sb.WriteString(strconv.Itoa(n)) }

// html returns what was built, trusted as HTML by the templates.
func (f *fragment) html() template.HTML { return template.HTML(f.sb.String()) }
