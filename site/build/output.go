package build

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// outputFolder is the site's output folder, opened as an os.Root: no path
// the build writes or removes can lead outside it, whatever links are
// planted inside. On top of that, the build refuses a folder on its way
// that is a symbolic link (it never writes through one) and removes only
// regular files.
//
// A file that replaces one is staged: it is written to a temporary file
// beside its target and renamed over it only when every file of the site
// was written, so a build that fails half-way (a full disk, a name too
// long) leaves the previous site as it was. A file the folder does not
// hold yet has nothing to protect: it is created in its place at once
// (a cold build renames nothing) and removed again if the build fails.
type outputFolder struct {
	dir  string
	root *os.Root
	// tmpPrefix names this build's temporary files; seq numbers them.
	tmpPrefix string
	seq       atomic.Int64
	// present is what the folder held before the build wrote anything
	// (entries): a path missing from it is created, not staged.
	present map[string]fs.FileMode

	mu      sync.Mutex
	staged  []stagedFile
	created []string
	// written are the site's files as the build left them: stat-ed
	// through their handles when written or found the same, so that the
	// stamp need not stat every path again after the build.
	written map[string]fs.FileInfo
}

// stagedFile is a temporary file waiting to be renamed over its target,
// both relative to the output folder.
type stagedFile struct{ tmp, target string }

// tempPrefix starts every temporary file of a build in the output folder;
// isTempName recognises them, so a build removes what a killed one left.
const tempPrefix = ".infradoc-"

func isTempName(name string) bool {
	return strings.HasPrefix(name, tempPrefix) && strings.HasSuffix(name, ".tmp")
}

// openOutput creates dir when missing and opens it.
func openOutput(dir string) (*outputFolder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		root.Close()
		return nil, err
	}
	return &outputFolder{dir: dir, root: root, tmpPrefix: tempPrefix + hex.EncodeToString(b[:]) + "-"}, nil
}

func (o *outputFolder) Close() error { return o.root.Close() }

// show is how messages name a path of the output folder.
func (o *outputFolder) show(rel string) string { return filepath.Join(o.dir, filepath.FromSlash(rel)) }

// checkFolders refuses to write into a folder that is a symbolic link or
// not a folder at all: dirs are folders of the output (slash paths, "."
// the output itself), and each of their parents is checked too.
func (o *outputFolder) checkFolders(dirs []string) error {
	checked := map[string]bool{".": true}
	var errs []error
	for _, d := range dirs {
		var chain []string
		for p := d; !checked[p]; p = path.Dir(p) {
			chain = append(chain, p)
			checked[p] = true
		}
		for i := len(chain) - 1; i >= 0; i-- {
			info, err := o.root.Lstat(chain[i])
			if errors.Is(err, fs.ErrNotExist) {
				break // created by the build, with all below it
			}
			switch {
			case err != nil:
				errs = append(errs, err)
			case info.Mode()&fs.ModeSymlink != 0:
				errs = append(errs, fmt.Errorf("%w %s: %s is a symbolic link, and a build writes only into real folders inside its output, never through a link; remove the link", ErrOutputRefused, o.dir, o.show(chain[i])))
			case !info.IsDir():
				errs = append(errs, fmt.Errorf("%w %s: %s is a file where the site needs a folder; remove it or build into another folder (--out)", ErrOutputRefused, o.dir, o.show(chain[i])))
			}
			if err != nil || !info.IsDir() {
				break
			}
		}
	}
	return errors.Join(errs...)
}

// entries returns the paths (relative, slash) of everything the folders
// hold, with their types as the listing gives them (no stat), and removes
// the temporary files an interrupted build left there.
func (o *outputFolder) entries(dirs []string) (map[string]fs.FileMode, error) {
	present := map[string]fs.FileMode{}
	for _, d := range dirs {
		f, err := o.root.Open(d)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		list, err := f.ReadDir(-1)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("listing %s: %w", o.show(d), err)
		}
		for _, e := range list {
			p := path.Join(d, e.Name())
			if isTempName(e.Name()) {
				o.removeFile(p)
				continue
			}
			present[p] = e.Type()
		}
	}
	return present, nil
}

// same reports whether rel, a regular file as its folder's listing says,
// still holds exactly data: one open, its fstat, one read. When it does,
// info is what it is.
func (o *outputFolder) same(rel string, data []byte) (info fs.FileInfo, same bool) {
	f, err := o.root.Open(rel)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	info, err = f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return nil, false
	}
	bp := compareBufs.Get().(*[]byte)
	defer compareBufs.Put(bp)
	if cap(*bp) < len(data)+1 {
		*bp = make([]byte, len(data)+1)
	}
	buf := (*bp)[:len(data)+1]
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, false
	}
	if n != len(data) || !bytes.Equal(buf[:n], data) {
		return nil, false
	}
	return info, true
}

// record notes what rel, a file of the site, is once the build has
// written it or found it the same.
func (o *outputFolder) record(rel string, info fs.FileInfo) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.written == nil {
		o.written = map[string]fs.FileInfo{}
	}
	o.written[rel] = info
}

// compareBufs holds the buffers same reads files into.
var compareBufs = sync.Pool{New: func() any { return new([]byte) }}

