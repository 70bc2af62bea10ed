package graphviz

import (
	"bytes"
	"debug/buildinfo"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/infradoc/infradoc/render/graphviz/graphviztest"
	"github.com/infradoc/infradoc/render/graphviz/internal/wire"
)

// TestMain builds infradoc-graphviz and points $INFRADOC_GRAPHVIZ at it:
// every render in these tests runs in a real worker process.
func TestMain(m *testing.M) { os.Exit(graphviztest.Main(m)) }

// testRenderer returns a renderer whose cache is a fresh temporary folder
// (no cache when noCache) and whose time limit is timeout (the default
// when 0).
func testRenderer(t *testing.T, timeout time.Duration, noCache bool) *Renderer {
	t.Helper()
	opts := Options{Timeout: timeout}
	if !noCache {
		opts.CacheDir = t.TempDir()
	}
	r := New(opts)
	t.Cleanup(func() { r.Close() })
	return r
}

// fakeWorker makes r start /bin/sh running script instead of the worker.
func fakeWorker(t *testing.T, r *Renderer, script string) {
	t.Helper()
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}
	r.exe, r.args = "/bin/sh", []string{"-c", script}
}

// shellBytes writes b as a printf format.
func shellBytes(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		fmt.Fprintf(&s, "\\%03o", c)
	}
	return s.String()
}

// replyFrame is a worker's reply as printf format.
func replyFrame(status byte, payload string) string {
	head := make([]byte, 13)
	head[0] = status
	binary.BigEndian.PutUint32(head[9:], uint32(len(payload)))
	return shellBytes(append(head, payload...))
}

const smallDOT = "// infradoc-title: Test\n// infradoc-desc: Two nodes.\ndigraph { a -> b; }\n"

// TestEngineMatchesTheWorkerAndTheCacheKey: the worker's greeting names
// the go-graphviz and the chroma it is built with, and GraphvizVersion
// and HighlightVersion, part of every cache key, name the same.
func TestEngineMatchesTheWorkerAndTheCacheKey(t *testing.T) {
	if !strings.HasPrefix(GraphvizVersion, wire.Engine+"; ") {
		t.Errorf("GraphvizVersion %q does not begin with wire.Engine %q", GraphvizVersion, wire.Engine)
	}
	if !strings.HasPrefix(HighlightVersion, wire.Highlighter+"; ") {
		t.Errorf("HighlightVersion %q does not begin with wire.Highlighter %q", HighlightVersion, wire.Highlighter)
	}
	exe, err := graphviztest.Worker()
	if err != nil {
		t.Fatal(err)
	}
	bi, err := buildinfo.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, d := range bi.Deps {
		switch d.Path {
		case "github.com/goccy/go-graphviz":
			found[d.Path] = true
			if !strings.HasPrefix(wire.Engine, "go-graphviz "+d.Version+" ") {
				t.Errorf("wire.Engine = %q, but the worker links go-graphviz %s: update it and GraphvizVersion", wire.Engine, d.Version)
			}
		case "github.com/alecthomas/chroma/v2":
			found[d.Path] = true
			if wire.Highlighter != "chroma "+d.Version {
				t.Errorf("wire.Highlighter = %q, but the worker links chroma %s: update it", wire.Highlighter, d.Version)
			}
		}
	}
	if len(found) != 2 {
		t.Fatalf("the worker links only %v of go-graphviz and chroma", found)
	}
}

func TestRendererRendersOnAWorkerAndCaches(t *testing.T) {
	r := testRenderer(t, 0, false)
	svg, err := r.Render(smallDOT)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := graphviztest.RenderRaw(smallDOT)
	if err != nil {
		t.Fatal(err)
	}
	want, err := FinishSVG(raw, smallDOT)
	if err != nil || !bytes.Equal(svg, want) {
		t.Fatalf("the SVG differs from Graphviz's finished by FinishSVG (%v)", err)
	}
	hash := DOTHash(smallDOT)
	if SVGDOTHash(svg) != hash {
		t.Fatal("the SVG does not record its DOT")
	}
	if _, err := os.Stat("/proc/self/status"); err == nil && r.PeakWorkerRSS() <= 0 {
		t.Error("the worker did not report its peak memory")
	}
	cached := filepath.Join(r.CacheDir(), hash+".svg")
	onDisk, err := os.ReadFile(cached)
	if err != nil || !bytes.Equal(onDisk, svg) {
		t.Fatalf("cache file %s: %v", cached, err)
	}
	if fi, err := os.Stat(cached); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("cache file mode %v (%v), want 0600", fi.Mode(), err)
	}
	if got := r.CachedUnchecked(smallDOT); !bytes.Equal(got, svg) {
		t.Error("CachedUnchecked does not find the cached SVG")
	}
	// A cache hit never starts a worker: with no program to run, a second
	// renderer on the same cache must answer from the disk.
	again := New(Options{CacheDir: r.CacheDir()})
	defer again.Close()
	again.exe = filepath.Join(t.TempDir(), "missing")
	if got, err := again.Render(smallDOT); err != nil || !bytes.Equal(got, svg) {
		t.Fatalf("cached render: %v", err)
	}
	if again.pool != nil {
		t.Error("a cache hit started the worker pool")
	}
	if _, err := again.Render(smallDOT + "// other\n"); err == nil || !strings.Contains(err.Error(), "starting the Graphviz renderer") {
		t.Errorf("a miss with a missing program: err = %v", err)
	}
	entries, _ := os.ReadDir(r.CacheDir())
	if len(entries) != 1 {
		t.Errorf("cache holds %d files, want 1 (no temporary leftovers)", len(entries))
	}
}

