package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/infradoc/infradoc/cmd/internal/usercache"
)

// Defaults of the worker pool: a child is replaced after this many
// renders or once its peak memory passes this size, whichever comes first,
// so the memory Graphviz keeps across renders cannot grow without bound.
const (
	defaultWorkerRenders = 500
	defaultWorkerMaxRSS  = 512 << 20
)

// workerStopGrace is how long a worker whose stdin was closed may take to
// exit before it is killed.
const workerStopGrace = 2 * time.Second

// errRendererClosed is returned by a render after Close.
var errRendererClosed = errors.New("diagram renderer is closed")

// workerPool runs up to size long-lived render children (see
// renderWorkerCommand) and hands each render to an idle one.
type workerPool struct {
	exe     string
	args    []string
	timeout time.Duration
	// maxRenders and maxRSS trigger recycling (0: never).
	maxRenders int
	maxRSS     int64
	// onPeakRSS receives every peak memory a worker reports.
	onPeakRSS func(int64)

	// slots holds one token per child that may run at once.
	slots chan struct{}

	mu     sync.Mutex
	idle   []*renderWorker
	live   map[*renderWorker]struct{}
	closed bool

	// started counts the children started so far.
	started atomic.Int64
}

// newWorkerPool returns an empty pool; children start on demand.
func newWorkerPool(exe string, args []string, timeout time.Duration, size int) *workerPool {
	return &workerPool{
		exe: exe, args: args, timeout: timeout,
		maxRenders: defaultWorkerRenders, maxRSS: defaultWorkerMaxRSS,
		slots: make(chan struct{}, max(1, size)),
		live:  map[*renderWorker]struct{}{},
	}
}

// renderWorker is one running child and its pipes.
type renderWorker struct {
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	stdout  io.ReadCloser
	reader  *bufio.Reader
	stderr  *tailBuffer
	renders int
	// helloed is set once the child has announced the worker protocol.
	helloed bool
	// exited is closed when the child has been waited for.
	exited  chan struct{}
	waitErr error
}

// render renders dot on an idle child (starting one if need be) within the
// pool's time limit. errNoChildMode means the executable does not know the
// worker command.
func (p *workerPool) render(dot string) ([]byte, error) {
	p.slots <- struct{}{}
	defer func() { <-p.slots }()
	w, err := p.take()
	if err != nil {
		return nil, err
	}
	type result struct {
		rep workerReply
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := w.exchange(dot)
		done <- result{rep, err}
	}()
	timer := time.NewTimer(p.timeout)
	defer timer.Stop()
	var res result
	select {
	case res = <-done:
	case <-timer.C:
		// Graphviz cannot be interrupted: the child goes, and with it the
		// pipes the exchange is blocked on.
		p.discard(w, true)
		<-done
		return nil, fmt.Errorf("diagram render exceeded its time limit of %s (set %s to raise it; a graph this big may need summarising)", p.timeout, envRenderTimeout)
	}
	if res.err != nil {
		// A child that never greeted is exiting on its own (perhaps with
		// the usage status of a program without the worker command):
		// let it, so its exit status is its own.
		p.discard(w, w.helloed)
		if !w.helloed && exitCode(w.waitErr) == ExitUsage {
			return nil, errNoChildMode
		}
		msg := strings.TrimSpace(w.stderr.String())
		if msg == "" {
			msg = res.err.Error()
		}
		return nil, fmt.Errorf("diagram renderer stopped: %s", msg)
	}
	if res.rep.peakRSS > 0 && p.onPeakRSS != nil {
		p.onPeakRSS(res.rep.peakRSS)
	}
	w.renders++
	if (p.maxRenders > 0 && w.renders >= p.maxRenders) || (p.maxRSS > 0 && res.rep.peakRSS > p.maxRSS) {
		p.discard(w, false)
	} else {
		p.put(w)
	}
	if res.rep.errText != "" {
		return nil, fmt.Errorf("diagram render failed: %s", res.rep.errText)
	}
	return res.rep.svg, nil
}

// exchange reads the hello of a new child, sends dot and reads the reply.
func (w *renderWorker) exchange(dot string) (workerReply, error) {
	if !w.helloed {
		line, err := w.reader.ReadString('\n')
		if err != nil {
			return workerReply{}, err
		}
		if line != workerHello {
			return workerReply{}, fmt.Errorf("unexpected greeting %q", line)
		}
		w.helloed = true
	}
	if err := writeWorkerRequest(w.stdin, dot); err != nil {
		return workerReply{}, err
	}
	return readWorkerReply(w.reader)
}

// take returns an idle child or starts one.
func (p *workerPool) take() (*renderWorker, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, errRendererClosed
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

// put returns a healthy child to the idle list, or stops it when the pool
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

// start starts one child.
func (p *workerPool) start() (*renderWorker, error) {
	cmd := exec.Command(p.exe, p.args...)
	// argv[0] is the program's name so that a test binary dispatching on
	// its name (testscript) runs infradoc too.
	cmd.Args = append([]string{"infradoc"}, p.args...)
	// The child compiles Graphviz into this process's private folder.
	cmd.Env = usercache.ChildEnv(os.Environ())
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
		return nil, fmt.Errorf("starting the diagram renderer: %w", err)
	}
	p.started.Add(1)
	w.reader = bufio.NewReaderSize(w.stdout, 64<<10)
	go func() {
		w.waitErr = cmd.Wait()
		close(w.exited)
	}()
	return w, nil
}

// discard stops a child that is not idle: at once (kill) or by closing
// its stdin and killing it only if it does not exit within the grace
// period. It returns once the child has been waited for.
func (p *workerPool) discard(w *renderWorker, kill bool) {
	p.mu.Lock()
	delete(p.live, w)
	p.mu.Unlock()
	w.stop(kill)
}

// stop ends the child and waits for it.
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

// close stops every child: idle ones now, busy ones when their render
// ends. It returns once the idle children have exited.
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

// liveCount is the number of children running (idle or busy).
func (p *workerPool) liveCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.live)
}

// exitCode returns the exit status in err from exec, or -1.
func exitCode(err error) int {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	return -1
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