// writeNew writes data to name, which must not exist yet (O_EXCL: a file
// or link that appeared since the folder was listed is not overwritten),
// and returns what it is once written; a file it could not write whole
// is removed. Messages name rel, the site's file.
func (o *outputFolder) writeNew(name, rel string, data []byte) (fs.FileInfo, error) {
	f, err := o.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", o.show(rel), err)
	}
	_, werr := f.Write(data)
	info, serr := f.Stat()
	if err := errors.Join(werr, serr, f.Close()); err != nil {
		o.root.Remove(name)
		return nil, fmt.Errorf("writing %s: %w", o.show(rel), err)
	}
	return info, nil
}

// writeTemp writes data to a new temporary file beside rel and returns
// its path, and what it is once written (a rename keeps its size and
// modification time).
func (o *outputFolder) writeTemp(rel string, data []byte) (string, fs.FileInfo, error) {
	tmp := path.Join(path.Dir(rel), o.tmpPrefix+strconv.FormatInt(o.seq.Add(1), 10)+".tmp")
	info, err := o.writeNew(tmp, rel, data)
	return tmp, info, err
}

// create writes data to rel, which must not exist yet, and remembers it
// for discard.
func (o *outputFolder) create(rel string, data []byte) error {
	info, err := o.writeNew(rel, rel, data)
	if err != nil {
		return err
	}
	o.mu.Lock()
	o.created = append(o.created, rel)
	o.mu.Unlock()
	o.record(rel, info)
	return nil
}

// stage writes data to a temporary file beside rel, to be renamed over it
// by commit, or straight to rel when the folder did not hold it.
func (o *outputFolder) stage(rel string, data []byte) error {
	if _, exists := o.present[rel]; !exists && o.present != nil {
		return o.create(rel, data)
	}
	tmp, info, err := o.writeTemp(rel, data)
	if err != nil {
		return err
	}
	o.mu.Lock()
	o.staged = append(o.staged, stagedFile{tmp: tmp, target: rel})
	o.mu.Unlock()
	o.record(rel, info)
	return nil
}

// commit renames every staged file over its target. A rename replaces a
// link at the target itself, never the file it points to.
func (o *outputFolder) commit() error {
	o.mu.Lock()
	staged := o.staged
	o.staged = nil
	o.mu.Unlock()
	for i, s := range staged {
		if err := o.root.Rename(s.tmp, s.target); err != nil {
			for _, rest := range staged[i:] {
				o.root.Remove(rest.tmp)
			}
			return fmt.Errorf("replacing %s: %w", o.show(s.target), err)
		}
	}
	return nil
}

// discard removes every staged file and every file the build created:
// the old site stays as it was.
func (o *outputFolder) discard() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, s := range o.staged {
		o.root.Remove(s.tmp)
	}
	for _, rel := range o.created {
		o.root.Remove(rel)
	}
	o.staged, o.created = nil, nil
}

// writeNow replaces rel with data at once, through a temporary file.
func (o *outputFolder) writeNow(rel string, data []byte) error {
	tmp, _, err := o.writeTemp(rel, data)
	if err != nil {
		return err
	}
	if err := o.root.Rename(tmp, rel); err != nil {
		o.root.Remove(tmp)
		return err
	}
	return nil
}

// removeFile removes rel when it is a regular file (never a link's target
// or a folder), reporting whether it did.
func (o *outputFolder) removeFile(rel string) (bool, error) {
	// A listed file behind a folder that is now a link is not the file
	// the build wrote: leave it, wherever the link leads.
	for d := path.Dir(rel); d != "."; d = path.Dir(d) {
		info, err := o.root.Lstat(d)
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if !info.IsDir() {
			return false, nil
		}
	}
	info, err := o.root.Lstat(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !info.Mode().IsRegular() {
		return false, nil
	}
	if err := o.root.Remove(rel); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	return true, nil
}

// removeEmptyParents removes the folder dir (relative) and its parents
// while they are empty, up to the output folder itself.
func (o *outputFolder) removeEmptyParents(dir string) {
	for ; dir != "." && dir != "/" && dir != ""; dir = path.Dir(dir) {
		if info, err := o.root.Lstat(dir); err != nil || !info.IsDir() {
			return
		}
		if o.root.Remove(dir) != nil {
			return
		}
	}
}

// readManifest returns the paths the previous build wrote; none when there
// is no manifest, or when it is not a regular file. Lines that are not
// clean relative paths are ignored, so an edited manifest cannot make a
// build delete outside the folder.
func (o *outputFolder) readManifest() (map[string]bool, error) {
	paths := map[string]bool{}
	info, err := o.root.Lstat(ManifestName)
	if errors.Is(err, fs.ErrNotExist) {
		return paths, nil
	}
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file; remove it", o.show(ManifestName))
	}
	data, err := o.root.ReadFile(ManifestName)
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") && validSitePath(line) && line != ManifestName {
			paths[line] = true
		}
	}
	return paths, nil
}

// writeManifest records paths, sorted and once each, when the list changed.
func (o *outputFolder) writeManifest(paths []string) error {
	var b bytes.Buffer
	b.WriteString(manifestHeader)
	for _, p := range sortedUnique(paths) {
		b.WriteString(p)
		b.WriteByte('\n')
	}
	if _, same := o.same(ManifestName, b.Bytes()); same {
		return nil
	}
	return o.writeNow(ManifestName, b.Bytes())
}
