package junit

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/rootfs"
)

// Results are the cases of the JUnit files given to verify or promote.
type Results struct {
	// Files are the display paths of the files read, in the order given.
	Files []string `json:"files"`
	// Cases are every file's cases, file by file in document order.
	Cases []Case `json:"cases"`
	// Findings are the files that could not be read or parsed.
	Findings []finding.Finding `json:"findings"`
}

// Read reads the JUnit files args names through the repository s was
// loaded from. A name is relative to the repository root, or an absolute
// path inside dir (the root on disk; "" when the repository is not on
// disk). A name that leads outside the root, a missing file and a file
// that is not JUnit XML are findings, not errors; the error is for a
// failure to read that is not the user's input (an I/O error).
func Read(s *site.Site, dir string, args []string) (*Results, error) {
	res := &Results{}
	limit := s.Config.ReadLimit()
	for _, arg := range args {
		name, ok := inRoot(dir, arg)
		at := finding.Pos{File: arg}
		if !ok {
			res.add(at, finding.Error, "outside-root", "--junit %s %s", arg, rootfs.InputProblem(rootfs.ErrOutsideRoot, limit))
			continue
		}
		display := s.DisplayPath(name)
		at.File = display
		data, err := rootfs.ReadInput(s.FS, name, limit)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			res.add(at, finding.Error, "file-missing", "--junit %s does not exist", display)
			continue
		case err != nil && rootfs.InputProblem(err, limit) != "":
			rule := "input-file"
			if errors.Is(err, rootfs.ErrOutsideRoot) {
				rule = "outside-root"
			}
			res.add(at, finding.Error, rule, "--junit %s %s", display, rootfs.InputProblem(err, limit))
			continue
		case err != nil:
			return nil, err
		}
		cases, fs := Parse(display, data)
		res.Files = append(res.Files, display)
		res.Cases = append(res.Cases, cases...)
		res.Findings = append(res.Findings, fs...)
	}
	return res, nil
}

func (r *Results) add(at finding.Pos, sev finding.Severity, rule, format string, args ...any) {
	r.Findings = append(r.Findings, finding.Finding{Pos: at, Severity: sev, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

// inRoot turns a --junit argument into a slash-separated path relative to
// the root dir: a relative one is taken as relative to the root, an
// absolute one must lie inside it. It reports false for a path that
// climbs out with "..", for an absolute path outside and for any absolute
// path when dir is ""; a symbolic link out of the root is left for rootfs
// to refuse.
func inRoot(dir, arg string) (string, bool) {
	if !filepath.IsAbs(arg) {
		p := path.Clean(filepath.ToSlash(arg))
		return p, p != ".." && !strings.HasPrefix(p, "../")
	}
	if dir == "" {
		return "", false
	}
	root, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	// Compare the two with their symbolic links followed where they
	// exist: /tmp and /private/tmp are one folder on macOS.
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	p := filepath.Clean(arg)
	if d, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		p = filepath.Join(d, filepath.Base(p))
	}
	rel, err := filepath.Rel(root, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}
