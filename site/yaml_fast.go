package site

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// parseSimpleYAML parses the plain, block-style YAML that registries and
// obligations are written in straight into the tree of yaml.Nodes that
// yaml.v3 builds for it (kind, tag, value, style, line, column and
// children), several times faster than yaml.v3 does.
//
// It gives up (ok is false) on anything outside that subset, valid or not:
// anchors, aliases, tags, directives, document markers, tabs, escapes in
// double quotes, folded and multi-line scalars, flow collections spanning
// lines, numbers other than plain decimals, and so on. The caller then
// parses with yaml.v3, which also reports the errors. A fuzz test checks
// that whenever it does not give up, its tree equals yaml.v3's.
//
// Comments are skipped: the nodes carry none, and nothing reads them.
func parseSimpleYAML(data []byte) (root *yaml.Node, ok bool) {
	ok, nodes := simpleYAMLBytes(data)
	if !ok {
		return nil, false
	}
	p := simpleParser{src: string(data), line: 1, nodes: make([]yaml.Node, 0, nodes), children: make([]*yaml.Node, 0, nodes), open: make([]*yaml.Node, 0, 32)}
	if p.skipToContent() != 0 {
		return nil, false
	}
	root = p.blockNode()
	if p.failed || p.ind != -1 {
		return nil, false
	}
	return root, true
}

// simpleYAMLBytes reports whether data holds only characters the simple
// parser handles: printable ASCII, newlines and the printable non-ASCII
// characters yaml.v3 accepts that are not line breaks, and no line that
// starts a document, ends one or holds a directive. nodes is a guess at
// how many nodes data holds (rather more than fewer), from its lines with
// content, its list items and its commas.
func simpleYAMLBytes(data []byte) (ok bool, nodes int) {
	lineStart, indent := true, true
	for i := 0; i < len(data); {
		c := data[i]
		if lineStart && (c == '%' || c == '-' || c == '.') && startsDocumentMarker(data[i:]) {
			return false, 0
		}
		lineStart = c == '\n'
		switch {
		case c == '\n':
			indent = true
		case c == ',':
			nodes++
		case indent && c != ' ':
			indent = false
			switch c {
			case '#':
			case '-': // "- key: value" is an item, a key and a value
				nodes += 3
			default:
				nodes += 2
			}
		}
		if c < utf8.RuneSelf {
			if (c < ' ' && c != '\n') || c == 0x7f {
				return false, 0
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return false, 0
		}
		if !(r >= 0xa0 && r <= 0xd7ff || r >= 0xe000 && r <= 0xfffd) || r == 0xfeff || r == 0x2028 || r == 0x2029 {
			return false, 0
		}
		i += size
	}
	return true, nodes + 4
}

// startsDocumentMarker reports whether a line starting with b is a
// directive or may be a "---" or "..." marker.
func startsDocumentMarker(b []byte) bool {
	if b[0] == '%' {
		return true
	}
	return len(b) >= 3 && b[1] == b[0] && b[2] == b[0]
}

// simpleParser is the state of parseSimpleYAML: a position in the source,
// and after each block construct, the indentation of the next line that
// holds content (-1 at the end of the input).
type simpleParser struct {
	src       string
	pos       int
	line      int // 1-based line of pos
	lineStart int // offset of the line holding pos
	ind       int // indentation of the content line at pos; -1 at the end
	depth     int
	failed    bool
	// nodes and children are allocated in blocks: the nodes, and the
	// Content of every collection (exactly as long as it needs to be).
	nodes    []yaml.Node
	children []*yaml.Node
	// open holds the children of the collections being parsed, innermost
	// last, until each is complete.
	open []*yaml.Node
}

// maxSimpleDepth bounds nesting; deeper documents go to yaml.v3, which
// reports them.
const maxSimpleDepth = 40

// maxSimpleKey is how far a key may run before its ":"; yaml.v3 rejects
// keys longer than 1024 characters.
const maxSimpleKey = 1000

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

func (p *simpleParser) fail() *yaml.Node {
	p.failed = true
	return nil
}

// column is the 1-based column of offset at, counted in characters as
// yaml.v3 counts them.
func (p *simpleParser) column(at int) int {
	seg := p.src[p.lineStart:at]
	for i := 0; i < len(seg); i++ {
		if seg[i] >= utf8.RuneSelf {
			return utf8.RuneCountInString(seg) + 1
		}
	}
	return len(seg) + 1
}

// content returns the children pushed on p.open since mark, as the
// Content of their collection, and pops them.
func (p *simpleParser) content(mark int) []*yaml.Node {
	kids := p.open[mark:]
	n := len(kids)
	if n == 0 {
		return nil
	}
	if cap(p.children)-len(p.children) < n {
		p.children = make([]*yaml.Node, 0, max(n, 64))
	}
	start := len(p.children)
	p.children = append(p.children, kids...)
	p.open = p.open[:mark]
	return p.children[start : start+n : start+n]
}

// node returns a new node starting at offset at, allocated in blocks.
func (p *simpleParser) node(kind yaml.Kind, tag, value string, style yaml.Style, at int) *yaml.Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]yaml.Node, 0, 64)
	}
	p.nodes = append(p.nodes, yaml.Node{Kind: kind, Tag: tag, Value: value, Style: style, Line: p.line, Column: p.column(at)})
	return &p.nodes[len(p.nodes)-1]
}

