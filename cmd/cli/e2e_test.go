package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/infradoc/infradoc/site/rootfs/rootfstest"
)

// Helpers of the end-to-end tests: a real Chromium driving a real
// `infradoc serve` on a copy of a fixture repository.

// findChromium returns the browser to drive. Without one the test skips
// with the install command, except under CI=true, where it fails: CI
// installs Chromium, so a missing browser there is a broken set-up.
func findChromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("INFRADOC_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const msg = "no Chromium found for the browser tests: install it with `apt-get update && apt-get install -y chromium` (or set INFRADOC_CHROMIUM)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// reviewScreenshots is the -screenshots flag: the browser tests also write
// the screenshot matrix (see matrixScreenshots) to reviewScreenshotsDir, a
// folder kept in git, so that a reviewer can look at the pages without
// running anything.
var reviewScreenshots = flag.Bool("screenshots", false, "also write the screenshot matrix to testdata/screenshots/ (kept in git)")

// reviewScreenshotsDir is the repository's testdata/screenshots.
var reviewScreenshotsDir = filepath.Join("..", "..", "testdata", "screenshots")

// The pages matrix: home, an obligation, a doc and search; light and
// dark; desktop and phone.
var (
	matrixPages  = []string{"home", "obligation", "doc", "search"}
	matrixThemes = []string{"light", "dark"}
	matrixViews  = []string{"desktop", "phone"}
)

// matrixScreenshot names the screenshot of one cell of the pages matrix.
func matrixScreenshot(page, theme, view string) string {
	return fmt.Sprintf("pages-%s-%s-%s.png", page, theme, view)
}

// matrixScreenshots names every screenshot of the pages matrix.
func matrixScreenshots() []string {
	var names []string
	for _, page := range matrixPages {
		for _, theme := range matrixThemes {
			for _, view := range matrixViews {
				names = append(names, matrixScreenshot(page, theme, view))
			}
		}
	}
	return names
}

// artifactsDir is where screenshots go: $INFRADOC_ARTIFACTS, else
// testdata/e2e/screenshots at the repository root (ignored by git).
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("INFRADOC_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "testdata", "e2e", "screenshots")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots: %s", abs)
	return abs
}

// copyTree copies the files of src into a new temporary folder.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// saveLikeAnEditor replaces a file the way editors do: write a temporary
// file next to it, then rename it over the original.
func saveLikeAnEditor(t *testing.T, path string, edit func(string) string) {
	t.Helper()
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	updated := edit(string(old))
	if updated == string(old) {
		t.Fatalf("the edit of %s changed nothing", path)
	}
	tmp := path + ".tmp~"
	if err := os.WriteFile(tmp, []byte(updated), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer is a goroutine-safe log of serve's output.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startServe runs `infradoc serve --config <repo>/infradoc.yaml` in this
// process on a free port and returns the site's URL. It stops at cleanup.
func startServe(t *testing.T, repo string) string {
	t.Helper()
	logs := &syncBuffer{}
	c := &Command{Stdout: logs, Stderr: logs, Getenv: os.Getenv, Dir: repo}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	in := &inputFlags{config: filepath.Join(repo, "infradoc.yaml")}
	opts := serveOptions{NoOpen: true, Out: t.TempDir(), Debounce: 100 * time.Millisecond, Ready: func(u string) { ready <- u }}
	go func() { done <- c.serve(ctx, ln, in, opts) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		if t.Failed() {
			t.Logf("serve's output:\n%s", logs.String())
		}
	})
	select {
	case u := <-ready:
		return u
	case err := <-done:
		t.Fatalf("serve stopped: %v\n%s", err, logs.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not start within 30 s:\n%s", logs.String())
	}
	return ""
}

// consoleLog collects what the pages write to the console: console API
// calls, uncaught exceptions and browser log entries (failed requests,
// blocked content).
type consoleLog struct {
	mu   sync.Mutex
	msgs []chromedp.ConsoleMessage
}

func (l *consoleLog) add(m chromedp.ConsoleMessage) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, m)
}

// problems returns the errors, warnings and exceptions from index from on.
func (l *consoleLog) problems(from int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, m := range l.msgs[min(from, len(l.msgs)):] {
		switch m.Type {
		case chromedp.ConsoleError, chromedp.ConsoleException, chromedp.ConsoleWarning:
			out = append(out, string(m.Type)+": "+m.URL+": "+m.String())
		}
	}
	return out
}

func (l *consoleLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.msgs)
}

// newBrowser starts a headless Chromium with a fresh profile and returns a
// tab's context and the log of its console.
func newBrowser(t *testing.T, exe string) (context.Context, *consoleLog) {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	log := &consoleLog{}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			log.add(m)
		}
	}()
	return ctx, log
}

// step runs browser actions with a time limit; a failure names the step.
func step(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(sctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitUntil evaluates expr until it is true, across page reloads (which
// is the point: live reload replaces the document under the test).
func waitUntil(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		ok, err := chromedp.Run(sctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		lastErr = err
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("gave up waiting for %s (last error: %v)", what, lastErr)
}

// screenshot saves a full-page PNG into dir and returns it.
func screenshot(t *testing.T, ctx context.Context, dir, name string) []byte {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("screenshot %s is not a PNG", name)
	}
	rootfstest.WriteFile(t, dir, name, png)
	return png
}

// TestReviewScreenshotsAreKept: the screenshot matrix kept in git for
// reviewers (go test ./cmd/cli -run TestPagesInBrowser -screenshots writes
// it) is complete, each a PNG, and holds nothing else.
func TestReviewScreenshotsAreKept(t *testing.T) {
	entries, err := os.ReadDir(reviewScreenshotsDir)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/cli -run TestPagesInBrowser -screenshots writes it)", err)
	}
	var have []string
	for _, e := range entries {
		have = append(have, e.Name())
	}
	want := matrixScreenshots()
	slices.Sort(want)
	if !slices.Equal(have, want) {
		t.Fatalf("%s holds %v, want %v (go test ./cmd/cli -run TestPagesInBrowser -screenshots rewrites it)", reviewScreenshotsDir, have, want)
	}
	for _, name := range have {
		data, err := os.ReadFile(filepath.Join(reviewScreenshotsDir, name))
		if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
			t.Errorf("%s is not a PNG (%v)", name, err)
		}
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
