package cli

import (
	"fmt"

	"github.com/infradoc/infradoc/site/rules"
)

func init() {
	register(subcommand{
		name:    "validate",
		summary: "validate the registry and the obligations",
		usage:   "[flags]",
		run:     runValidate,
	})
}

func runValidate(c *Command, args []string) int {
	var git gitFlags
	in, out, status, ok := c.parseReportArgs("validate", args, git.add)
	if !ok {
		return status
	}
	if status, ok := git.valid(c, "validate"); !ok {
		return status
	}
	history := c.startHistory(&git, in)
	r, s, findings, err := c.load(in)
	if err != nil {
		c.abandonHistory(history)
		return c.failure("validate", err)
	}
	findings = c.finishHistory(history, s, findings)
	if findings, err = c.accept(r, s, findings, rules.DocRules, rules.LinkRules, history.unchecked()); err != nil {
		return c.failure("validate", err)
	}
	status = c.reportAs(out, findings, s.Sources, s.Config, r.Dir)
	c.summarizeValidate(status, r, s, findings)
	if out.format.value == "text" && len(findings) == 0 {
		fmt.Fprintf(c.Stderr, "%s: %d infra items, %d obligations: no problems\n", r.Display, len(s.Registry.Items), len(s.Obligations))
	}
	c.closingLine(out.format.value, findings, r.Display)
	return status
}
