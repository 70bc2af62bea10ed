package markers_test

import (
	"bytes"
	"testing"

	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/site/markers"
)

// FuzzParseDoc checks that the marker parser never panics, that blocks lie
// inside the source in order without overlapping, that every finding has a
// position, and that emptying every block's generated text keeps the blocks
// (the parser depends only on the markers, never on generated text).
func FuzzParseDoc(f *testing.F) {
	f.Add([]byte("<!-- infradoc:begin registry-table state=A -->\nx\n<!-- infradoc:end registry-table -->\n"))
	f.Add([]byte("n <!-- infradoc:value obligations.total -->3<!-- infradoc:end --> m\n"))
	f.Add([]byte("\xef\xbb\xbf<!-- infradoc:begin ownership -->\r\n<!-- infradoc:end -->\r\n"))
	f.Add([]byte("```\n<!-- infradoc:begin ownership -->\n```\n`<!-- infradoc:end -->`\n"))
	f.Add([]byte("<!-- infradoc:end -->\n<!-- infradoc:begin bucket-b1 empty=\"a \\\" b\" -->\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		d, found := markers.Parse("f.md", src, blocks.Vocabulary())
		last := 0
		for _, b := range d.Blocks {
			if b.Start < last || b.End < b.Start || b.End > len(src) {
				t.Fatalf("block %s [%d:%d] out of order or bounds (last %d, len %d)", b.Label(), b.Start, b.End, last, len(src))
			}
			last = b.End
		}
		for _, f := range found {
			if f.Line < 1 || f.Col < 1 || f.File != "f.md" {
				t.Fatalf("finding without a position: %v", f)
			}
		}
		var emptied bytes.Buffer
		prev := 0
		for _, b := range d.Blocks {
			emptied.Write(src[prev:b.Start])
			prev = b.End
		}
		emptied.Write(src[prev:])
		d2, found2 := markers.Parse("f.md", emptied.Bytes(), blocks.Vocabulary())
		if len(d2.Blocks) != len(d.Blocks) || len(found2) != len(found) {
			t.Fatalf("emptying the blocks changed the parse: %d blocks/%d findings -> %d/%d",
				len(d.Blocks), len(found), len(d2.Blocks), len(found2))
		}
		for i, b := range d2.Blocks {
			if b.Label() != d.Blocks[i].Label() || b.Start != b.End {
				t.Fatalf("block %d: %s [%d:%d] after emptying, was %s", i, b.Label(), b.Start, b.End, d.Blocks[i].Label())
			}
		}
	})
}
