package evidence

import (
	"github.com/infradoc/infradoc/site/finding"
	"slices"
)

// blank overwrites buf[from:to] with spaces, keeping newlines so that
// offsets and line numbers stay valid.
func blank(buf []byte, from, to int) {
	for i := from; i < to && i < len(buf); i++ {
		if buf[i] != '\n' && buf[i] != '\r' {
			buf[i] = ' '
		}
	}
}

// maskedSource is a source file prepared for pattern matching. code has
// comments and the contents of every string literal replaced by spaces (for
// finding definitions and brackets); text has comments and multi-line
// strings (docstrings, raw strings) replaced, so that a string argument such
// as requires_infra("Redis") can still be read. cont[i] is true when line i
// continues the statement of an earlier line (inside brackets, a string, or
// after a backslash).
type maskedSource struct {
	code, text []byte
	cont       []bool
}

// maskPython masks Python comments and strings (with any prefix, single,
// double and triple quoted) and records continuation lines.
func maskPython(src []byte, li *finding.LineIndex) *maskedSource {
	m := &maskedSource{code: slices.Clone(src), text: slices.Clone(src), cont: make([]bool, li.Lines())}
	depth := 0
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '#':
			end := indexByteFrom(src, i, '\n')
			blank(m.code, i, end)
			blank(m.text, i, end)
			i = end
		case c == '\'' || c == '"':
			triple := i+2 < len(src) && src[i+1] == c && src[i+2] == c
			q := 1
			if triple {
				q = 3
			}
			end := pythonStringEnd(src, i+q, c, triple)
			closeLen := min(q, end-(i+q))
			blank(m.code, i+q, end-closeLen)
			if triple {
				blank(m.text, i+q, end-closeLen)
			}
			markContinued(m.cont, li, i, end)
			i = end
		case c == '(' || c == '[' || c == '{':
			depth++
			i++
		case c == ')' || c == ']' || c == '}':
			depth = max(depth-1, 0)
			i++
		case c == '\\' && i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r'):
			if l := li.Line(i) + 1; l < len(m.cont) {
				m.cont[l] = true
			}
			i++
		case c == '\n':
			if depth > 0 && li.Line(i)+1 < len(m.cont) {
				m.cont[li.Line(i)+1] = true
			}
			i++
		default:
			i++
		}
	}
	return m
}

// pythonStringEnd returns the offset just past the string whose body starts
// at i (after the opening quote). An unterminated single-quoted string ends
// at the end of its line.
func pythonStringEnd(src []byte, i int, q byte, triple bool) int {
	for i < len(src) {
		switch c := src[i]; {
		case c == '\\':
			i += 2
		case c == '\n' && !triple:
			return i
		case c == q && (!triple || (i+2 < len(src) && src[i+1] == q && src[i+2] == q)):
			if triple {
				return i + 3
			}
			return i + 1
		default:
			i++
		}
	}
	return len(src)
}

// markContinued marks every line after the one of from, up to the line of
// to, as a continuation line.
func markContinued(cont []bool, li *finding.LineIndex, from, to int) {
	if to <= from {
		return
	}
	for l := li.Line(from) + 1; l <= li.Line(max(to-1, from)) && l < len(cont); l++ {
		cont[l] = true
	}
}

// maskGo masks Go comments, interpreted, rune and raw strings.
func maskGo(src []byte, li *finding.LineIndex) *maskedSource {
	m := &maskedSource{code: slices.Clone(src), text: slices.Clone(src), cont: make([]bool, li.Lines())}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			end := indexByteFrom(src, i, '\n')
			blank(m.code, i, end)
			blank(m.text, i, end)
			i = end
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := indexFrom(src, i+2, "*/")
			blank(m.code, i, end)
			blank(m.text, i, end)
			markContinued(m.cont, li, i, end)
			i = end
		case c == '"' || c == '\'':
			end := i + 1
			for end < len(src) && src[end] != c && src[end] != '\n' {
				if src[end] == '\\' {
					end++
				}
				end++
			}
			end = min(end+1, len(src))
			blank(m.code, i+1, end-1)
			i = end
		case c == '`':
			end := indexByteFrom(src, i+1, '`')
			end = min(end+1, len(src))
			blank(m.code, i+1, end-1)
			blank(m.text, i+1, end-1)
			markContinued(m.cont, li, i, end)
			i = end
		default:
			i++
		}
	}
	return m
}

// indexByteFrom returns the offset of the first c at or after from, or
// len(b).
func indexByteFrom(b []byte, from int, c byte) int {
	for i := from; i < len(b); i++ {
		if b[i] == c {
			return i
		}
	}
	return len(b)
}

// indexFrom returns the offset just past the first sep at or after from,
// or len(b).
func indexFrom(b []byte, from int, sep string) int {
	for i := from; i+len(sep) <= len(b); i++ {
		if string(b[i:i+len(sep)]) == sep {
			return i + len(sep)
		}
	}
	return len(b)
}
