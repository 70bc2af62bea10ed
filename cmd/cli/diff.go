package cli

import (
	"errors"
	"slices"

	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site/gitrepo"
	"github.com/infradoc/infradoc/site/regdiff"
)

func init() {
	register(subcommand{
		name:    "diff",
		summary: "show what changed in the registry and obligations between a git ref and the work tree, or two refs",
		usage:   "[flags] BASE [HEAD]",
		run:     runDiff,
	})
}

func runDiff(c *Command, args []string) int {
	fs := c.newFlags("diff")
	in := &inputFlags{}
	fs.StringVar(&in.config, "config", "", "config file (default: infradoc.yaml in --root, else content/infradoc.yaml); read at each ref from the same place")
	fs.StringVar(&in.root, "root", "", "repository root that config paths are relative to (default: the config's folder); read at each ref from the same place")
	format := fs.String("format", "text", "output format: text, json or markdown (a pull-request comment)")
	failOnDemotion := fs.Bool("fail-on-demotion", false, "exit 1 when an item's state or an obligation's status moved back (C to B, PROMOTED to anything else)")
	if status, ok := c.parseFlags(fs, args); !ok {
		return status
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		return c.usageError("diff", "expected BASE and an optional HEAD (git refs), got %d arguments", fs.NArg())
	}
	if !slices.Contains(report.DiffFormats, report.DiffFormat(*format)) {
		return c.usageError("diff", "unknown --format %q: use text, json or markdown", *format)
	}
	base, err := c.loadAtRef(in, fs.Arg(0))
	if err != nil {
		return c.diffError(err)
	}
	var head *regdiff.Side
	if fs.NArg() == 2 {
		head, err = c.loadAtRef(in, fs.Arg(1))
	} else {
		var r *repo
		if r, err = c.resolve(in); err == nil {
			head, err = regdiff.Load(r.Opts, "", "")
		}
	}
	if err != nil {
		return c.diffError(err)
	}
	d := regdiff.New(base, head)
	if err := report.WriteDiff(c.Stdout, report.DiffFormat(*format), d); err != nil {
		return c.failure("diff", err)
	}
	if *failOnDemotion && d.Demotions() > 0 {
		return ExitFindings
	}
	return ExitOK
}

// diffError reports why a side could not be read: a bad ref, or a root
// outside a git work tree, is the command line's problem (exit 2); git
// missing or failing is a failure (exit 3).
func (c *Command) diffError(err error) int {
	var re *gitrepo.RefError
	if errors.As(err, &re) || errors.Is(err, gitrepo.ErrNotWorkTree) || errors.Is(err, errEmbedded) {
		return c.usageError("diff", "%v", err)
	}
	return c.failure("diff", err)
}
