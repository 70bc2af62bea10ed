package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/infradoc/infradoc/render"
)

// manifestName is the file in the output folder that lists, one path a
// line, every file the last build wrote. A build removes only files listed
// there, so it never deletes a file it did not write.
const manifestName = ".infradoc-manifest"

// manifestHeader starts the manifest so that a reader knows what it is.
const manifestHeader = "# files written by infradoc build; stale ones are removed on the next build\n"

// writeStats counts what writeSite did.
type writeStats struct {
	written, removed, unchanged int
}

// sitePlan is what writeSite writes: the paths known up front, the bytes
// made on the fly (render.SitePlan).
type sitePlan interface {
	Paths() []string
	// Render hands each file to emit; f.Data is only valid until emit
	// returns.
	Render(emit func(render.SiteFile) error) error
}

// writeSite makes out hold exactly the plan's files plus whatever was there
// that an earlier build did not write. Each file is written as soon as it
// is rendered, and only when its bytes differ (to a temporary file, renamed
// over the old one, so a reader never sees half a page); files the previous
// manifest lists that are no longer part of the site are removed, with the
// folders they leave empty. Before writing anything it refuses to replace a
// file that no build wrote.
func writeSite(out string, plan sitePlan) (writeStats, error) {
	var st writeStats
	paths := plan.Paths()
	for _, p := range paths {
		if !validSitePath(p) || p == manifestName {
			return st, fmt.Errorf("refusing to write %q outside the output folder", p)
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return st, err
	}
	old, err := readManifest(out)
	if err != nil {
		return st, err
	}
	dirs := map[string]bool{}
	for _, p := range paths {
		dirs[filepath.Dir(filepath.Join(out, filepath.FromSlash(p)))] = true
	}
	present, err := folderEntries(slices.Collect(maps.Keys(dirs)))
	if err != nil {
		return st, err
	}
	var foreign []error
	for _, p := range paths {
		if target := filepath.Join(out, filepath.FromSlash(p)); !old[p] && present[target] {
			foreign = append(foreign, fmt.Errorf("%s exists and was not written by infradoc build; remove it or build into another folder (--out)", target))
		}
	}
	if err := errors.Join(foreign...); err != nil {
		return st, err
	}
	// The manifest names every file this build may write before it writes
	// one, so files of an interrupted build are still known as ours.
	if err := writeManifest(out, slices.Concat(paths, slices.Collect(maps.Keys(old)))); err != nil {
		return st, err
	}
	for _, d := range slices.Sorted(maps.Keys(dirs)) {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return st, err
		}
	}
	var written, unchanged atomic.Int64
	w := newSiteWriter()
	err = plan.Render(func(f render.SiteFile) error {
		target := filepath.Join(out, filepath.FromSlash(f.Path))
		exists := present[target]
		if exists {
			var same bool
			if same, exists = sameContent(target, f.Data); same {
				unchanged.Add(1)
				return nil
			}
		}
		written.Add(1)
		return w.write(target, f.Data, exists)
	})
	if err := errors.Join(err, w.close()); err != nil {
		return st, err
	}
	st.written, st.unchanged = int(written.Load()), int(unchanged.Load())
	current := make(map[string]bool, len(paths))
	for _, p := range paths {
		current[p] = true
	}
	for _, p := range slices.Sorted(maps.Keys(old)) {
		if current[p] {
			continue
		}
		target := filepath.Join(out, filepath.FromSlash(p))
		if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return st, err
		} else if err == nil {
			st.removed++
		}
		removeEmptyParents(out, filepath.Dir(target))
	}
	return st, writeManifest(out, paths)
}

// folderEntries returns the paths of everything the folders hold: one
// listing a folder instead of a stat a file, to tell the files a build
// creates from those it may replace. A missing folder holds nothing.
func folderEntries(dirs []string) (map[string]bool, error) {
	present := map[string]bool{}
	for _, d := range dirs {
		f, err := os.Open(d)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		names, err := f.Readdirnames(-1)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("listing %s: %w", d, err)
		}
		for _, n := range names {
			present[filepath.Join(d, n)] = true
		}
	}
	return present, nil
}

// validSitePath reports whether p is a clean relative slash path that
// stays inside the output folder.
func validSitePath(p string) bool {
	return p != "" && p == path.Clean(p) && !path.IsAbs(p) && p != ".." && !strings.HasPrefix(p, "../") && !strings.Contains(p, "\\")
}

// readManifest returns the paths the previous build wrote; none when there
// is no manifest. Lines that are not clean relative paths are ignored, so
// an edited manifest cannot make a build delete outside the folder.
func readManifest(out string) (map[string]bool, error) {
	data, err := os.ReadFile(filepath.Join(out, manifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	paths := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") && validSitePath(line) && line != manifestName {
			paths[line] = true
		}
	}
	return paths, nil
}

// writeManifest records paths, sorted and once each, when the list changed.
func writeManifest(out string, paths []string) error {
	var b bytes.Buffer
	b.WriteString(manifestHeader)
	paths = slices.Compact(slices.Sorted(slices.Values(paths)))
	for _, p := range paths {
		b.WriteString(p)
		b.WriteByte('\n')
	}
	target := filepath.Join(out, manifestName)
	if cur, err := os.ReadFile(target); err == nil && bytes.Equal(cur, b.Bytes()) {
		return nil
	}
	return writeFileAtomic(target, b.Bytes())
}

// writeFileAtomic writes data to a temporary file beside target and
// renames it over target, so a reader never sees half a file. It does not
// fsync: a site is rebuilt, not recovered, and thousands of syncs would
// dominate the build.
func writeFileAtomic(target string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(target), ".infradoc-*.tmp")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), target); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// removeEmptyParents removes dir and its parents up to (not including)
// out while they are empty.
func removeEmptyParents(out, dir string) {
	out = filepath.Clean(out)
	for dir = filepath.Clean(dir); dir != out && strings.HasPrefix(dir, out+string(filepath.Separator)); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			return
		}
	}
}

// parallel runs f(0..n-1) on a few goroutines; file I/O overlaps even on
// two cores.
func parallel(n int, f func(i int)) {
	const workers = 8
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(workers, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
