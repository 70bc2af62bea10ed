package blocks

import (
	"testing"

	"github.com/infradoc/infradoc/content"
	"github.com/infradoc/infradoc/site"
)

// BenchmarkRegenerateContentDocs regenerates every block and value of
// infradoc's own docs, as check does on each run.
func BenchmarkRegenerateContentDocs(b *testing.B) {
	s, _, err := site.Load(site.Options{FS: content.FS, Root: "content"})
	if err != nil {
		b.Fatal(err)
	}
	docs, _, err := site.LoadDocs(s, Vocabulary())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, d := range docs {
			if _, stale, err := RegenerateDoc(s, d, DocOptions{}); err != nil || len(stale) > 0 {
				b.Fatalf("%s: %d stale, %v", d.File, len(stale), err)
			}
		}
	}
}
