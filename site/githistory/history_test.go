package githistory_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/githistory"
	"github.com/infradoc/infradoc/site/gitrepo/gittest"
	"github.com/infradoc/infradoc/site/rules"
)

// commitDates are the dates testdata/history/registry-N.yaml are committed
// at, as their comments say.
var commitDates = []time.Time{
	time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC),
	time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC),
	time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC),
	time.Date(2026, 2, 5, 9, 0, 0, 0, time.UTC),
	// Late in the evening in UTC-8: already 2026-02-11 in UTC, still the
	// 10th where it was written.
	time.Date(2026, 2, 10, 23, 0, 0, 0, time.FixedZone("", -8*3600)),
}

// historyRepo commits the versions of testdata/history's registry, under
// gov/ in a new repository, and returns the work tree and the folder of the
// governance files.
func historyRepo(t *testing.T, config string) (*gittest.Repo, string) {
	t.Helper()
	g := gittest.New(t)
	src := filepath.Join("testdata", "history")
	for i, date := range commitDates {
		files := map[string]string{"gov/INFRA_REGISTRY.yaml": read(t, filepath.Join(src, "registry-"+string(rune('1'+i))+".yaml"))}
		if i == 0 {
			files["gov/infradoc.yaml"] = read(t, filepath.Join(src, "infradoc.yaml")) + config
			files["gov/obligations.yaml"] = read(t, filepath.Join(src, "obligations.yaml"))
			files["README.md"] = "not governance\n"
		}
		g.Write(files)
		g.SetDate(date)
		g.Commit("version " + string(rune('1'+i)))
	}
	return g, filepath.Join(g.Dir, "gov")
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// validate loads dir as validate does and runs the history check.
func validate(t *testing.T, dir string) ([]site.Finding, githistory.Result) {
	t.Helper()
	rfs, err := site.OpenRootFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, findings, err := rules.Validate(site.Options{FS: rfs, Root: "gov"})
	if err != nil {
		t.Fatal(err)
	}
	return findings, githistory.Run(dir, s)
}

func lines(fs []site.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.String())
	}
	return out
}

// TestRulesFire is the case of history-missing and history-date that
// site's fixtures cannot hold (they have no git history): Clerk's A -> B
// has no entry, Kafka's is dated six weeks after its commit. Redis's change
// is recorded on its day, Vault's promotion was reverted, and Mongo's A -> C
// in one commit is recorded in two steps, all without findings.
func TestRulesFire(t *testing.T) {
	_, gov := historyRepo(t, "")
	other, res := validate(t, gov)
	if len(other) > 0 {
		t.Fatalf("the fixture breaks other rules:\n%s", strings.Join(lines(other), "\n"))
	}
	if res.Skipped != "" {
		t.Fatalf("Skipped = %q", res.Skipped)
	}
	got := lines(res.Findings)
	want := []string{
		"gov/INFRA_REGISTRY.yaml:13:53: error: Clerk: commit " + short(t, gov, "HEAD~3") + " (2026-01-10) changed its state from A to B, but its history has no A -> B entry [history-missing]",
		"gov/INFRA_REGISTRY.yaml:23:16: warning: Kafka: history dates the A -> B change 2026-03-15, but commit " + short(t, gov, "HEAD~2") + " made it on 2026-02-01, 42 days apart (git.history_tolerance_days: 7) [history-date]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	fired := map[string]bool{}
	for _, f := range res.Findings {
		fired[f.Rule] = true
	}
	for _, id := range []string{githistory.RuleMissing, githistory.RuleDate} {
		if !slices.Contains(rules.IDs(), id) {
			t.Errorf("rule %s is not in the rules list", id)
		}
		if !fired[id] {
			t.Errorf("rule %s did not fire", id)
		}
	}
}

func short(t *testing.T, dir, ref string) string {
	t.Helper()
	cmd := exec.Command("git", "-C", dir, "rev-parse", ref)
	cmd.Env = gittest.Env()
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))[:12]
}

