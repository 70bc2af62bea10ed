// Command infradoc keeps infrastructure-governance docs true to their YAML.
package main

import (
	"os"
	"runtime/pprof"

	"github.com/infradoc/infradoc/cmd/cli"
)

func main() {
	// INFRADOC_CPUPROFILE names a file to write a CPU profile of this run
	// to (go tool pprof), for measuring the large synthetic builds.
	if p := os.Getenv("INFRADOC_CPUPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				code := cli.Main(os.Args[1:])
				pprof.StopCPUProfile()
				f.Close()
				os.Exit(code)
			}
		}
	}
	os.Exit(cli.Main(os.Args[1:]))
}
