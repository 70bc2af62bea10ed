package githistory_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/githistory"
	"github.com/infradoc/infradoc/site/rules"
)

// TestCache: a second run at the same HEAD takes the state changes from
// the cache (a cache edited by hand changes the findings, so it was read),
// and a new commit makes the cache miss and the answer right again.
func TestCache(t *testing.T) {
	g, gov := historyRepo(t, "")
	cache := t.TempDir()
	check := func() []string {
		t.Helper()
		rfs, err := site.OpenRootFS(gov)
		if err != nil {
			t.Fatal(err)
		}
		s, _, err := rules.Validate(site.Options{FS: rfs, Root: "gov"})
		if err != nil {
			t.Fatal(err)
		}
		res := githistory.Start(gov, func() string { return cache }).Finish(s)
		if res.Skipped != "" {
			t.Fatalf("Skipped = %q", res.Skipped)
		}
		return lines(res.Findings)
	}
	first := check()
	files, _ := filepath.Glob(filepath.Join(cache, "history-*.json"))
	if len(first) == 0 || len(files) != 1 {
		t.Fatalf("first run: %d findings, cache files %v", len(first), files)
	}
	if again := check(); !slices.Equal(again, first) {
		t.Fatalf("from the cache:\n%s\nwant:\n%s", strings.Join(again, "\n"), strings.Join(first, "\n"))
	}

	// Clerk's unrecorded A -> B becomes B -> C in the cache: the findings
	// follow the cache while HEAD stays.
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), `"clerk":[{"from":"A","to":"B"`, `"clerk":[{"from":"B","to":"C"`, 1)
	if edited == string(data) {
		t.Fatalf("the cache does not hold Clerk's change as the test expects:\n%s", data)
	}
	if err := os.WriteFile(files[0], []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(check(), "\n"); !strings.Contains(got, "from B to C") {
		t.Fatalf("the cache was not read:\n%s", got)
	}

	// A new commit: the cache misses and is written again.
	g.Write(map[string]string{"README.md": "still not governance\n"})
	g.Commit("unrelated")
	if got := check(); !slices.Equal(got, first) {
		t.Fatalf("after a commit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(first, "\n"))
	}
}
