package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Doc is a hand-edited markdown doc with generated blocks. Everything
// outside the blocks belongs to its author and is never changed.
type Doc struct {
	// Path is the doc's path inside the site's FS; File is its display path.
	Path string `json:"path"`
	File string `json:"file"`
	// Source is the doc as read, BOM and line endings included.
	Source []byte `json:"-"`
	// Blocks are the well-formed generated blocks and inline values, in
	// source order. Malformed markers are findings, not blocks.
	Blocks []*Block `json:"blocks"`
	// Newline is the doc's line ending: "\r\n" if its first line ends so,
	// else "\n". Generated text uses it.
	Newline string `json:"-"`
}

// Block is one generated block or inline value inside a doc.
type Block struct {
	// Kind is the block kind, or "value" for an inline value.
	Kind string `json:"kind"`
	// Value is the value name of an inline value.
	Value string `json:"value,omitempty"`
	// Options are the begin marker's key=value options in written order.
	Options []BlockOptionValue `json:"options,omitempty"`
	// Pos is the position of the begin marker's "<!--".
	Pos Pos `json:"pos"`
	// Start and End delimit the generated text in Doc.Source: for a block,
	// the lines between the marker lines; for a value, the text between the
	// two comments.
	Start int `json:"start"`
	End   int `json:"end"`
}

// KindValue is the Kind of inline values.
const KindValue = "value"

// BlockOptionValue is one option as written in a begin marker.
type BlockOptionValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Inline reports whether the block is an inline value.
func (b *Block) Inline() bool { return b.Kind == KindValue }

// Option returns the value of option key and whether it was given.
func (b *Block) Option(key string) (string, bool) {
	for _, o := range b.Options {
		if o.Key == key {
			return o.Value, true
		}
	}
	return "", false
}

// OptionList returns a list option split on commas, trimmed; nil if unset.
func (b *Block) OptionList(key string) []string {
	v, ok := b.Option(key)
	if !ok {
		return nil
	}
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Label names the block in messages: "registry-table state=A" or
// "value obligations.total".
func (b *Block) Label() string {
	var sb strings.Builder
	sb.WriteString(b.Kind)
	if b.Inline() {
		sb.WriteString(" " + b.Value)
	}
	for _, o := range b.Options {
		fmt.Fprintf(&sb, " %s=%s", o.Key, quoteOption(o.Value))
	}
	return sb.String()
}

func quoteOption(v string) string {
	if v != "" && !strings.ContainsAny(v, " \t\"\\") {
		return v
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

// Content returns the block's current generated text.
func (d *Doc) Content(b *Block) []byte { return d.Source[b.Start:b.End] }

// LoadDocs reads the docs the config's docs globs match (through s.FS),
// parses their markers and records their bytes in s.Sources. Findings are
// marker problems, sorted with configured severities; the error is a
// failure to read.
func LoadDocs(s *Site) ([]*Doc, []Finding, error) {
	fs := &findings{}
	paths, err := s.docPaths(fs)
	if err != nil {
		return nil, nil, err
	}
	var docs []*Doc
	byFold := map[string]string{}
	for _, p := range paths {
		display := s.DisplayPath(p)
		if other, ok := byFold[strings.ToLower(p)]; ok {
			fs.Add(Pos{File: display}, "doc-name-case", "%s and %s differ only in letter case: their pages would overwrite each other on macOS and Windows; rename one", s.DisplayPath(other), display)
			continue
		}
		byFold[strings.ToLower(p)] = p
		data, err := s.readInput(p)
		if s.inputFinding(p, display, err, fs) {
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", display, err)
		}
		if s.Sources == nil {
			s.Sources = map[string][]byte{}
		}
		s.Sources[display] = data
		d, found := ParseDoc(display, data)
		d.Path = p
		fs.List = append(fs.List, found...)
		docs = append(docs, d)
	}
	return docs, s.Config.ApplySeverities(fs.List), nil
}

// docPaths expands the config's docs globs, sorted and without duplicates.
func (s *Site) docPaths(fs *findings) ([]string, error) {
	var out []string
	for i, pattern := range s.Config.Docs {
		pos := s.Config.Of("docs")
		if s.Config.File == "" {
			pos = Pos{}
		}
		if _, err := path.Match(pattern, ""); err != nil {
			fs.Add(pos, "format", "docs pattern %q (entry %d) is not a valid glob: %v", pattern, i+1, err)
			continue
		}
		matches, err := globFS(s.FS, pattern, s.skipDirs)
		if err != nil {
			return nil, err
		}
		if len(matches) == 0 {
			f := Finding{Pos: pos, Severity: SeverityWarning, Rule: "docs-glob",
				Message: fmt.Sprintf("docs pattern %q (entry %d) matches no file", pattern, i+1)}
			fs.List = append(fs.List, f)
		}
		out = append(out, matches...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// globFS is fs.Glob plus "**" for any number of folders, which does not
// enter the folders in skip; only regular files (or links to them) are
// returned.
func globFS(fsys fs.FS, pattern string, skip map[string]bool) ([]string, error) {
	pattern = path.Clean(pattern)
	if _, err := path.Match(pattern, ""); err != nil {
		return nil, fmt.Errorf("docs pattern %q: %w", pattern, err)
	}
	var matches []string
	if !strings.Contains(pattern, "**") {
		m, err := fs.Glob(fsys, pattern)
		if err != nil {
			return nil, err
		}
		matches = m
	} else {
		prefix, _, _ := strings.Cut(pattern, "**")
		root := strings.TrimSuffix(prefix, "/")
		if root == "" {
			root = "."
		}
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && skip[p] {
				return fs.SkipDir
			}
			if matchDoubleStar(pattern, p) {
				matches = append(matches, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var out []string
	for _, m := range matches {
		// A match that is not a folder is kept even when it cannot be read
		// (a link out of the root, a named pipe): reading it then gives
		// the finding that says why.
		if st, err := fs.Stat(fsys, m); err == nil && !st.IsDir() || err != nil && !errors.Is(err, fs.ErrNotExist) {
			out = append(out, m)
		}
	}
	return out, nil
}

// matchDoubleStar matches p against a pattern where a "**" segment stands
// for zero or more folders.
func matchDoubleStar(pattern, p string) bool {
	ps, ss := strings.Split(pattern, "/"), strings.Split(p, "/")
	var match func(i, j int) bool
	match = func(i, j int) bool {
		if i == len(ps) {
			return j == len(ss)
		}
		if ps[i] == "**" {
			for k := j; k <= len(ss); k++ {
				if match(i+1, k) {
					return true
				}
			}
			return false
		}
		if j == len(ss) {
			return false
		}
		ok, _ := path.Match(ps[i], ss[j])
		return ok && match(i+1, j+1)
	}
	return match(0, 0)
}

// detectNewline returns "\r\n" if src's first line ends with CRLF.
func detectNewline(src []byte) string {
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}
