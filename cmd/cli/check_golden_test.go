package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/infradoc/infradoc/site/rootfs/rootfstest"
)

// staleRegistry gives values and tables that the docs of staleRepoFiles
// disagree with.
const staleRegistry = `items:
  - name: PostgreSQL
    category: DB
    layer: L6
    state: C
    failure_mode: FAIL
    owner: Platform
  - name: Redis
    category: Cache
    layer: L6
    state: B
    used_by: [Tests]
    failure_mode: Skip
    stub: {available: true, note: mock}
    local_strategy: Local Redis
    promotion_trigger: Worker correctness
    owner: Platform
  - name: Kafka
    category: Queue
    layer: L7
    state: A
    failure_mode: Skip
    owner: Data
    bucket: {id: B2, justification: Not needed yet, review_trigger: First event consumer}
`

// staleRepoFiles is a repository whose docs have many stale blocks and
// values: on the first and last line, several on one line, in table rows,
// blocks next to each other, an empty block, a diagram whose SVG is
// missing, a CRLF doc with a BOM, and a doc without a final newline.
var staleRepoFiles = map[string]string{
	"infradoc.yaml":    "registry: registry.yaml\nobligations: obligations.yaml\ndocs: [docs/*.md]\n",
	"registry.yaml":    staleRegistry,
	"obligations.yaml": "obligations: []\n",
	"docs/REG.md": "Items: <!-- infradoc:value registry.items.total -->7<!-- infradoc:end -->, in C: <!-- infradoc:value registry.state.C -->1<!-- infradoc:end -->, failing: <!-- infradoc:value registry.failure_mode.FAIL -->9<!-- infradoc:end -->.\n" +
		"# Registry\n\nKept | text.\n\n" +
		"<!-- infradoc:begin registry-table state=B,C -->\n\n" +
		"| Infra Name | Category | Layer | State | Used By | Failure Mode | Stub Available | Local Strategy | Promotion Trigger | Owner |\n" +
		"|------------|----------|-------|-------|---------|--------------|----------------|----------------|-------------------|-------|\n" +
		"| PostgreSQL | DB | L6 | **C** | — | FAIL | No | — | — | Platform |\n" +
		"| Redis | Cache | L6 | **A** | Tests | Skip | Yes (mock) | Local Redis | Worker correctness | Platform |\n\n" +
		"<!-- infradoc:end registry-table -->\n" +
		"<!-- infradoc:begin state-summary -->\nold table\n<!-- infradoc:end state-summary -->\n" +
		"<!-- infradoc:begin bucket-b2 -->\n<!-- infradoc:end bucket-b2 -->\n\n" +
		"| What | Count |\n|------|-------|\n" +
		"| Items | <!-- infradoc:value registry.items.total -->3<!-- infradoc:end --> |\n" +
		"| Deferred | <!-- infradoc:value buckets.B2 -->0<!-- infradoc:end --> |\n" +
		"| Substitutes | <!-- infradoc:value registry.state.B -->1<!-- infradoc:end --> |\n" +
		"| Obligations | <!-- infradoc:value obligations.total -->4<!-- infradoc:end --> |\n\n" +
		"The states:\n\n<!-- infradoc:begin diagram name=states -->\n![old](old.svg)\n<!-- infradoc:end diagram -->\n\n" +
		"Tests: <!-- infradoc:value obligations.tests.total -->12<!-- infradoc:end -->.\n",
	"docs/CRLF.md": "\xef\xbb\xbf# CRLF\r\n\r\nTotal: <!-- infradoc:value registry.items.total -->1<!-- infradoc:end -->\r\n\r\n" +
		"<!-- infradoc:begin state-summary state=A -->\r\n\r\n| State | Count | Infra Items |\r\n|-------|-------|-------------|\r\n| **A** (Conceptual) | 0 | — |\r\n\r\n<!-- infradoc:end state-summary -->\r\n" +
		"End: <!-- infradoc:value registry.state.A -->0<!-- infradoc:end -->\r\n",
	"docs/TAIL.md": "# Tail\n\n<!-- infradoc:begin bucket-b2 empty=None -->\n| x |\n<!-- infradoc:end bucket-b2 -->\nLast: <!-- infradoc:value registry.state.B -->0<!-- infradoc:end -->",
}

// checkTranscript runs infradoc args in dir and returns the exit status,
// stdout and stderr as one text.
func checkTranscript(t *testing.T, dir string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	c := &Command{Stdout: &out, Stderr: &errb, Dir: dir, Getenv: func(string) string { return "" }}
	status := c.Main(args)
	return fmt.Sprintf("exit %d\n-- stdout --\n%s-- stderr --\n%s", status, out.String(), errb.String())
}

// TestCheckStaleGolden pins what check prints for many stale blocks and
// values, in every format. The golden files were written by the check
// that diffed the whole doc once per stale block; the per-block diffs
// must print the same.
func TestCheckStaleGolden(t *testing.T) {
	dir := t.TempDir()
	rootfstest.WriteTree(t, dir, staleRepoFiles)
	for _, format := range []string{"text", "json", "github"} {
		t.Run(format, func(t *testing.T) {
			got := checkTranscript(t, dir, "check", "--format", format)
			golden := filepath.Join("testdata", "check_stale", format+".golden")
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("check --format %s differs from %s:\n%s", format, golden, got)
			}
		})
	}
}
