// Command infradoc-graphviz is infradoc's render worker, for the two
// libraries whose package initialisers are too heavy for infradoc's own
// start-up: Graphviz, to turn diagrams (DOT) into SVG, and chroma, to
// colour the site's fenced code blocks. infradoc starts it as a worker
// process, kills it at a render's time limit and replaces it when its
// memory grows.
//
// It is a program of its own so that infradoc links neither: go-graphviz
// compiles its WebAssembly module in an init function, about 90 ms before
// main in every process that links it, and chroma's lexers and styles
// parse some 280 embedded XML lexer definitions in theirs, which every
// infradoc command paid for, even those that draw and colour nothing
// (validate, check). Install it beside infradoc:
//
//	go install github.com/infradoc/infradoc/cmd/...@latest
//
// infradoc looks for it in $INFRADOC_GRAPHVIZ, then beside its own
// executable, then builds it on first use (see render/graphviz).
//
// Usage:
//
//	infradoc-graphviz worker    speak the worker protocol on stdin/stdout
//	infradoc-graphviz version   print the worker's greeting
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/infradoc/infradoc/cmd/internal/usercache/graphviztmp"
	"github.com/infradoc/infradoc/render/graphviz/engine"
)

func main() {
	// graphviztmp's init pointed TMPDIR at a folder only this user can
	// write to before go-graphviz's init compiled Graphviz and cached the
	// code there.
	if err := graphviztmp.Problem(); err != nil {
		fmt.Fprintf(os.Stderr, "infradoc-graphviz: not caching Graphviz's compiled code in an unsafe folder: %v\n", err)
	}
	switch {
	case len(os.Args) == 2 && os.Args[1] == engine.WorkerArg:
		if err := engine.Serve(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "infradoc-graphviz: %v\n", err)
			os.Exit(1)
		}
	case len(os.Args) == 2 && os.Args[1] == "version":
		fmt.Print(strings.TrimSuffix(engine.Hello, "\n") + "\n")
	default:
		fmt.Fprintf(os.Stderr, "infradoc-graphviz renders diagrams and highlights code for infradoc, which starts it.\n\nUsage:\n  infradoc-graphviz %s    speak the worker protocol on stdin and stdout\n  infradoc-graphviz version   print the worker's greeting\n", engine.WorkerArg)
		os.Exit(2)
	}
}
