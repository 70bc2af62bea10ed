package rootfs

import (
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
)

// ReadDir implements fs.ReadDirFS: the entries sorted by name, symbolic
// links as links (fs.WalkDir does not follow them), with the types the
// folder's listing gives. An entry's Info is read through the root.
func (r *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := r.open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	entries, err := listFolder(f)
	for i, e := range entries {
		entries[i] = entry{DirEntry: e, fsys: r, path: path.Join(name, e.Name())}
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

// entry is a listed name whose Info is an lstat through the root, never
// one by path on disk.
type entry struct {
	fs.DirEntry
	fsys *FS
	path string
}

// Info returns the entry's own FileInfo (a link's, not its target's).
func (e entry) Info() (fs.FileInfo, error) {
	if file, ok := e.fsys.namedFile(e.path); ok {
		return os.Lstat(file)
	}
	info, err := e.fsys.root.Lstat(e.path)
	return info, e.fsys.classify("lstat", e.path, err)
}
