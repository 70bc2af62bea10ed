package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/site/rootfs/rootfstest"
)

// buildWithStamps builds dir into dir/public with the render cache cache
// and build stamps in stamps, and returns the doc page and stderr.
func buildWithStamps(t *testing.T, dir, cache, stamps string) (string, string) {
	t.Helper()
	res, stderr := buildIn(t, dir, Options{Out: "public", Force: true}, cache, stamps)
	page, err := os.ReadFile(filepath.Join(res.Out, "docs", "GUIDE.html"))
	if err != nil {
		t.Fatal(err)
	}
	return string(page), stderr
}

// A build colours fenced code in the worker; when the worker cannot be
// found, the build still succeeds with the code plain, says so once, and
// leaves no stamp that would let the next build skip the colouring.
func TestBuildHighlightsCodeOrLeavesItPlain(t *testing.T) {
	dir := overrideRepo(t)
	guide := filepath.Join(dir, "docs", "GUIDE.md")
	src, err := os.ReadFile(guide)
	if err != nil {
		t.Fatal(err)
	}
	rootfstest.WriteFile(t, dir, "docs/GUIDE.md", append(src, "\n```yaml\nname: postgres\n```\n"...))
	ageRepo(t, dir)
	cache, stamps := t.TempDir(), t.TempDir()
	stamp := StampPath(stamps, filepath.Join(dir, "public"))
	page, stderr := buildWithStamps(t, dir, cache, stamps)
	if stderr != "" {
		t.Fatalf("stderr:\n%s", stderr)
	}
	if !strings.Contains(page, `<pre class="chroma"><code>`) || !strings.Contains(page, `<span class="nt">name</span>`) {
		t.Fatalf("the code is not highlighted:\n%s", page)
	}
	if _, err := os.Stat(stamp); err != nil {
		t.Fatalf("no stamp after a complete build: %v", err)
	}

	// Two new blocks, not in the cache, and no worker: the diagrams come
	// from the cache, the code stays plain.
	rootfstest.WriteFile(t, dir, "docs/GUIDE.md", append(src, "\n```yaml\nname: redis\n```\n\n```go\nvar x = 1\n```\n"...))
	ageRepo(t, dir)
	t.Setenv(graphviz.EnvWorker, filepath.Join(t.TempDir(), "no-such-worker"))
	page, stderr = buildWithStamps(t, dir, cache, stamps)
	if n := strings.Count(stderr, "code blocks left plain (not highlighted)"); n != 1 || strings.Count(stderr, "\n") != 1 {
		t.Errorf("want one warning, got:\n%s", stderr)
	}
	if !strings.Contains(page, "<pre><code class=\"language-yaml\">name: redis\n</code></pre>") || !strings.Contains(page, "<pre><code class=\"language-go\">var x = 1\n</code></pre>") {
		t.Errorf("the code is not plain:\n%s", page)
	}
	if _, err := os.Stat(stamp); !os.IsNotExist(err) {
		t.Errorf("a build that left code plain wrote a stamp: %v", err)
	}
}

// ageRepo dates every file of dir an hour back, so that a build may trust
// their modification times and write a stamp.
func ageRepo(t *testing.T, dir string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
}
