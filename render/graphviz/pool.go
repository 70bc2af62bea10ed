package graphviz

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/infradoc/infradoc/render/graphviz/internal/wire"
)

// Defaults of the worker pool: a worker is replaced after this many
// renders or once its peak memory passes this size, whichever comes first,
// so the memory Graphviz keeps across renders cannot grow without bound.
const (
	defaultWorkerRenders = 500
	defaultWorkerMaxRSS  = 512 << 20
)

// workerStopGrace is how long a worker whose stdin was closed may take to
// exit before it is killed.
const workerStopGrace = 2 * time.Second

// workerArg is the argument that makes infradoc-graphviz a worker.
const workerArg = wire.WorkerArg

// maxWorkers is the number of workers that may run at once.
func maxWorkers() int { return max(1, runtime.NumCPU()) }

// workerPool runs up to size long-lived worker processes (see package
// wire) and hands each render to an idle one.
type workerPool struct {
	exe     string
	args    []string
	env     []string
	timeout time.Duration
	// maxRenders and maxRSS trigger recycling (0: never).
	maxRenders int
	maxRSS     int64
	// onPeakRSS receives every peak memory a worker reports.
	onPeakRSS func(int64)

	// slots holds one token per worker that may run at once.
	slots chan struct{}

	mu     sync.Mutex
	idle   []*renderWorker
	live   map[*renderWorker]struct{}
	closed bool
	// refused is set once a worker greeted otherwise than wire.Hello:
	// every later render fails with it rather than start another.
	refused error

	// started counts the workers started so far.
	started atomic.Int64
}

// newWorkerPool returns an empty pool; workers start on demand.
func newWorkerPool(exe string, args, env []string, timeout time.Duration, size int) *workerPool {
	return &workerPool{
		exe: exe, args: args, env: env, timeout: timeout,
		maxRenders: defaultWorkerRenders, maxRSS: defaultWorkerMaxRSS,
		slots: make(chan struct{}, max(1, size)),
		live:  map[*renderWorker]struct{}{},
	}
}

// renderWorker is one running worker and its pipes.
type renderWorker struct {
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	stdout  io.ReadCloser
	reader  *bufio.Reader
	stderr  *tailBuffer
	renders int
	// helloed is set once the worker has greeted with wire.Hello.
	helloed bool
	// exited is closed when the worker has been waited for.
	exited  chan struct{}
	waitErr error
}

// render has an idle worker (started if need be) draw dot within the
// pool's time limit and returns Graphviz's SVG.
func (p *workerPool) render(dot string) ([]byte, error) {
	rep, err := p.call("diagram render", func(w io.Writer) error { return wire.WriteRequest(w, dot) })
	if err != nil {
		return nil, err
	}
	if rep.ErrText != "" {
		return nil, fmt.Errorf("diagram render failed: %s", rep.ErrText)
	}
	if rep.SVG == nil {
		return nil, errors.New("diagram render failed: the worker's reply holds no SVG")
	}
	return rep.SVG, nil
}

// highlight has an idle worker colour code as language within the pool's
// time limit and returns chroma's HTML; ok is false when chroma knows no
// such language.
func (p *workerPool) highlight(language, code string) (html []byte, ok bool, err error) {
	rep, err := p.call("code highlighting", func(w io.Writer) error { return wire.WriteHighlight(w, language, code) })
	switch {
	case err != nil:
		return nil, false, err
	case rep.ErrText != "":
		return nil, false, fmt.Errorf("code highlighting failed: %s", rep.ErrText)
	case rep.Plain:
		return nil, false, nil
	case rep.HTML == nil:
		return nil, false, errors.New("code highlighting failed: the worker's reply holds no HTML")
	}
	return rep.HTML, true, nil
}

// call has an idle worker (started if need be) answer the request send
// writes, within the pool's time limit; what names the request in errors.
func (p *workerPool) call(what string, send func(io.Writer) error) (wire.Reply, error) {
	p.slots <- struct{}{}
	defer func() { <-p.slots }()
	w, err := p.take()
	if err != nil {
		return wire.Reply{}, err
	}
	type result struct {
		rep wire.Reply
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := w.exchange(send)
		done <- result{rep, err}
	}()
	timer := time.NewTimer(p.timeout)
	defer timer.Stop()
	var res result
	select {
	case res = <-done:
	case <-timer.C:
		// Graphviz cannot be interrupted: the worker goes, and with it
		// the pipes the exchange is blocked on.
		p.discard(w, true)
		<-done
		return wire.Reply{}, fmt.Errorf("%s exceeded its time limit of %s (set %s to raise it; a graph this big may need summarising)", what, p.timeout, EnvTimeout)
	}
	if res.err != nil {
		var refused *refusedError
		if errors.As(res.err, &refused) {
			p.mu.Lock()
			p.refused = res.err
			p.mu.Unlock()
			p.discard(w, true)
			return wire.Reply{}, res.err
		}
		// A worker that never greeted is exiting on its own: let it, so
		// that what it said on stderr is complete.
		p.discard(w, w.helloed)
		msg := strings.TrimSpace(w.stderr.String())
		if msg == "" {
			msg = res.err.Error()
		}
		if !w.helloed {
			return wire.Reply{}, fmt.Errorf("the render worker %s did not start: %s", p.exe, msg)
		}
		return wire.Reply{}, fmt.Errorf("render worker stopped: %s", msg)
	}
	if res.rep.PeakRSS > 0 && p.onPeakRSS != nil {
		p.onPeakRSS(res.rep.PeakRSS)
	}
	w.renders++
	if (p.maxRenders > 0 && w.renders >= p.maxRenders) || (p.maxRSS > 0 && res.rep.PeakRSS > p.maxRSS) {
		p.discard(w, false)
	} else {
		p.put(w)
	}
	return res.rep, nil
}

