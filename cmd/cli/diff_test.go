package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/gitrepo/gittest"
	"github.com/infradoc/infradoc/site/golden"
)

// diffRepo commits testdata/diff's versions of a repository under gov/ of a
// new git repository: nothing but a README (tag v0), v1/ (tag v1), v1 with
// PB-S2 promoted, then v2/ (tag v2), and a commit whose PB-S1 does not
// parse (tag broken). It returns the work tree's top.
func diffRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	g := gittest.New(t)
	g.Write(map[string]string{"README.md": "governance lives in gov/\n"})
	g.Commit("readme")
	g.Tag("v0")
	src := filepath.Join("testdata", "diff")
	g.CopyDir(filepath.Join(src, "v1"), "gov")
	g.Commit("v1")
	g.Tag("v1")
	pbs2 := filepath.Join(g.Dir, "gov", "obligations", "PB-S2.yaml")
	data, err := os.ReadFile(pbs2)
	if err != nil {
		t.Fatal(err)
	}
	g.Write(map[string]string{"gov/obligations/PB-S2.yaml": strings.Replace(string(data), "status: PARTIAL", "status: PROMOTED\n  promoted_at: 2026-01-03", 1)})
	g.Commit("promote PB-S2")
	g.CopyDir(filepath.Join(src, "v2"), "gov")
	g.Commit("v2")
	g.Tag("v2")
	g.Write(map[string]string{"gov/obligations/PB-S1.yaml": "infra_obligation:\n  id: PB-S1\n  title: [unclosed\n"})
	g.Commit("break PB-S1")
	g.Tag("broken")
	g.CopyDir(filepath.Join(src, "v2"), "gov")
	g.Commit("repair PB-S1")
	return g
}

// runIn runs infradoc with args in dir and returns the exit status,
// standard output and standard error.
func runIn(dir string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	c := &Command{Stdout: &out, Stderr: &errb, Dir: dir, Getenv: func(string) string { return "" }}
	status := c.Main(args)
	return status, out.String(), errb.String()
}

func TestDiff(t *testing.T) {
	g := diffRepo(t)
	gov := filepath.Join(g.Dir, "gov")
	cases := []struct {
		golden string
		dir    string
		args   []string
		status int
	}{
		{"v1-v2.txt", gov, []string{"diff", "v1", "v2"}, ExitOK},
		{"v1-v2.json", gov, []string{"diff", "--format", "json", "v1", "v2"}, ExitOK},
		{"v1-v2.md", gov, []string{"diff", "--format=markdown", "v1", "v2"}, ExitOK},
		{"v1-v2-fail.txt", gov, []string{"diff", "--fail-on-demotion", "v1", "v2"}, ExitFindings},
		// HEAD is the work tree by default: v2 with PB-S1 repaired.
		{"v2-worktree.txt", gov, []string{"diff", "--fail-on-demotion", "v2"}, ExitOK},
		{"broken-worktree.txt", gov, []string{"diff", "broken"}, ExitOK},
		// Before gov/ existed: nothing loads at the base; --root from the top.
		{"v0-v1.md", g.Dir, []string{"diff", "--root", "gov", "--format", "markdown", "v0", "v1"}, ExitOK},
		{"v1-promotion.txt", gov, []string{"diff", "v1", "v2~1"}, ExitOK},
		{"v1-v1.md", gov, []string{"diff", "--format", "markdown", "v1", "v1"}, ExitOK},
	}
	for _, tc := range cases {
		status, out, errOut := runIn(tc.dir, tc.args...)
		if status != tc.status || errOut != "" {
			t.Errorf("infradoc %s: status %d, want %d; stderr:\n%s", strings.Join(tc.args, " "), status, tc.status, errOut)
		}
		golden.Check(t, "./cmd/cli -run TestDiff", filepath.Join("testdata", "diff", tc.golden), out)
	}
}

func TestDiffRefusals(t *testing.T) {
	g := diffRepo(t)
	gov := filepath.Join(g.Dir, "gov")
	outside := t.TempDir()
	if err := os.CopyFS(outside, os.DirFS(filepath.Join("testdata", "diff", "v1"))); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		dir    string
		args   []string
		status int
		stderr string
	}{
		// A ref that looks like an option never reaches git as one.
		{gov, []string{"diff", "--", "--output=x"}, ExitUsage, `ref "--output=x" starts with '-'`},
		{gov, []string{"diff", "v1", "--", "--output=x"}, ExitUsage, `ref "--output=x" starts with '-'`},
		{gov, []string{"diff", "--output=x", "v1"}, ExitUsage, "unknown flag: --output"},
		{gov, []string{"diff", "no-such-ref"}, ExitUsage, `ref "no-such-ref" does not name a commit`},
		{gov, []string{"diff"}, ExitUsage, "expected BASE and an optional HEAD"},
		{gov, []string{"diff", "v1", "v2", "v0"}, ExitUsage, "expected BASE and an optional HEAD"},
		{gov, []string{"diff", "--format", "xml", "v1"}, ExitUsage, `unknown --format "xml"`},
		{outside, []string{"diff", "HEAD"}, ExitUsage, "not inside a git work tree"},
	}
	for _, tc := range cases {
		status, out, errOut := runIn(tc.dir, tc.args...)
		if status != tc.status || !strings.Contains(errOut, tc.stderr) || out != "" {
			t.Errorf("infradoc %s: status %d (want %d), stdout %q, stderr:\n%s\nwant it to hold %q", strings.Join(tc.args, " "), status, tc.status, out, errOut, tc.stderr)
		}
	}
	for _, dir := range []string{gov, g.Dir} {
		if _, err := os.Stat(filepath.Join(dir, "x")); err == nil {
			t.Errorf("a ref wrote %s", filepath.Join(dir, "x"))
		}
	}
}
