// Command infradoc-synth writes a large synthetic infradoc repository for
// benchmarks:
//
//	go run ./cmd/infradoc-synth -items 1000 -obligations 10000 -docs 100 -out /tmp/big
//
// With -markdown it writes the same content as plain markdown pages under
// content/ instead (one per item, obligation and doc), the Hugo baseline of
// scripts/bench-site.sh. The output folder must be empty or not exist; the
// same flags always write the same files.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/infradoc/infradoc/site/synthetic"
)

func main() {
	var opts synthetic.Options
	flag.IntVar(&opts.Items, "items", 1000, "number of infra items")
	flag.IntVar(&opts.Obligations, "obligations", 10000, "number of obligations")
	flag.IntVar(&opts.Docs, "docs", 100, "number of markdown docs")
	flag.Int64Var(&opts.Seed, "seed", 1, "random seed; the same seed writes the same files")
	out := flag.String("out", "", "folder to write (must be empty or not exist)")
	markdown := flag.Bool("markdown", false, "write plain markdown pages (content/…/*.md) for a static site generator instead")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: infradoc-synth [-items N] [-obligations N] [-docs N] [-seed N] [-markdown] -out DIR")
		os.Exit(2)
	}
	generate := synthetic.Generate
	if *markdown {
		generate = synthetic.GenerateMarkdown
	}
	if err := generate(*out, opts); err != nil {
		fmt.Fprintln(os.Stderr, "infradoc-synth:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d items, %d obligations, %d docs to %s\n", opts.Items, opts.Obligations, opts.Docs, *out)
}
