package build

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/infradoc/infradoc/render/html"
)

// failingPlan emits its files, then fails like a full disk.
type failingPlan struct {
	files map[string]string
	fail  error
}

func (p failingPlan) Paths() []string {
	var out []string
	for k := range p.files {
		out = append(out, k)
	}
	return sortedUnique(out)
}

func (p failingPlan) Render(emit func(html.SiteFile) error) error {
	for _, k := range p.Paths() {
		if err := emit(html.SiteFile{Path: k, Data: []byte(p.files[k])}); err != nil {
			return err
		}
	}
	return p.fail
}

// A build that fails half-way leaves the previous site whole: no page of
// the new one, no empty file, no temporary file.
func TestWriteSiteFailureKeepsPreviousSite(t *testing.T) {
	out := t.TempDir()
	first := failingPlan{files: map[string]string{"index.html": "v1", "search-index.json": "[1]", "a/b.html": "v1"}}
	if _, err := writeSite(out, first); err != nil {
		t.Fatal(err)
	}
	second := failingPlan{files: map[string]string{"index.html": "v2", "search-index.json": "[2]", "a/b.html": "v2", "a/c.html": "new"},
		fail: fmt.Errorf("write search-index.json: %w", os.ErrClosed)}
	if _, err := writeSite(out, second); err == nil {
		t.Fatal("the failing build succeeded")
	}
	for p, want := range first.files {
		if got := readString(t, filepath.Join(out, filepath.FromSlash(p))); got != want {
			t.Errorf("%s holds %q after a failed build, want the previous %q", p, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "a", "c.html")); err == nil {
		t.Errorf("a page of the failed build is in place")
	}
	if extra := leftovers(t, out, "index.html", "search-index.json", "a", ManifestName); len(extra) > 0 {
		t.Errorf("left behind: %v", extra)
	}
	if extra := leftovers(t, filepath.Join(out, "a"), "b.html"); len(extra) > 0 {
		t.Errorf("left behind in a/: %v", extra)
	}
}

func readString(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// What writeSite records of each file (for the stamp) is what an lstat
// gives after the build: for a file it created, one it replaced through a
// temporary file and one it found the same.
func TestWriteSiteRecordsWhatItWrote(t *testing.T) {
	out := t.TempDir()
	first := failingPlan{files: map[string]string{"same.html": "same", "changed.html": "v1"}}
	if _, err := writeSite(out, first); err != nil {
		t.Fatal(err)
	}
	second := failingPlan{files: map[string]string{"same.html": "same", "changed.html": "v2, longer", "a/new.html": "new"}}
	st, err := writeSite(out, second)
	if err != nil {
		t.Fatal(err)
	}
	if st.written != 2 || st.unchanged != 1 || len(st.files) != 3 {
		t.Fatalf("written %d, unchanged %d, recorded %v; want 2, 1 and the three pages", st.written, st.unchanged, slices.Sorted(maps.Keys(st.files)))
	}
	for _, p := range second.Paths() {
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(p)))
		want := entryOf(p, info, err)
		if got := entryOf(p, st.files[p], nil); got != want {
			t.Errorf("%s recorded as %+v, lstat after the build says %+v", p, got, want)
		}
	}
}
