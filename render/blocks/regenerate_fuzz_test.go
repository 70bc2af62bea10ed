package blocks

import (
	"bytes"
	"testing"

	"github.com/infradoc/infradoc/site/markers"
)

// FuzzRegenerateDoc checks, for any doc, that regeneration keeps the
// markers: the regenerated doc parses to the same blocks with the same
// findings, nothing in it is stale, and regenerating it again changes
// nothing (fix is idempotent).
func FuzzRegenerateDoc(f *testing.F) {
	s := loadBlockSite(f)
	f.Add([]byte("<!-- infradoc:begin registry-table state=A -->\nx\n<!-- infradoc:end registry-table -->\n"))
	f.Add([]byte("n <!-- infradoc:value obligations.total -->3<!-- infradoc:end --> m\r\n"))
	f.Add([]byte("\xef\xbb\xbf<!-- infradoc:begin diagram name=states alt=\"a <!-- b\" -->\r\n<!-- infradoc:end -->\r\n"))
	f.Add([]byte("```\n<!-- infradoc:begin ownership -->\n```\n<!-- infradoc:begin bucket-b1 empty=\"x|y\" -->\n<!-- infradoc:end -->"))
	f.Fuzz(func(t *testing.T, src []byte) {
		d, found := markers.Parse("f.md", src, Vocabulary())
		out, _, err := RegenerateDoc(s, d, DocOptions{})
		if err != nil {
			t.Fatal(err)
		}
		d2, found2 := markers.Parse("f.md", out, Vocabulary())
		if len(d2.Blocks) != len(d.Blocks) || len(found2) != len(found) {
			t.Fatalf("regeneration changed the markers: %d blocks/%d findings -> %d/%d\n%q", len(d.Blocks), len(found), len(d2.Blocks), len(found2), out)
		}
		again, stale, err := RegenerateDoc(s, d2, DocOptions{})
		if err != nil || len(stale) > 0 || !bytes.Equal(again, out) {
			t.Fatalf("second regeneration not a no-op: %d stale, err %v", len(stale), err)
		}
	})
}
