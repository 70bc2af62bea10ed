package evidence

import (
	"io/fs"
	"sync"
)

// listingFS is the file system of one evidence scan. It remembers each
// folder it lists, so that the walk for test files does not list again
// the migration folders the migration scan has just listed: with the
// migrations under the tests root (tests_root: backend), that is one
// folder per obligation.
type listingFS struct {
	fsys fs.FS
	mu   sync.Mutex
	dirs map[string][]fs.DirEntry
}

func newListingFS(fsys fs.FS) *listingFS {
	return &listingFS{fsys: fsys, dirs: map[string][]fs.DirEntry{}}
}

// Open implements fs.FS.
func (l *listingFS) Open(name string) (fs.File, error) { return l.fsys.Open(name) }

// Stat implements fs.StatFS.
func (l *listingFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(l.fsys, name) }

// ReadFile implements fs.ReadFileFS.
func (l *listingFS) ReadFile(name string) ([]byte, error) { return fs.ReadFile(l.fsys, name) }

// ReadDir implements fs.ReadDirFS; callers must not modify the entries.
func (l *listingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	l.mu.Lock()
	entries, ok := l.dirs[name]
	l.mu.Unlock()
	if ok {
		return entries, nil
	}
	entries, err := fs.ReadDir(l.fsys, name)
	if err == nil {
		l.mu.Lock()
		l.dirs[name] = entries
		l.mu.Unlock()
	}
	return entries, err
}
