package markers_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/site/markers"
)

// BenchmarkParseDoc parses a 10,000-line doc with 500 blocks and 1,000
// inline values.
func BenchmarkParseDoc(b *testing.B) {
	var sb strings.Builder
	for i := range 500 {
		sb.WriteString("## Section\n\nSome prose with `code` and <!-- a comment -->.\n\n")
		sb.WriteString("<!-- infradoc:begin registry-table state=A owner=O" + strconv.Itoa(i) + " -->\n")
		sb.WriteString(strings.Repeat("| a | b | c |\n", 10))
		sb.WriteString("<!-- infradoc:end registry-table -->\n")
		sb.WriteString("Count <!-- infradoc:value registry.state.A -->6<!-- infradoc:end --> and <!-- infradoc:value obligations.total -->8<!-- infradoc:end -->.\n\n```\ncode\n```\n")
	}
	src := []byte(sb.String())
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for b.Loop() {
		d, found := markers.Parse("bench.md", src, blocks.Vocabulary())
		if len(d.Blocks) != 1500 {
			b.Fatalf("%d blocks, findings %v", len(d.Blocks), found[:min(3, len(found))])
		}
	}
}
