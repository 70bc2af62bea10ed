package markers

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/yamlstrict"
)

// Marker syntax. A generated block is delimited by two HTML comments, each
// on a line of its own (indented by at most three spaces):
//
//	<!-- infradoc:begin KIND key=value key="quoted value" -->
//	…generated text…
//	<!-- infradoc:end KIND -->
//
// (the KIND after end is optional). An inline value sits inside a line:
//
//	<!-- infradoc:value NAME -->73<!-- infradoc:end -->
//
// Markers inside fenced code blocks, inline code spans and lines indented
// by four or more spaces (block markers only) are text.
const (
	markerPrefix = "infradoc:"
	bom          = "\xef\xbb\xbf"
)

var valueNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$`)

// marker is one infradoc comment found in a line.
type marker struct {
	directive string // begin, end, value, or whatever was written
	args      string
	pos       finding.Pos
	start     int  // offset of "<!--"
	end       int  // offset just after "-->"
	alone     bool // the only thing on its line, indented at most 3 spaces
	indented  bool // the line is indented by 4 or more columns
	lineStart int  // offset of the line's first byte
	nextLine  int  // offset just after the line's newline
}

// openBlock is a begin marker waiting for its end.
type openBlock struct {
	m     marker
	block *Block // nil when the begin marker was invalid
	depth int    // nested begin markers seen inside, each waiting for an end
	bad   bool   // something inside makes the block unsafe to regenerate
}

type docParser struct {
	vocab     *Vocabulary
	doc       *Doc
	src       []byte
	found     []finding.Finding
	open      *openBlock
	strayEnds []marker
	seen      map[string]int // block label -> line of its begin marker
	// pendingValue is a value marker waiting for its end on the same line.
	pendingValue *marker
}

// Parse reads the markers of one markdown doc; file is its display path
// and vocab says what markers may name. It never fails: problems are
// findings, and only well-formed blocks are returned.
func Parse(file string, src []byte, vocab *Vocabulary) (*Doc, []finding.Finding) {
	if vocab == nil {
		vocab = &Vocabulary{}
	}
	p := &docParser{vocab: vocab, doc: &Doc{File: file, Source: src, Newline: detectNewline(src)}, src: src, seen: map[string]int{}}
	var fenceChar byte
	var fenceLen int
	for off, line := 0, 1; off < len(src); line++ {
		next := len(src)
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			next = off + i + 1
		}
		text := string(bytes.TrimRight(src[off:next], "\r\n"))
		textStart := off
		if line == 1 && strings.HasPrefix(text, bom) {
			text, textStart = text[len(bom):], off+len(bom)
		}
		switch {
		case fenceLen > 0:
			if isFenceClose(text, fenceChar, fenceLen) {
				fenceLen = 0
			}
		default:
			if c, n, ok := fenceOpen(text); ok {
				fenceChar, fenceLen = c, n
				break
			}
			for _, m := range p.scanLine(text, textStart, line, off, next) {
				p.handle(m)
			}
			p.flushValue()
		}
		off = next
	}
	p.finish()
	return p.doc, finding.Sort(p.found)
}

func (p *docParser) add(pos finding.Pos, rule, format string, args ...any) {
	p.found = append(p.found, finding.Finding{Pos: pos, Severity: finding.Error, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

// scanLine finds the infradoc comments of one line outside code spans.
func (p *docParser) scanLine(text string, textStart, line, lineStart, nextLine int) []marker {
	var out []marker
	indent := indentWidth(text)
	trimmed := strings.TrimSpace(text)
	for i := 0; i < len(text); {
		switch {
		case text[i] == '`':
			n := runLength(text, i, '`')
			if j := findClosingRun(text, i+n, n); j >= 0 {
				i = j + n
			} else {
				i += n
			}
		case strings.HasPrefix(text[i:], "<!--"):
			body := text[i+4:]
			j := strings.Index(body, "-->")
			pos := finding.Pos{File: p.doc.File, Line: line, Col: utf8.RuneCountInString(text[:i]) + 1}
			if j < 0 {
				if strings.HasPrefix(strings.TrimSpace(body), markerPrefix) {
					p.add(pos, "marker-syntax", "infradoc marker is not closed with \"-->\" on the same line")
				}
				return out
			}
			inner := strings.TrimSpace(body[:j])
			if rest, ok := strings.CutPrefix(inner, markerPrefix); ok {
				directive, args, _ := strings.Cut(rest, " ")
				directive, _, _ = strings.Cut(directive, "\t")
				args = strings.TrimSpace(rest[len(directive):])
				comment := text[i : i+4+j+3]
				out = append(out, marker{
					directive: directive, args: args, pos: pos,
					start: textStart + i, end: textStart + i + 4 + j + 3,
					alone: trimmed == comment && indent <= 3, indented: indent > 3,
					lineStart: lineStart, nextLine: nextLine,
				})
			}
			i += 4 + j + 3
		default:
			i++
		}
	}
	return out
}

