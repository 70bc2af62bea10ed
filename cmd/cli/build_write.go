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

// writeSite makes out hold exactly files plus whatever was there that an
// earlier build did not write: a file is written (to a temporary file,
// then renamed over the old one) only when its bytes differ, and files the
// previous manifest lists that are no longer part of the site are
// removed, with folders they leave empty. Before writing anything it
// refuses to overwrite a file that differs and that no build wrote.
func writeSite(out string, files []render.SiteFile) (writeStats, error) {
	var st writeStats
	if err := os.MkdirAll(out, 0o755); err != nil {
		return st, err
	}
	old, err := readManifest(out)
	if err != nil {
		return st, err
	}
	type job struct {
		file    render.SiteFile
		target  string
		changed bool
	}
	jobs := make([]job, len(files))
	for i, f := range files {
		if !validSitePath(f.Path) || f.Path == manifestName {
			return st, fmt.Errorf("refusing to write %q outside the output folder", f.Path)
		}
		jobs[i] = job{file: f, target: filepath.Join(out, filepath.FromSlash(f.Path))}
	}
	// Compare first, in parallel; nothing is written until every file is
	// known to be ours or new.
	errs := make([]error, len(jobs))
	parallel(len(jobs), func(i int) {
		j := &jobs[i]
		cur, err := os.ReadFile(j.target)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			j.changed = true
		case err != nil:
			errs[i] = err
		case !bytes.Equal(cur, j.file.Data):
			j.changed = true
			if !old[j.file.Path] {
				errs[i] = fmt.Errorf("%s exists and was not written by infradoc build; remove it or build into another folder (--out)", j.target)
			}
		}
	})
	if err := errors.Join(errs...); err != nil {
		return st, err
	}
	dirs := map[string]bool{}
	for _, j := range jobs {
		if j.changed {
			dirs[filepath.Dir(j.target)] = true
		}
	}
	for _, d := range slices.Sorted(maps.Keys(dirs)) {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return st, err
		}
	}
	parallel(len(jobs), func(i int) {
		if jobs[i].changed {
			errs[i] = writeFileAtomic(jobs[i].target, jobs[i].file.Data)
		}
	})
	if err := errors.Join(errs...); err != nil {
		return st, err
	}
	current := make(map[string]bool, len(files))
	for _, j := range jobs {
		current[j.file.Path] = true
		if j.changed {
			st.written++
		} else {
			st.unchanged++
		}
	}
	var stale []string
	for p := range old {
		if !current[p] {
			stale = append(stale, p)
		}
	}
	slices.Sort(stale)
	for _, p := range stale {
		target := filepath.Join(out, filepath.FromSlash(p))
		if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return st, err
		} else if err == nil {
			st.removed++
		}
		removeEmptyParents(out, filepath.Dir(target))
	}
	return st, writeManifest(out, files)
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

// writeManifest records the files of this build, sorted, when the list
// changed.
func writeManifest(out string, files []render.SiteFile) error {
	var b bytes.Buffer
	b.WriteString(manifestHeader)
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	slices.Sort(paths)
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
