package rootfs

import (
	"os"
	"path"
	"sync"
)

// folders keeps the folders of a repository that were read most recently
// open, each as an os.Root inside the repository's. An os.Root opens a
// path one name at a time, so reading backend/migrations/OB-1/001.sql
// from the repository's root opens backend, migrations and OB-1 on the
// way; reading it from the folder backend/migrations/OB-1, found here,
// opens only the file. In a large repository that is most of the system
// calls of a load.
//
// A folder's root is stricter than the repository's (a symbolic link from
// one folder into a sibling leaves the folder, not the repository), so a
// caller that fails through a folder tries again from the repository's
// root, whose answer is the one that counts.
type folders struct {
	base *os.Root

	mu   sync.Mutex
	open map[string]*folder
	tick uint64
}

// folder is one open folder; refs counts its users, so that it is closed
// only when none is left.
type folder struct {
	root    *os.Root
	refs    int
	used    uint64
	evicted bool
}

// maxFolders bounds the folders kept open: enough for the folders every
// path of a repository passes through and those being read, few enough to
// stay far below any limit of open files.
const maxFolders = 64

func newFolders(base *os.Root) *folders {
	return &folders{base: base, open: map[string]*folder{}}
}

// get returns the folder dir (a clean slash path, "." the repository) and
// the function that releases it.
func (c *folders) get(dir string) (*os.Root, func(), error) {
	if dir == "." {
		return c.base, func() {}, nil
	}
	if f := c.lookup(dir); f != nil {
		return f.root, func() { c.release(f) }, nil
	}
	parent, release, err := c.get(path.Dir(dir))
	if err != nil {
		return nil, nil, err
	}
	sub, err := parent.OpenRoot(path.Base(dir))
	release()
	if err != nil {
		return nil, nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.open[dir]; ok {
		// Opened by another reader meanwhile: keep one.
		sub.Close()
		c.use(f)
		return f.root, func() { c.release(f) }, nil
	}
	f := &folder{root: sub}
	c.open[dir] = f
	c.use(f)
	c.evict()
	return f.root, func() { c.release(f) }, nil
}

// lookup returns the open folder dir, taken, or nil.
func (c *folders) lookup(dir string) *folder {
	c.mu.Lock()
	defer c.mu.Unlock()
	f := c.open[dir]
	if f != nil {
		c.use(f)
	}
	return f
}

// use takes f; c.mu is held.
func (c *folders) use(f *folder) {
	c.tick++
	f.refs++
	f.used = c.tick
}

func (c *folders) release(f *folder) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f.refs--
	if f.evicted && f.refs == 0 {
		f.root.Close()
	}
}

// evict closes the least recently used folders beyond maxFolders; one in
// use is closed when its last user releases it. c.mu is held.
func (c *folders) evict() {
	for len(c.open) > maxFolders {
		var oldest string
		var of *folder
		for name, f := range c.open {
			if of == nil || f.used < of.used {
				oldest, of = name, f
			}
		}
		delete(c.open, oldest)
		of.evicted = true
		if of.refs == 0 {
			of.root.Close()
		}
	}
}

// close closes every folder; none may be in use.
func (c *folders) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for name, f := range c.open {
		f.root.Close()
		delete(c.open, name)
	}
}
