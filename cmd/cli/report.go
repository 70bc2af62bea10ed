package cli

import (
	"io"
	"os"
	"slices"

	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site"
	"github.com/spf13/pflag"
)

// formatFlag is --format text|json|github.
type formatFlag struct{ value string }

func (f *formatFlag) add(fs *pflag.FlagSet) {
	fs.StringVar(&f.value, "format", "text", "output format: text, json or github (workflow annotations)")
}

func (f *formatFlag) valid() bool {
	return slices.Contains(report.FindingsFormats, report.FindingsFormat(f.value))
}

// useColor reports whether w is a terminal and NO_COLOR is unset.
func (c *Command) useColor(w io.Writer) bool {
	if c.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// report prints findings and returns ExitFindings if any is an error.
func (c *Command) report(format string, fs []site.Finding, sources map[string][]byte) int {
	err := report.WriteFindings(c.Stdout, report.FindingsFormat(format), fs,
		report.TextOptions{Color: c.useColor(c.Stdout), Sources: sources})
	if err != nil {
		return c.failure("report", err)
	}
	if site.HasErrors(fs) {
		return ExitFindings
	}
	return ExitOK
}

// parseInputArgs parses the flags shared by the commands that read a
// repository and report findings (--config, --root, --registry,
// --obligations, --format) and refuses positional arguments. ok is false
// when the command should exit with status.
func (c *Command) parseInputArgs(name string, args []string) (in *inputFlags, format string, status int, ok bool) {
	fs := c.newFlags(name)
	in = &inputFlags{}
	var f formatFlag
	in.add(fs)
	f.add(fs)
	c.summary.add(fs)
	if status, ok := c.parseFlags(fs, args); !ok {
		return nil, "", status, false
	}
	if fs.NArg() > 0 {
		return nil, "", c.usageError(name, "unexpected argument %q", fs.Arg(0)), false
	}
	if !f.valid() {
		return nil, "", c.usageError(name, "unknown --format %q: use text, json or github", f.value), false
	}
	return in, f.value, 0, true
}
