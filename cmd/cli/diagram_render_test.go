package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/cmd/internal/usercache"
	"github.com/infradoc/infradoc/render/graphviz"
)

// The renderer itself (cache, workers, time limit, finding the worker) is
// tested in render/graphviz; these tests check what the commands give it.

const smallDOT = "// infradoc-title: Test\n// infradoc-desc: Two nodes.\ndigraph { a -> b; }\n"

func TestSVGRendererWarnsOfABadTimeout(t *testing.T) {
	var stderr bytes.Buffer
	c := &Command{Stderr: &stderr, Getenv: func(k string) string {
		if k == graphviz.EnvTimeout {
			return "20"
		}
		return ""
	}}
	r := newSVGRenderer(c)
	defer r.Close()
	if !strings.Contains(stderr.String(), `ignoring INFRADOC_RENDER_TIMEOUT="20"`) {
		t.Errorf("stderr %q", stderr.String())
	}
}

func TestSVGRendererRendersThroughTheWorker(t *testing.T) {
	dir := t.TempDir()
	c := &Command{Stderr: &bytes.Buffer{}, Getenv: func(k string) string {
		if k == envCacheDir {
			return dir
		}
		return ""
	}}
	r := newSVGRenderer(c)
	defer r.Close()
	svg, err := r.Render(smallDOT)
	if err != nil {
		t.Fatal(err)
	}
	if graphviz.SVGDOTHash(svg) != graphviz.DOTHash(smallDOT) || r.CacheDir() != dir {
		t.Fatal("the SVG does not record its DOT, or was not cached in $INFRADOC_CACHE_DIR")
	}
	if _, err := os.Stat(filepath.Join(dir, graphviz.DOTHash(smallDOT)+".svg")); err != nil {
		t.Fatal(err)
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
	if r.CacheDir() != "" {
		t.Fatalf("renderer caches in %q", r.CacheDir())
	}
	if _, err := r.Render(smallDOT); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the renderer wrote %d files into the unsafe folder", len(entries))
	}
}

// TestGraphvizWorkersGetAPrivateTMPDIR: this program's TMPDIR is the
// user's (nothing here links go-graphviz), and the workers it starts get
// the private folder go-graphviz caches its compiled code in.
func TestGraphvizWorkersGetAPrivateTMPDIR(t *testing.T) {
	private, _ := usercache.GraphvizTempDir()
	if private == "" {
		t.Skip("TMPDIR is left alone on this system")
	}
	if got := os.Getenv("TMPDIR"); got == private {
		t.Fatalf("this process's TMPDIR is go-graphviz's folder %s", got)
	}
	env := (&Command{Stderr: &bytes.Buffer{}}).graphvizWorkerEnv()
	if private == "/dev/null" {
		// No private folder: the workers look for one themselves.
		if !slices.Equal(env, os.Environ()) {
			t.Error("the environment was changed without a private folder")
		}
		return
	}
	for _, want := range []string{"TMPDIR=" + private, usercache.EnvGraphvizTempDir + "=" + private} {
		if !slices.Contains(env, want) {
			t.Errorf("the worker's environment lacks %s", want)
		}
	}
}
