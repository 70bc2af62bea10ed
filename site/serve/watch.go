package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchDir is a folder whose changes trigger a rebuild.
type watchDir struct {
	path string
	// recursive also watches every subfolder, including ones created later.
	recursive bool
}

// watcher watches folders, not files: editors save by writing a new file
// and renaming it over the old one, which a watch on the file itself
// loses after the first save.
type watcher struct {
	fw *fsnotify.Watcher
	// mu guards recursive and full: folders are added both by run and by
	// serve when the config changes.
	mu sync.Mutex
	// recursive holds the folders watched with their subfolders.
	recursive map[string]bool
	// skip are folders never watched (the output folder).
	skip []string
	log  io.Writer
	// full is set once the system's limit of watches was hit.
	full bool
}

// newWatcher starts watching dirs, except anything under skip.
func newWatcher(dirs []watchDir, skip []string, log io.Writer) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fw: fw, recursive: map[string]bool{}, log: log}
	for _, s := range skip {
		w.skip = append(w.skip, filepath.Clean(s))
	}
	for _, d := range dirs {
		w.add(filepath.Clean(d.path), d.recursive)
	}
	return w, nil
}

func (w *watcher) close() error { return w.fw.Close() }

// skipped reports whether p is a folder serve never watches: the output,
// version control, dependencies and hidden folders.
func (w *watcher) skipped(p string) bool {
	for _, s := range w.skip {
		if p == s || strings.HasPrefix(p, s+string(filepath.Separator)) {
			return true
		}
	}
	base := filepath.Base(p)
	return base == "node_modules" || base == "__pycache__" || (strings.HasPrefix(base, ".") && base != "." && base != "..")
}

// add watches dir, and with recursive its whole tree.
func (w *watcher) add(dir string, recursive bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.skipped(dir) {
		return
	}
	if !recursive {
		w.watch(dir)
		return
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != dir && w.skipped(p) {
			return filepath.SkipDir
		}
		w.recursive[p] = true
		w.watch(p)
		return nil
	})
}

func (w *watcher) watch(dir string) {
	err := w.fw.Add(dir)
	switch {
	case err == nil, errors.Is(err, fs.ErrNotExist):
	case errors.Is(err, syscall.ENOSPC):
		if !w.full {
			w.full = true
			fmt.Fprintf(w.log, "serve: the system's limit of watched folders is reached; changes under %s and later folders are not seen (raise fs.inotify.max_user_watches)\n", dir)
		}
	default:
		fmt.Fprintf(w.log, "serve: cannot watch %s: %v\n", dir, err)
	}
}

func (w *watcher) isRecursive(dir string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.recursive[dir]
}

// ignoredFile reports whether a changed file is an editor's scratch file
// whose appearance should not trigger a build.
func ignoredFile(name string) bool {
	base := filepath.Base(name)
	return strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") ||
		strings.HasPrefix(base, ".#") || base == "4913" || base == ".DS_Store"
}

// run forwards the path of every relevant change to changed until ctx ends,
// and starts watching folders created inside recursively watched ones.
func (w *watcher) run(ctx context.Context, changed chan<- string) {
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(w.log, "serve: watching: %v\n", err)
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod || ignoredFile(ev.Name) || w.skipped(ev.Name) || w.skipped(filepath.Dir(ev.Name)) {
				continue
			}
			if ev.Has(fsnotify.Create) && w.isRecursive(filepath.Dir(ev.Name)) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					w.add(ev.Name, true)
				}
			}
			select {
			case changed <- ev.Name:
			case <-ctx.Done():
				return
			}
		}
	}
}

// debounce calls fire with the paths gathered once no change has arrived
// for delay: saving a file often makes several events, and a checkout
// makes thousands, but each burst builds once. after is time.After, or a
// fake clock in tests. fire runs on debounce's goroutine, so builds never
// overlap; changes during a build start the next one.
func debounce(ctx context.Context, changed <-chan string, delay time.Duration, after func(time.Duration) <-chan time.Time, fire func(paths []string)) {
	for {
		var paths []string
		seen := map[string]bool{}
		note := func(p string) {
			if !seen[p] {
				seen[p] = true
				paths = append(paths, p)
			}
		}
		select {
		case <-ctx.Done():
			return
		case p := <-changed:
			note(p)
		}
		timer := after(delay)
	quiet:
		for {
			select {
			case <-ctx.Done():
				return
			case p := <-changed:
				note(p)
				timer = after(delay)
			case <-timer:
				break quiet
			}
		}
		fire(paths)
	}
}
