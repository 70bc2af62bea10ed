package markers

import (
	"fmt"
	"strings"
)

// Lexical helpers of the marker parser: marker arguments, indentation,
// code fences and code spans, following CommonMark.

// splitMarkerArgs splits marker arguments on blanks; double quotes group
// text with blanks, and \" and \\ escape inside them.
func splitMarkerArgs(s string) ([]string, error) {
	var out []string
	var tok strings.Builder
	inTok := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			if inTok {
				out = append(out, tok.String())
				tok.Reset()
				inTok = false
			}
		case c == '"':
			inTok = true
			closed := false
			for i++; i < len(s); i++ {
				if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
					i++
					tok.WriteByte(s[i])
					continue
				}
				if s[i] == '"' {
					closed = true
					break
				}
				tok.WriteByte(s[i])
			}
			if !closed {
				return nil, fmt.Errorf("unterminated quoted value in marker arguments %q", s)
			}
		default:
			inTok = true
			tok.WriteByte(c)
		}
	}
	if inTok {
		out = append(out, tok.String())
	}
	return out, nil
}

// indentWidth is the width of a line's leading blanks, tabs counting 4.
func indentWidth(s string) int {
	w := 0
	for _, c := range s {
		switch c {
		case ' ':
			w++
		case '\t':
			w += 4 - w%4
		default:
			return w
		}
	}
	return w
}

// fenceOpen reports whether line opens a fenced code block.
func fenceOpen(line string) (byte, int, bool) {
	if indentWidth(line) > 3 {
		return 0, 0, false
	}
	rest := strings.TrimLeft(line, " ")
	if rest == "" || (rest[0] != '`' && rest[0] != '~') {
		return 0, 0, false
	}
	n := runLength(rest, 0, rest[0])
	if n < 3 || (rest[0] == '`' && strings.Contains(rest[n:], "`")) {
		return 0, 0, false
	}
	return rest[0], n, true
}

// isFenceClose reports whether line closes a fence of n chars c.
func isFenceClose(line string, c byte, n int) bool {
	if indentWidth(line) > 3 {
		return false
	}
	rest := strings.TrimLeft(line, " ")
	m := runLength(rest, 0, c)
	return m >= n && strings.TrimSpace(rest[m:]) == ""
}

func runLength(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// findClosingRun returns the offset of the next run of exactly n backticks
// at or after i, or -1.
func findClosingRun(s string, i, n int) int {
	for i < len(s) {
		if s[i] != '`' {
			i++
			continue
		}
		m := runLength(s, i, '`')
		if m == n {
			return i
		}
		i += m
	}
	return -1
}