func (p *simpleParser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return '\n'
}

func (p *simpleParser) skipSpaces() int {
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
	return p.pos - start
}

// skipToContent moves from the start of a line to the first character of
// the next line, this one included, that holds more than spaces and a
// comment, and records its indentation in p.ind (-1 at the end).
func (p *simpleParser) skipToContent() int {
	for {
		if p.pos >= len(p.src) {
			p.ind = -1
			return -1
		}
		n := p.skipSpaces()
		if c := p.peek(); c != '\n' && c != '#' {
			p.ind = n
			return n
		}
		p.nextLine()
	}
}

// nextLine moves past the end of the current line.
func (p *simpleParser) nextLine() {
	i := strings.IndexByte(p.src[p.pos:], '\n')
	if i < 0 {
		p.pos = len(p.src)
		return
	}
	p.pos += i + 1
	p.line++
	p.lineStart = p.pos
}

// endLine accepts the rest of the line after a value: spaces and an
// optional comment. It then moves to the next content line.
func (p *simpleParser) endLine() {
	spaces := p.skipSpaces()
	switch c := p.peek(); {
	case c == '\n', c == '#' && spaces > 0:
		p.nextLine()
		p.skipToContent()
	default:
		p.fail()
	}
}

// atSeqEntry reports whether pos is at a block sequence's "-" indicator.
func (p *simpleParser) atSeqEntry() bool {
	if p.peek() != '-' {
		return false
	}
	next := p.pos + 1
	return next >= len(p.src) || p.src[next] == ' ' || p.src[next] == '\n'
}

// blockNode parses the block collection starting at pos, the first
// character of a content line indented by p.ind (deeper than the node that
// holds it).
func (p *simpleParser) blockNode() *yaml.Node {
	if p.depth++; p.depth > maxSimpleDepth {
		return p.fail()
	}
	defer func() { p.depth-- }()
	if p.atSeqEntry() {
		return p.blockSequence(p.ind)
	}
	return p.blockMapping(p.ind)
}

// blockMapping parses a mapping whose keys are indented by ind; its first
// key starts at pos, possibly after a sequence's "- ".
func (p *simpleParser) blockMapping(ind int) *yaml.Node {
	m := p.node(yaml.MappingNode, tagMap, "", 0, p.pos)
	mark := len(p.open)
	for {
		key := p.plainKey()
		if p.failed {
			return nil
		}
		value := p.mappingValue(ind)
		if p.failed {
			return nil
		}
		p.open = append(p.open, key, value)
		switch {
		case p.ind < ind:
			m.Content = p.content(mark)
			return m
		case p.ind > ind, p.atSeqEntry():
			return p.fail()
		}
	}
}

// plainKey parses a plain mapping key and its ":".
func (p *simpleParser) plainKey() *yaml.Node {
	start := p.pos
	if !plainStart(p.peek()) {
		return p.fail()
	}
	end, isKey := p.scanBlockPlain()
	if !isKey || p.pos-start > maxSimpleKey {
		return p.fail()
	}
	value := p.src[start:end]
	tag, ok := plainTag(value)
	if !ok {
		return p.fail()
	}
	key := p.node(yaml.ScalarNode, tag, value, 0, start)
	p.pos++ // the ':'
	return key
}

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

// mappingValue parses what follows a key's ":" in a mapping indented by ind.
func (p *simpleParser) mappingValue(ind int) *yaml.Node {
	afterColon := p.pos
	spaces := p.skipSpaces()
	if c := p.peek(); c == '\n' || c == '#' && spaces > 0 {
		p.nextLine()
		p.skipToContent()
		switch {
		case p.ind > ind:
			return p.blockNode()
		case p.ind == ind && p.atSeqEntry():
			return p.blockSequence(ind)
		}
		return p.emptyAt(afterColon)
	}
	return p.inlineValue(ind)
}

// emptyAt returns the null node yaml.v3 makes for a missing value whose
// indicator ends at offset at, on the line before the current one or on it.
func (p *simpleParser) emptyAt(at int) *yaml.Node {
	line, lineStart := p.line, p.lineStart
	p.line, p.lineStart = p.lineOf(at)
	n := p.node(yaml.ScalarNode, tagNull, "", 0, at)
	p.line, p.lineStart = line, lineStart
	return n
}

// lineOf returns the line number and line start of offset at, which is on
// the current line or before it.
func (p *simpleParser) lineOf(at int) (line, lineStart int) {
	line, lineStart = p.line, p.lineStart
	for at < lineStart {
		lineStart = strings.LastIndexByte(p.src[:lineStart-1], '\n') + 1
		line--
	}
	return line, lineStart
}

