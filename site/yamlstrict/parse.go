package yamlstrict

import (
	"bytes"
	"errors"
	"github.com/infradoc/infradoc/site/finding"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// maxNesting bounds how deep a document may nest before it is rejected;
// real governance files are a handful of levels deep.
const maxNesting = 100

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse parses data as exactly one YAML document and returns its root
// node. Every problem (syntax, empty file, several documents, nesting too
// deep, a panic inside the YAML library) becomes a finding on file; the root
// is nil when the document cannot be used.
func Parse(file string, data []byte, out *finding.List) (root *yaml.Node) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	defer func() {
		if r := recover(); r != nil {
			out.Add(finding.Pos{File: file, Line: 1, Col: 1}, "yaml-syntax", "the YAML parser failed on this file: %v", r)
			root = nil
		}
	}()
	if onlyYAMLComments(data) {
		out.Add(finding.Pos{File: file, Line: 1, Col: 1}, "empty-file", "file is empty: expected a YAML mapping")
		return nil
	}
	if line, col, ok := nestingTooDeep(data); ok {
		out.Add(finding.Pos{File: file, Line: line, Col: col}, "yaml-syntax", "nesting deeper than %d levels", maxNesting)
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			out.Add(finding.Pos{File: file, Line: 1, Col: 1}, "empty-file", "file is empty: expected a YAML mapping")
			return nil
		}
		out.Add(yamlErrorPos(file, data, err), "yaml-syntax", "%s", yamlErrorMessage(err))
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		out.Add(finding.Pos{File: file, Line: extra.Line, Col: extra.Column}, "multiple-documents",
			"file holds more than one YAML document; put everything in one")
		return nil
	} else if !errors.Is(err, io.EOF) {
		out.Add(yamlErrorPos(file, data, err), "multiple-documents",
			"file holds more than one YAML document, and a later one is invalid: %s", yamlErrorMessage(err))
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		out.Add(finding.Pos{File: file, Line: 1, Col: 1}, "empty-file", "file is empty: expected a YAML mapping")
		return nil
	}
	root = doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		out.Add(finding.Pos{File: file, Line: root.Line, Col: root.Column}, "empty-file", "file is empty: expected a YAML mapping")
		return nil
	}
	b := aliasBudget{aliases: maxAliasExpansions, nodes: maxAliasNodes}
	if bomb := b.walk(root, false); bomb != nil {
		out.Add(finding.Pos{File: file, Line: bomb.Line, Col: bomb.Column}, "alias-limit",
			"aliases expand more than %d times or to more than %d nodes; the file looks like an alias bomb", maxAliasExpansions, maxAliasNodes)
		return nil
	}
	return root
}

// maxAliasNodes bounds how many nodes all alias expansions of a file may
// reach together.
const maxAliasNodes = 100 * maxAliasExpansions

// aliasBudget is what is left of the alias expansions and of the nodes they
// may reach.
type aliasBudget struct{ aliases, nodes int }

// walk visits n as the Decoder would see it, with aliases expanded, and
// spends the budget on every alias and on every node reached through one.
// It returns the alias (written outside any anchor) at which the budget
// runs out, or nil. The walk stops there, so a billion-laughs document
// costs at most the budget.
func (b *aliasBudget) walk(n *yaml.Node, viaAlias bool) *yaml.Node {
	if n == nil {
		return nil
	}
	if viaAlias {
		if b.nodes--; b.nodes < 0 {
			return n
		}
	}
	if n.Kind == yaml.AliasNode {
		if b.aliases--; b.aliases < 0 || b.walk(n.Alias, true) != nil {
			return n
		}
		return nil
	}
	for _, c := range n.Content {
		if bomb := b.walk(c, viaAlias); bomb != nil {
			return bomb
		}
	}
	return nil
}

// yamlParserProblems are the messages of errors raised by the YAML parser
// (as opposed to its scanner). The library prints their 0-based line as if
// it were 1-based, so their line is one more than it says.
var yamlParserProblems = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"did not find expected node content",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found duplicate %TAG directive",
	"found undefined tag handle",
}

