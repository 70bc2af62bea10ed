package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/infradoc/infradoc/cmd/internal/usercache"
	"github.com/infradoc/infradoc/render"
)

// testRenderer returns the renderer of a command whose cache is a fresh
// temporary folder; children re-execute the test binary (see TestMain).
func testRenderer(t *testing.T, env map[string]string) *svgRenderer {
	t.Helper()
	dir := t.TempDir()
	c := &Command{Stderr: &bytes.Buffer{}, Getenv: func(k string) string {
		if k == envCacheDir {
			return dir
		}
		return env[k]
	}}
	r := newSVGRenderer(c)
	if r.exe == "" {
		t.Fatal("os.Executable is unavailable: the child-process path is not tested")
	}
	t.Cleanup(func() { r.Close() })
	return r
}

const smallDOT = "// infradoc-title: Test\n// infradoc-desc: Two nodes.\ndigraph { a -> b; }\n"

func TestSVGRendererRendersInAChildAndCaches(t *testing.T) {
	r := testRenderer(t, nil)
	// The child mode itself works (no in-process fallback hides it).
	if _, err := r.renderChild(smallDOT); err != nil {
		t.Fatalf("child render: %v", err)
	}
	svg, err := r.Render(smallDOT)
	if err != nil {
		t.Fatal(err)
	}
	hash := render.DOTHash(smallDOT)
	if render.SVGDOTHash(svg) != hash {
		t.Fatal("the SVG does not record its DOT")
	}
	if _, err := os.Stat("/proc/self/status"); err == nil && r.peakChildRSS.Load() <= 0 {
		t.Error("the child did not report its peak memory")
	}
	cached := filepath.Join(r.cacheDir, hash+".svg")
	onDisk, err := os.ReadFile(cached)
	if err != nil || !bytes.Equal(onDisk, svg) {
		t.Fatalf("cache file %s: %v", cached, err)
	}
	// A cache hit never starts a child: with no executable to run, the
	// second render must come from the disk.
	r.exe = filepath.Join(t.TempDir(), "missing")
	again, err := r.Render(smallDOT)
	if err != nil || !bytes.Equal(again, svg) {
		t.Fatalf("cached render: %v", err)
	}
	entries, _ := os.ReadDir(r.cacheDir)
	if len(entries) != 1 {
		t.Errorf("cache holds %d files, want 1 (no temporary leftovers)", len(entries))
	}
}