// inlineValue parses a scalar or flow collection that starts on the line
// at pos, as the value of a node indented by ind, and the rest of its line.
func (p *simpleParser) inlineValue(ind int) *yaml.Node {
	var n *yaml.Node
	switch c := p.peek(); c {
	case '"', '\'':
		n = p.quoted()
		if p.peek() == ':' {
			return p.fail() // a quoted key: left to yaml.v3
		}
	case '|':
		return p.literal(ind)
	case '[', '{':
		n = p.flow(0)
	default:
		if !plainStart(c) {
			return p.fail()
		}
		start := p.pos
		end, isKey := p.scanBlockPlain()
		if isKey {
			return p.fail()
		}
		p.pos = end
		n = p.plain(start, end)
	}
	if p.failed {
		return nil
	}
	p.endLine()
	return n
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

// flow parses a flow sequence or mapping that ends on its line, holding
// plain scalars, quoted ones and other such collections.
func (p *simpleParser) flow(depth int) *yaml.Node {
	if depth > maxSimpleDepth {
		return p.fail()
	}
	open := p.src[p.pos]
	kind, tag, close := yaml.SequenceNode, tagSeq, byte(']')
	if open == '{' {
		kind, tag, close = yaml.MappingNode, tagMap, '}'
	}
	n := p.node(kind, tag, "", yaml.FlowStyle, p.pos)
	mark := len(p.open)
	p.pos++
	p.skipSpaces()
	if p.peek() == close {
		p.pos++
		return n
	}
	for {
		if kind == yaml.MappingNode {
			key := p.flowScalar(true)
			if p.failed {
				return nil
			}
			p.pos++ // the ':'
			if p.skipSpaces() == 0 {
				return p.fail()
			}
			p.open = append(p.open, key)
		}
		var item *yaml.Node
		switch p.peek() {
		case '[', '{':
			item = p.flow(depth + 1)
		case '"', '\'':
			item = p.quoted()
		default:
			item = p.flowScalar(false)
		}
		if p.failed {
			return nil
		}
		p.open = append(p.open, item)
		p.skipSpaces()
		switch p.peek() {
		case close:
			p.pos++
			n.Content = p.content(mark)
			return n
		case ',':
			p.pos++
			p.skipSpaces()
			if c := p.peek(); c == ']' || c == '}' {
				return p.fail()
			}
		default:
			return p.fail()
		}
	}
}

// flowScalar parses a plain scalar inside a flow collection: a key (which
// must end at ": ") or a value (which must not).
func (p *simpleParser) flowScalar(key bool) *yaml.Node {
	start := p.pos
	if !plainStart(p.peek()) {
		return p.fail()
	}
	end := p.pos
	for ; p.pos < len(p.src); p.pos++ {
		c := p.src[p.pos]
		if c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == '\n' {
			break
		}
		if c == '#' && p.src[p.pos-1] == ' ' || c == '?' {
			return p.fail()
		}
		if c == ':' {
			next := p.pos + 1
			if next >= len(p.src) || strings.IndexByte(" \n,[]{}", p.src[next]) >= 0 {
				break
			}
		}
		if c != ' ' {
			end = p.pos + 1
		}
	}
	if (p.peek() == ':') != key || p.pos >= len(p.src) || key && p.pos-start > maxSimpleKey {
		return p.fail()
	}
	if key && p.pos+1 < len(p.src) && p.src[p.pos+1] != ' ' {
		return p.fail()
	}
	n := p.plain(start, end)
	if !key {
		p.pos = end
	}
	return n
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

// blockSequence parses a sequence whose "-" indicators are indented by ind.
func (p *simpleParser) blockSequence(ind int) *yaml.Node {
	s := p.node(yaml.SequenceNode, tagSeq, "", 0, p.pos)
	mark := len(p.open)
	for {
		p.pos++ // the '-'
		afterDash := p.pos
		spaces := p.skipSpaces()
		var item *yaml.Node
		switch c := p.peek(); {
		case c == '\n' || c == '#' && spaces > 0:
			p.nextLine()
			p.skipToContent()
			if p.ind > ind {
				item = p.blockNode()
			} else {
				item = p.emptyAt(afterDash)
			}
		case p.atSeqEntry():
			return p.fail()
		case plainStart(c) && p.lineHoldsKey():
			p.ind = p.pos - p.lineStart
			if p.depth++; p.depth > maxSimpleDepth {
				return p.fail()
			}
			item = p.blockMapping(p.ind)
			p.depth--
		default:
			item = p.inlineValue(ind)
		}
		if p.failed {
			return nil
		}
		p.open = append(p.open, item)
		switch {
		case p.ind == ind && p.atSeqEntry():
			continue
		case p.ind > ind:
			return p.fail()
		}
		s.Content = p.content(mark)
		return s
	}
}

// lineHoldsKey reports whether the plain scalar at pos is a mapping key.
func (p *simpleParser) lineHoldsKey() bool {
	start := p.pos
	_, isKey := p.scanBlockPlain()
	p.pos = start
	return isKey
}
