package cli

import (
	"sync"
	"sync/atomic"
)

// siteWriter writes a site's files from one goroutine while the render
// workers go on rendering. Creating a file locks its folder in the kernel,
// and most of a site's files share one folder (obligations/): when two
// workers create files there at once, one spins on the lock until the
// other is done. On ext4, right after the old output was deleted, each
// create searches past the freed inodes while it holds that lock, and the
// spinning doubled the build's system time.
type siteWriter struct {
	queue  chan pendingFile
	done   chan struct{}
	failed atomic.Bool
	err    error // the first failure; read after done is closed
	bufs   sync.Pool
}

// pendingFile is a file handed to the writer: a copy of its bytes, and
// whether a file is already at target (then it is replaced atomically).
type pendingFile struct {
	target  string
	data    *[]byte
	replace bool
}

// handOffMax is the largest file handed to the writer; bigger ones (the
// JSON data files) are written by their worker rather than copied.
const handOffMax = 1 << 20

func newSiteWriter() *siteWriter {
	w := &siteWriter{queue: make(chan pendingFile, 64), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for f := range w.queue {
			if !w.failed.Load() {
				if err := writeSiteFile(f.target, *f.data, f.replace); err != nil {
					w.err = err
					w.failed.Store(true)
				}
			}
			w.bufs.Put(f.data)
		}
	}()
	return w
}

// write writes data to target, now or later from the writer's goroutine;
// data may be reused when write returns. It returns the writer's first
// failure so far, so that rendering stops at it.
func (w *siteWriter) write(target string, data []byte, replace bool) error {
	if w.failed.Load() {
		return w.err // written once, before failed was set
	}
	if len(data) > handOffMax {
		return writeSiteFile(target, data, replace)
	}
	b, _ := w.bufs.Get().(*[]byte)
	if b == nil {
		b = new([]byte)
	}
	*b = append((*b)[:0], data...)
	w.queue <- pendingFile{target: target, data: b, replace: replace}
	return nil
}

// close waits for every file handed over to be written and returns the
// first failure.
func (w *siteWriter) close() error {
	close(w.queue)
	<-w.done
	return w.err
}

// writeSiteFile writes one file of the site: a new file with one create
// (no reader can see half of it), an existing one through a temporary
// file renamed over it.
func writeSiteFile(target string, data []byte, replace bool) error {
	if replace {
		return writeFileAtomic(target, data)
	}
	return writeNewFile(target, data)
}
