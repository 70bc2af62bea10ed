// Command infradoc keeps infrastructure-governance docs true to their YAML.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/infradoc/infradoc/cmd/cli"
	"github.com/infradoc/infradoc/cmd/internal/usercache"
)

func main() {
	// usercache's init pointed TMPDIR at a folder only this user can write
	// to before go-graphviz's init compiled Graphviz and cached the code
	// there (see usercache's package comment); the program itself uses the
	// user's TMPDIR. cli's init has normally done this already.
	usercache.RestoreTempDir()
	if err := usercache.GraphvizProblem(); err != nil {
		fmt.Fprintf(os.Stderr, "infradoc: not caching Graphviz's compiled code in an unsafe folder: %v\n", err)
	}
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
