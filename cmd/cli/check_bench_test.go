package cli

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/rootfs/rootfstest"
)

// staleValueNames are inline values of render/values.go that fixRegistry
// and an empty obligations list give a number for.
var staleValueNames = []string{
	"registry.items.total", "registry.state.B", "registry.state.C",
	"registry.failure_mode.FAIL", "buckets.B2", "obligations.total",
	"obligations.tests.total",
}

// manyStaleValuesDoc returns a doc of n lines of prose, each with one
// inline value whose text ("WRONG") the YAML never gives.
func manyStaleValuesDoc(n int) string {
	var b strings.Builder
	b.WriteString("# Many values\n\n")
	for i := range n {
		fmt.Fprintf(&b, "Line %d: <!-- infradoc:value %s -->WRONG<!-- infradoc:end --> items.\n", i, staleValueNames[i%len(staleValueNames)])
	}
	return b.String()
}

// BenchmarkCheckManyStaleValues runs check on a repository whose one doc
// has n stale inline values: each gets its own finding and diff.
func BenchmarkCheckManyStaleValues(b *testing.B) {
	for _, n := range []int{2000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := b.TempDir()
			rootfstest.WriteTree(b, dir, map[string]string{
				"infradoc.yaml":    "registry: registry.yaml\nobligations: obligations.yaml\ndocs: [docs/*.md]\n",
				"registry.yaml":    fixRegistry,
				"obligations.yaml": "obligations: []\n",
				"docs/MANY.md":     manyStaleValuesDoc(n),
			})
			want := fmt.Sprintf("%d generated blocks, values or diagrams are out of date in 1 doc;", n)
			for b.Loop() {
				var out tailWriter
				var errb bytes.Buffer
				c := &Command{Stdout: &out, Stderr: &errb, Dir: dir, Getenv: func(string) string { return "" }}
				if status := c.Main([]string{"check"}); status != ExitFindings {
					b.Fatalf("check: exit %d, want %d\n%s", status, ExitFindings, errb.String())
				}
				if !strings.Contains(string(out.tail), want) || out.n < 100*n {
					b.Fatalf("check wrote %d bytes ending %q, want a diff per value and %q", out.n, out.tail, want)
				}
			}
		})
	}
}

// tailWriter counts the bytes written and keeps the last 200, so that a
// benchmark measures the command rather than a buffer of its output.
type tailWriter struct {
	n    int
	tail []byte
}

func (w *tailWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	w.tail = append(w.tail, p[max(len(p)-200, 0):]...)
	w.tail = w.tail[max(len(w.tail)-200, 0):]
	return len(p), nil
}