func TestRendererIgnoresABadCacheFile(t *testing.T) {
	r := testRenderer(t, 0, false)
	hash := DOTHash(smallDOT)
	bad := fmt.Sprintf(`<svg data-dot-hash="%s"><script>alert(1)</script></svg>`, hash)
	if err := os.WriteFile(filepath.Join(r.CacheDir(), hash+".svg"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	svg, err := r.Render(smallDOT)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(svg, []byte("<script")) {
		t.Fatal("a tampered cache file was served")
	}
	onDisk, _ := os.ReadFile(filepath.Join(r.CacheDir(), hash+".svg"))
	if !bytes.Equal(onDisk, svg) {
		t.Error("the bad cache file was not replaced")
	}
}

func TestRendererRefusesAnUnsafeSVG(t *testing.T) {
	r := testRenderer(t, 0, false)
	hash := DOTHash(smallDOT)
	// A worker that greets properly and answers with a script.
	fakeWorker(t, r, "printf '"+shellBytes([]byte(wire.Hello))+replyFrame(wire.StatusSVG, `<svg width="1"><script>x</script></svg>`)+"'; cat >/dev/null")
	if _, err := r.Render(smallDOT); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("err = %v, want the SVG refused", err)
	}
	if _, err := os.Stat(filepath.Join(r.CacheDir(), hash+".svg")); err == nil {
		t.Error("an unsafe SVG was cached")
	}
}

func TestRendererRefusesAWorkerThatGreetsOtherwise(t *testing.T) {
	r := testRenderer(t, 0, true)
	// The greeting of the worker built into infradoc before it became a
	// program of its own.
	fakeWorker(t, r, `printf 'infradoc-render-worker 1\n'; cat >/dev/null`)
	_, err := r.Render(smallDOT)
	if err == nil || !strings.Contains(err.Error(), "is not the render worker of this infradoc") || !strings.Contains(err.Error(), "go install "+workerPackage) {
		t.Fatalf("err = %v, want the worker refused with how to install the right one", err)
	}
	if _, err2 := r.Render(smallDOT); err2 == nil || err2.Error() != err.Error() {
		t.Errorf("second render: %v", err2)
	}
	if n := r.pool.started.Load(); n != 1 {
		t.Errorf("started %d workers, want 1: a refused worker is not tried again", n)
	}
}

func TestRendererReportsAWorkerThatDoesNotStart(t *testing.T) {
	r := testRenderer(t, 0, true)
	fakeWorker(t, r, "echo 'cannot open shared object' >&2; exit 127")
	_, err := r.Render(smallDOT)
	if err == nil || !strings.Contains(err.Error(), "did not start: cannot open shared object") {
		t.Fatalf("err = %v, want the worker's own message", err)
	}
}

func TestRendererKillsAWorkerThatNeverGreets(t *testing.T) {
	r := testRenderer(t, 300*time.Millisecond, true)
	fakeWorker(t, r, "exec sleep 60")
	start := time.Now()
	_, err := r.Render(smallDOT)
	if err == nil || !strings.Contains(err.Error(), "time limit") || !strings.Contains(err.Error(), EnvTimeout) {
		t.Fatalf("err = %v, want a time-limit error naming %s", err, EnvTimeout)
	}
	if elapsed := time.Since(start); elapsed > 30*time.Second {
		t.Errorf("the parent waited %s for a killed worker", elapsed)
	}
}

func TestRendererReportsBadDOT(t *testing.T) {
	r := testRenderer(t, 0, true)
	_, err := r.Render("digraph { a -> }")
	if err == nil || !strings.Contains(err.Error(), "DOT") {
		t.Fatalf("err = %v, want the parse error", err)
	}
}

func TestRendererAfterClose(t *testing.T) {
	r := testRenderer(t, 0, true)
	r.Close()
	if _, err := r.Render(smallDOT); err != ErrClosed {
		t.Fatalf("err = %v, want %v", err, ErrClosed)
	}
	if r.pool != nil {
		t.Error("a pool started after Close")
	}
}

func TestRendererGivesWorkersItsEnvironment(t *testing.T) {
	r := New(Options{WorkerEnv: func() []string { return append(os.Environ(), "INFRADOC_TEST_MARK=1") }})
	defer r.Close()
	if _, err := r.Render(smallDOT); err != nil {
		t.Fatal(err)
	}
	r.pool.mu.Lock()
	defer r.pool.mu.Unlock()
	if len(r.pool.idle) != 1 {
		t.Fatalf("%d idle workers, want 1", len(r.pool.idle))
	}
	if env := r.pool.idle[0].cmd.Env; len(env) == 0 || env[len(env)-1] != "INFRADOC_TEST_MARK=1" {
		t.Errorf("the worker's environment ends %q", env[max(0, len(env)-1):])
	}
}

func TestTimeoutFromEnv(t *testing.T) {
	for _, c := range []struct {
		value string
		want  time.Duration
		warns bool
	}{{"", DefaultTimeout, false}, {"300ms", 300 * time.Millisecond, false}, {"20", DefaultTimeout, true}, {"-1s", DefaultTimeout, true}} {
		var warn bytes.Buffer
		got := TimeoutFromEnv(func(k string) string {
			if k == EnvTimeout {
				return c.value
			}
			return ""
		}, &warn)
		if got != c.want || (warn.Len() > 0) != c.warns {
			t.Errorf("%q: %s, warning %q", c.value, got, warn.String())
		}
		if c.warns && !strings.Contains(warn.String(), fmt.Sprintf("ignoring %s=%q", EnvTimeout, c.value)) {
			t.Errorf("%q: warning %q", c.value, warn.String())
		}
	}
}
