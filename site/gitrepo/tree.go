package gitrepo

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/infradoc/infradoc/site/rootfs"
)

// Tree is the tree of files of one commit, read-only, as an fs.FS rooted at
// a folder of it. It keeps the rules of site/rootfs: a symbolic link is
// followed only while it stays inside the root (one that leaves it gives
// rootfs.ErrOutsideRoot), and a submodule, which is a commit and not a file,
// gives rootfs.ErrNotRegular. File contents are read from git on first
// read.
type Tree struct {
	repo   *Repo
	commit string
	// base is the folder of the commit's tree the FS is rooted at; "" for
	// the top.
	base  string
	nodes map[string]*node
}

// node is a file, link, submodule or folder of the tree, keyed by its path
// from the top of the tree.
type node struct {
	name string
	mode fs.FileMode
	id   string
	size int64
	// children are the names in a folder, sorted.
	children []string
}

func (n *node) isDir() bool { return n.mode.IsDir() }

// Tree returns the files of the commit ref names, rooted at dir (a folder
// from the top of the work tree, with slashes; "" for the top; see Sub). Only
// the listing of dir is read now (`git ls-tree`), so a large repository
// costs what the folder holds; contents are read when a file is.
func (r *Repo) Tree(ref, dir string) (*Tree, error) {
	commit, err := r.Resolve(ref)
	if err != nil {
		return nil, err
	}
	args := []string{"--literal-pathspecs", "ls-tree", "-r", "-z", "--long", "--full-tree", commit}
	if d := path.Clean(dir); d != "." && d != "" {
		if !fs.ValidPath(d) {
			return nil, fmt.Errorf("gitrepo: %q is not a folder path inside the tree", dir)
		}
		args = append(args, "--", d+"/")
	}
	out, err := r.run(args...)
	if err != nil {
		return nil, err
	}
	t := &Tree{repo: r, commit: commit, nodes: map[string]*node{"": {name: ".", mode: fs.ModeDir | 0o755}}}
	for rec := range bytes.SplitSeq(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		n, p, err := parseLsTree(string(rec))
		if err != nil {
			return nil, fmt.Errorf("git ls-tree %s: %w", ref, err)
		}
		t.add(p, n)
	}
	for _, n := range t.nodes {
		slices.Sort(n.children)
	}
	return t.Sub(dir)
}

// parseLsTree reads "<mode> <type> <id> <size>\t<path>".
func parseLsTree(rec string) (*node, string, error) {
	meta, p, ok := strings.Cut(rec, "\t")
	f := strings.Fields(meta)
	if !ok || len(f) != 4 || p == "" {
		return nil, "", fmt.Errorf("unexpected entry %q", rec)
	}
	n := &node{name: path.Base(p), id: f[2]}
	switch f[0] {
	case "100644":
		n.mode = 0o644
	case "100755":
		n.mode = 0o755
	case "120000":
		n.mode = fs.ModeSymlink | 0o777
	case "160000":
		// A submodule: a commit of another repository.
		n.mode = fs.ModeIrregular
	default:
		return nil, "", fmt.Errorf("unexpected mode in %q", rec)
	}
	if f[3] != "-" {
		size, err := strconv.ParseInt(f[3], 10, 64)
		if err != nil {
			return nil, "", fmt.Errorf("unexpected size in %q", rec)
		}
		n.size = size
	}
	return n, p, nil
}

// add records the entry n at p and the folders above it.
func (t *Tree) add(p string, n *node) {
	t.nodes[p] = n
	for {
		dir := path.Dir(p)
		if dir == "." {
			dir = ""
		}
		parent, ok := t.nodes[dir]
		if !ok {
			parent = &node{name: path.Base(dir), mode: fs.ModeDir | 0o755}
			t.nodes[dir] = parent
		}
		parent.children = append(parent.children, path.Base(p))
		if ok || dir == "" {
			return
		}
		p = dir
	}
}

// Commit is the hash of the tree's commit.
func (t *Tree) Commit() string { return t.commit }

// Sub returns the tree rooted at dir (a folder of the tree, from the top,
// with slashes). A dir the commit does not hold gives an empty tree, as a
// repository that did not have that folder yet reads: nothing in it.
func (t *Tree) Sub(dir string) (*Tree, error) {
	dir = path.Clean(dir)
	if dir == "." {
		dir = ""
	}
	if !fs.ValidPath(path.Join(".", dir)) {
		return nil, fmt.Errorf("gitrepo: %q is not a folder path inside the tree", dir)
	}
	sub := *t
	sub.base = path.Join(t.base, dir)
	return &sub, nil
}

// Exists reports whether the tree's root folder exists in its commit.
func (t *Tree) Exists() bool {
	n, ok := t.nodes[t.base]
	return ok && n.isDir()
}

// maxLinks bounds the symbolic links one path may go through, as the
// kernel's ELOOP limit does.
const maxLinks = 40