// refusedError is a worker that greeted otherwise than wire.Hello.
type refusedError struct {
	exe, greeting string
}

// Error says whether the worker is another infradoc's (an older one
// speaks an older protocol) or another program.
func (e *refusedError) Error() string {
	if rest, ok := strings.CutPrefix(e.greeting, wire.HelloPrefix); ok {
		version, _, _ := strings.Cut(rest, ";")
		if version != wire.Protocol {
			return fmt.Sprintf("%s is the render worker of another infradoc: it speaks protocol %q, this infradoc protocol %q (greeting %q, want %q); %s",
				e.exe, strings.TrimSpace(version), wire.Protocol, e.greeting, wire.Hello, installHint)
		}
		return fmt.Sprintf("%s is the render worker of an infradoc with another Graphviz or chroma: it greeted %q, want %q; %s", e.exe, e.greeting, wire.Hello, installHint)
	}
	return fmt.Sprintf("%s is not the render worker of this infradoc: it greeted %q, want %q; %s", e.exe, e.greeting, wire.Hello, installHint)
}

// exchange reads the greeting of a new worker, sends the request and reads
// the reply.
func (w *renderWorker) exchange(send func(io.Writer) error) (wire.Reply, error) {
	if !w.helloed {
		// ReadSlice bounds the greeting by the reader's buffer.
		line, err := w.reader.ReadSlice('\n')
		if err != nil && len(line) == 0 {
			return wire.Reply{}, err
		}
		if err != nil || string(line) != wire.Hello {
			return wire.Reply{}, &refusedError{w.cmd.Path, string(line)}
		}
		w.helloed = true
	}
	if err := send(w.stdin); err != nil {
		return wire.Reply{}, err
	}
	return wire.ReadReply(w.reader)
}

// take returns an idle worker or starts one.
func (p *workerPool) take() (*renderWorker, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrClosed
	}
	if p.refused != nil {
		return nil, p.refused
	}
	if n := len(p.idle); n > 0 {
		w := p.idle[n-1]
		p.idle = p.idle[:n-1]
		return w, nil
	}
	w, err := p.start()
	if err != nil {
		return nil, err
	}
	p.live[w] = struct{}{}
	return w, nil
}

// put returns a healthy worker to the idle list, or stops it when the pool
// was closed meanwhile.
func (p *workerPool) put(w *renderWorker) {
	p.mu.Lock()
	closed := p.closed
	if !closed {
		p.idle = append(p.idle, w)
	}
	p.mu.Unlock()
	if closed {
		p.discard(w, false)
	}
}

// start starts one worker.
func (p *workerPool) start() (*renderWorker, error) {
	cmd := exec.Command(p.exe, p.args...)
	cmd.Env = p.env
	w := &renderWorker{cmd: cmd, stderr: &tailBuffer{max: 4096}, exited: make(chan struct{})}
	cmd.Stderr = w.stderr
	cmd.WaitDelay = time.Second
	var err error
	if w.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	if w.stdout, err = cmd.StdoutPipe(); err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the Graphviz renderer: %w", err)
	}
	p.started.Add(1)
	w.reader = bufio.NewReaderSize(w.stdout, 64<<10)
	go func() {
		w.waitErr = cmd.Wait()
		close(w.exited)
	}()
	return w, nil
}

// discard stops a worker that is not idle: at once (kill) or by closing
// its stdin and killing it only if it does not exit within the grace
// period. It returns once the worker has been waited for.
func (p *workerPool) discard(w *renderWorker, kill bool) {
	p.mu.Lock()
	delete(p.live, w)
	p.mu.Unlock()
	w.stop(kill)
}

// stop ends the worker and waits for it.
func (w *renderWorker) stop(kill bool) {
	_ = w.stdin.Close()
	if !kill {
		select {
		case <-w.exited:
			return
		case <-time.After(workerStopGrace):
		}
	}
	_ = w.cmd.Process.Kill()
	<-w.exited
}

// close stops every worker: idle ones now, busy ones when their render
// ends. It returns once the idle workers have exited.
func (p *workerPool) close() {
	p.mu.Lock()
	p.closed = true
	idle := p.idle
	p.idle = nil
	for _, w := range idle {
		delete(p.live, w)
	}
	p.mu.Unlock()
	var wg sync.WaitGroup
	for _, w := range idle {
		wg.Go(func() { w.stop(false) })
	}
	wg.Wait()
}

// liveCount is the number of workers running (idle or busy).
func (p *workerPool) liveCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.live)
}

// tailBuffer keeps the last max bytes written to it; safe for concurrent
// use.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

// Write appends p, dropping the oldest bytes beyond max.
func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

// String returns the bytes kept.
func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