// yamlErrorPos returns the line of a YAML error, at that line's first
// non-blank character. The library names the line where the construct it
// was reading starts; the problem is on the first line from there on that
// makes a prefix of the file fail the same way.
func yamlErrorPos(file string, data []byte, err error) finding.Pos {
	m := yamlErrLine.FindStringSubmatch(err.Error())
	if m == nil {
		// Errors of the library's reader carry no line: find the byte.
		if off := badCharOffset(data); off >= 0 && (strings.Contains(err.Error(), "UTF-8") || strings.Contains(err.Error(), "control characters")) {
			return finding.NewLineIndex(file, data).Pos(off)
		}
		return finding.Pos{File: file, Line: 1, Col: 1}
	}
	line, _ := strconv.Atoi(m[1])
	if slices.Contains(yamlParserProblems, m[2]) {
		line++
	}
	lines := bytes.Split(data, []byte("\n"))
	line = min(max(line, 1), len(lines))
	if strings.Contains(m[2], "tab character") {
		// The library names the line of the construct; the tab that
		// breaks it is in the indentation of that line or a later one.
		for i := line - 1; i < len(lines); i++ {
			indent := lines[i][:len(lines[i])-len(bytes.TrimLeft(lines[i], " \t"))]
			if tab := bytes.IndexByte(indent, '\t'); tab >= 0 {
				return finding.Pos{File: file, Line: i + 1, Col: tab + 1}
			}
		}
	}
	line = firstFailingLine(lines, line, m[2])
	text := lines[line-1]
	col := len(text) - len(bytes.TrimLeft(text, " \t")) + 1
	if col > len(text) {
		col = 1
	}
	return finding.Pos{File: file, Line: line, Col: col}
}

// firstFailingLine returns the smallest k in [from, len(lines)] such that
// the first k lines alone fail to parse with problem (found by bisection, a
// few parses of prefixes).
func firstFailingLine(lines [][]byte, from int, problem string) int {
	lo, hi := from, len(lines)
	for lo < hi {
		mid := (lo + hi) / 2
		if yamlProblem(bytes.Join(lines[:mid], []byte("\n"))) == problem {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// yamlProblem returns the message of the first error parsing every
// document of data, without its line, or "" if data parses.
func yamlProblem(data []byte) string {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		switch {
		case err == nil:
			continue
		case errors.Is(err, io.EOF):
			return ""
		}
		if m := yamlErrLine.FindStringSubmatch(err.Error()); m != nil {
			return m[2]
		}
		return err.Error()
	}
}

func yamlErrorMessage(err error) string {
	if m := yamlErrLine.FindStringSubmatch(err.Error()); m != nil {
		return "invalid YAML: " + m[2]
	}
	return "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")
}

// badCharOffset returns the offset of the first byte YAML refuses: invalid
// UTF-8 or a control character other than tab, line feed and carriage
// return (YAML 1.2 §5.1). It returns -1 if there is none.
func badCharOffset(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f || r >= 0x80 && r < 0xa0 && r != 0x85 || r == 0xfffe || r == 0xffff {
			return i
		}
		i += size
	}
	return -1
}

// onlyYAMLComments reports whether data holds nothing but blank lines,
// whole-line comments and document markers, so that such a file counts as
// empty. It stops at the first line of content, without allocating.
func onlyYAMLComments(data []byte) bool {
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' || string(t) == "---" || string(t) == "..." {
			continue
		}
		return false
	}
	return true
}

// nestingTooDeep scans flow brackets and block indentation cheaply, before
// the parser sees the data, so a 20,000-deep document is refused without
// recursion. It reports the line and column (1-based, in bytes) where the
// limit is crossed.
func nestingTooDeep(data []byte) (line, col int, ok bool) {
	depth, line, lineStart := 0, 1, 0
	inSingle, inDouble, inComment := false, false, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			line++
			lineStart = i + 1
			inComment = false
			continue
		case inComment:
			continue
		case inDouble:
			if c == '\\' {
				i++
			} else if c == '"' {
				inDouble = false
			}
			continue
		case inSingle:
			if c == '\'' {
				inSingle = false
			}
			continue
		}
		switch c {
		case '#':
			if i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n' {
				inComment = true
			}
		case '"':
			inDouble = true
		case '\'':
			if i == 0 || !isWordByte(data[i-1]) {
				inSingle = true
			}
		case '[', '{':
			depth++
			if depth > maxNesting {
				return line, i - lineStart + 1, true
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return indentTooDeep(data)
}

// isWordByte reports whether c is in \w as regexp means it.
func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// indentTooDeep rejects block-style nesting deeper than maxNesting levels,
// approximated per line as half the indentation plus one level per "- "
// marker (so "- - - x" is three levels deep). It returns the line and
// column (1-based) where the limit is crossed.
func indentTooDeep(data []byte) (line, col int, ok bool) {
	for n, text := range bytes.Split(data, []byte("\n")) {
		dashes := 0
		for i := 0; i < len(text); i++ {
			if text[i] == ' ' {
				continue
			}
			if text[i] == '-' && i+1 < len(text) && text[i+1] == ' ' {
				dashes++
				if dashes+(i-2*(dashes-1))/2 > maxNesting {
					return n + 1, i + 1, true
				}
				continue
			}
			if dashes+(i-2*dashes)/2 > maxNesting {
				return n + 1, 1, true
			}
			break
		}
	}
	return 0, 0, false
}
