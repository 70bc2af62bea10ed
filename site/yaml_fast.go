package site

import (
	"strings"
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
