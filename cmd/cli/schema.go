package cli

import (
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rules"
)

func init() {
	register(subcommand{
		name:    "schema",
		summary: "print the JSON Schema of the registry, obligation, index or config files for editors",
		usage:   "[" + strings.Join(site.SchemaKinds, "|") + "]",
		run:     runSchema,
	})
}

// runSchema prints one JSON Schema (draft 2020-12); the registry's when no
// kind is named.
func runSchema(c *Command, args []string) int {
	fs := c.newFlags("schema")
	if status, ok := c.parseFlags(fs, args); !ok {
		return status
	}
	kind := "registry"
	switch fs.NArg() {
	case 0:
	case 1:
		kind = fs.Arg(0)
	default:
		return c.usageError("schema", "expected one schema name, got %d", fs.NArg())
	}
	if !slices.Contains(site.SchemaKinds, kind) {
		return c.usageError("schema", "unknown schema %q: use one of %s", kind, strings.Join(site.SchemaKinds, ", "))
	}
	data, err := site.JSONSchema(kind, rules.IDs())
	if err != nil {
		return c.failure("schema", err)
	}
	if _, err := c.Stdout.Write(data); err != nil {
		return c.failure("schema", err)
	}
	return ExitOK
}
