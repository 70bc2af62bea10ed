package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/gitrepo/gittest"
)

// historyLines are the lines of out that hold findings of the history
// rules checked against git.
func historyLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasSuffix(l, "[history-missing]") || strings.HasSuffix(l, "[history-date]") {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestValidateGit: in diffRepo's work tree, v2 demoted Redis C -> B with no
// history entry, and recorded Clerk's A -> B on the day before its commit.
// validate and check report the first; --no-git and a shallow clone do not
// look, and the shallow clone says why on one line.
func TestValidateGit(t *testing.T) {
	g := diffRepo(t)
	gov := filepath.Join(g.Dir, "gov")
	v2 := strings.TrimSpace(g.Git("rev-parse", "v2"))[:12]
	want := []string{"INFRA_REGISTRY.yaml:5:54: error: Redis: commit " + v2 + " (2026-01-04) changed its state from C to B, but its history has no C -> B entry [history-missing]"}
	for _, cmd := range []string{"validate", "check"} {
		status, out, errOut := runIn(gov, cmd)
		if got := historyLines(out); !slices.Equal(got, want) || status != ExitFindings {
			t.Errorf("%s: status %d, history findings:\n%s\nwant:\n%s\nstderr: %s", cmd, status, strings.Join(got, "\n"), strings.Join(want, "\n"), errOut)
		}
		if strings.Contains(errOut, "history not checked") {
			t.Errorf("%s printed %q", cmd, errOut)
		}
		_, out, errOut = runIn(gov, cmd, "--no-git")
		if got := historyLines(out); len(got) > 0 || strings.Contains(errOut, "history") {
			t.Errorf("%s --no-git: %v, stderr %q", cmd, got, errOut)
		}
	}
	// A tolerance of 1 day makes Clerk's entry late, as a warning.
	cfg := filepath.Join(gov, "infradoc.yaml")
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append(data, "git:\n  history_tolerance_days: 1\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, _ := runIn(gov, "validate", "--format", "json")
	if !strings.Contains(out, `"message": "Clerk: history dates the A -\u003e B change 2026-01-02, but commit `+v2+` made it on 2026-01-04, 2 days apart (git.history_tolerance_days: 1)"`) ||
		!strings.Contains(out, `"rule": "history-date"`) {
		t.Errorf("validate --format json with a 1-day tolerance:\n%s", out)
	}

	clone := filepath.Join(t.TempDir(), "clone")
	git := exec.Command("git", "clone", "--quiet", "--depth=1", "file://"+g.Dir, clone)
	git.Env = gittest.Env()
	if out, err := git.CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	status, out, errOut := runIn(filepath.Join(clone, "gov"), "validate")
	if got := historyLines(out); len(got) > 0 {
		t.Errorf("validate in a shallow clone reported %v", got)
	}
	// The line that says why, then the closing line of the report.
	if first, _, _ := strings.Cut(errOut, "\n"); first != "history not checked against git: shallow clone; fetch with fetch-depth: 0" {
		t.Errorf("validate in a shallow clone: status %d, stderr %q", status, errOut)
	}
}

// TestValidateGitOutsideWorkTree: outside a git work tree the check is
// quietly off, and --git says why.
func TestValidateGitOutsideWorkTree(t *testing.T) {
	gittest.Need(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "diff", "v1"))); err != nil {
		t.Fatal(err)
	}
	_, _, errOut := runIn(dir, "validate")
	if strings.Contains(errOut, "history") {
		t.Errorf("validate outside a work tree printed %q", errOut)
	}
	_, _, errOut = runIn(dir, "validate", "--git")
	if !strings.HasPrefix(errOut, "history not checked against git: ") || !strings.Contains(errOut, "not inside a git work tree") {
		t.Errorf("validate --git outside a work tree printed %q", errOut)
	}
	status, _, errOut := runIn(dir, "validate", "--git", "--no-git")
	if status != ExitUsage || !strings.Contains(errOut, "--git and --no-git contradict each other") {
		t.Errorf("--git --no-git: status %d, stderr %q", status, errOut)
	}
}
