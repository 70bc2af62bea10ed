package cli

import "fmt"

func init() {
	register(subcommand{
		name:    "validate",
		summary: "validate the registry and the obligations",
		usage:   "[flags]",
		run:     runValidate,
	})
}

func runValidate(c *Command, args []string) int {
	in, format, status, ok := c.parseInputArgs("validate", args)
	if !ok {
		return status
	}
	r, s, findings, err := c.load(in)
	if err != nil {
		return c.failure("validate", err)
	}
	status = c.report(format, findings, s.Sources)
	c.summarizeValidate(status, r, s, findings)
	if format == "text" && len(findings) == 0 {
		fmt.Fprintf(c.Stderr, "%s: %d infra items, %d obligations: no problems\n", r.Display, len(s.Registry.Items), len(s.Obligations))
	}
	return status
}
