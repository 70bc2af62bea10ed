package cli

import (
	"fmt"
	"path/filepath"
	"text/tabwriter"

	"github.com/google/renameio/v2"
	"github.com/infradoc/infradoc/render/diagram"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rules"
)

func init() {
	register(subcommand{
		name:    "diagram",
		summary: "print a diagram of the registry or the obligations as SVG or DOT",
		usage:   "[flags] NAME | --list",
		run:     runDiagram,
	})
}

func runDiagram(c *Command, args []string) int {
	fs := c.newFlags("diagram")
	var in inputFlags
	in.add(fs)
	format := fs.String("format", "svg", "output format: svg or dot (Graphviz source)")
	output := fs.StringP("output", "o", "", "write to FILE (atomically) instead of stdout")
	list := fs.Bool("list", false, "list the diagram names and what each shows")
	checked := fs.Bool("checked", false, "compare the docs with the YAML first (as check does) and mark each artifact of the drift map in sync or drifted")
	var failOn failOnFlag
	var verbose bool
	in.addBaseline(fs)
	failOn.add(fs)
	addVerbose(fs, &verbose)
	if status, ok := c.parseFlags(fs, args); !ok {
		return status
	}
	if !failOn.valid() {
		return c.usageError("diagram", "unknown --fail-on %q: use error, warning or never", failOn.value)
	}
	if *format != "svg" && *format != "dot" {
		return c.usageError("diagram", "unknown --format %q: use svg or dot", *format)
	}
	switch {
	case *list && fs.NArg() > 0:
		return c.usageError("diagram", "--list takes no diagram name")
	case !*list && fs.NArg() == 0:
		return c.usageError("diagram", "missing diagram NAME (see --list)")
	case fs.NArg() > 1:
		return c.usageError("diagram", "unexpected argument %q", fs.Arg(1))
	}
	var (
		r        *repo
		s        *site.Site
		findings []site.Finding
		opts     diagram.Options
		err      error
	)
	if *checked {
		r, s, findings, opts.Drift, err = c.checkedDrift(&in)
	} else {
		r, s, findings, err = c.load(&in)
	}
	if err != nil {
		return c.failure("diagram", err)
	}
	// The diagram is drawn findings or not; only an input that could not
	// be read stops it. Findings that fail the command are printed on
	// stderr (stdout may be the diagram).
	unreadable := rules.Unreadable(s, findings)
	if findings, err = c.accept(r, s, findings, rules.DocRules, rules.LinkRules, rules.HistoryRules); err != nil {
		return c.failure("diagram", err)
	}
	status := ExitOK
	if unreadable || failOn.fails(findings) {
		status = ExitFindings
		if c.reportTo(c.Stderr, "text", findings, s.Sources, verbose) == ExitFailure {
			return ExitFailure
		}
		c.closingLine("text", findings, r.Display)
	}
	if unreadable {
		fmt.Fprintf(c.Stderr, "infradoc diagram: nothing drawn: an input could not be read or parsed (see above)\n")
		return status
	}
	if *list {
		tw := tabwriter.NewWriter(c.Stdout, 0, 0, 2, ' ', 0)
		for _, name := range diagram.Names(s) {
			fmt.Fprintf(tw, "%s\t%s\n", name, diagram.Description(name))
		}
		if err := tw.Flush(); err != nil {
			return c.failure("diagram", err)
		}
		return status
	}
	name := fs.Arg(0)
	dot, err := diagram.DOT(s, name, opts)
	if err != nil {
		return c.usageError("diagram", "%v", err)
	}
	out := []byte(dot)
	if *format == "svg" {
		svg := newSVGRenderer(c)
		out, err = svg.Render(dot)
		svg.Close()
		if err != nil {
			return c.failure("diagram", err)
		}
	}
	if *output == "" {
		if _, err := c.Stdout.Write(out); err != nil {
			return c.failure("diagram", err)
		}
		return status
	}
	path := *output
	if !filepath.IsAbs(path) && c.Dir != "" {
		path = filepath.Join(c.Dir, path)
	}
	if err := renameio.WriteFile(path, out, 0o644); err != nil {
		return c.failure("diagram", err)
	}
	return status
}

// checkedDrift compares every doc with the YAML and returns the findings
// other than drift (a stale doc is what the map shows, not an error here)
// and the drift findings counted per doc path.
func (c *Command) checkedDrift(in *inputFlags) (*repo, *site.Site, []site.Finding, map[string]int, error) {
	rep, err := c.syncDocs(in)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	drift := map[string]int{}
	for _, ds := range rep.docs {
		n := len(ds.stale)
		for _, dg := range ds.diagrams {
			if dg.problem != "" {
				n++
			}
		}
		drift[ds.doc.Path] = n
		if len(ds.doc.Blocks) == 0 {
			drift[ds.doc.Path] = diagram.NotManaged
		}
	}
	var findings []site.Finding
	for _, f := range rep.findings {
		if f.Rule != "stale-block" && f.Rule != "stale-diagram" {
			findings = append(findings, f)
		}
	}
	return rep.repo, rep.site, findings, drift, nil
}
