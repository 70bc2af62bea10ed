package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// fileUpdate is one file `infradoc fix` writes.
type fileUpdate struct {
	// Path is the file on disk; Display is how messages name it.
	Path    string
	Display string
	Data    []byte
	// Expect is what the file held when it was read; the write is refused
	// if the file no longer holds it. Nil for a file that did not exist.
	Expect []byte
	// Root is the repository root on disk: the file, once its symbolic
	// links are followed, must lie inside it. "" checks nothing.
	Root string
}

// fileWriter writes updates. The production writer is atomicWriter; fault
// tests inject failing ones.
type fileWriter interface {
	Write(u fileUpdate) error
}

// atomicWriter replaces a file atomically: the new bytes go to a temporary
// file in the same folder, synced, which is renamed over the file. The file
// keeps its mode; a symbolic link keeps pointing at the file, whose content
// is replaced. A file changed since it was read, a read-only file and a
// file whose link leads out of the root are left alone.
type atomicWriter struct {
	// wrap, when set, wraps the temporary file's writer (fault tests
	// simulate a full disk with it).
	wrap func(io.Writer) io.Writer
}

// errChanged says a file changed between infradoc's read and its write.
var errChanged = errors.New("changed on disk since infradoc read it; not written (run 'infradoc fix' again)")

// errReadOnly says a file has no write permission for its owner: an
// editor asks before it replaces one, and infradoc does not replace it.
var errReadOnly = errors.New("is read-only; not written (make it writable, e.g. chmod u+w, to let infradoc fix it)")

// errOutsideRoot says a file's symbolic link leads out of the repository.
var errOutsideRoot = errors.New("is a symbolic link that leaves the repository root; not written")

// docTempPattern names the temporary file of a doc being replaced: hidden,
// beside the doc, and recognisably infradoc's, so that one a crash left
// behind is removed by the next run (removeStaleTemps).
func docTempPattern(target string) string { return "." + filepath.Base(target) + ".infradoc-*.tmp" }

// writeTarget is where u is written: its path with symbolic links followed,
// checked against the root, and the mode it keeps.
func (u fileUpdate) writeTarget() (string, fs.FileMode, error) {
	target := u.Path
	if resolved, err := filepath.EvalSymlinks(u.Path); err == nil {
		target = resolved
	} else if !errors.Is(err, fs.ErrNotExist) || u.Expect != nil {
		return "", 0, err
	}
	if u.Root != "" {
		root, err := filepath.EvalSymlinks(u.Root)
		if err != nil {
			return "", 0, err
		}
		if rel, err := filepath.Rel(root, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return "", 0, errOutsideRoot
		}
	}
	mode := fs.FileMode(0o644)
	if info, err := os.Stat(target); err == nil {
		if !info.Mode().IsRegular() {
			return "", 0, fmt.Errorf("is not a regular file; not written")
		}
		if info.Mode().Perm()&0o200 == 0 {
			return "", 0, errReadOnly
		}
		mode = info.Mode().Perm()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", 0, err
	}
	return target, mode, nil
}

// check reports why u cannot be written, before anything is.
func (u fileUpdate) check() error {
	if _, _, err := u.writeTarget(); err != nil {
		return fmt.Errorf("%s: %w", u.Display, err)
	}
	return nil
}

func (w atomicWriter) Write(u fileUpdate) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("%s: %w", u.Display, err)
		}
	}()
	target, mode, err := u.writeTarget()
	if err != nil {
		return err
	}
	removeStaleTemps(filepath.Dir(target), docTempPattern(target))
	f, err := os.CreateTemp(filepath.Dir(target), docTempPattern(target))
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	var out io.Writer = f
	if w.wrap != nil {
		out = w.wrap(f)
	}
	_, werr := out.Write(u.Data)
	if werr == nil {
		werr = f.Chmod(mode)
	}
	if werr == nil {
		werr = f.Sync()
	}
	if err := errors.Join(werr, f.Close()); err != nil {
		return err
	}
	if u.Expect != nil {
		now, err := os.ReadFile(target)
		if err != nil {
			return err
		}
		if !bytes.Equal(now, u.Expect) {
			return errChanged
		}
	}
	return os.Rename(tmp, target)
}

// removeStaleTemps removes the files in dir that match pattern (a
// filepath.Match pattern of infradoc's own temporary files): what a run
// killed between creating and renaming its temporary file left behind.
// Only regular files are removed; errors are ignored, since a leftover
// costs disk space, not correctness.
func removeStaleTemps(dir, pattern string) {
	matches, _ := filepath.Glob(filepath.Join(dir, pattern))
	for _, m := range matches {
		if info, err := os.Lstat(m); err == nil && info.Mode().IsRegular() {
			os.Remove(m)
		}
	}
}
