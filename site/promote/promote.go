// Package promote marks an obligation PROMOTED in its YAML file once verify
// has proven its four criteria: status, promoted_at and the promotion
// criteria are edited in place, byte by byte, so that comments, key order,
// quoting and blank lines stay as the team wrote them.
package promote

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/verify"

	"go.yaml.in/yaml/v3"
)

// Error is a reason the file cannot be edited, at the place in it that
// stops the edit.
type Error struct {
	At  finding.Pos
	Msg string
}

func (e *Error) Error() string { return e.At.String() + ": " + e.Msg }

// Promote returns src, the YAML file file that declares obligation id (the
// per-file layout under infra_obligation:, or a list under obligations:),
// with the obligation's status set to PROMOTED, its promoted_at to today
// (replaced when the key is there, else added after created: with the
// same indentation) and each of the four promotion criteria verify proves
// set to true (added in the style of the list or mapping when missing).
// Nothing else in the file changes. c must prove all four criteria; a
// criterion of the file that verify does not prove must already be true.
func Promote(src []byte, file, id string, c verify.Criteria, today string) ([]byte, error) {
	for _, k := range verify.CriterionNames {
		if v := c.Get(k); v == nil || !*v {
			return nil, &Error{At: finding.Pos{File: file}, Msg: fmt.Sprintf("%s: criterion %s is not proven; nothing written", id, k)}
		}
	}
	var d site.Date
	if msg := d.CheckScalar(today); msg != "" {
		return nil, &Error{At: finding.Pos{File: file}, Msg: "today's " + msg}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, &Error{At: finding.Pos{File: file, Line: 1, Col: 1}, Msg: "not valid YAML: " + err.Error()}
	}
	e := &editor{src: src, file: file, lines: finding.NewLineIndex(file, src)}
	ob := findObligation(&doc, id)
	if ob == nil {
		return nil, &Error{At: finding.Pos{File: file, Line: 1, Col: 1}, Msg: fmt.Sprintf("declares no obligation %s", id)}
	}
	status := value(ob, "status")
	switch {
	case status == nil:
		return nil, e.errorf(ob, "%s has no status", id)
	case status.Value == site.StatusPromoted:
		return nil, e.errorf(status, "%s is already PROMOTED", id)
	case status.Value == site.StatusDeprecated:
		return nil, e.errorf(status, "%s is DEPRECATED: a deprecated obligation is not promoted", id)
	}
	if err := e.replace(status, site.StatusPromoted); err != nil {
		return nil, err
	}
	if err := e.promotedAt(ob, today); err != nil {
		return nil, err
	}
	if err := e.criteria(ob); err != nil {
		return nil, err
	}
	out := e.apply()
	if err := check(out, file, id, today); err != nil {
		return nil, err
	}
	return out, nil
}

// findObligation is the mapping of obligation id: the document's
// infra_obligation:, an element of its obligations: list, or the
// document itself.
func findObligation(doc *yaml.Node, id string) *yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil
	}
	if o := value(root, "infra_obligation"); o != nil && o.Kind == yaml.MappingNode {
		if v := value(o, "id"); v != nil && v.Value == id {
			return o
		}
		return nil
	}
	if list := value(root, "obligations"); list != nil && list.Kind == yaml.SequenceNode {
		for _, o := range list.Content {
			if v := value(o, "id"); o.Kind == yaml.MappingNode && v != nil && v.Value == id {
				return o
			}
		}
		return nil
	}
	if v := value(root, "id"); v != nil && v.Value == id {
		return root
	}
	return nil
}

// value is the value of key in mapping m, nil when absent.
func value(m *yaml.Node, key string) *yaml.Node {
	if k := keyNode(m, key); k != nil {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i] == k {
				return m.Content[i+1]
			}
		}
	}
	return nil
}

