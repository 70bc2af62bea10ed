package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/infradoc/infradoc/content"
	"github.com/infradoc/infradoc/render"
	"github.com/infradoc/infradoc/site"
)

// workerRenderer returns a renderer without a disk cache, so that every
// Render reaches a worker child.
func workerRenderer(t *testing.T, env map[string]string) *svgRenderer {
	t.Helper()
	r := testRenderer(t, env)
	r.cacheDir = ""
	if r.workerArgs == nil {
		t.Fatal("no worker command")
	}
	return r
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
	for _, name := range render.DiagramNames(s) {
		dot, err := render.DiagramDOT(s, name, render.DiagramOptions{})
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

func TestRenderWorkerGivesTheBytesOfSingleRenders(t *testing.T) {
	r := workerRenderer(t, nil)
	dots := seedDOTs(t)
	// Twice over, concurrently: the same bytes in any order, on any child.
	var wg sync.WaitGroup
	got := make([][]byte, 2*len(dots))
	errs := make([]error, len(got))
	for i := range got {
		wg.Go(func() { got[i], errs[i] = r.Render(dots[i%len(dots)]) })
	}
	wg.Wait()
	if n := r.pool.started.Load(); n < 1 || n > int64(cap(r.pool.slots)) {
		t.Errorf("%d workers rendered %d diagrams, want 1..%d", n, len(got), cap(r.pool.slots))
	}
	for i, dot := range dots {
		for _, j := range []int{i, i + len(dots)} {
			if errs[j] != nil {
				t.Fatalf("diagram %d: %v", i, errs[j])
			}
		}
		single, err := r.renderChild(dot)
		if err != nil {
			t.Fatalf("single render of diagram %d: %v", i, err)
		}
		inProcess, err := render.SVG(context.Background(), dot)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got[i], single) || !bytes.Equal(got[i+len(dots)], single) || !bytes.Equal(single, inProcess) {
			t.Errorf("diagram %d: the worker's SVG differs from a single render's", i)
		}
	}
	if r.peakChildRSS.Load() <= 0 {
		if _, err := os.Stat("/proc/self/status"); err == nil {
			t.Error("the workers did not report their peak memory")
		}
	}
}

func TestRenderWorkerIsKilledAtTheTimeLimitAndReplaced(t *testing.T) {
	r := workerRenderer(t, map[string]string{envRenderTimeout: "1s"})
	if _, err := r.Render(smallDOT); err != nil {
		t.Fatal(err)
	}
	_, err := r.Render(slowDOT())
	if err == nil || !strings.Contains(err.Error(), "time limit") {
		t.Fatalf("err = %v, want a time-limit error", err)
	}
	if n := r.pool.liveCount(); n != 0 {
		t.Errorf("%d children left after the kill, want 0", n)
	}
	svg, err := r.Render(numberedDOT(1))
	if err != nil {
		t.Fatalf("render after the kill: %v", err)
	}
	if render.SVGDOTHash(svg) != render.DOTHash(numberedDOT(1)) {
		t.Error("the fresh child returned another diagram")
	}
	if n := r.pool.started.Load(); n != 2 {
		t.Errorf("started %d children, want 2 (one killed, one fresh)", n)
	}
}

func TestRenderWorkerThatHangsAfterItsGreeting(t *testing.T) {
	r := workerRenderer(t, map[string]string{envRenderTimeout: "300ms"})
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}
	r.exe, r.workerArgs = "/bin/sh", []string{"-c", "printf '" + strings.TrimSuffix(workerHello, "\n") + "\\n'; exec sleep 60"}
	_, err := r.Render(smallDOT)
	if err == nil || !strings.Contains(err.Error(), "time limit") {
		t.Fatalf("err = %v, want a time-limit error", err)
	}
	if r.noWorker.Load() {
		t.Error("a hanging worker was taken for a program without the worker command")
	}
}

func TestRenderWorkerIsRecycledAfterNRenders(t *testing.T) {
	r := workerRenderer(t, nil)
	pool := r.workers()
	pool.maxRenders = 3
	for i := range 7 {
		if _, err := r.Render(numberedDOT(i)); err != nil {
			t.Fatal(err)
		}
	}
	// Renders 1-3, 4-6 and 7, one at a time.
	if n := pool.started.Load(); n != 3 {
		t.Errorf("started %d children for 7 renders at 3 per child, want 3", n)
	}
	if n := pool.liveCount(); n != 1 {
		t.Errorf("%d children alive, want 1 (the one with 1 render)", n)
	}
}

