package cli

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/aymanbagabas/go-udiff"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rules"
)

func init() {
	register(subcommand{
		name:    "check",
		summary: "validate, and fail if a generated block, value or diagram in the docs is out of date (writes nothing)",
		usage:   "[flags]",
		run:     runCheck,
	})
}

func runCheck(c *Command, args []string) (exit int) {
	var git gitFlags
	in, out, status, ok := c.parseReportArgs("check", args, git.add)
	if !ok {
		return status
	}
	if status, ok := git.valid(c, "check"); !ok {
		return status
	}
	history := c.startHistory(&git, in)
	rep, err := c.syncDocs(in)
	if err != nil {
		c.abandonHistory(history)
		return c.failure("check", err)
	}
	rep.findings = c.finishHistory(history, rep.site, rep.findings)
	if rep.findings, err = c.accept(rep.repo, rep.site, rep.findings, rules.LinkRules, history.unchecked()); err != nil {
		return c.failure("check", err)
	}
	defer func() { c.summarizeCheck(exit, rep) }()
	if out.format.value != "text" {
		return c.reportAs(out, rep.findings, rep.site.Sources, rep.site.Config, rep.repo.Dir)
	}
	var other []site.Finding
	for _, f := range rep.findings {
		if f.Rule != "stale-block" && f.Rule != "stale-diagram" {
			other = append(other, f)
		}
	}
	status = c.reportTo(c.Stdout, "text", other, rep.site.Sources, out.verbose)
	if status == ExitFailure {
		return status
	}
	c.printDrift(rep)
	c.closingLine("text", other, rep.repo.Display)
	if out.failOn.fails(rep.findings) {
		return ExitFindings
	}
	if rep.drift == 0 && !site.HasErrors(rep.findings) {
		blocks := 0
		for _, ds := range rep.docs {
			blocks += len(ds.doc.Blocks)
		}
		fmt.Fprintf(c.Stderr, "%s: %d docs, %d generated blocks and values: up to date\n", rep.repo.Display, len(rep.docs), blocks)
	}
	return ExitOK
}

// printDrift prints a unified diff per stale block, headed by the doc's
// file:line, then the stale diagrams and the command that fixes them. Each
// diff shows just that block regenerated, with the doc's line numbers.
func (c *Command) printDrift(rep *syncReport) {
	if rep.drift == 0 {
		return
	}
	severity := func(rule string) site.Severity { return rep.site.Config.SeverityOf(rule) }
	color := c.useColor(c.Stdout)
	b := bufio.NewWriterSize(c.Stdout, 64<<10)
	docs := 0
	for _, ds := range rep.docs {
		if len(ds.stale) == 0 && !hasStaleDiagram(ds) {
			continue
		}
		docs++
		// Stale blocks and diagrams in the order of their markers.
		type entry struct {
			pos  site.Pos
			text string
		}
		var entries []entry
		if sev := severity("stale-block"); sev != site.SeverityOff {
			for _, sb := range ds.stale {
				text := fmt.Sprintf("%s: %s: %s\n%s\n", sb.Pos, sev, strings.TrimSuffix(sb.Finding().Message, " (run 'infradoc fix')"),
					colorDiff(ds.blockDiff(sb), color))
				entries = append(entries, entry{sb.Pos, text})
			}
		}
		if sev := severity("stale-diagram"); sev != site.SeverityOff {
			for _, dg := range ds.diagrams {
				if dg.problem != "" {
					entries = append(entries, entry{dg.asset.Block.Pos, fmt.Sprintf("%s: %s: %s\n\n", dg.asset.Block.Pos, sev, dg.problem)})
				}
			}
		}
		slices.SortStableFunc(entries, func(x, y entry) int {
			return cmp.Or(cmp.Compare(x.pos.Line, y.pos.Line), cmp.Compare(x.pos.Col, y.pos.Col))
		})
		for _, e := range entries {
			b.WriteString(e.text)
		}
	}
	fmt.Fprintf(b, "%s out of date in %s; run 'infradoc fix' to regenerate %s.\n",
		countPhrase(rep.drift, "generated block, value or diagram is", "generated blocks, values or diagrams are"),
		countPhrase(docs, "doc", "docs"), map[bool]string{true: "it", false: "them"}[rep.drift == 1])
	b.Flush()
}

func hasStaleDiagram(ds *docSync) bool {
	for _, dg := range ds.diagrams {
		if dg.problem != "" {
			return true
		}
	}
	return false
}

// displayText returns text of a doc as its diffs show it: with "\n" line
// endings, and without a BOM if it starts the doc, so that CRLF docs read
// cleanly. Line numbers do not change.
func displayText(b []byte, docStart bool) string {
	if docStart {
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

// windowDiff returns the unified diff of before and after, lines of a doc
// that start at its 0-based line first, with the doc's line numbers in the
// hunk headers. The lines around the changes must hold the hunks' context.
func windowDiff(file, before, after string, first int) string {
	u, err := udiff.ToUnifiedDiff(file, file+" (generated)", before, udiff.Lines(before, after), udiff.DefaultContextLines)
	if err != nil {
		// Cannot happen: udiff.Lines gives edits that fit before.
		panic(fmt.Sprintf("diff of %s: %v", file, err))
	}
	for _, h := range u.Hunks {
		h.FromLine += first
		h.ToLine += first
	}
	return u.String()
}

// colorDiff paints removed lines red, added lines green and hunk headers
// cyan when color is on.
func colorDiff(diff string, color bool) string {
	if !color {
		return diff
	}
	lines := strings.SplitAfter(diff, "\n")
	for i, l := range lines {
		code := ""
		switch {
		case strings.HasPrefix(l, "---"), strings.HasPrefix(l, "+++"):
			code = "\x1b[1m"
		case strings.HasPrefix(l, "@@"):
			code = "\x1b[36m"
		case strings.HasPrefix(l, "-"):
			code = "\x1b[31m"
		case strings.HasPrefix(l, "+"):
			code = "\x1b[32m"
		}
		if code != "" {
			body := strings.TrimSuffix(l, "\n")
			lines[i] = code + body + "\x1b[0m" + l[len(body):]
		}
	}
	return strings.Join(lines, "")
}

// countPhrase returns "1 doc" or "2 docs"; one and many are whole phrases after
// the number.
func countPhrase(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
