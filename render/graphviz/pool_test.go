package graphviz

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/infradoc/infradoc/content"
	"github.com/infradoc/infradoc/render/diagram"
	"github.com/infradoc/infradoc/render/graphviz/graphviztest"
	"github.com/infradoc/infradoc/render/graphviz/internal/wire"
	"github.com/infradoc/infradoc/site"
)

// workerRenderer returns a renderer without a disk cache, so that every
// Render reaches a worker, and its pool.
func workerRenderer(t *testing.T, timeout time.Duration) (*Renderer, *workerPool) {
	t.Helper()
	r := testRenderer(t, timeout, true)
	pool, err := r.workers()
	if err != nil {
		t.Fatal(err)
	}
	return r, pool
}

// seedDOTs returns the DOT of every diagram of content/ (the fixed ones
// and one per obligation).
func seedDOTs(t *testing.T) []string {
	t.Helper()
	s, _, err := site.Load(site.Options{FS: content.FS, Root: "content", ConfigFile: site.ConfigFileName})
	if err != nil {
		t.Fatal(err)
	}
	var dots []string
	for _, name := range diagram.Names(s) {
		dot, err := diagram.DOT(s, name, diagram.Options{})
		if err != nil {
			t.Fatal(err)
		}
		dots = append(dots, dot)
	}
	if len(dots) < 5 {
		t.Fatalf("only %d seed diagrams", len(dots))
	}
	return dots
}

// numberedDOT returns a small diagram distinct for each i.
func numberedDOT(i int) string {
	return fmt.Sprintf("// infradoc-title: Test %d\n// infradoc-desc: Two nodes.\ndigraph { a%d -> b; }\n", i, i)
}

// slowDOT is a real layout that takes Graphviz many seconds.
func slowDOT() string {
	var b strings.Builder
	b.WriteString("digraph {\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "n%d -> n%d; n%d -> n%d;\n", i, (i*7+3)%3000, i, (i*13+5)%3000)
	}
	b.WriteString("}\n")
	return b.String()
}

func TestWorkersGiveTheBytesOfASingleRender(t *testing.T) {
	r, pool := workerRenderer(t, 0)
	dots := seedDOTs(t)
	// Twice over, concurrently: the same bytes in any order, on any worker.
	var wg sync.WaitGroup
	got := make([][]byte, 2*len(dots))
	errs := make([]error, len(got))
	for i := range got {
		wg.Go(func() { got[i], errs[i] = r.Render(dots[i%len(dots)]) })
	}
	wg.Wait()
	if n := pool.started.Load(); n < 1 || n > int64(cap(pool.slots)) {
		t.Errorf("%d workers rendered %d diagrams, want 1..%d", n, len(got), cap(pool.slots))
	}
	for i, dot := range dots {
		for _, j := range []int{i, i + len(dots)} {
			if errs[j] != nil {
				t.Fatalf("diagram %d: %v", i, errs[j])
			}
		}
		raw, err := graphviztest.RenderRaw(dot)
		if err != nil {
			t.Fatalf("single render of diagram %d: %v", i, err)
		}
		single, err := FinishSVG(raw, dot)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got[i], single) || !bytes.Equal(got[i+len(dots)], single) {
			t.Errorf("diagram %d: the pool's SVG differs from a single render's", i)
		}
	}
	if r.PeakWorkerRSS() <= 0 {
		if _, err := os.Stat("/proc/self/status"); err == nil {
			t.Error("the workers did not report their peak memory")
		}
	}
}

func TestWorkerIsKilledAtTheTimeLimitAndReplaced(t *testing.T) {
	r, pool := workerRenderer(t, 0)
	// The limit counts a worker's start too: start one first, whatever
	// the load of the machine.
	if _, err := r.Render(smallDOT); err != nil {
		t.Fatal(err)
	}
	pool.timeout = time.Second
	_, err := r.Render(slowDOT())
	if err == nil || !strings.Contains(err.Error(), "time limit") {
		t.Fatalf("err = %v, want a time-limit error", err)
	}
	if n := pool.liveCount(); n != 0 {
		t.Errorf("%d workers left after the kill, want 0", n)
	}
	pool.timeout = DefaultTimeout
	svg, err := r.Render(numberedDOT(1))
	if err != nil {
		t.Fatalf("render after the kill: %v", err)
	}
	if SVGDOTHash(svg) != DOTHash(numberedDOT(1)) {
		t.Error("the fresh worker returned another diagram")
	}
	if n := pool.started.Load(); n != 2 {
		t.Errorf("started %d workers, want 2 (one killed, one fresh)", n)
	}
}

