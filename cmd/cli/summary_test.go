package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site/synthetic"
)

// summaryCommand returns a Command working in dir whose environment names
// summary as $GITHUB_STEP_SUMMARY, with a private diagram cache.
func summaryCommand(dir, summary string) (*Command, *bytes.Buffer) {
	var out bytes.Buffer
	cache := filepath.Join(dir, ".cache")
	return &Command{Dir: dir, Stdout: &out, Stderr: &out, Getenv: func(k string) string {
		switch k {
		case envCacheDir:
			return cache
		case envStepSummary:
			return summary
		}
		return ""
	}}, &out
}

// reportGolden reads a golden summary of render/report: the summaries
// check and validate append must be the ones its tests render from the
// same input.
func reportGolden(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "render", "report", "testdata", "summary", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// contentIn copies content/ into dir/content.
func contentIn(t *testing.T, dir string) string {
	t.Helper()
	dst := filepath.Join(dir, "content")
	if err := os.CopyFS(dst, os.DirFS(filepath.Join("..", "..", "content"))); err != nil {
		t.Fatal(err)
	}
	return dst
}

// validate and check append the summaries render/report's golden files
// hold for the same repositories: content/, then content/ with
// PostgreSQL moved from state C to B (its docs stale, a diagram too). The
// second summary is appended after a blank line.
func TestSummaryOfValidateAndCheck(t *testing.T) {
	dir := t.TempDir()
	repo := contentIn(t, dir)
	file := filepath.Join(dir, "summary.md")
	c, out := summaryCommand(dir, file)
	if status := c.Main([]string{"validate", "--root", "content"}); status != ExitOK {
		t.Fatalf("validate: exit %d\n%s", status, out)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	validate := reportGolden(t, "validate-content.md")
	if !bytes.Equal(got, validate) {
		t.Fatalf("validate's summary differs from render/report/testdata/summary/validate-content.md (after a change to content/, run go test ./render/report -update):\n%s", got)
	}

	reg := filepath.Join(repo, "INFRA_REGISTRY.yaml")
	data, err := os.ReadFile(reg)
	if err != nil {
		t.Fatal(err)
	}
	const from = "  - name: PostgreSQL\n    category: DB\n    layer: L6\n    state: C\n"
	if !bytes.Contains(data, []byte(from)) {
		t.Fatal("content/INFRA_REGISTRY.yaml no longer lists PostgreSQL in state C first; update this test and render/report's")
	}
	if err := os.WriteFile(reg, bytes.Replace(data, []byte(from), []byte(strings.Replace(from, "state: C", "state: B", 1)), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if status := c.Main([]string{"check", "--root", "content"}); status != ExitFindings {
		t.Fatalf("check of stale docs: exit %d, want 1\n%s", status, out)
	}
	got, err = os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := append(append(append([]byte{}, validate...), '\n'), reportGolden(t, "check-content-stale.md")...)
	if !bytes.Equal(got, want) {
		t.Errorf("after check the summary file holds:\n%s\nwant validate-content.md, a blank line and check-content-stale.md (after a change to content/, run go test ./render/report -update)", got)
	}
}

// --summary names the file instead of $GITHUB_STEP_SUMMARY; --summary=
// writes none; the file is created 0644 when missing. A summary that
// cannot be written, or that a full file has no room for, is a warning.
func TestSummaryFlag(t *testing.T) {
	dir := t.TempDir()
	contentIn(t, dir)
	env := filepath.Join(dir, "env.md")
	c, out := summaryCommand(dir, env)
	if status := c.Main([]string{"validate", "--root", "content", "--summary", "flag.md"}); status != ExitOK {
		t.Fatalf("exit %d\n%s", status, out)
	}
	st, err := os.Stat(filepath.Join(dir, "flag.md"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 {
		t.Errorf("the summary file was created %v, want 0644", st.Mode().Perm())
	}
	if _, err := os.Stat(env); err == nil {
		t.Errorf("--summary FILE also wrote $%s", envStepSummary)
	}
	if status := c.Main([]string{"validate", "--root", "content", "--summary="}); status != ExitOK {
		t.Fatalf("exit %d\n%s", status, out)
	}
	if _, err := os.Stat(env); err == nil {
		t.Errorf("--summary= wrote $%s", envStepSummary)
	}
	// A summary that cannot be written is a warning; the status stands.
	out.Reset()
	if status := c.Main([]string{"validate", "--root", "content", "--summary", filepath.Join(dir, "no", "such", "folder", "s.md")}); status != ExitOK {
		t.Fatalf("an unwritable summary changed the exit status to %d\n%s", status, out)
	}
	if !strings.Contains(out.String(), "infradoc validate: warning: job summary not written: ") {
		t.Errorf("no warning for an unwritable summary:\n%s", out)
	}

	// A file GitHub would show no more of: nothing appended, a warning.
	full := bytes.Repeat([]byte("x\n"), (report.GitHubSummaryLimit-100)/2)
	if err := os.WriteFile(env, full, 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if status := c.Main([]string{"validate", "--root", "content"}); status != ExitOK {
		t.Fatalf("a full summary file changed the exit status to %d\n%s", status, out)
	}
	if got, _ := os.ReadFile(env); !bytes.Equal(got, full) {
		t.Errorf("a summary was appended to a full file")
	}
	if !strings.Contains(out.String(), "warning: job summary not written: ") {
		t.Errorf("no warning for a full summary file:\n%s", out)
	}
}

// A section added by the command (a registry diff) follows the summary's
// own, verbatim.
func TestSummarySection(t *testing.T) {
	dir := t.TempDir()
	contentIn(t, dir)
	file := filepath.Join(dir, "summary.md")
	c, out := summaryCommand(dir, file)
	diff := "#### Registry diff\n\n| item | before | after |\n| --- | --- | --- |\n| Redis | B | C |\n"
	c.addSummarySection(bytes.NewBufferString(diff))
	if status := c.Main([]string{"validate", "--root", "content"}); status != ExitOK {
		t.Fatalf("exit %d\n%s", status, out)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if want := string(reportGolden(t, "validate-content.md")) + "\n" + diff; string(got) != want {
		t.Errorf("the summary file holds:\n%s\nwant validate-content.md, a blank line and the section", got)
	}
	// The section went with that summary: the next has none.
	if status := c.Main([]string{"validate", "--root", "content"}); status != ExitOK {
		t.Fatalf("exit %d\n%s", status, out)
	}
	if got, _ := os.ReadFile(file); strings.Count(string(got), "#### Registry diff") != 1 {
		t.Errorf("the section was written twice:\n%s", got)
	}
}

// build's summary says what it wrote; a second build that finds nothing
// changed still gives the counts (it loads the repository again for them).
func TestSummaryOfBuild(t *testing.T) {
	dir := t.TempDir()
	contentIn(t, dir)
	file := filepath.Join(dir, "summary.md")
	// Inputs written just now are too fresh for the build stamp to trust.
	past := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, past, past)
	})
	if err != nil {
		t.Fatal(err)
	}
	c, out := summaryCommand(dir, file)
	for range 2 {
		if status := c.Main([]string{"build", "--root", "content"}); status != ExitOK {
			t.Fatalf("build: exit %d\n%s", status, out)
		}
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sections := strings.Split(string(got), "\n### infradoc build\n")
	if len(sections) != 2 || !strings.HasPrefix(sections[0], "### infradoc build\n") {
		t.Fatalf("want two build summaries, got:\n%s", got)
	}
	if !regexp.MustCompile(`\. Built public: [1-9][0-9]* files written, 0 removed, 0 unchanged\.\n`).MatchString(sections[0]) {
		t.Errorf("the first build's summary does not say what it wrote:\n%s", sections[0])
	}
	if !regexp.MustCompile(`\. Built public: up to date, [1-9][0-9]* files unchanged\.\n`).MatchString(sections[1]) {
		t.Errorf("the second build's summary does not say it was up to date:\n%s", sections[1])
	}
	for i, s := range sections {
		if !strings.Contains(s, "\n| infra items | ") || !strings.Contains(s, "\n| obligations | ") {
			t.Errorf("build summary %d has no counts:\n%s", i+1, s)
		}
	}
}

// brokenSynthetic writes a synthetic repository of 10,000 obligations and
// breaks every one of them in one of several ways, each obligation's
// finding with its own message: thousands of findings over many rules.
func brokenSynthetic(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := synthetic.Generate(dir, synthetic.Options{Items: 200, Obligations: 10000, Docs: 5, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	oblDir := filepath.Join(dir, synthetic.ObligationsDir)
	entries, err := os.ReadDir(oblDir)
	if err != nil {
		t.Fatal(err)
	}
	status := regexp.MustCompile(`(?m)^  status: \w+$`)
	count := regexp.MustCompile(`(?m)^      count: \d+$`)
	layer := regexp.MustCompile(`(?m)^  layer: .*$`)
	created := regexp.MustCompile(`(?m)^  created: .*$`)
	for i, e := range entries {
		if !strings.HasPrefix(e.Name(), "OB-") {
			continue
		}
		p := filepath.Join(oblDir, e.Name())
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		switch i % 5 {
		case 0:
			s += fmt.Sprintf("  unknown_key_%d: <b>|`x`</b>\n", i)
		case 1:
			s = status.ReplaceAllString(s, fmt.Sprintf("  status: DONE_%d", i))
		case 2:
			s = count.ReplaceAllString(s, fmt.Sprintf("      count: %d", 1000+i))
		case 3:
			s = layer.ReplaceAllString(s, fmt.Sprintf("  layer: Q%d | ☃", i))
		case 4:
			s = created.ReplaceAllString(s, fmt.Sprintf("  created: someday %d", i))
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Over a large repository with thousands of findings the summary stays a
// small share of GitHub's 1 MiB, ends with a complete line and cuts no
// table row; appended to a file already near the limit it keeps the file
// under it.
func TestSummaryOfLargeRepository(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and validates a repository of 10,000 obligations")
	}
	dir := brokenSynthetic(t)
	file := filepath.Join(dir, "summary.md")
	c, out := summaryCommand(dir, file)
	if status := c.Main([]string{"validate", "--format", "json"}); status != ExitFindings {
		t.Fatalf("validate of the broken repository: exit %d", status)
	}
	findings := strings.Count(out.String(), `"rule": `)
	if findings < 5000 {
		t.Fatalf("only %d findings: the repository is not broken enough to test the cap", findings)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) > report.DefaultSummaryLimits.MaxBytes || len(got) >= report.GitHubSummaryLimit {
		t.Errorf("the summary of %d findings is %d bytes", findings, len(got))
	}
	checkSummaryFile(t, got)
	if !bytes.Contains(got, []byte("| <code>test-count</code> | error | ")) || !bytes.Contains(got, []byte("| <code>unknown-key</code> | error | ")) {
		t.Errorf("the summary does not list the rules broken:\n%s", got)
	}

	// A file that leaves 2,000 bytes: the summary is cut to fit them.
	const room = 2000
	filler := bytes.Repeat([]byte("x\n"), (report.GitHubSummaryLimit-room)/2)
	if err := os.WriteFile(file, filler, 0o644); err != nil {
		t.Fatal(err)
	}
	c.Main([]string{"validate"})
	got, err = os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) >= report.GitHubSummaryLimit || len(got) == len(filler) {
		t.Errorf("appended to %d bytes, the file is %d bytes (limit %d)", len(filler), len(got), report.GitHubSummaryLimit)
	}
	checkSummaryFile(t, got[len(filler)+1:])
	if !bytes.HasSuffix(got, []byte(" more rules; see the job log\n")) {
		t.Errorf("the squeezed summary does not say what it left out: …%s", got[max(len(got)-200, 0):])
	}

}

// checkSummaryFile checks one summary: valid UTF-8, a heading, a final
// newline, no cut table row.
func checkSummaryFile(t *testing.T, md []byte) {
	t.Helper()
	if !utf8.Valid(md) || !bytes.HasPrefix(md, []byte("### infradoc ")) || !bytes.HasSuffix(md, []byte("\n")) {
		t.Errorf("not a whole summary: %.100q … %q", md, md[max(len(md)-100, 0):])
	}
	for _, line := range strings.Split(string(md), "\n") {
		if strings.HasPrefix(line, "|") && !strings.HasSuffix(line, " |") {
			t.Errorf("a table row is cut: %q", line)
		}
	}
}
