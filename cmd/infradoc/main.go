// Command infradoc keeps infrastructure-governance docs true to their YAML.
package main

import (
	"os"

	"github.com/infradoc/infradoc/cmd/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:]))
}
