package cli

import (
	"bytes"
	"encoding/json"

	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site"
)

func init() {
	register(subcommand{
		name:    "export",
		summary: "print the validated registry, obligations, evidence and counts as JSON",
		usage:   "[flags]",
		run:     runExport,
	})
}

// runExport prints the model as JSON on stdout. Findings go to stderr; with
// an error among them nothing is printed on stdout, so a script never
// reads a half-valid model.
func runExport(c *Command, args []string) int {
	fs := c.newFlags("export")
	var in inputFlags
	in.add(fs)
	compact := fs.Bool("compact", false, "print the JSON on one line instead of indented")
	if status, ok := c.parseFlags(fs, args); !ok {
		return status
	}
	if fs.NArg() > 0 {
		return c.usageError("export", "unexpected argument %q", fs.Arg(0))
	}
	_, s, findings, err := c.load(&in)
	if err != nil {
		return c.failure("export", err)
	}
	if len(findings) > 0 {
		err := report.WriteFindings(c.Stderr, report.FormatText, findings,
			report.TextOptions{Color: c.useColor(c.Stderr), Sources: s.Sources})
		if err != nil {
			return c.failure("export", err)
		}
	}
	if site.HasErrors(findings) {
		return ExitFindings
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if !*compact {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(s.Export()); err != nil {
		return c.failure("export", err)
	}
	if _, err := c.Stdout.Write(out.Bytes()); err != nil {
		return c.failure("export", err)
	}
	return ExitOK
}
