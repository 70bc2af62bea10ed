package html

import (
	"io/fs"
	"os"
	"testing"

	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/synthetic"
)

// BenchmarkHTMLSite renders the site of a synthetic repository (1,000
// items, 10,000 obligations, 100 docs) in memory, without diagrams: the
// part of `infradoc build` that this package owns. Loading is not timed.
func BenchmarkHTMLSite(b *testing.B) {
	dir := b.TempDir()
	if err := synthetic.Generate(dir, synthetic.Options{Items: 1000, Obligations: 10000, Docs: 100, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	s, findings, err := site.Load(site.Options{FS: fsys, Root: "."})
	if err != nil || site.HasErrors(findings) {
		b.Fatalf("loading: %v (%d findings)", err, len(findings))
	}
	docs, _, err := site.LoadDocs(s, blocks.Vocabulary())
	if err != nil {
		b.Fatal(err)
	}
	in := SiteInput{Site: s, DocsChecked: true, RepoFileExists: func(p string) bool {
		_, err := fs.Stat(fsys, p)
		return err == nil
	}}
	for _, d := range docs {
		out, stale, err := blocks.RegenerateDoc(s, d, blocks.DocOptions{})
		if err != nil {
			b.Fatal(err)
		}
		in.Docs = append(in.Docs, SiteDoc{Path: d.Path, Display: d.File, Source: out, Drifted: len(stale) > 0})
	}
	h, err := NewHTMLSite()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		plan, _, err := h.Plan(in)
		if err != nil {
			b.Fatal(err)
		}
		var n, bytes int64
		err = plan.Render(func(f SiteFile) error {
			n++
			bytes += int64(len(f.Data))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n), "files/op")
		b.ReportMetric(float64(bytes)/1e6, "MB/op")
	}
}
