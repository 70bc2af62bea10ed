package build

import (
	"sync"
	"sync/atomic"
)

// siteWriter stages a site's files from one goroutine while the render
// workers go on rendering. Creating a file locks its folder in the kernel,
// and most of a site's files share one folder (obligations/): when two
// workers create files there at once, one spins on the lock until the
// other is done.
type siteWriter struct {
	out    *outputFolder
	queue  chan pendingFile
	done   chan struct{}
	failed atomic.Bool
	err    error // the first failure; read after done is closed
	bufs   sync.Pool
}

// pendingFile is a file handed to the writer: its path in the output and
// a copy of its bytes.
type pendingFile struct {
	rel  string
	data *[]byte
}

// handOffMax is the largest file handed to the writer; bigger ones (the
// JSON data files) are written by their worker rather than copied.
const handOffMax = 1 << 20

func newSiteWriter(out *outputFolder) *siteWriter {
	w := &siteWriter{out: out, queue: make(chan pendingFile, 64), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for f := range w.queue {
			if !w.failed.Load() {
				if err := out.stage(f.rel, *f.data); err != nil {
					w.err = err
					w.failed.Store(true)
				}
			}
			w.bufs.Put(f.data)
		}
	}()
	return w
}

// write stages data for rel, now or later from the writer's goroutine;
// data may be reused when write returns. It returns the writer's first
// failure so far, so that rendering stops at it.
func (w *siteWriter) write(rel string, data []byte) error {
	if w.failed.Load() {
		return w.err // written once, before failed was set
	}
	if len(data) > handOffMax {
		return w.out.stage(rel, data)
	}
	b, _ := w.bufs.Get().(*[]byte)
	if b == nil {
		b = new([]byte)
	}
	*b = append((*b)[:0], data...)
	w.queue <- pendingFile{rel: rel, data: b}
	return nil
}

// close waits for every file handed over to be staged and returns the
// first failure.
func (w *siteWriter) close() error {
	close(w.queue)
	<-w.done
	return w.err
}
