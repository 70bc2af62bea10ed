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
	head := ""
	if fs.NArg() == 2 {
		head = fs.Arg(1)
	}
	d, err := c.diffRefs(in, fs.Arg(0), head)
	if err != nil {
		return c.diffError(err)
	}
	if err := report.WriteDiff(c.Stdout, report.DiffFormat(*format), d); err != nil {
		return c.failure("diff", err)
	}
	if *failOnDemotion && d.Demotions() > 0 {
		return ExitFindings
	}
	return ExitOK
}

// diffFromRef compares the repository at git ref base with the work tree.
func (c *Command) diffFromRef(in *inputFlags, base string) (*regdiff.Diff, error) {
	return c.diffRefs(in, base, "")
}

// diffRefs compares the repository at git ref base with it at ref head,
// or with the work tree when head is "".
func (c *Command) diffRefs(in *inputFlags, base, head string) (*regdiff.Diff, error) {
	b, err := c.loadAtRef(in, base)
	if err != nil {
		return nil, err
	}
	var h *regdiff.Side
	if head != "" {
		h, err = c.loadAtRef(in, head)
	} else {
		var r *repo
		if r, err = c.resolve(in); err == nil {
			h, err = regdiff.Load(r.Opts, "", "")
		}
	}
	if err != nil {
		return nil, err
	}
	return regdiff.New(b, h), nil
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
