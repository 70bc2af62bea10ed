// Package rootfs reads a repository the way infradoc may: never outside
// its root, only regular files, each within a size limit.
package rootfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// Errors of reading an input that are the user's problem, not infradoc's:
// the loader reports them as findings on the file (or the config line that
// names it) and reads nothing of it.
var (
	// ErrOutsideRoot is a path that leaves the repository root: "..", an
	// absolute path, or a symbolic link whose target lies outside.
	ErrOutsideRoot = errors.New("leaves the repository root")
	// ErrNotRegular is a named pipe, device, socket or folder where a file
	// is read: reading one could block forever or never end.
	ErrNotRegular = errors.New("is not a regular file")
	// ErrTooLarge is a file over the size limit (max_file_size).
	ErrTooLarge = errors.New("is larger than max_file_size")
	// ErrIsDir is a folder where a file is read.
	ErrIsDir = errors.New("is a folder, not a file")
)

// DefaultMaxFileSize is the size limit of one input file when the config
// sets none: far above any real registry, small enough that a runaway
// input ends in a finding instead of exhausting memory.
const DefaultMaxFileSize = 64 << 20

// FS reads a folder on disk through an os.Root: no path, symbolic link
// or ".." leads outside it, files are opened without blocking (a named pipe
// cannot hang a run) and only regular files are read. Files named on the
// command line (a registry kept outside a repository one cannot write
// into) are read where they are, under the name they are given.
type FS struct {
	root    *os.Root
	folders *folders
	dir     string
	// named maps the cleaned names of files given on the command line to
	// their paths on disk.
	named map[string]string
}

// Open returns the FS of the folder dir.
func Open(dir string) (*FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &FS{root: root, folders: newFolders(root), dir: dir, named: map[string]string{}}, nil
}

// Dir is the folder on disk.
func (r *FS) Dir() string { return r.dir }

// AllowNamed lets name (a path relative to the folder, possibly starting
// with "..") be read from file on disk even when it lies outside; when
// file is a folder, so are the files in it.
func (r *FS) AllowNamed(name, file string) {
	r.named[path.Clean(name)] = file
}

// Close releases the folder.
func (r *FS) Close() error {
	r.folders.close()
	return r.root.Close()
}

// Open implements fs.FS. Anything but a folder or a regular file is
// refused with ErrNotRegular.
func (r *FS) Open(name string) (fs.File, error) {
	f, err := r.open(name)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	return file{f, info}, nil
}

// file is a file Open returns: its Stat is the one Open made, which
// ReadInput asks for again.
type file struct {
	*os.File
	info fs.FileInfo
}

// Stat returns the FileInfo of the file when it was opened.
func (f file) Stat() (fs.FileInfo, error) { return f.info, nil }

// namedFile returns where on disk name is when it is, or lies in, a path
// given on the command line.
func (r *FS) namedFile(name string) (string, bool) {
	name = path.Clean(name)
	for p := name; ; p = path.Dir(p) {
		if file, ok := r.named[p]; ok {
			return filepath.Join(file, filepath.FromSlash(strings.TrimPrefix(strings.TrimPrefix(name, p), "/"))), true
		}
		if p == "." || p == "/" || p == ".." || strings.HasSuffix(p, "/..") {
			return "", false
		}
	}
}

func (r *FS) open(name string) (*os.File, error) {
	// O_NONBLOCK: opening a named pipe for reading waits for a writer.
	const flags = os.O_RDONLY | syscall.O_NONBLOCK
	if file, ok := r.namedFile(name); ok {
		return os.OpenFile(file, flags, 0)
	}
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrOutsideRoot}
	}
	if f, err := inFolder(r.folders, name, func(dir *os.Root, base string) (*os.File, error) {
		return dir.OpenFile(base, flags, 0)
	}); err == nil || errors.Is(err, fs.ErrNotExist) {
		return f, r.classify("open", name, err)
	}
	f, err := r.root.OpenFile(name, flags, 0)
	return f, r.classify("open", name, err)
}

// inFolder runs do on the last name of a valid path in the open folder
// that holds it. An error other than a missing last name may be the
// folder's stricter view, for the caller to ask the repository's root
// again; a missing folder is such an error too.
func inFolder[T any](c *folders, name string, do func(dir *os.Root, base string) (T, error)) (T, error) {
	var zero T
	if name == "." {
		return zero, errFolderRoot
	}
	dir, release, err := c.get(path.Dir(name))
	if err != nil {
		return zero, errFolderMissing
	}
	defer release()
	v, err := do(dir, path.Base(name))
	if pe, ok := err.(*fs.PathError); ok {
		// Named as the repository's root would name it.
		pe.Path = name
	}
	return v, err
}

// errFolderRoot and errFolderMissing send a path back to the repository's
// root: the root itself is not in a folder, and a folder that could not be
// opened may still be reached from the root.
var (
	errFolderRoot    = errors.New("the root is in no folder")
	errFolderMissing = errors.New("the folder could not be opened on its own")
)

// Stat implements fs.StatFS; it follows symbolic links inside the folder.
func (r *FS) Stat(name string) (fs.FileInfo, error) {
	if file, ok := r.namedFile(name); ok {
		return os.Stat(file)
	}
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: ErrOutsideRoot}
	}
	if info, err := inFolder(r.folders, name, func(dir *os.Root, base string) (fs.FileInfo, error) {
		return dir.Stat(base)
	}); err == nil || errors.Is(err, fs.ErrNotExist) {
		return info, r.classify("stat", name, err)
	}
	info, err := r.root.Stat(name)
	return info, r.classify("stat", name, err)
}

// classify turns os.Root's refusal to leave the folder into ErrOutsideRoot.
func (r *FS) classify(op, name string, err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	// os.Root says "path escapes from parent" without an exported error.
	if errors.As(err, &pe) && pe.Err != nil && strings.Contains(pe.Err.Error(), "escapes") {
		return &fs.PathError{Op: op, Path: name, Err: ErrOutsideRoot}
	}
	return err
}

// ReadInput reads the file name in fsys when it is a regular file of at
// most limit bytes: a named pipe, a device or a larger file gives
// ErrNotRegular or ErrTooLarge instead of a hang or an exhausted memory.
func ReadInput(fsys fs.FS, name string, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrIsDir}
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrNotRegular}
	}
	if info.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
	}
	// One byte more than the size, so that a file read whole is known to be
	// at its end; a file that grows is read on, up to the limit.
	buf := make([]byte, 0, info.Size()+1)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
		}
		if errors.Is(err, io.EOF) || (n == 0 && err == nil) {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, max(512, len(buf)))
		}
	}
}

// InputProblem says, in words for a finding, why err keeps an input from
// being read, or "" when err is not the user's problem.
func InputProblem(err error, limit int64) string {
	switch {
	case errors.Is(err, ErrOutsideRoot):
		return "leaves the repository root (a '..', an absolute path or a symbolic link to a place outside --root); it is not read"
	case errors.Is(err, ErrIsDir):
		return "is a folder, not a file"
	case errors.Is(err, ErrNotRegular):
		return "is not a regular file (a named pipe, device or socket); it is not read"
	case errors.Is(err, ErrTooLarge):
		return fmt.Sprintf("is larger than max_file_size (%s); it is not read", formatSize(max(limit, 0)))
	}
	return ""
}

// formatSize writes n bytes the way max_file_size is configured.
func formatSize(n int64) string {
	if n <= 0 {
		n = DefaultMaxFileSize
	}
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}
