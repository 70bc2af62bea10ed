package site

import (
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Scalars for parseSimpleYAML: plain ones with the tag yaml.v3 resolves
// for them, quoted ones on one line, and "|" literal blocks.

const (
	tagStr       = "!!str"
	tagNull      = "!!null"
	tagBool      = "!!bool"
	tagInt       = "!!int"
	tagFloat     = "!!float"
	tagTimestamp = "!!timestamp"
	tagMap       = "!!map"
	tagSeq       = "!!seq"
)

// scanBlockPlain scans a plain scalar on one line from pos. It stops
// before a ": " (isKey), a " #" comment or the end of the line, and
// returns the end of the scalar with trailing spaces dropped.
func (p *simpleParser) scanBlockPlain() (end int, isKey bool) {
	end = p.pos
	for ; p.pos < len(p.src); p.pos++ {
		switch p.src[p.pos] {
		case '\n':
			return end, false
		case ' ':
			continue
		case '#':
			if p.src[p.pos-1] == ' ' {
				return end, false
			}
		case ':':
			if next := p.pos + 1; next >= len(p.src) || p.src[next] == ' ' || p.src[next] == '\n' {
				return end, true
			}
		}
		end = p.pos + 1
	}
	return end, false
}

// plain returns the plain scalar src[start:end] with its resolved tag.
func (p *simpleParser) plain(start, end int) *yaml.Node {
	value := p.src[start:end]
	tag, ok := plainTag(value)
	if !ok {
		return p.fail()
	}
	return p.node(yaml.ScalarNode, tag, value, 0, start)
}

// plainStart reports whether a plain scalar may start with c here; the
// indicators that could also start one ("-", "?", ":") are left to yaml.v3.
func plainStart(c byte) bool {
	switch c {
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ', '\n':
		return false
	}
	return true
}

// plainTag resolves a plain scalar's tag as yaml.v3 does, for the values
// whose resolution is simple; ok is false for the others.
func plainTag(s string) (tag string, ok bool) {
	switch s[0] {
	case '+', '-', '<':
		return "", false
	case '.':
		switch s {
		case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF":
			return tagFloat, true
		}
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return tagFloat, true
		}
	case '~':
		if s == "~" {
			return tagNull, true
		}
	case 't', 'T', 'f', 'F':
		switch s {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return tagBool, true
		}
	case 'n', 'N':
		switch s {
		case "null", "Null", "NULL":
			return tagNull, true
		}
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return numericTag(s)
	}
	return tagStr, true
}

// numericTag resolves the digit-led scalars it is sure of: decimal
// integers without a leading zero, and dates.
func numericTag(s string) (tag string, ok bool) {
	digits := 0
	for digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits == len(s) {
		if (len(s) > 1 && s[0] == '0') || len(s) > 18 {
			return "", false
		}
		return tagInt, true
	}
	if digits == 4 && len(s) == 10 && s[4] == '-' && s[7] == '-' && isDigits(s[5:7]) && isDigits(s[8:10]) {
		if _, err := time.Parse("2006-1-2", s); err == nil {
			return tagTimestamp, true
		}
	}
	return "", false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// quoted parses a single- or double-quoted scalar that ends on its line;
// double-quoted ones with escapes are left to yaml.v3.
func (p *simpleParser) quoted() *yaml.Node {
	start := p.pos
	q := p.src[start]
	style := yaml.DoubleQuotedStyle
	if q == '\'' {
		style = yaml.SingleQuotedStyle
	}
	doubled := false
	for p.pos++; p.pos < len(p.src); p.pos++ {
		switch c := p.src[p.pos]; {
		case c == '\n', c == '\\' && q == '"':
			return p.fail()
		case c == q:
			if q == '\'' && p.pos+1 < len(p.src) && p.src[p.pos+1] == '\'' {
				doubled = true
				p.pos++
				continue
			}
			value := p.src[start+1 : p.pos]
			if doubled {
				value = strings.ReplaceAll(value, "''", "'")
			}
			p.pos++
			return p.node(yaml.ScalarNode, tagStr, value, style, start)
		}
	}
	return p.fail()
}

// literal parses a "|" or "|-" block scalar whose content is indented
// deeper than ind, and moves to the next content line after it.
func (p *simpleParser) literal(ind int) *yaml.Node {
	start := p.pos
	p.pos++
	strip := p.peek() == '-'
	if strip {
		p.pos++
	}
	spaces := p.skipSpaces()
	if c := p.peek(); c != '\n' && !(c == '#' && spaces > 0) {
		return p.fail()
	}
	n := p.node(yaml.ScalarNode, tagStr, "", yaml.LiteralStyle, start)
	p.nextLine()

	var b strings.Builder
	contentInd, blank := -1, 0
	for p.pos < len(p.src) {
		lineEnd := strings.IndexByte(p.src[p.pos:], '\n')
		if lineEnd < 0 {
			lineEnd = len(p.src) - p.pos
		}
		text := p.src[p.pos : p.pos+lineEnd]
		sp := len(text) - len(strings.TrimLeft(text, " "))
		if sp == len(text) { // a blank line
			if contentInd < 0 || sp > contentInd {
				return p.fail()
			}
			blank++
			p.nextLine()
			continue
		}
		if contentInd < 0 {
			if sp <= ind {
				break
			}
			contentInd = sp
		} else if sp < contentInd {
			break
		}
		for ; blank > 0; blank-- {
			b.WriteByte('\n')
		}
		b.WriteString(text[contentInd:])
		if p.pos+lineEnd < len(p.src) {
			b.WriteByte('\n')
		}
		p.nextLine()
	}
	value := b.String()
	if strip {
		value = strings.TrimSuffix(value, "\n")
	}
	n.Value = value
	p.skipToContent()
	return n
}