func TestRenderWorkerIsRecycledPastItsMemoryLimit(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("peak memory is not reported on this system")
	}
	r := workerRenderer(t, nil)
	pool := r.workers()
	pool.maxRSS = 1 // every child is past it after one render
	for i := range 3 {
		if _, err := r.Render(numberedDOT(i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := pool.started.Load(); n != 3 {
		t.Errorf("started %d children, want 3 (one per render)", n)
	}
}

func TestRenderWorkerThatDiesFailsOnlyItsDiagram(t *testing.T) {
	r := workerRenderer(t, nil)
	pool := r.workers()
	pool.slots = make(chan struct{}, 2) // room beside the slow render on any machine
	slow := make(chan error, 1)
	go func() {
		_, err := r.Render(slowDOT())
		slow <- err
	}()
	// Wait for the slow render's child, then kill it mid-render.
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
		t.Fatal("no child started")
	}
	time.Sleep(100 * time.Millisecond) // let it receive the DOT
	// Other diagrams render meanwhile, on another child.
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
		t.Fatalf("err = %v, want the renderer's death reported", err)
	}
	for i := range 3 {
		if _, err := r.Render(numberedDOT(10 + i)); err != nil {
			t.Fatalf("render after the death: %v", err)
		}
	}
}

func TestRenderWorkerReportsARenderError(t *testing.T) {
	r := workerRenderer(t, nil)
	if _, err := r.Render("digraph { a -> }"); err == nil || !strings.Contains(err.Error(), "DOT") {
		t.Fatalf("err = %v, want the parse error", err)
	}
	// The child survives a bad diagram.
	if _, err := r.Render(smallDOT); err != nil {
		t.Fatal(err)
	}
	if n := r.pool.started.Load(); n != 1 {
		t.Errorf("started %d children, want 1", n)
	}
}

func TestRenderWorkersExitOnClose(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	r := workerRenderer(t, nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if _, err := r.Render(numberedDOT(i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	pool := r.pool
	pool.mu.Lock()
	var children []*renderWorker
	for w := range pool.live {
		children = append(children, w)
	}
	pool.mu.Unlock()
	if len(children) == 0 {
		t.Fatal("no child alive before Close")
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Render(numberedDOT(99)); err != errRendererClosed {
		t.Errorf("render after Close: err = %v, want %v", err, errRendererClosed)
	}
	if n := pool.liveCount(); n != 0 {
		t.Errorf("%d children alive after Close", n)
	}
	deadline := time.Now().Add(5 * time.Second)
	for _, w := range children {
		// Signal 0 fails once the process is gone (waited for).
		for w.cmd.Process.Signal(syscall.Signal(0)) == nil {
			if time.Now().After(deadline) {
				t.Fatalf("child %d still runs after Close", w.cmd.Process.Pid)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if code := exitCode(w.waitErr); w.waitErr != nil {
			t.Errorf("child %d exited with %d (%v), want a clean exit on end of input", w.cmd.Process.Pid, code, w.waitErr)
		}
	}
	for runtime.NumGoroutine() > goroutines {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines after Close, %d before", runtime.NumGoroutine(), goroutines)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestRenderWorkerProtocolRoundTrip(t *testing.T) {
	// The child itself, in this process: hello, two replies, clean exit.
	var in bytes.Buffer
	for _, dot := range []string{smallDOT, "digraph { a -> }"} {
		if err := writeWorkerRequest(&in, dot); err != nil {
			t.Fatal(err)
		}
	}
	var out, stderr bytes.Buffer
	c := &Command{Stdin: &in, Stdout: &out, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if status := runRenderWorker(c, nil); status != ExitOK {
		t.Fatalf("status %d: %s", status, stderr.String())
	}
	if line, err := out.ReadString('\n'); err != nil || line != workerHello {
		t.Fatalf("greeting %q, %v", line, err)
	}
	first, err := readWorkerReply(&out)
	if err != nil || render.SVGDOTHash(first.svg) != render.DOTHash(smallDOT) {
		t.Fatalf("first reply: %v", err)
	}
	second, err := readWorkerReply(&out)
	if err != nil || second.svg != nil || !strings.Contains(second.errText, "DOT") {
		t.Fatalf("second reply: %+v, %v", second, err)
	}
	if out.Len() != 0 {
		t.Errorf("%d stray bytes after the replies", out.Len())
	}
}
