package adopt

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Bounds of the look around a repository: init reads a repository it has
// never seen, so it lists at most maxEntries files and folders, at most
// maxDepth folders down, and never enters hidden, third-party or
// generated folders.
const (
	maxEntries = 50000
	maxDepth   = 8
)

// skipped are folders of third-party or generated code init does not
// enter, besides hidden ones.
var skipped = map[string]bool{
	"node_modules": true, "__pycache__": true, "site-packages": true, "venv": true,
	"vendor": true, "dist": true, "build": true, "target": true,
}

// tree is what the walk saw: every file and folder path, sorted.
type tree struct {
	files, dirs []string
	isFile      map[string]bool
	isDir       map[string]bool
	// cut is true when the walk stopped at maxEntries.
	cut bool
}

var errEnough = errors.New("enough")

// walk lists fsys within the bounds.
func walk(fsys fs.FS) (*tree, error) {
	t := &tree{isFile: map[string]bool{}, isDir: map[string]bool{".": true}}
	n := 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			return nil // unreadable folder: not a candidate
		}
		if p == "." {
			return nil
		}
		if n++; n > maxEntries {
			t.cut = true
			return errEnough
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") || skipped[d.Name()] || strings.Count(p, "/") >= maxDepth {
				return fs.SkipDir
			}
			t.dirs = append(t.dirs, p)
			t.isDir[p] = true
			return nil
		}
		if d.Type().IsRegular() {
			t.files = append(t.files, p)
			t.isFile[p] = true
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, err
	}
	slices.Sort(t.files)
	slices.Sort(t.dirs)
	return t, nil
}

// withExt returns the files whose extension is one of exts, sorted.
func (t *tree) withExt(exts ...string) []string {
	var out []string
	for _, f := range t.files {
		if slices.Contains(exts, strings.ToLower(path.Ext(f))) {
			out = append(out, f)
		}
	}
	return out
}

// under counts the files below folder dir (or the whole tree for ".")
// with extension ext.
func (t *tree) under(dir, ext string) int {
	n := 0
	for _, f := range t.files {
		if (dir == "." || strings.HasPrefix(f, dir+"/")) && strings.EqualFold(path.Ext(f), ext) {
			n++
		}
	}
	return n
}