func TestWorkerThatHangsAfterItsGreeting(t *testing.T) {
	r := testRenderer(t, 300*time.Millisecond, true)
	fakeWorker(t, r, "printf '"+shellBytes([]byte(wire.Hello))+"'; exec sleep 60")
	_, err := r.Render(smallDOT)
	if err == nil || !strings.Contains(err.Error(), "time limit") {
		t.Fatalf("err = %v, want a time-limit error", err)
	}
	if r.pool.refused != nil {
		t.Error("a hanging worker was refused for good")
	}
}

func TestWorkerIsRecycledAfterNRenders(t *testing.T) {
	r, pool := workerRenderer(t, 0)
	pool.maxRenders = 3
	for i := range 7 {
		if _, err := r.Render(numberedDOT(i)); err != nil {
			t.Fatal(err)
		}
	}
	// Renders 1-3, 4-6 and 7, one at a time.
	if n := pool.started.Load(); n != 3 {
		t.Errorf("started %d workers for 7 renders at 3 per worker, want 3", n)
	}
	if n := pool.liveCount(); n != 1 {
		t.Errorf("%d workers alive, want 1 (the one with 1 render)", n)
	}
}

func TestWorkerIsRecycledPastItsMemoryLimit(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("peak memory is not reported on this system")
	}
	r, pool := workerRenderer(t, 0)
	pool.maxRSS = 1 // every worker is past it after one render
	for i := range 3 {
		if _, err := r.Render(numberedDOT(i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := pool.started.Load(); n != 3 {
		t.Errorf("started %d workers, want 3 (one per render)", n)
	}
}

func TestWorkerThatDiesFailsOnlyItsDiagram(t *testing.T) {
	r, pool := workerRenderer(t, 0)
	// The slow render takes a worker that has already greeted, so that the
	// kill below lands mid-render: a worker killed while it starts is
	// reported as one that did not start.
	if _, err := r.Render(smallDOT); err != nil {
		t.Fatal(err)
	}
	pool.slots = make(chan struct{}, 2) // room beside the slow render on any machine
	slow := make(chan error, 1)
	go func() {
		_, err := r.Render(slowDOT())
		slow <- err
	}()
	// Wait for the slow render's worker, then kill it mid-render.
	var victim *renderWorker
	for deadline := time.Now().Add(10 * time.Second); victim == nil && time.Now().Before(deadline); {
		pool.mu.Lock()
		for w := range pool.live {
			victim = w
		}
		pool.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	if victim == nil {
		t.Fatal("no worker started")
	}
	time.Sleep(100 * time.Millisecond) // let it receive the DOT
	// Other diagrams render meanwhile, on another worker.
	for i := range 3 {
		if _, err := r.Render(numberedDOT(i)); err != nil {
			t.Fatalf("render beside the slow one: %v", err)
		}
	}
	if err := victim.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	err := <-slow
	if err == nil || !strings.Contains(err.Error(), "stopped") {
		t.Fatalf("err = %v, want the worker's death reported", err)
	}
	for i := range 3 {
		if _, err := r.Render(numberedDOT(10 + i)); err != nil {
			t.Fatalf("render after the death: %v", err)
		}
	}
}

func TestWorkerSurvivesARenderError(t *testing.T) {
	r, pool := workerRenderer(t, 0)
	if _, err := r.Render("digraph { a -> }"); err == nil || !strings.Contains(err.Error(), "DOT") {
		t.Fatalf("err = %v, want the parse error", err)
	}
	if _, err := r.Render(smallDOT); err != nil {
		t.Fatal(err)
	}
	if n := pool.started.Load(); n != 1 {
		t.Errorf("started %d workers, want 1", n)
	}
}

func TestWorkersExitOnClose(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	r, pool := workerRenderer(t, 0)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if _, err := r.Render(numberedDOT(i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	pool.mu.Lock()
	var workers []*renderWorker
	for w := range pool.live {
		workers = append(workers, w)
	}
	pool.mu.Unlock()
	if len(workers) == 0 {
		t.Fatal("no worker alive before Close")
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Render(numberedDOT(99)); err != ErrClosed {
		t.Errorf("render after Close: err = %v, want %v", err, ErrClosed)
	}
	if n := pool.liveCount(); n != 0 {
		t.Errorf("%d workers alive after Close", n)
	}
	deadline := time.Now().Add(5 * time.Second)
	for _, w := range workers {
		// Signal 0 fails once the process is gone (waited for).
		for w.cmd.Process.Signal(syscall.Signal(0)) == nil {
			if time.Now().After(deadline) {
				t.Fatalf("worker %d still runs after Close", w.cmd.Process.Pid)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if w.waitErr != nil {
			t.Errorf("worker %d exited with %v, want a clean exit on end of input", w.cmd.Process.Pid, w.waitErr)
		}
	}
	for runtime.NumGoroutine() > goroutines {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines after Close, %d before", runtime.NumGoroutine(), goroutines)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
