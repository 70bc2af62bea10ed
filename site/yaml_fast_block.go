package site

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// Block collections for parseSimpleYAML: mappings and sequences laid out
// by indentation, and the values that start on a key's or an item's line.

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
