package cli

import (
	"encoding/json"
	"fmt"

	"github.com/infradoc/infradoc/site/rules"
)

func init() {
	register(subcommand{
		name:    "rules",
		summary: "list the validation rules with their ids and default severities",
		usage:   "[--format text|json]",
		run:     runRules,
	})
}

func runRules(c *Command, args []string) int {
	fs := c.newFlags("rules")
	format := fs.String("format", "text", "output format: text or json")
	if status, ok := c.parseFlags(fs, args); !ok {
		return status
	}
	all := rules.All()
	switch *format {
	case "json":
		enc := json.NewEncoder(c.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(all); err != nil {
			return c.failure("rules", err)
		}
	case "text":
		for _, r := range all {
			fmt.Fprintf(c.Stdout, "%-22s %-8s %s\n", r.ID, r.Severity, r.Summary)
		}
	default:
		return c.usageError("rules", "unknown --format %q: use text or json", *format)
	}
	return ExitOK
}
