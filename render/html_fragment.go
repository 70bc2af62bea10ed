package render

import (
	"bytes"
	"strconv"
	"strings"
)

// fragment writes HTML in Go into a page's buffer: obligation pages are
// written this way (10,000 of them spent most of their time calling
// html/template's escapers through reflection, once per value). Markup is
// written as constant strings; every value goes through text, which
// escapes exactly as html/template does in element text and in quoted
// attribute values (TestFragmentEscapesAsHTMLTemplate). URLs go through
// url and urlPart, which filter, normalize and escape them as
// html/template does in an href.
type fragment struct{ sb *bytes.Buffer }

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

// url appends u as the start of a URL attribute value: a URL whose scheme
// is not http, https or mailto becomes "#ZgotmplZ", and the rest is
// normalized and escaped, as html/template writes href="{{.}}".
func (f *fragment) url(u string) {
	if !isSafeURL(u) {
		u = "#ZgotmplZ"
	}
	f.urlPart(u)
}

// urlPart appends s as a later part of a URL attribute value, before any
// query (href="x/{{.}}.html"): normalized and escaped.
func (f *fragment) urlPart(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			continue
		}
		f.text(s[last:i])
		f.sb.WriteByte('%')
		f.sb.WriteByte(lowerHex[c>>4])
		f.sb.WriteByte(lowerHex[c&15])
		last = i + 1
	}
	f.text(s[last:])
}

const lowerHex = "0123456789abcdef"

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// isSafeURL reports whether s is relative or its scheme is http, https
// or mailto (html/template's rule).
func isSafeURL(s string) bool {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") {
		return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
	}
	return true
}

// int appends n in decimal.
func (f *fragment) int(n int) { f.sb.WriteString(strconv.Itoa(n)) }