func TestSVGRendererIgnoresABadCacheFile(t *testing.T) {
	r := testRenderer(t, nil)
	hash := render.DOTHash(smallDOT)
	if err := os.MkdirAll(r.cacheDir, 0o755); err != nil {
		t.Fatal(err)
	}
	bad := fmt.Sprintf(`<svg data-dot-hash="%s"><script>alert(1)</script></svg>`, hash)
	if err := os.WriteFile(filepath.Join(r.cacheDir, hash+".svg"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	svg, err := r.Render(smallDOT)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(svg, []byte("<script")) {
		t.Fatal("a tampered cache file was served")
	}
	onDisk, _ := os.ReadFile(filepath.Join(r.cacheDir, hash+".svg"))
	if !bytes.Equal(onDisk, svg) {
		t.Error("the bad cache file was not replaced")
	}
}

func TestSVGRendererKillsASlowChild(t *testing.T) {
	r := testRenderer(t, map[string]string{envRenderTimeout: "300ms"})
	if r.timeout != 300*time.Millisecond {
		t.Fatalf("timeout = %s, want 300ms from %s", r.timeout, envRenderTimeout)
	}
	// A single-render child that hangs: the parent must give up at the
	// limit.
	r.exe, r.args, r.workerArgs = "/bin/sh", []string{"-c", "exec sleep 60"}, nil
	if _, err := os.Stat(r.exe); err != nil {
		t.Skip("no /bin/sh")
	}
	start := time.Now()
	_, err := r.Render(smallDOT)
	if err == nil || !strings.Contains(err.Error(), "time limit") {
		t.Fatalf("err = %v, want a time-limit error", err)
	}
	if elapsed := time.Since(start); elapsed > 30*time.Second {
		t.Errorf("the parent waited %s for a killed child", elapsed)
	}
}

func TestSVGRendererKillsALayoutThatTakesTooLong(t *testing.T) {
	// A real Graphviz layout far slower than the limit.
	var b strings.Builder
	b.WriteString("digraph {\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "n%d -> n%d; n%d -> n%d;\n", i, (i*7+3)%3000, i, (i*13+5)%3000)
	}
	b.WriteString("}\n")
	r := testRenderer(t, map[string]string{envRenderTimeout: "1s"})
	_, err := r.Render(b.String())
	if err == nil || !strings.Contains(err.Error(), "time limit") {
		t.Fatalf("err = %v, want a time-limit error", err)
	}
}

func TestSVGRendererReportsTheChildsError(t *testing.T) {
	r := testRenderer(t, nil)
	_, err := r.Render("digraph { a -> }")
	if err == nil || !strings.Contains(err.Error(), "DOT") {
		t.Fatalf("err = %v, want the parse error", err)
	}
}

func TestSVGRendererFallsBackWhenTheProgramHasNoChildMode(t *testing.T) {
	r := testRenderer(t, nil)
	// A program that does not know the child command exits with the
	// usage status.
	// The worker command is unknown too, so both fall back.
	r.exe, r.args = "/bin/sh", []string{"-c", fmt.Sprintf("exit %d", ExitUsage)}
	r.workerArgs = r.args
	if _, err := os.Stat(r.exe); err != nil {
		t.Skip("no /bin/sh")
	}
	svg, err := r.Render(smallDOT)
	if err != nil {
		t.Fatal(err)
	}
	if render.SVGDOTHash(svg) != render.DOTHash(smallDOT) {
		t.Error("in-process fallback returned another SVG")
	}
}

func TestSVGRendererRefusesAChildsUnsafeOutput(t *testing.T) {
	r := testRenderer(t, nil)
	hash := render.DOTHash(smallDOT)
	r.exe, r.args, r.workerArgs = "/bin/sh", []string{"-c", fmt.Sprintf(`printf '<svg data-dot-hash="%s"><script>x</script></svg>'`, hash)}, nil
	if _, err := os.Stat(r.exe); err != nil {
		t.Skip("no /bin/sh")
	}
	if _, err := r.Render(smallDOT); err == nil || !strings.Contains(err.Error(), "unsafe") {
		t.Fatalf("err = %v, want the SVG refused", err)
	}
	if _, err := os.Stat(filepath.Join(r.cacheDir, hash+".svg")); err == nil {
		t.Error("an unsafe SVG was cached")
	}
}

func TestSVGRendererWarnsOfABadTimeout(t *testing.T) {
	var stderr bytes.Buffer
	c := &Command{Stderr: &stderr, Getenv: func(k string) string {
		if k == envRenderTimeout {
			return "20"
		}
		return ""
	}}
	r := newSVGRenderer(c)
	if r.timeout != defaultRenderTimeout || !strings.Contains(stderr.String(), `ignoring INFRADOC_RENDER_TIMEOUT="20"`) {
		t.Errorf("timeout %s, stderr %q", r.timeout, stderr.String())
	}
}

func TestCacheDirIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	var stderr bytes.Buffer
	c := &Command{Stderr: &stderr, Getenv: func(k string) string {
		if k == envCacheDir {
			return dir
		}
		return ""
	}}
	if got := c.cacheDir(); got != dir {
		t.Fatalf("cacheDir = %q, want %q", got, dir)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("cache folder: %v %v, want 0700", fi.Mode(), err)
	}
	// One that others may write to (and so fill with the SVGs a build
	// publishes) is not used, and the user is told once.
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if got := c.cacheDir(); got != "" {
		t.Fatalf("world-writable cache folder used: %q", got)
	}
	if got := c.cacheDir(); got != "" {
		t.Fatalf("world-writable cache folder used: %q", got)
	}
	if n := strings.Count(stderr.String(), "not caching diagrams"); n != 1 {
		t.Errorf("%d warnings, want 1: %q", n, stderr.String())
	}
	r := newSVGRenderer(c)
	defer r.Close()
	if r.cacheDir != "" {
		t.Fatalf("renderer caches in %q", r.cacheDir)
	}
	if _, err := r.Render(smallDOT); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the renderer wrote %d files into the unsafe folder", len(entries))
	}
}

// TestRenderChildrenGetGraphvizsPrivateTMPDIR: the program runs with the
// user's TMPDIR again, and its render children (which initialise
// go-graphviz before their main) get the private folder.
func TestRenderChildrenGetGraphvizsPrivateTMPDIR(t *testing.T) {
	private := usercache.GraphvizTempDir()
	if private == "" {
		t.Skip("TMPDIR is left alone on this system")
	}
	if got := os.Getenv("TMPDIR"); got == private {
		t.Fatalf("TMPDIR is still go-graphviz's folder %s", got)
	}
	r := testRenderer(t, nil)
	if _, err := r.Render(smallDOT); err != nil {
		t.Fatal(err)
	}
	r.pool.mu.Lock()
	if len(r.pool.idle) != 1 {
		r.pool.mu.Unlock()
		t.Fatalf("%d idle workers, want 1", len(r.pool.idle))
	}
	env := r.pool.idle[0].cmd.Env
	r.pool.mu.Unlock()
	if private == "/dev/null" {
		// No private folder: the children look for one themselves.
		return
	}
	for _, want := range []string{"TMPDIR=" + private, usercache.EnvGraphvizTempDir + "=" + private} {
		if !slices.Contains(env, want) {
			t.Errorf("the worker's environment lacks %s", want)
		}
	}
}
