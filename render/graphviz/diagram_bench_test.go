package graphviz

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/infradoc/infradoc/render/diagram"
	"github.com/infradoc/infradoc/render/diagram/diagramtest"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/synthetic"
)

// The large benchmark repository: 1,000 infra items and 10,000
// obligations written by site/synthetic and loaded like a user's repo.
const (
	benchItems       = 1000
	benchObligations = 10000
)

var (
	largeOnce sync.Once
	largeSeed *site.Site
	largeErr  error
)

// loadLarge generates and loads the large repository once per process
// (generating and loading take about a minute on two cores).
func loadLarge(b *testing.B) *site.Site {
	b.Helper()
	largeOnce.Do(func() {
		dir, err := os.MkdirTemp("", "infradoc-bench-")
		if err != nil {
			largeErr = err
			return
		}
		defer os.RemoveAll(dir)
		if largeErr = synthetic.Generate(dir, synthetic.Options{Items: benchItems, Obligations: benchObligations, Seed: 1}); largeErr != nil {
			return
		}
		largeSeed, _, largeErr = site.Load(site.Options{FS: os.DirFS(dir), Root: dir, ConfigFile: synthetic.ConfigFile})
	})
	if largeErr != nil {
		b.Fatal(largeErr)
	}
	return largeSeed
}

// benchDiagrams are the diagrams measured: the four overviews and the
// first obligation's.
func benchDiagrams(s *site.Site) []string {
	names := diagram.Names(s)
	return names[:min(len(names), 5)]
}

// BenchmarkDiagram measures each diagram on the seed data (content/) and
// on the large repository: "dot" generates the DOT source (the work a
// cache hit still does, with DOTHash), "svg" also renders it with
// Graphviz in this process (a cold cache). peak-heap-MiB is the largest
// heap seen while rendering; Graphviz's WebAssembly memory is part of it
// and never shrinks, which is why the CLI renders in child processes.
func BenchmarkDiagram(b *testing.B) {
	models := []struct {
		name string
		load func(*testing.B) *site.Site
	}{
		{"seed", func(b *testing.B) *site.Site { return diagramtest.LoadContent(b) }},
		{"large", loadLarge},
	}
	for _, m := range models {
		s := m.load(b)
		for _, name := range benchDiagrams(s) {
			label := name
			if len(label) > len(diagram.ObligationPrefix) && label[:len(diagram.ObligationPrefix)] == diagram.ObligationPrefix {
				label = "obligation-first"
			}
			b.Run(m.name+"/"+label+"/dot", func(b *testing.B) {
				runtime.GC() // the large model's load must not be collected on our time
				b.ReportAllocs()
				for b.Loop() {
					dot, err := diagram.DOT(s, name, diagram.Options{})
					if err != nil {
						b.Fatal(err)
					}
					_ = DOTHash(dot)
				}
			})
			b.Run(m.name+"/"+label+"/svg", func(b *testing.B) {
				rssOK := resetPeakRSS()
				peak := startPeakHeap()
				for b.Loop() {
					dot, err := diagram.DOT(s, name, diagram.Options{})
					if err != nil {
						b.Fatal(err)
					}
					if _, err := testSVG(context.Background(), dot); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(peak()/(1<<20), "peak-heap-MiB")
				if rss := peakRSS(); rssOK && rss > 0 {
					b.ReportMetric(rss/(1<<20), "peak-rss-MiB")
				}
			})
		}
	}
}

// resetPeakRSS resets the process's peak resident set size (Linux:
// writing 5 to /proc/self/clear_refs) and reports whether it could.
func resetPeakRSS() bool {
	runtime.GC()
	debug.FreeOSMemory()
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// peakRSS returns the peak resident set size since resetPeakRSS, in bytes
// (VmHWM in /proc/self/status), or 0 when unknown.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// startPeakHeap samples the heap every millisecond until the returned
// function is called, which returns the largest value in bytes.
func startPeakHeap() func() float64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var mu sync.Mutex
	var peak uint64
	read := func() {
		metrics.Read(sample)
		v := sample[0].Value.Uint64()
		mu.Lock()
		peak = max(peak, v)
		mu.Unlock()
	}
	read()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() float64 {
		read()
		close(stop)
		<-done
		mu.Lock()
		defer mu.Unlock()
		return float64(peak)
	}
}
