package cli

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/google/renameio/v2"
	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/adopt"
	"github.com/infradoc/infradoc/site/rootfs"
)

func init() {
	register(subcommand{
		name:    "init",
		summary: "find the registry doc, obligations, tests and migrations of a repository and write infradoc.yaml and the registry YAML",
		usage:   "[flags]",
		run:     runInit,
	})
}

func runInit(c *Command, args []string) int {
	fs := c.newFlags("init")
	root := fs.String("root", "", "the repository to adopt (default: the working folder)")
	if status, ok := c.parseFlags(fs, args); !ok {
		return status
	}
	if fs.NArg() > 0 {
		return c.usageError("init", "unexpected argument %q: init looks at --root or the working folder", fs.Arg(0))
	}
	wd, err := c.workDir()
	if err != nil {
		return c.failure("init", err)
	}
	dir := wd
	if *root != "" {
		dir = absIn(wd, *root)
	}
	rfs, err := rootfs.Open(dir)
	if err != nil {
		return c.failure("init", err)
	}
	defer rfs.Close()

	// Nothing is written over a file: both targets are checked first, so
	// that init writes both or neither.
	if _, err := os.Lstat(filepath.Join(dir, site.ConfigFileName)); err == nil {
		fmt.Fprintf(c.Stderr, "infradoc init: %s already exists; init writes a new config only (edit it, or remove it to look again)\n", site.ConfigFileName)
		return ExitFindings
	}
	plan, err := adopt.Discover(rfs)
	if err != nil {
		return c.failure("init", err)
	}
	for _, line := range plan.Report() {
		fmt.Fprintln(c.Stdout, line)
	}
	if len(plan.ImportFindings) > 0 {
		src, _ := rootfs.ReadInput(rfs, plan.RegistryDoc, 0)
		if err := report.WriteFindings(c.Stdout, report.FormatText, plan.ImportFindings,
			report.TextOptions{Color: c.useColor(c.Stdout), Sources: map[string][]byte{plan.RegistryDoc: src}}); err != nil {
			return c.failure("init", err)
		}
	}
	if !plan.OK() {
		fmt.Fprintf(c.Stderr, "infradoc init: nothing was written: infradoc needs a registry and an obligations file or folder (see not found above)\n")
		return ExitFindings
	}
	var registry []byte
	if !plan.ExistingRegistry {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(plan.RegistryFile))); err == nil {
			fmt.Fprintf(c.Stderr, "infradoc init: %s already exists and is no registry YAML; nothing was written (move it, or import the doc elsewhere with infradoc import -o FILE)\n", plan.RegistryFile)
			return ExitFindings
		} else if !errors.Is(err, iofs.ErrNotExist) {
			return c.failure("init", err)
		}
		opts := report.RegistryYAMLOptions{Starter: plan.Starter}
		if plan.RegistryDoc != "" {
			opts.Source = path.Base(plan.RegistryDoc)
		}
		registry, err = report.RegistryYAML(plan.Registry, opts)
		if err != nil {
			return c.failure("init", err)
		}
		if err := renameio.WriteFile(filepath.Join(dir, filepath.FromSlash(plan.RegistryFile)), registry, 0o644); err != nil {
			return c.failure("init", err)
		}
	}
	if err := renameio.WriteFile(filepath.Join(dir, site.ConfigFileName), plan.Config(), 0o644); err != nil {
		return c.failure("init", err)
	}
	if registry != nil {
		fmt.Fprintf(c.Stdout, "wrote %s and %s\n", site.ConfigFileName, plan.RegistryFile)
	} else {
		fmt.Fprintf(c.Stdout, "wrote %s\n", site.ConfigFileName)
	}
	at := ""
	if *root != "" {
		at = " --root " + *root
	}
	fmt.Fprintf(c.Stdout, "next:\n  infradoc validate%s    check the registry, the obligations, their tests and migrations\n  infradoc build%s       write the site, with what validate finds on it\n", at, at)
	return ExitOK
}
