package site

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// One-line flow collections for parseSimpleYAML: [a, b] and {k: v}.

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