// TestConfig: the tolerance and the severities come from infradoc.yaml.
func TestConfig(t *testing.T) {
	_, gov := historyRepo(t, "git:\n  history_tolerance_days: 42\nrules:\n  history-missing: warning\n")
	_, res := validate(t, gov)
	got := lines(res.Findings)
	if len(got) != 1 || !strings.Contains(got[0], ": warning: Clerk:") {
		t.Errorf("with a 42-day tolerance and history-missing a warning:\n%s", strings.Join(got, "\n"))
	}

	_, gov = historyRepo(t, "git:\n  history_tolerance_days: 41\nrules:\n  history-missing: off\n")
	_, res = validate(t, gov)
	got = lines(res.Findings)
	if len(got) != 1 || !strings.Contains(got[0], "42 days apart (git.history_tolerance_days: 41) [history-date]") {
		t.Errorf("with a 41-day tolerance and history-missing off:\n%s", strings.Join(got, "\n"))
	}

	// With no tolerance, Mongo's A -> B (dated the day before its commit)
	// is reported, and its B -> C is not: the commit was made on the 10th
	// where it was written, although it was the 11th in UTC.
	_, gov = historyRepo(t, "git:\n  history_tolerance_days: 0\nrules:\n  history-missing: off\n")
	_, res = validate(t, gov)
	got = lines(res.Findings)
	want := []string{
		"gov/INFRA_REGISTRY.yaml:23:16: warning: Kafka: history dates the A -> B change 2026-03-15, but commit " + short(t, gov, "HEAD~2") + " made it on 2026-02-01, 42 days apart (git.history_tolerance_days: 0) [history-date]",
		"gov/INFRA_REGISTRY.yaml:33:16: warning: Mongo: history dates the A -> B change 2026-02-09, but commit " + short(t, gov, "HEAD") + " made it on 2026-02-10, 1 day apart (git.history_tolerance_days: 0) [history-date]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("with no tolerance:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestUncommittedAndRemoved: the check reads commits only, and items the
// current registry no longer has are not reported.
func TestUncommittedAndRemoved(t *testing.T) {
	g, gov := historyRepo(t, "")
	reg := read(t, filepath.Join(gov, "INFRA_REGISTRY.yaml"))
	// Clerk (whose change is unrecorded) removed, Vault promoted without a
	// commit.
	start := strings.Index(reg, "  - {name: Clerk")
	end := strings.Index(reg, "  - name: Kafka")
	reg = reg[:start] + reg[end:]
	reg = strings.Replace(reg, "{name: Vault, category: Secrets, layer: L6, state: B, failure_mode: Skip", "{name: Vault, category: Secrets, layer: L6, state: C, failure_mode: FAIL", 1)
	g.Write(map[string]string{"gov/INFRA_REGISTRY.yaml": reg})
	_, res := validate(t, gov)
	for _, f := range res.Findings {
		if f.Rule == githistory.RuleMissing {
			t.Errorf("unexpected %s", f)
		}
	}
	if len(res.Findings) != 1 {
		t.Errorf("findings: %v; want Kafka's history-date only", lines(res.Findings))
	}
}

func TestRunSkips(t *testing.T) {
	gittest.Need(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "history"))); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "registry-1.yaml"), filepath.Join(dir, "INFRA_REGISTRY.yaml")); err != nil {
		t.Fatal(err)
	}
	_, res := validate(t, dir)
	if res.Skipped == "" || !res.Quiet || len(res.Findings) > 0 {
		t.Errorf("outside a work tree: %+v; want a quiet skip", res)
	}

	g := gittest.New(t)
	g.CopyDir(dir, "gov")
	_, res = validate(t, filepath.Join(g.Dir, "gov"))
	if res.Skipped != "nothing is committed yet" || !res.Quiet {
		t.Errorf("before the first commit: %+v", res)
	}

	_, gov := historyRepo(t, "")
	clone := filepath.Join(t.TempDir(), "clone")
	cmd := exec.Command("git", "clone", "--quiet", "--depth=1", "file://"+filepath.Dir(gov), clone)
	cmd.Env = gittest.Env()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	_, res = validate(t, filepath.Join(clone, "gov"))
	if res.Skipped != githistory.Shallow || res.Quiet || len(res.Findings) > 0 {
		t.Errorf("in a shallow clone: %+v", res)
	}
}
