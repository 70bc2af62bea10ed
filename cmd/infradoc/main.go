// Command infradoc keeps infrastructure-governance docs true to their YAML.
//
// It does not link Graphviz: diagrams are drawn by the worker program
// infradoc-graphviz (cmd/infradoc-graphviz), which infradoc finds beside
// itself, in $INFRADOC_GRAPHVIZ, or builds on first use (see
// render/graphviz). Install both with
//
//	go install github.com/infradoc/infradoc/cmd/...@latest
package main

import (
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/infradoc/infradoc/cmd/cli"
)

func main() {
	delayFirstCollection()
	os.Exit(profiled(func() int { return cli.Main(os.Args[1:]) }))
}

// profiled runs main, writing the profiles the environment asks for, to
// measure the large synthetic builds with go tool pprof:
// INFRADOC_CPUPROFILE names a file for a CPU profile of the run, and
// INFRADOC_MEMPROFILE one for a heap profile taken at its end (its
// alloc_space shows every allocation the run made).
func profiled(main func() int) int {
	if p := os.Getenv("INFRADOC_MEMPROFILE"); p != "" {
		runtime.MemProfileRate = 64 << 10
		defer func() {
			if f, err := os.Create(p); err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}()
	}
	if p := os.Getenv("INFRADOC_CPUPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			defer f.Close()
			if pprof.StartCPUProfile(f) == nil {
				defer pprof.StopCPUProfile()
			}
		}
	}
	return main()
}
