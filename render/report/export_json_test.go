package report

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/infradoc/infradoc/site"
)

// TestObligationsExportStreamsTheSameBytes checks the element-at-a-time
// encoder against encoding/json on the whole document.
func TestObligationsExportStreamsTheSameBytes(t *testing.T) {
	for _, root := range []string{"site", "acme"} {
		dir := filepath.Join("..", "..", "testdata", root)
		s, _, err := site.Load(site.Options{FS: os.DirFS(dir), Root: root})
		if err != nil {
			t.Fatal(err)
		}
		e := s.Export()
		want, err := encodeExport(obligationsExport{Obligations: e.Obligations, Evidence: e.Evidence, Counts: e.Counts})
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeObligationsExport(e)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: obligations.json differs from encoding/json's:\n got: %.300s\nwant: %.300s", root, got, want)
		}
		e.Evidence = nil
		e.Obligations = nil
		want, _ = encodeExport(obligationsExport{Obligations: e.Obligations, Evidence: e.Evidence, Counts: e.Counts})
		if got, _ := encodeObligationsExport(e); !bytes.Equal(got, want) {
			t.Errorf("%s, nothing exported: got %s, want %s", root, got, want)
		}
	}
}