// lookup finds name, following symbolic links while they stay inside the
// root; follow says whether a link at the end of the path is followed too.
// It returns the node and its full path.
func (t *Tree) lookup(op, name string, follow bool) (*node, string, error) {
	perr := func(err error) error { return &fs.PathError{Op: op, Path: name, Err: err} }
	if !fs.ValidPath(name) {
		return nil, "", perr(rootfs.ErrOutsideRoot)
	}
	root, ok := t.nodes[t.base]
	if !ok || !root.isDir() {
		if name == "." {
			// The root of a folder the commit lacks: an empty folder.
			return &node{name: ".", mode: fs.ModeDir | 0o755}, t.base, nil
		}
		return nil, "", perr(fs.ErrNotExist)
	}
	var rest []string
	if name != "." {
		rest = strings.Split(name, "/")
	}
	// done holds the components resolved so far, from the root.
	var done []string
	links := 0
	for len(rest) > 0 {
		c := rest[0]
		rest = rest[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return nil, "", perr(rootfs.ErrOutsideRoot)
			}
			done = done[:len(done)-1]
			continue
		}
		full := path.Join(t.base, path.Join(done...), c)
		n, ok := t.nodes[full]
		if !ok {
			return nil, "", perr(fs.ErrNotExist)
		}
		if n.mode&fs.ModeSymlink == 0 || (len(rest) == 0 && !follow) {
			if len(rest) > 0 && !n.isDir() {
				return nil, "", perr(fs.ErrNotExist)
			}
			done = append(done, c)
			continue
		}
		if links++; links > maxLinks {
			return nil, "", perr(fmt.Errorf("%w: too many levels of symbolic links", rootfs.ErrNotRegular))
		}
		target, err := t.repo.ReadBlob(n.id, 4096)
		if err != nil {
			return nil, "", perr(err)
		}
		if path.IsAbs(string(target)) {
			return nil, "", perr(rootfs.ErrOutsideRoot)
		}
		rest = append(strings.Split(string(target), "/"), rest...)
	}
	full := path.Join(t.base, path.Join(done...))
	return t.nodes[full], full, nil
}

// Open implements fs.FS: a folder or a regular file; anything else is
// refused with rootfs.ErrNotRegular.
func (t *Tree) Open(name string) (fs.File, error) {
	n, full, err := t.lookup("open", name, true)
	if err != nil {
		return nil, err
	}
	switch {
	case n.isDir():
		return &dirFile{t: t, n: n, full: full}, nil
	case n.mode.IsRegular():
		return &file{t: t, n: n}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: rootfs.ErrNotRegular}
}

// Stat implements fs.StatFS; it follows symbolic links inside the root.
func (t *Tree) Stat(name string) (fs.FileInfo, error) {
	n, _, err := t.lookup("stat", name, true)
	if err != nil {
		return nil, err
	}
	return info{n}, nil
}

// ReadDir implements fs.ReadDirFS: the entries sorted by name, symbolic
// links as links (fs.WalkDir does not follow them).
func (t *Tree) ReadDir(name string) ([]fs.DirEntry, error) {
	n, full, err := t.lookup("readdir", name, true)
	if err != nil {
		return nil, err
	}
	if !n.isDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fmt.Errorf("not a folder")}
	}
	return t.entries(n, full), nil
}

func (t *Tree) entries(n *node, full string) []fs.DirEntry {
	out := make([]fs.DirEntry, len(n.children))
	for i, c := range n.children {
		out[i] = fs.FileInfoToDirEntry(info{t.nodes[path.Join(full, c)]})
	}
	return out
}

// info is a node's fs.FileInfo; every time is the zero time, since a tree
// records none.
type info struct{ n *node }

func (i info) Name() string       { return i.n.name }
func (i info) Size() int64        { return i.n.size }
func (i info) Mode() fs.FileMode  { return i.n.mode }
func (i info) ModTime() time.Time { return time.Time{} }
func (i info) IsDir() bool        { return i.n.isDir() }
func (i info) Sys() any           { return nil }

// file is an open regular file; its bytes are read on the first Read.
type file struct {
	t    *Tree
	n    *node
	data *bytes.Reader
}

func (f *file) Stat() (fs.FileInfo, error) { return info{f.n}, nil }
func (f *file) Close() error               { return nil }

func (f *file) Read(p []byte) (int, error) {
	if f.data == nil {
		// The size was known from the listing; callers check it against
		// their limit before reading (rootfs.ReadInput does).
		b, err := f.t.repo.ReadBlob(f.n.id, max(f.n.size, 1))
		if err != nil {
			return 0, err
		}
		f.data = bytes.NewReader(b)
	}
	return f.data.Read(p)
}

// dirFile is an open folder.
type dirFile struct {
	t    *Tree
	n    *node
	full string
	// read counts the entries ReadDir returned.
	read int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return info{d.n}, nil }
func (d *dirFile) Close() error               { return nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.n.name, Err: fmt.Errorf("is a folder")}
}

func (d *dirFile) ReadDir(count int) ([]fs.DirEntry, error) {
	all := d.t.entries(d.n, d.full)[d.read:]
	if count <= 0 {
		d.read += len(all)
		return all, nil
	}
	if len(all) == 0 {
		return nil, io.EOF
	}
	all = all[:min(count, len(all))]
	d.read += len(all)
	return all, nil
}
