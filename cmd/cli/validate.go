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
	fs := c.newFlags("validate")
	var in inputFlags
	var format formatFlag
	in.add(fs)
	format.add(fs)
	if status, ok := c.parseFlags(fs, args); !ok {
		return status
	}
	if fs.NArg() > 0 {
		return c.usageError("validate", "unexpected argument %q", fs.Arg(0))
	}
	if !format.valid() {
		return c.usageError("validate", "unknown --format %q: use text, json or github", format.value)
	}
	r, s, findings, err := c.load(&in)
	if err != nil {
		return c.failure("validate", err)
	}
	status := c.report(format.value, findings, s.Sources)
	if format.value == "text" && len(findings) == 0 {
		fmt.Fprintf(c.Stderr, "%s: %d infra items, %d obligations: no problems\n", r.display, len(s.Registry.Items), len(s.Obligations))
	}
	return status
}
