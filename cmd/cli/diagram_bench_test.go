package cli

import (
	"bytes"
	"os"
	"sync"
	"testing"

	"github.com/infradoc/infradoc/content"
	"github.com/infradoc/infradoc/render"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/synthetic"
)

var (
	benchLargeOnce sync.Once
	benchLarge     *site.Site
	benchLargeErr  error
)

// benchModels returns the seed data (content/) and, once per process, a
// generated repository of 1,000 items and 10,000 obligations.
func benchModels(b *testing.B) map[string]*site.Site {
	b.Helper()
	seed, _, err := site.Load(site.Options{FS: content.FS, Root: "content", ConfigFile: site.ConfigFileName})
	if err != nil {
		b.Fatal(err)
	}
	benchLargeOnce.Do(func() {
		dir, err := os.MkdirTemp("", "infradoc-bench-")
		if err != nil {
			benchLargeErr = err
			return
		}
		defer os.RemoveAll(dir)
		if benchLargeErr = synthetic.Generate(dir, synthetic.Options{Items: 1000, Obligations: 10000, Seed: 1}); benchLargeErr != nil {
			return
		}
		benchLarge, _, benchLargeErr = site.Load(site.Options{FS: os.DirFS(dir), Root: dir, ConfigFile: synthetic.ConfigFile})
	})
	if benchLargeErr != nil {
		b.Fatal(benchLargeErr)
	}
	return map[string]*site.Site{"seed": seed, "large": benchLarge}
}

// BenchmarkDiagramCache measures what the CLI does per diagram: "cold"
// renders in a child process with an empty cache (child-peak-rss-MiB is
// the child's peak memory), "warm" finds the SVG in the disk cache.
func BenchmarkDiagramCache(b *testing.B) {
	models := benchModels(b)
	for _, model := range []string{"seed", "large"} {
		s := models[model]
		names := render.DiagramNames(s)
		for i, name := range names[:min(len(names), 5)] {
			label := name
			if i == 4 {
				label = "obligation-first"
			}
			dot, err := render.DiagramDOT(s, name, render.DiagramOptions{})
			if err != nil {
				b.Fatal(err)
			}
			b.Run(model+"/"+label+"/cold", func(b *testing.B) {
				c := &Command{Stderr: &bytes.Buffer{}, Getenv: func(string) string { return "" }}
				var r *svgRenderer
				for b.Loop() {
					b.StopTimer()
					dir := b.TempDir()
					c.Getenv = func(k string) string {
						if k == envCacheDir {
							return dir
						}
						return ""
					}
					r = newSVGRenderer(c)
					b.StartTimer()
					if _, err := r.Render(dot); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(r.peakChildRSS.Load())/(1<<20), "child-peak-rss-MiB")
			})
			b.Run(model+"/"+label+"/warm", func(b *testing.B) {
				dir := b.TempDir()
				c := &Command{Stderr: &bytes.Buffer{}, Getenv: func(k string) string {
					if k == envCacheDir {
						return dir
					}
					return ""
				}}
				r := newSVGRenderer(c)
				if _, err := r.Render(dot); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				for b.Loop() {
					if _, err := r.Render(dot); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
