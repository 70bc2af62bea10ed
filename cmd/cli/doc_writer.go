package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/google/renameio/v2"
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
}

// fileWriter writes updates. The production writer is atomicWriter; fault
// tests inject failing ones.
type fileWriter interface {
	Write(u fileUpdate) error
}

// atomicWriter replaces a file atomically: the new bytes go to a temporary
// file in the same folder, which is renamed over the file. The file keeps
// its mode; a symbolic link keeps pointing at the file, whose content is
// replaced. A file changed since it was read is left alone.
type atomicWriter struct {
	// wrap, when set, wraps the temporary file's writer (fault tests
	// simulate a full disk with it).
	wrap func(io.Writer) io.Writer
}

// errChanged says a file changed between infradoc's read and its write.
var errChanged = errors.New("changed on disk since infradoc read it; not written (run 'infradoc fix' again)")

func (w atomicWriter) Write(u fileUpdate) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("%s: %w", u.Display, err)
		}
	}()
	target := u.Path
	if resolved, err := filepath.EvalSymlinks(u.Path); err == nil {
		target = resolved
	} else if !errors.Is(err, fs.ErrNotExist) || u.Expect != nil {
		return err
	}
	opts := []renameio.Option{renameio.WithTempDir(filepath.Dir(target))}
	if u.Expect != nil {
		opts = append(opts, renameio.WithExistingPermissions())
	} else {
		opts = append(opts, renameio.WithPermissions(0o644))
	}
	pf, err := renameio.NewPendingFile(target, opts...)
	if err != nil {
		return err
	}
	defer pf.Cleanup()
	var out io.Writer = pf
	if w.wrap != nil {
		out = w.wrap(pf)
	}
	if _, err := out.Write(u.Data); err != nil {
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
	return pf.CloseAtomicallyReplace()
}
