package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/site/markers"
)

// copyContent copies the repository's content/ folder (infradoc's own
// governance docs) into a temporary folder.
func copyContent(t *testing.T) string {
	t.Helper()
	return copyTree(t, filepath.Join("..", "..", "content"))
}

// outsideMarkers returns a doc's text with every generated block and value
// emptied: the author's text.
func outsideMarkers(t *testing.T, p string) string {
	t.Helper()
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	d, found := markers.Parse(p, src, blocks.Vocabulary())
	if len(found) > 0 {
		t.Fatalf("%s: %v", p, found)
	}
	var b bytes.Buffer
	prev := 0
	for _, bl := range d.Blocks {
		b.Write(src[prev:bl.Start])
		prev = bl.End
	}
	b.Write(src[prev:])
	return b.String()
}

// TestContentStateChangeRoundTrip is the drift story end to end on
// infradoc's own docs: they are up to date; changing one state in the YAML
// makes check fail with a readable diff; fix repairs the docs and the
// diagram; check passes again; the author's text is byte-identical.
func TestContentStateChangeRoundTrip(t *testing.T) {
	dir := copyContent(t)
	r := &fixRepo{dir: dir}
	if status, stdout, stderr := r.run(t, nil, "check"); status != ExitOK {
		t.Fatalf("content/ docs are not up to date (run 'go run ./cmd/infradoc fix' in content/): exit %d\n%s%s", status, stdout, stderr)
	}
	docPath := filepath.Join(dir, "docs", "INFRA_REGISTRY.md")
	svgPath := filepath.Join(dir, "docs", "states.svg")
	before := outsideMarkers(t, docPath)
	beforeSchema := outsideMarkers(t, filepath.Join(dir, "docs", "INFRA_OBLIGATION_SCHEMA.md"))
	beforeDoc, _ := os.ReadFile(docPath)
	beforeSVG, _ := os.ReadFile(svgPath)

	regPath := filepath.Join(dir, "INFRA_REGISTRY.yaml")
	reg, _ := os.ReadFile(regPath)
	const from = "  - name: PostgreSQL\n    category: DB\n    layer: L6\n    state: C\n"
	if !bytes.Contains(reg, []byte(from)) {
		t.Fatalf("content/INFRA_REGISTRY.yaml no longer starts with PostgreSQL in state C; update this test")
	}
	reg = bytes.Replace(reg, []byte(from), []byte(strings.Replace(from, "state: C", "state: B", 1)), 1)
	if err := os.WriteFile(regPath, reg, 0o644); err != nil {
		t.Fatal(err)
	}

	status, stdout, stderr := r.run(t, nil, "check")
	if status != ExitFindings {
		t.Fatalf("check after a state change: exit %d, want 1\n%s%s", status, stdout, stderr)
	}
	for _, want := range []string{
		": error: block registry-table is out of date with the YAML\n--- docs/INFRA_REGISTRY.md\n+++ docs/INFRA_REGISTRY.md (generated)\n@@ -",
		"\n-| PostgreSQL | DB | L6 | **C** | Tests, CI, Runtime | FAIL | No | Local DB (5433) | Always required | Platform |\n" +
			"+| PostgreSQL | DB | L6 | **B** | Tests, CI, Runtime | FAIL | No | Local DB (5433) | Always required | Platform |\n",
		"\n-| **C** (Fully Wired) | 1 | PostgreSQL |\n",
		"+| **C** (Fully Wired) | 0 | — |\n",
		"value registry.state.C is \"1\", the YAML gives \"0\"",
		"diagram states: docs/states.svg was drawn from other data than the YAML now gives",
		"run 'infradoc fix' to regenerate them.\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}
	if after, _ := os.ReadFile(docPath); !bytes.Equal(after, beforeDoc) {
		t.Fatal("check wrote the doc")
	}

	if status, stdout, stderr := r.run(t, nil, "fix"); status != ExitOK || !strings.Contains(stdout, "updated docs/states.svg: diagram states") {
		t.Fatalf("fix: exit %d\n%s%s", status, stdout, stderr)
	}
	if status, stdout, stderr := r.run(t, nil, "check"); status != ExitOK {
		t.Fatalf("check after fix: exit %d\n%s%s", status, stdout, stderr)
	}
	if got := outsideMarkers(t, docPath); got != before {
		t.Error("fix changed text outside the markers of INFRA_REGISTRY.md")
	}
	if got := outsideMarkers(t, filepath.Join(dir, "docs", "INFRA_OBLIGATION_SCHEMA.md")); got != beforeSchema {
		t.Error("fix changed text outside the markers of INFRA_OBLIGATION_SCHEMA.md")
	}
	if afterSVG, _ := os.ReadFile(svgPath); bytes.Equal(afterSVG, beforeSVG) {
		t.Error("the states diagram was not redrawn")
	}
}

// TestCheckEmbeddedContent checks the docs embedded in the binary, the
// default input.
func TestCheckEmbeddedContent(t *testing.T) {
	var out, errb bytes.Buffer
	c := &Command{Stdout: &out, Stderr: &errb, Dir: t.TempDir()}
	if status := c.Main([]string{"check"}); status != ExitOK {
		t.Fatalf("check on the embedded content/: exit %d\n%s%s", status, out.String(), errb.String())
	}
	// The closing line counts content/'s warnings and notes, if any.
	if !regexp.MustCompile(`^(\d+ warnings?(, \d+ notes?)? in \d+ files? under content: .*\n)?content: \d+ docs, \d+ generated blocks and values: up to date\n$`).MatchString(errb.String()) {
		t.Errorf("stderr = %q", errb.String())
	}
}

func TestColorDiff(t *testing.T) {
	diff := "--- a\n+++ a (generated)\n@@ -1,2 +1,2 @@\n x\n-old\n+new\n"
	if got := colorDiff(diff, false); got != diff {
		t.Errorf("colorless diff changed: %q", got)
	}
	want := "\x1b[1m--- a\x1b[0m\n\x1b[1m+++ a (generated)\x1b[0m\n\x1b[36m@@ -1,2 +1,2 @@\x1b[0m\n x\n\x1b[31m-old\x1b[0m\n\x1b[32m+new\x1b[0m\n"
	if got := colorDiff(diff, true); got != want {
		t.Errorf("colored diff = %q\nwant %q", got, want)
	}
}
