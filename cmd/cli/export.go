package cli

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site/rules"
)

func init() {
	register(subcommand{
		name:    "export",
		summary: "print the validated registry, obligations, evidence and counts as JSON",
		usage:   "[flags]",
		run:     runExport,
	})
}

// runExport prints the model as JSON on stdout, findings or not, and the
// findings on stderr; the exit status follows --fail-on, so a script that
// wants only a valid model checks it. Only an input that cannot be read or
// parsed prints nothing on stdout: the model would lack it.
func runExport(c *Command, args []string) int {
	fs := c.newFlags("export")
	var in inputFlags
	var failOn failOnFlag
	var verbose bool
	in.add(fs)
	in.addBaseline(fs)
	failOn.add(fs)
	addVerbose(fs, &verbose)
	compact := fs.Bool("compact", false, "print the JSON on one line instead of indented")
	if status, ok := c.parseFlags(fs, args); !ok {
		return status
	}
	if fs.NArg() > 0 {
		return c.usageError("export", "unexpected argument %q", fs.Arg(0))
	}
	if !failOn.valid() {
		return c.usageError("export", "unknown --fail-on %q: use error, warning or never", failOn.value)
	}
	r, s, findings, err := c.load(&in)
	if err != nil {
		return c.failure("export", err)
	}
	unreadable := rules.Unreadable(s, findings)
	if findings, err = c.accept(r, s, findings, rules.DocRules, rules.LinkRules, rules.HistoryRules); err != nil {
		return c.failure("export", err)
	}
	if len(findings) > 0 {
		if c.reportTo(c.Stderr, string(report.FormatText), findings, s.Sources, verbose) == ExitFailure {
			return ExitFailure
		}
		c.closingLine(string(report.FormatText), findings, r.Display)
	}
	if unreadable {
		fmt.Fprintf(c.Stderr, "infradoc export: nothing printed: an input could not be read or parsed (see above)\n")
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
	if failOn.fails(findings) {
		return ExitFindings
	}
	return ExitOK
}
