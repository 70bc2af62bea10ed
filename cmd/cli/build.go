package cli

import (
	"errors"
	"fmt"

	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/site/build"
)

func init() {
	register(subcommand{
		name:    "build",
		summary: "validate, then build the governance site (static HTML) into the configured output folder",
		usage:   "[flags]",
		run:     runBuild,
	})
}

// buildOptions tune a build (see build.Options).
type buildOptions = build.Options

// buildResult says what a build did (see build.Result).
type buildResult = build.Result

func runBuild(c *Command, args []string) (exit int) {
	flags := c.newFlags("build")
	var in inputFlags
	var out reportFlags
	var opts buildOptions
	in.add(flags)
	flags.StringVar(&opts.Out, "out", "", "output folder (default: site.output of the config, relative to the repository root)")
	flags.BoolVar(&opts.WarnLinks, "warn-links", false, "report broken internal links and anchors as warnings instead of failing")
	flags.BoolVar(&opts.Force, "force", false, "load and render even when nothing the last build read has changed")
	out.add(flags)
	in.addBaseline(flags)
	in.addVerification(flags)
	c.summary.add(flags)
	if status, ok := c.parseFlags(flags, args); !ok {
		return status
	}
	if flags.NArg() > 0 {
		return c.usageError("build", "unexpected argument %q", flags.Arg(0))
	}
	if status, ok := out.check(c, "build"); !ok {
		return status
	}
	res, err := c.buildSite(&in, opts)
	if errors.Is(err, build.ErrOutputRefused) {
		fmt.Fprintf(c.Stderr, "infradoc build: %v\n", err)
		return ExitUsage
	}
	if err != nil {
		return c.failure("build", err)
	}
	defer func() { c.summarizeBuild(exit, &in, res) }()
	root := ""
	if r, err := c.resolve(&in); err == nil {
		root = r.Dir
	}
	status := c.reportAs(out, res.Findings, res.Sources, res.Config, root)
	if status != ExitFailure {
		c.closingLine(out.format.value, res.Findings, c.displayOf(&in))
	}
	switch {
	case status == ExitFailure: // the report could not be written; failure said why
	case res.Stopped != "":
		fmt.Fprintf(c.Stderr, "infradoc build: nothing written: %s (see above)\n", res.Stopped)
	case res.Skipped:
		fmt.Fprintf(c.Stderr, "built %s: up to date, %d files unchanged (nothing the last build read has changed; --force rebuilds)\n", res.Out, res.Unchanged)
	default:
		fmt.Fprintf(c.Stderr, "built %s: %d files written, %d removed, %d unchanged\n", res.Out, res.Written, res.Removed, res.Unchanged)
	}
	return status
}

// displayOf is how the repository of in is shown ("content", "."); "" when
// it cannot be resolved.
func (c *Command) displayOf(in *inputFlags) string {
	r, err := c.resolve(in)
	if err != nil {
		return ""
	}
	return r.Display
}

// buildSite resolves the repository of in and builds its site (see
// build.Site), with this command's streams, working directory and cache.
func (c *Command) buildSite(in *inputFlags, opts buildOptions) (*buildResult, error) {
	r, err := c.resolve(in)
	if err != nil {
		return nil, err
	}
	return build.Site(r, opts, c.buildEnv())
}

// buildEnv is what a build needs of this command.
func (c *Command) buildEnv() build.Env {
	return build.Env{Stderr: c.Stderr, Dir: c.Dir, CacheDir: c.cacheDir(), Getenv: c.Getenv,
		Renderer: func() *graphviz.Renderer { return newSVGRenderer(c) }, Today: c.today()}
}
