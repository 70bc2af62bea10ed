// Command gencss writes the stylesheet of highlighted code
// (highlight.CSS, from chroma's styles) to the file its argument names:
// `go generate ./render/graphviz/engine/highlight` writes
// templates/static/code.css, which infradoc appends to site.css without
// linking chroma itself.
package main

import (
	"fmt"
	"os"

	"github.com/infradoc/infradoc/render/graphviz/engine/highlight"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gencss FILE")
		os.Exit(2)
	}
	if err := os.WriteFile(os.Args[1], []byte(highlight.CSS()), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "gencss: %v\n", err)
		os.Exit(1)
	}
}