// handle processes markers of one line in order; a value consumes the end
// marker that follows it.
func (p *docParser) handle(m marker) {
	switch m.directive {
	case "value":
		p.pendingValue = &m
	case "end":
		if v := p.pendingValue; v != nil {
			p.pendingValue = nil
			p.closeValue(*v, m)
			return
		}
		p.end(m)
	case "begin":
		p.flushValue()
		p.begin(m)
	default:
		p.flushValue()
		p.add(m.pos, "marker-syntax", "unknown marker %q; markers are infradoc:begin, infradoc:end and infradoc:value", markerPrefix+m.directive)
	}
}

// closeValue pairs a value marker with its end on the same line.
func (p *docParser) closeValue(v, end marker) {
	if v.pos.Line != end.pos.Line {
		p.add(v.pos, "marker", "value marker has no %q on the same line", "<!-- infradoc:end -->")
		p.end(end)
		return
	}
	if end.args != "" && end.args != KindValue {
		p.add(end.pos, "marker", "end marker for %q closes a value; write <!-- infradoc:end -->", end.args)
		return
	}
	name, extra, _ := strings.Cut(v.args, " ")
	switch {
	case name == "":
		p.add(v.pos, "marker-syntax", "value marker names no value, e.g. <!-- infradoc:value obligations.total -->")
		return
	case strings.TrimSpace(extra) != "":
		p.add(v.pos, "marker-syntax", "value marker takes one name, found %q after %q", strings.TrimSpace(extra), name)
		return
	case !valueNamePattern.MatchString(name):
		p.add(v.pos, "marker-syntax", "malformed value name %q: use dot-separated words such as registry.state.A", name)
		return
	case !slices.Contains(p.vocab.Values, name):
		p.add(v.pos, "marker-syntax", "unknown value %q%s", name, yamlstrict.DidYouMean(name, p.vocab.Values))
		return
	}
	if p.open != nil {
		p.add(v.pos, "marker", "value %s is inside the %s block opened at line %d; it would be overwritten", name, p.open.label(), p.open.m.pos.Line)
		p.open.bad = true
		return
	}
	p.doc.Blocks = append(p.doc.Blocks, &Block{Kind: KindValue, Value: name, Pos: v.pos, Start: v.end, End: end.start})
}

// flushValue reports a value marker that no end marker followed.
func (p *docParser) flushValue() {
	if v := p.pendingValue; v != nil {
		p.pendingValue = nil
		p.add(v.pos, "marker", "value marker has no %q on the same line", "<!-- infradoc:end -->")
	}
}

func (p *docParser) begin(m marker) {
	if m.indented {
		return // indented code: text
	}
	if !m.alone {
		p.add(m.pos, "marker-syntax", "a begin marker must stand on a line of its own")
		return
	}
	if p.open != nil {
		p.add(m.pos, "marker", "begin marker inside the %s block opened at line %d: blocks cannot nest", p.open.label(), p.open.m.pos.Line)
		p.open.depth++
		p.open.bad = true
		return
	}
	p.open = &openBlock{m: m, block: p.parseBegin(m)}
}

func (p *docParser) end(m marker) {
	if m.indented {
		return
	}
	if !m.alone {
		p.add(m.pos, "marker-syntax", "an end marker must stand on a line of its own (or follow a value marker on its line)")
		return
	}
	o := p.open
	if o == nil {
		p.strayEnds = append(p.strayEnds, m)
		return
	}
	if o.depth > 0 {
		o.depth--
		return
	}
	p.open = nil
	if m.args != "" && o.block != nil && m.args != o.block.Kind {
		p.add(m.pos, "marker", "end marker for %s does not match the begin marker for %s at line %d", m.args, o.block.Kind, o.m.pos.Line)
		return
	}
	if o.block == nil || o.bad {
		return
	}
	b := o.block
	b.Start, b.End = o.m.nextLine, m.lineStart
	label := b.Label()
	if line, dup := p.seen[label]; dup {
		p.add(o.m.pos, "marker", "duplicate block %s: the same block is already at line %d", label, line)
		return
	}
	p.seen[label] = o.m.pos.Line
	p.doc.Blocks = append(p.doc.Blocks, b)
}

