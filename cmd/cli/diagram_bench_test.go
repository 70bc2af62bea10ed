package cli

import (
	"os"
	"runtime"
	"sync"
	"testing"

	"github.com/infradoc/infradoc/content"
	"github.com/infradoc/infradoc/render/diagram"
	"github.com/infradoc/infradoc/render/graphviz"
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
// renders on a running worker with no cache (worker-peak-rss-MiB is a
// worker's peak memory), "warm" finds the SVG in the disk cache.
func BenchmarkDiagramCache(b *testing.B) {
	models := benchModels(b)
	for _, model := range []string{"seed", "large"} {
		s := models[model]
		names := diagram.Names(s)
		for i, name := range names[:min(len(names), 5)] {
			label := name
			if i == 4 {
				label = "obligation-first"
			}
			dot, err := diagram.DOT(s, name, diagram.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.Run(model+"/"+label+"/cold", func(b *testing.B) {
				// No cache: every render reaches the worker, started once
				// (as in a build) before the timer.
				r := graphviz.New(graphviz.Options{})
				defer r.Close()
				if _, err := r.Render(dot + "// start the worker\n"); err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					if _, err := r.Render(dot); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(r.PeakWorkerRSS())/(1<<20), "worker-peak-rss-MiB")
			})
			b.Run(model+"/"+label+"/warm", func(b *testing.B) {
				r := graphviz.New(graphviz.Options{CacheDir: b.TempDir()})
				defer r.Close()
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

// BenchmarkDiagramBuildCold renders the first 200 obligation diagrams of
// the large repository with no cache from as many goroutines as a site
// build uses, on the renderer's workers; ns/op is one batch, ns/diagram one
// diagram.
func BenchmarkDiagramBuildCold(b *testing.B) {
	s := benchModels(b)["large"]
	names := diagram.Names(s)[4:]
	names = names[:min(len(names), 200)]
	dots := make([]string, len(names))
	for i, name := range names {
		var err error
		if dots[i], err = diagram.DOT(s, name, diagram.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	r := graphviz.New(graphviz.Options{})
	defer r.Close()
	for b.Loop() {
		b.StopTimer()
		next := make(chan string, len(dots))
		for _, dot := range dots {
			next <- dot
		}
		close(next)
		b.StartTimer()
		var wg sync.WaitGroup
		for range 2 * runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for dot := range next {
					if _, err := r.Render(dot); err != nil {
						b.Error(err)
					}
				}
			})
		}
		wg.Wait()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(dots)), "ns/diagram")
	b.ReportMetric(float64(r.PeakWorkerRSS())/(1<<20), "worker-peak-rss-MiB")
}