// keyNode is the key node of key in mapping m, nil when absent.
func keyNode(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

// edit replaces src[start:end] with text (an insertion when start == end).
type edit struct {
	start, end int
	text       string
}

// editor collects the edits of one file and applies them at once.
type editor struct {
	src   []byte
	file  string
	lines *finding.LineIndex
	edits []edit
}

func (e *editor) errorf(n *yaml.Node, format string, args ...any) error {
	return &Error{At: finding.Pos{File: e.file, Line: n.Line, Col: n.Column}, Msg: fmt.Sprintf(format, args...)}
}

// offset is the byte offset of line:col (1-based, the column counted in
// characters as yaml.v3 counts it).
func (e *editor) offset(line, col int) int {
	if line < 1 || line > e.lines.Lines() {
		return len(e.src)
	}
	off := e.lines.LineStart(line - 1)
	for i := 1; i < col && off < len(e.src) && e.src[off] != '\n'; i++ {
		_, size := utf8.DecodeRune(e.src[off:])
		off += size
	}
	return off
}

// lineEnd is the offset just past the newline of line (the end of the
// file when it is the last line).
func (e *editor) lineEnd(line int) int {
	if line < e.lines.Lines() {
		return e.lines.LineStart(line)
	}
	return len(e.src)
}

// span is the bytes of the scalar n as written: plain, single- or
// double-quoted on one line. An empty value (key: with nothing after it)
// is an empty span after the colon.
func (e *editor) span(n *yaml.Node) (int, int, error) {
	if n.Kind != yaml.ScalarNode {
		return 0, 0, e.errorf(n, "expected a plain value here, found a %s: edit it by hand", kindName(n))
	}
	start := e.offset(n.Line, n.Column)
	rest := e.src[start:]
	switch {
	case n.Style == 0 && n.Value == "" && n.Tag == "!!null":
		return start, start, nil
	case n.Style == 0 || n.Style == yaml.FlowStyle:
		if bytes.HasPrefix(rest, []byte(n.Value)) {
			return start, start + len(n.Value), nil
		}
	case n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle:
		q := rest[0]
		for i := 1; i < len(rest) && rest[i] != '\n'; i++ {
			switch {
			case q == '"' && rest[i] == '\\':
				i++
			case rest[i] == q && q == '\'' && i+1 < len(rest) && rest[i+1] == '\'':
				i++
			case rest[i] == q:
				return start, start + i + 1, nil
			}
		}
	}
	return 0, 0, e.errorf(n, "%q is written in a form promote does not edit (a tag, or more than one line): edit it by hand", n.Value)
}

// replace replaces the scalar n with text, keeping a space after the colon
// of an empty value.
func (e *editor) replace(n *yaml.Node, text string) error {
	start, end, err := e.span(n)
	if err != nil {
		return err
	}
	if start == end {
		text = " " + text
	}
	e.edits = append(e.edits, edit{start, end, text})
	return nil
}

// insertAfterLine inserts lines (each ending in a newline) after line.
func (e *editor) insertAfterLine(line int, lines string) {
	at := e.lineEnd(line)
	if at == len(e.src) && len(e.src) > 0 && e.src[len(e.src)-1] != '\n' {
		lines = "\n" + strings.TrimSuffix(lines, "\n")
	}
	e.edits = append(e.edits, edit{at, at, lines})
}

// indent is the indentation of a key at column col: as many spaces as the
// characters before it ("- " of a list item included).
func indent(col int) string { return strings.Repeat(" ", max(col-1, 0)) }

// promotedAt sets promoted_at to today, or adds it after created:.
func (e *editor) promotedAt(ob *yaml.Node, today string) error {
	if v := value(ob, "promoted_at"); v != nil {
		return e.replace(v, today)
	}
	after := keyNode(ob, "created")
	if after == nil {
		after = keyNode(ob, "status")
	}
	v := value(ob, after.Value)
	if ob.Style&yaml.FlowStyle != 0 {
		_, end, err := e.span(v)
		if err != nil {
			return err
		}
		e.edits = append(e.edits, edit{end, end, ", promoted_at: " + today})
		return nil
	}
	if v.Line != after.Line {
		return e.errorf(v, "%s's value is not on its line: add promoted_at: %s by hand", after.Value, today)
	}
	e.insertAfterLine(v.Line, indent(after.Column)+"promoted_at: "+today+"\n")
	return nil
}

// criteria sets each proven criterion to true and adds the missing ones.
func (e *editor) criteria(ob *yaml.Node) error {
	key := keyNode(ob, "promotion_criteria")
	pc := value(ob, "promotion_criteria")
	if key == nil {
		// No criteria at all: a mapping of the four, before created:.
		at := cmp.Or(keyNode(ob, "created"), keyNode(ob, "status"))
		if ob.Style&yaml.FlowStyle != 0 {
			return e.errorf(ob, "the obligation is a flow mapping without promotion_criteria: add them by hand")
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%spromotion_criteria:\n", indent(at.Column))
		for _, k := range verify.CriterionNames {
			fmt.Fprintf(&b, "%s  %s: true\n", indent(at.Column), k)
		}
		start := e.offset(at.Line, 1)
		e.edits = append(e.edits, edit{start, start, b.String()})
		return nil
	}
	if pc.Kind == yaml.ScalarNode && pc.Tag == "!!null" {
		start, end, err := e.span(pc)
		if err != nil {
			return err
		}
		// The blanks between the colon and null go with it.
		for start > 0 && (e.src[start-1] == ' ' || e.src[start-1] == '\t') {
			start--
		}
		e.edits = append(e.edits, edit{start, end, ""})
		var b strings.Builder
		for _, k := range verify.CriterionNames {
			fmt.Fprintf(&b, "%s  %s: true\n", indent(key.Column), k)
		}
		e.insertAfterLine(pc.Line, b.String())
		return nil
	}
	// pairs are the criteria as written: a mapping's pairs, or the one
	// pair of each element of a list.
	var pairs []*yaml.Node
	switch pc.Kind {
	case yaml.MappingNode:
		pairs = pc.Content
	case yaml.SequenceNode:
		for _, item := range pc.Content {
			if item.Kind != yaml.MappingNode || len(item.Content) != 2 {
				return e.errorf(item, "expected a one-key mapping such as \"all_objects_exist: true\": fix the criteria first")
			}
			pairs = append(pairs, item.Content...)
		}
	default:
		return e.errorf(pc, "promotion_criteria is a %s, not a mapping or a list: fix it first", kindName(pc))
	}
	missing := slices.Clone(verify.CriterionNames)
	for i := 0; i+1 < len(pairs); i += 2 {
		k, v := pairs[i], pairs[i+1]
		if slices.Contains(verify.CriterionNames, k.Value) {
			missing = slices.DeleteFunc(missing, func(s string) bool { return s == k.Value })
			if v.Kind == yaml.ScalarNode && v.Value == "true" {
				continue
			}
			if err := e.replace(v, "true"); err != nil {
				return err
			}
			continue
		}
		if v.Kind != yaml.ScalarNode || !strings.EqualFold(v.Value, "true") {
			return e.errorf(v, "criterion %s is not one verify proves, and it is not true: make it true by hand (or remove it) before promoting", k.Value)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return e.addCriteria(pc, pairs, missing)
}

// addCriteria adds the missing criteria to the mapping or list pc, whose
// pairs are given, in its style.
func (e *editor) addCriteria(pc *yaml.Node, pairs []*yaml.Node, missing []string) error {
	list := pc.Kind == yaml.SequenceNode
	if pc.Style&yaml.FlowStyle != 0 {
		// [ {a: true} ] or {a: true}: before the closing bracket.
		from := e.offset(pc.Line, pc.Column) + 1
		if len(pairs) > 0 {
			last := pairs[len(pairs)-1]
			_, end, err := e.span(last)
			if err != nil {
				return err
			}
			from = end
			if list {
				// The last element's closing brace comes first.
				if from = e.closing(from, '}'); from < 0 {
					return e.errorf(pc, "cannot find the end of the promotion criteria: add %s by hand", strings.Join(missing, ", "))
				}
				from++
			}
		}
		closing := byte('}')
		if list {
			closing = ']'
		}
		at := e.closing(from, closing)
		if at < 0 {
			return e.errorf(pc, "cannot find the end of the promotion criteria: add %s by hand", strings.Join(missing, ", "))
		}
		var b strings.Builder
		for i, k := range missing {
			if i > 0 || len(pairs) > 0 {
				b.WriteString(", ")
			}
			if list {
				fmt.Fprintf(&b, "{%s: true}", k)
			} else {
				fmt.Fprintf(&b, "%s: true", k)
			}
		}
		e.edits = append(e.edits, edit{at, at, b.String()})
		return nil
	}
	// A block mapping or list: after the line of its last value, each new
	// line starting as the last entry's line does up to its key.
	last := pairs[len(pairs)-1]
	lastKey := pairs[len(pairs)-2]
	if last.Line != lastKey.Line || last.Kind != yaml.ScalarNode {
		return e.errorf(last, "the last criterion is not written on one line: add %s by hand", strings.Join(missing, ", "))
	}
	prefix := indent(lastKey.Column)
	if list {
		lineStart := e.offset(lastKey.Line, 1)
		p := string(e.src[lineStart:e.offset(lastKey.Line, lastKey.Column)])
		if strings.TrimLeft(strings.TrimSpace(p), "-") != "" || !strings.Contains(p, "-") {
			p = indent(pc.Column) + "- "
		}
		prefix = p
	}
	var b strings.Builder
	for _, k := range missing {
		fmt.Fprintf(&b, "%s%s: true\n", prefix, k)
	}
	e.insertAfterLine(last.Line, b.String())
	return nil
}

// closing is the offset of the closing bracket c after from, skipping
// blanks, line breaks and comments; -1 when something else comes first.
func (e *editor) closing(from int, c byte) int {
	for i := from; i < len(e.src); i++ {
		switch e.src[i] {
		case ' ', '\t', '\r', '\n':
		case '#':
			for i < len(e.src) && e.src[i] != '\n' {
				i++
			}
		case c:
			return i
		default:
			return -1
		}
	}
	return -1
}

// apply returns src with every edit made, the later ones first so that
// earlier offsets stay valid.
func (e *editor) apply() []byte {
	slices.SortStableFunc(e.edits, func(a, b edit) int { return cmp.Compare(b.start, a.start) })
	out := bytes.Clone(e.src)
	for _, ed := range e.edits {
		out = slices.Concat(out[:ed.start], []byte(ed.text), out[ed.end:])
	}
	return out
}

// check reads the edited file back: the obligation must now be PROMOTED
// on today, with the four criteria true. A failure here is infradoc's
// bug, and nothing is written.
func check(out []byte, file, id, today string) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(out, &doc); err != nil {
		return fmt.Errorf("%s: the edited file is not valid YAML (%v): nothing written", file, err)
	}
	ob := findObligation(&doc, id)
	if ob == nil {
		return fmt.Errorf("%s: the edited file lost obligation %s: nothing written", file, id)
	}
	if v := value(ob, "status"); v == nil || v.Value != site.StatusPromoted {
		return fmt.Errorf("%s: the edit did not set %s's status: nothing written", file, id)
	}
	if v := value(ob, "promoted_at"); v == nil || v.Value != today {
		return fmt.Errorf("%s: the edit did not set %s's promoted_at: nothing written", file, id)
	}
	got := map[string]string{}
	pc := value(ob, "promotion_criteria")
	collect := func(m *yaml.Node) {
		for i := 0; m != nil && m.Kind == yaml.MappingNode && i+1 < len(m.Content); i += 2 {
			got[m.Content[i].Value] = m.Content[i+1].Value
		}
	}
	if pc != nil && pc.Kind == yaml.SequenceNode {
		for _, item := range pc.Content {
			collect(item)
		}
	} else {
		collect(pc)
	}
	for _, k := range verify.CriterionNames {
		if got[k] != "true" {
			return fmt.Errorf("%s: the edit did not set %s's criterion %s: nothing written", file, id, k)
		}
	}
	return nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "alias"
	}
	return "value"
}
