package render

import (
	"os"
	"testing"

	"github.com/infradoc/infradoc/site"
)

func BenchmarkObligationDOTAll(b *testing.B) {
	s, _, err := site.Load(site.Options{FS: os.DirFS("/tmp/big"), Root: "."})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, o := range s.Obligations[:1000] {
			_ = obligationDOT(s, o)
		}
	}
}
