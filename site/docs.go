package site

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site/markers"
)

// LoadDocs reads the docs the config's docs globs match (through s.FS),
// parses their markers against vocab (what markers may name: see
// blocks.Vocabulary) and records their bytes in s.Sources. Findings are
// marker problems, sorted with configured severities; the error is a
// failure to read.
func LoadDocs(s *Site, vocab *markers.Vocabulary) ([]*Doc, []Finding, error) {
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
		d, found := markers.Parse(display, data, vocab)
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
