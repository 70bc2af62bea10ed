package engine

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"image"
	pngpkg "image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/infradoc/infradoc/render/graphviz/engine/internal/testtmp"
	"github.com/infradoc/infradoc/render/graphviz/internal/wire"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testtmp.Done()
	os.Exit(code)
}

const smallDOT = "digraph { a -> b; }\n"

// TestGoGraphvizCachesInTheTestsOwnFolder: testtmp's init ran before
// go-graphviz's, which cached its compiled code there.
func TestGoGraphvizCachesInTheTestsOwnFolder(t *testing.T) {
	if testtmp.Dir == "" {
		t.Skip("no private TMPDIR could be made")
	}
	if _, err := os.Stat(filepath.Join(testtmp.Dir, "go-graphviz")); err != nil {
		t.Fatalf("go-graphviz did not cache in %s: %v", testtmp.Dir, err)
	}
}

func TestGraphvizCannotReadHostFiles(t *testing.T) {
	dir := t.TempDir()
	var png bytes.Buffer
	if err := pngpkg.Encode(&png, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"probe-a.png", "probe-b.png"} {
		if err := os.WriteFile(filepath.Join(dir, name), png.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Graphviz caches images by name for the life of the process, so each
	// render names a different file.
	dot := `digraph { a [image="/probe-a.png"]; }`
	// With a file system holding the probe, Graphviz embeds it: the probe
	// works.
	mu.Lock()
	files = os.DirFS(dir)
	mu.Unlock()
	raw, err := Render(context.Background(), dot)
	mu.Lock()
	files = noFS{}
	mu.Unlock()
	if err != nil || !bytes.Contains(raw, []byte("<image")) {
		t.Fatalf("the probe did not reach Graphviz (err %v); the test proves nothing", err)
	}
	// With the file system Render installs, nothing is read.
	raw, err = Render(context.Background(), strings.ReplaceAll(dot, "probe-a", "probe-b"))
	if err == nil && bytes.Contains(raw, []byte("<image")) {
		t.Errorf("Graphviz read a file:\n%s", raw)
	}
}

func TestConcurrentRendersAreSerialised(t *testing.T) {
	dot := "digraph { rankdir=LR; a -> b -> c; b -> d; subgraph cluster_x { e -> f; } }\n"
	want, err := Render(context.Background(), dot)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			got, err := Render(context.Background(), dot)
			if err == nil && !bytes.Equal(got, want) {
				err = errors.New("concurrent render differs")
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestRenderReportsBadDOT(t *testing.T) {
	if _, err := Render(context.Background(), "digraph { a -> }"); err == nil || !strings.Contains(err.Error(), "DOT") {
		t.Fatalf("err = %v, want the parse error", err)
	}
}

func TestServeRoundTrip(t *testing.T) {
	// Hello, four replies (an SVG, an error, highlighted code and plain
	// code), and a clean end on end of input.
	var in bytes.Buffer
	for _, dot := range []string{smallDOT, "digraph { a -> }"} {
		if err := wire.WriteRequest(&in, dot); err != nil {
			t.Fatal(err)
		}
	}
	for _, lang := range []string{"yaml", "nosuchlanguage"} {
		if err := wire.WriteHighlight(&in, lang, "a: <b>\n"); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := Serve(&in, &out); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(&out)
	if line, err := r.ReadString('\n'); err != nil || line != Hello {
		t.Fatalf("greeting %q, %v", line, err)
	}
	first, err := wire.ReadReply(r)
	if err != nil || !bytes.Contains(first.SVG, []byte("<svg")) {
		t.Fatalf("first reply: %+v, %v", first, err)
	}
	if _, err := os.Stat("/proc/self/status"); err == nil && first.PeakRSS <= 0 {
		t.Error("no peak memory reported")
	}
	second, err := wire.ReadReply(r)
	if err != nil || second.SVG != nil || !strings.Contains(second.ErrText, "DOT") {
		t.Fatalf("second reply: %+v, %v", second, err)
	}
	third, err := wire.ReadReply(r)
	if err != nil || !bytes.HasPrefix(third.HTML, []byte(`<pre class="chroma"><code>`)) || !bytes.Contains(third.HTML, []byte(`<span class="nt">a</span>`)) {
		t.Fatalf("third reply: %+v, %v", third, err)
	}
	fourth, err := wire.ReadReply(r)
	if err != nil || !fourth.Plain || fourth.HTML != nil {
		t.Fatalf("fourth reply: %+v, %v", fourth, err)
	}
	if r.Buffered() != 0 {
		t.Errorf("%d stray bytes after the replies", r.Buffered())
	}
	// A request cut short is an error, not a clean end; so is a frame of
	// protocol 2, which had no kind byte.
	for _, bad := range []string{"R\x00\x00\x00\x10digr", "\x00\x00\x00\x10digraph { a; }"} {
		if err := Serve(strings.NewReader(bad), &bytes.Buffer{}); err == nil {
			t.Errorf("%q ended the worker cleanly", bad)
		}
	}
}
