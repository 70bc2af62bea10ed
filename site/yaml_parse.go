package site

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// maxNesting bounds how deep a document may nest before it is rejected;
// real governance files are a handful of levels deep.
const maxNesting = 100

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML parses data as exactly one YAML document and returns its root
// node. Every problem (syntax, empty file, several documents, nesting too
// deep, a panic inside the YAML library) becomes a finding on file; the root
// is nil when the document cannot be used.
func parseYAML(file string, data []byte, fs *findings) (root *yaml.Node) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	defer func() {
		if r := recover(); r != nil {
			fs.add(Pos{File: file, Line: 1, Col: 1}, "yaml-syntax", "the YAML parser failed on this file: %v", r)
			root = nil
		}
	}()
	if len(bytes.TrimSpace(stripYAMLComments(data))) == 0 {
		fs.add(Pos{File: file, Line: 1, Col: 1}, "empty-file", "file is empty: expected a YAML mapping")
		return nil
	}
	if line, ok := nestingTooDeep(data); ok {
		fs.add(Pos{File: file, Line: line, Col: 1}, "yaml-syntax", "nesting deeper than %d levels", maxNesting)
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			fs.add(Pos{File: file, Line: 1, Col: 1}, "empty-file", "file is empty: expected a YAML mapping")
			return nil
		}
		fs.add(yamlErrorPos(file, err), "yaml-syntax", "%s", yamlErrorMessage(err))
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		fs.add(Pos{File: file, Line: extra.Line, Col: extra.Column}, "multiple-documents",
			"file holds more than one YAML document; put everything in one")
		return nil
	} else if !errors.Is(err, io.EOF) {
		fs.add(yamlErrorPos(file, err), "multiple-documents",
			"file holds more than one YAML document, and a later one is invalid: %s", yamlErrorMessage(err))
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		fs.add(Pos{File: file, Line: 1, Col: 1}, "empty-file", "file is empty: expected a YAML mapping")
		return nil
	}
	root = doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		fs.add(Pos{File: file, Line: root.Line, Col: root.Column}, "empty-file", "file is empty: expected a YAML mapping")
		return nil
	}
	return root
}

func yamlErrorPos(file string, err error) Pos {
	if m := yamlErrLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return Pos{File: file, Line: line, Col: 1}
	}
	return Pos{File: file, Line: 1, Col: 1}
}

func yamlErrorMessage(err error) string {
	if m := yamlErrLine.FindStringSubmatch(err.Error()); m != nil {
		return "invalid YAML: " + m[2]
	}
	return fmt.Sprintf("invalid YAML: %v", err)
}

// stripYAMLComments drops whole-line comments and document markers so a file
// holding only comments counts as empty.
func stripYAMLComments(data []byte) []byte {
	var out []byte
	for _, line := range bytes.Split(data, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' || bytes.Equal(t, []byte("---")) || bytes.Equal(t, []byte("...")) {
			continue
		}
		out = append(out, t...)
		out = append(out, '\n')
	}
	return out
}

// nestingTooDeep scans flow brackets and block indentation cheaply, before
// the parser sees the data, so a 20,000-deep document is refused without
// recursion. It reports the line where the limit is crossed.
func nestingTooDeep(data []byte) (int, bool) {
	depth, line := 0, 1
	inSingle, inDouble, inComment := false, false, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			line++
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
				return line, true
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return 0, indentTooDeep(data)
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// indentTooDeep rejects block-style nesting deeper than maxNesting levels,
// approximated as an indentation of more than 2*maxNesting columns
// (a "- - - -" run counts each dash as a level).
func indentTooDeep(data []byte) bool {
	for _, line := range bytes.Split(data, []byte("\n")) {
		levels := 0
		for i := 0; i < len(line); i++ {
			if line[i] == ' ' {
				continue
			}
			if line[i] == '-' && i+1 < len(line) && line[i+1] == ' ' {
				levels++
				continue
			}
			levels += i / 2
			break
		}
		if levels > maxNesting*2 {
			return true
		}
	}
	return false
}
