package cli

import (
	"html"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/golden"
)

// TestAdoptFindingsPage runs init, then build, on a copy of each
// repository of testdata/adopt, and compares the Findings page the build
// writes with golden/NAME/findings.html (go test ./cmd/cli -run
// TestAdoptFindingsPage -update; review the diff). Every problem
// planted in the repository (its want file) is on the page, under its
// rule.
func TestAdoptFindingsPage(t *testing.T) { forEachAdoptRepo(t, testAdoptFindingsPage) }

func testAdoptFindingsPage(t *testing.T, name string) {
	dir := copyTree(t, filepath.Join(adoptDir, name))
	if status, stdout, stderr := runIn(dir, "init"); status != ExitOK {
		t.Fatalf("init exited %d:\n%s%s", status, stdout, stderr)
	}
	c, out := buildCommand(dir)
	// The planted problems are errors: the build writes the site and
	// exits 1.
	if status := c.Main([]string{"build", "--out", "_site"}); status != ExitOK && status != ExitFindings {
		t.Fatalf("build exited %d:\n%s", status, out)
	}
	page := string(readFile(t, filepath.Join(dir, "_site", "findings.html")))
	golden.Check(t, "./cmd/cli -run TestAdoptFindingsPage", filepath.Join(adoptDir, "golden", name, "findings.html"), page)
	planted := 0
	for _, w := range strings.Split(string(readFile(t, filepath.Join(adoptDir, name, "want"))), "\n") {
		if w = strings.TrimSpace(w); w == "" || strings.HasPrefix(w, "#") {
			continue
		}
		planted++
		rule, text, _ := strings.Cut(w, " ")
		found := false
		for _, li := range strings.Split(page, "<li ")[1:] {
			found = found || strings.HasPrefix(li, `data-severity="`) && strings.Contains(li, `data-rule="`+rule+`"`) && strings.Contains(li, html.EscapeString(text))
		}
		if !found {
			t.Errorf("planted problem not on the Findings page: %s %s", rule, text)
		}
	}
	if planted == 0 {
		t.Fatalf("no planted problem in %s/want", name)
	}
}
