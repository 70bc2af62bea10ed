package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/golden"
)

// adoptDir holds repositories laid out the way real ones are, each with
// the problems planted in it listed in its README.md, and their golden
// output under golden/NAME/.
var adoptDir = filepath.Join("..", "..", "testdata", "adopt")

// TestAdopt runs init, then validate, on a copy of each repository of
// testdata/adopt and compares what init prints, the files it writes and
// what validate reports with the golden files (review them against the
// README's planted problems). A second init refuses to overwrite and
// changes nothing.
func TestAdopt(t *testing.T) { forEachAdoptRepo(t, testAdopt) }

// forEachAdoptRepo runs test on each repository of testdata/adopt (the
// folders but golden), as a subtest named after it.
func forEachAdoptRepo(t *testing.T, test func(t *testing.T, name string)) {
	t.Helper()
	entries, err := os.ReadDir(adoptDir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "golden" {
			continue
		}
		n++
		t.Run(e.Name(), func(t *testing.T) { test(t, e.Name()) })
	}
	if n < 2 {
		t.Fatalf("%d repositories in %s, want at least 2", n, adoptDir)
	}
}

func testAdopt(t *testing.T, name string) {
	dir := copyTree(t, filepath.Join(adoptDir, name))
	status, stdout, stderr := runIn(dir, "init")
	got := map[string]string{
		"init.txt": fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", status, stdout, stderr),
	}
	if status != ExitOK {
		t.Fatalf("init exited %d:\n%s%s", status, stdout, stderr)
	}
	config := readFile(t, filepath.Join(dir, "infradoc.yaml"))
	got["infradoc.yaml"] = string(config)
	written := ""
	for _, line := range strings.Split(stdout, "\n") {
		if rest, ok := strings.CutPrefix(line, "wrote infradoc.yaml and "); ok {
			written = rest
		}
	}
	if written != "" {
		got["registry.yaml"] = string(readFile(t, filepath.Join(dir, filepath.FromSlash(written))))
	}
	status, stdout, stderr = runIn(dir, "validate")
	got["validate.txt"] = fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", status, stdout, stderr)

	goldenDir := filepath.Join(adoptDir, "golden", name)
	for file, text := range got {
		golden.Check(t, "./cmd/cli -run TestAdopt", filepath.Join(goldenDir, file), text)
	}

	// Again: init writes over nothing, and says so.
	status, stdout, stderr = runIn(dir, "init")
	if status != ExitFindings || !strings.Contains(stderr, "infradoc.yaml already exists") {
		t.Errorf("second init: exit %d, stderr %q; want exit 1 and a refusal", status, stderr)
	}
	if again := readFile(t, filepath.Join(dir, "infradoc.yaml")); string(again) != string(config) {
		t.Errorf("second init changed infradoc.yaml")
	}
}

// TestAdoptFindsEveryPlantedProblem checks the validate golden of each
// repository against the want file beside its README: one line per
// planted problem, "RULE TEXT", each found in a finding of that rule;
// and no error finding of any other kind.
func TestAdoptFindsEveryPlantedProblem(t *testing.T) {
	entries, err := os.ReadDir(adoptDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "golden" {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			want := strings.Split(strings.TrimSpace(string(readFile(t, filepath.Join(adoptDir, e.Name(), "want")))), "\n")
			dir := copyTree(t, filepath.Join(adoptDir, e.Name()))
			if status, stdout, stderr := runIn(dir, "init"); status != ExitOK {
				t.Fatalf("init exited %d:\n%s%s", status, stdout, stderr)
			}
			_, stdout, _ := runIn(dir, "validate", "--format", "json")
			var planted []string
			for _, w := range want {
				if w = strings.TrimSpace(w); w == "" || strings.HasPrefix(w, "#") {
					continue
				}
				rule, text, _ := strings.Cut(w, " ")
				planted = append(planted, rule)
				if !strings.Contains(stdout, `"rule": "`+rule+`"`) || !strings.Contains(stdout, text) {
					t.Errorf("planted problem not reported: %s %s", rule, text)
				}
			}
			for _, line := range strings.Split(stdout, "\n") {
				rule, ok := strings.CutPrefix(strings.TrimSpace(line), `"rule": "`)
				if !ok {
					continue
				}
				rule = strings.TrimSuffix(strings.TrimSuffix(rule, ","), `"`)
				found := false
				for _, p := range planted {
					found = found || p == rule
				}
				if !found {
					t.Errorf("finding of rule %s, which no planted problem explains", rule)
				}
			}
		})
	}
}
