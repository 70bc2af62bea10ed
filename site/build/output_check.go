package build

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/infradoc/infradoc/site"
)

// ErrOutputRefused is an output folder a build must not fill; commands
// report it as a usage error (exit 2).
var ErrOutputRefused = errors.New("refusing to build into")

// checkOutput refuses an output folder that is the file system's root, the
// home folder, the repository root, or a folder holding any input (the
// config, registry, obligations, docs, tests or migrations root): a build
// owns its output, removes stale files from it and would mix its pages
// with the sources it reads.
func checkOutput(r *Repo, s *site.Site, docs []*site.Doc, out string) error {
	real := resolveExisting(out)
	refuse := func(why string) error {
		return fmt.Errorf("%w %s: it is %s; name a folder of its own with --out (or site.output)", ErrOutputRefused, out, why)
	}
	if filepath.Dir(real) == real {
		return refuse("the root of the file system")
	}
	if home, err := os.UserHomeDir(); err == nil && resolveExisting(home) == real {
		return refuse("your home folder")
	}
	if r.Dir == "" {
		return nil // the embedded content/ is not on disk
	}
	root := resolveExisting(r.Dir)
	if root == real {
		return refuse("the repository root (--root)")
	}
	inputs := []string{s.Config.Registry, s.Config.Obligations, s.Config.TestsRoot, s.Config.MigrationsRoot}
	if r.Opts.ConfigFile != "" {
		inputs = append(inputs, r.Opts.ConfigFile)
	} else if s.Config.File != "" {
		inputs = append(inputs, site.ConfigFileName)
	}
	for _, d := range docs {
		inputs = append(inputs, d.Path)
	}
	for _, in := range inputs {
		if in == "" {
			continue
		}
		p := resolveExisting(filepath.Join(r.Dir, filepath.FromSlash(path.Clean(in))))
		if within(p, real) {
			return refuse(fmt.Sprintf("a folder that holds the input %s", displayInput(r, in)))
		}
	}
	return nil
}

// displayInput names an input path as messages do.
func displayInput(r *Repo, p string) string {
	if r.Display == "" || r.Display == "." {
		return p
	}
	return path.Join(r.Display, p)
}

// within reports whether p is dir or lies inside it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// resolveExisting returns the absolute path p with the symbolic links of
// its longest existing part followed, so that two names of one folder
// compare equal even when the folder does not exist yet.
func resolveExisting(p string) string {
	p, _ = filepath.Abs(p)
	rest := ""
	for {
		if resolved, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(resolved, rest)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(p, rest)
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}