// finish reports what is left open at the end of the doc.
func (p *docParser) finish() {
	p.flushValue()
	if o := p.open; o != nil {
		kind := o.kind()
		i := slices.IndexFunc(p.strayEnds, func(e marker) bool { return e.args == "" || e.args == kind })
		if i >= 0 {
			e := p.strayEnds[i]
			p.strayEnds = slices.Delete(p.strayEnds, i, i+1)
			p.add(e.pos, "marker", "end marker comes before its begin marker for %s at line %d", kind, o.m.pos.Line)
		} else {
			p.add(o.m.pos, "marker", "begin marker for %s has no end marker (<!-- infradoc:end %s -->)", kind, kind)
		}
	}
	for _, e := range p.strayEnds {
		p.add(e.pos, "marker", "end marker without a begin marker")
	}
}

func (o *openBlock) kind() string {
	if o.block != nil {
		return o.block.Kind
	}
	kind, _, _ := strings.Cut(o.m.args, " ")
	return kind
}

func (o *openBlock) label() string {
	if o.block != nil {
		return o.block.Label()
	}
	return o.kind()
}

// parseBegin checks a begin marker's kind and options; nil if invalid.
func (p *docParser) parseBegin(m marker) *Block {
	tokens, err := splitMarkerArgs(m.args)
	if err != nil {
		p.add(m.pos, "marker-syntax", "%v", err)
		return nil
	}
	if len(tokens) == 0 {
		p.add(m.pos, "marker-syntax", "begin marker names no block kind, e.g. <!-- infradoc:begin registry-table -->")
		return nil
	}
	kind := p.vocab.kind(tokens[0])
	if kind == nil {
		var names []string
		for _, k := range p.vocab.Kinds {
			names = append(names, k.Name)
		}
		hint := yamlstrict.DidYouMean(tokens[0], names)
		if hint == "" {
			hint = "; kinds are " + strings.Join(names, ", ")
		}
		p.add(m.pos, "marker-syntax", "unknown block kind %q%s", tokens[0], hint)
		return nil
	}
	b := &Block{Kind: kind.Name, Pos: m.pos}
	ok := true
	for _, tok := range tokens[1:] {
		key, value, hasEq := strings.Cut(tok, "=")
		opt := kind.option(key)
		switch {
		case !hasEq:
			p.add(m.pos, "marker-syntax", "expected an option key=value in the %s marker, found %q", kind.Name, tok)
		case opt == nil:
			p.add(m.pos, "marker-syntax", "unknown option %q for %s%s", key, kind.Name, optionHint(kind, key))
		case slices.ContainsFunc(b.Options, func(o BlockOptionValue) bool { return o.Key == key }):
			p.add(m.pos, "marker-syntax", "option %q is given twice", key)
		case strings.TrimSpace(value) == "":
			p.add(m.pos, "marker-syntax", "option %q needs a value", key)
		default:
			if msg := opt.check(value); msg != "" {
				p.add(m.pos, "marker-syntax", "option %s: %s", key, msg)
				ok = false
			}
			b.Options = append(b.Options, BlockOptionValue{Key: key, Value: value})
			continue
		}
		ok = false
	}
	for _, opt := range kind.Options {
		if _, given := b.Option(opt.Name); opt.Required && !given {
			p.add(m.pos, "marker-syntax", "%s needs option %s=…: %s", kind.Name, opt.Name, opt.Summary)
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return b
}

func optionHint(k *BlockKind, key string) string {
	var names []string
	for _, o := range k.Options {
		names = append(names, o.Name)
	}
	if len(names) == 0 {
		return "; it takes no options"
	}
	if h := yamlstrict.DidYouMean(key, names); h != "" {
		return h
	}
	return "; options are " + strings.Join(names, ", ")
}

// check validates an option's value; "" if fine.
func (o *BlockOption) check(value string) string {
	if o.Values == nil {
		return ""
	}
	vals := []string{value}
	if o.List {
		vals = strings.Split(value, ",")
	}
	for _, v := range vals {
		if v = strings.TrimSpace(v); !slices.Contains(o.Values, v) {
			return fmt.Sprintf("%q is not one of %s", v, strings.Join(o.Values, ", "))
		}
	}
	return ""
}
