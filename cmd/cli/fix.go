package cli

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rules"
)

func init() {
	register(subcommand{
		name:    "fix",
		summary: "regenerate the out-of-date blocks, values and diagrams of the docs in place",
		usage:   "[flags]",
		run:     runFix,
	})
}

func runFix(c *Command, args []string) int {
	return c.runFixWith(atomicWriter{}, args)
}

// runFixWith runs `infradoc fix` writing through w.
func (c *Command) runFixWith(w fileWriter, args []string) int {
	in, format, status, ok := c.parseInputArgs("fix", args)
	if !ok {
		return status
	}
	rep, err := c.syncDocs(in)
	if err != nil {
		return c.failure("fix", err)
	}
	// Errors the baseline or a waiver accepts do not hold fix back: the
	// team has accepted them, and its docs must still follow the YAML.
	if rep.findings, err = c.accept(rep.repo, rep.site, rep.findings, rules.LinkRules, rules.HistoryRules); err != nil {
		return c.failure("fix", err)
	}
	var problems []site.Finding
	for _, f := range rep.findings {
		if f.Rule != "stale-block" && f.Rule != "stale-diagram" {
			problems = append(problems, f)
		}
	}
	if site.HasErrors(problems) {
		c.report(format, problems, rep.site.Sources)
		fmt.Fprintf(c.Stderr, "infradoc fix: nothing written: fix the errors above first\n")
		return ExitFindings
	}
	if rep.repo.Dir == "" {
		if rep.drift == 0 {
			fmt.Fprintf(c.Stderr, "%s: docs are up to date\n", rep.repo.Display)
			return ExitOK
		}
		return c.failure("fix", fmt.Errorf("the embedded content/ cannot be written; run fix in a checkout (--root DIR or --config FILE)"))
	}
	if len(problems) > 0 {
		c.report(format, problems, rep.site.Sources)
	}
	updates, err := c.fixUpdates(rep)
	if err != nil {
		return c.failure("fix", err)
	}
	// A doc that cannot be replaced (read-only, or linked out of the root)
	// stops the run before any file is written.
	var refused []error
	for i := range updates {
		updates[i].Root = rep.repo.Dir
		refused = append(refused, updates[i].check())
	}
	if err := errors.Join(refused...); err != nil {
		for _, e := range refused {
			if e != nil {
				fmt.Fprintf(c.Stderr, "infradoc fix: %v\n", e)
			}
		}
		fmt.Fprintf(c.Stderr, "infradoc fix: nothing written\n")
		return ExitFindings
	}
	failed := false
	for _, u := range updates {
		if err := w.Write(u.fileUpdate); err != nil {
			fmt.Fprintf(c.Stderr, "infradoc fix: %v\n", err)
			failed = true
			continue
		}
		fmt.Fprintf(c.Stdout, "%s\n", u.summary)
	}
	if failed {
		return ExitFailure
	}
	if len(updates) == 0 {
		fmt.Fprintf(c.Stderr, "%s: %d docs up to date: nothing to fix\n", rep.repo.Display, len(rep.docs))
	}
	return ExitOK
}

// plannedUpdate is a write and the line that reports it.
type plannedUpdate struct {
	fileUpdate
	summary string
}

// fixUpdates plans the writes: each doc with stale blocks, then each
// missing or stale SVG, rendered now.
func (c *Command) fixUpdates(rep *syncReport) ([]plannedUpdate, error) {
	var out []plannedUpdate
	var svg *graphviz.Renderer
	for _, ds := range rep.docs {
		if len(ds.stale) > 0 && !bytes.Equal(ds.out, ds.doc.Source) {
			var what []string
			for _, sb := range ds.stale {
				what = append(what, fmt.Sprintf("%s (line %d)", sb.Label, sb.Pos.Line))
			}
			out = append(out, plannedUpdate{
				fileUpdate: fileUpdate{Path: rep.diskPath(ds.doc.Path), Display: ds.doc.File, Data: ds.out, Expect: ds.doc.Source},
				summary:    fmt.Sprintf("updated %s: %s", ds.doc.File, strings.Join(what, ", ")),
			})
		}
		for _, dg := range ds.diagrams {
			if dg.problem == "" || slicesHasPath(out, rep.diskPath(dg.asset.Path)) {
				continue
			}
			if svg == nil {
				svg = newSVGRenderer(c)
				defer svg.Close()
			}
			data, err := svg.Render(dg.asset.DOT)
			if err != nil {
				return nil, fmt.Errorf("diagram %s: %w", dg.asset.Name, err)
			}
			if got := graphviz.SVGDOTHash(data); got != dg.asset.Hash {
				return nil, fmt.Errorf("diagram %s: the rendered SVG records hash %q, want %q", dg.asset.Name, got, dg.asset.Hash)
			}
			verb := "updated"
			if dg.current == nil {
				verb = "wrote"
			}
			out = append(out, plannedUpdate{
				fileUpdate: fileUpdate{Path: rep.diskPath(dg.asset.Path), Display: dg.asset.File, Data: data, Expect: dg.current},
				summary:    fmt.Sprintf("%s %s: diagram %s", verb, dg.asset.File, dg.asset.Name),
			})
		}
	}
	return out, nil
}

func slicesHasPath(us []plannedUpdate, p string) bool {
	for _, u := range us {
		if u.Path == p {
			return true
		}
	}
	return false
}
