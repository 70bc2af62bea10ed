package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/gitrepo"
	"github.com/spf13/pflag"
)

// formatFlag is --format text|json|github, and sarif for the commands that
// report findings to code scanning (reportFlags).
type formatFlag struct {
	value string
	sarif bool
}

func (f *formatFlag) add(fs *pflag.FlagSet) {
	usage := "output format: text, json or github (workflow annotations)"
	if f.sarif {
		usage = "output format: text, json, github (workflow annotations) or sarif (a SARIF 2.1.0 log, for code scanning)"
	}
	fs.StringVar(&f.value, "format", "text", usage)
}

func (f *formatFlag) valid() bool {
	return slices.Contains(report.FindingsFormats, report.FindingsFormat(f.value)) ||
		f.sarif && f.value == string(report.FormatSARIF)
}

// choices lists the formats for the message about an unknown one.
func (f *formatFlag) choices() string {
	if f.sarif {
		return "text, json, github or sarif"
	}
	return "text, json or github"
}

// failOnFlag is --fail-on error|warning|never: the least severe finding
// that makes the exit status 1.
type failOnFlag struct{ value string }

func (f *failOnFlag) add(fs *pflag.FlagSet) {
	fs.StringVar(&f.value, "fail-on", "error", "exit with status 1 when a finding is at least this severe: error, warning or never")
}

func (f *failOnFlag) valid() bool {
	return slices.Contains([]string{"error", "warning", "never"}, f.value)
}

// fails reports whether findings make the exit status 1. Findings the
// baseline or a waiver accepts never do.
func (f *failOnFlag) fails(findings []site.Finding) bool {
	switch f.value {
	case "never":
		return false
	case "warning":
		return slices.ContainsFunc(findings, func(x site.Finding) bool {
			return (x.Severity == site.SeverityError || x.Severity == site.SeverityWarning) && !x.Accepted()
		})
	}
	return site.HasErrors(findings)
}

// reportFlags are --format (sarif included), --fail-on and --verbose, of
// the commands that report findings: validate, check and build.
type reportFlags struct {
	format  formatFlag
	failOn  failOnFlag
	verbose bool
}

func (r *reportFlags) add(fs *pflag.FlagSet) {
	r.format.sarif = true
	r.format.add(fs)
	r.failOn.add(fs)
	addVerbose(fs, &r.verbose)
}

// addVerbose adds --verbose: the text report lists every finding.
func addVerbose(fs *pflag.FlagSet, v *bool) {
	fs.BoolVarP(v, "verbose", "v", false, "text format: list every finding on its own line, baselined ones included (by default the findings of one rule in one file after the first are one line)")
}

// check refuses unknown values; ok is false when the command should exit
// with status.
func (r *reportFlags) check(c *Command, name string) (status int, ok bool) {
	if !r.format.valid() {
		return c.usageError(name, "unknown --format %q: use %s", r.format.value, r.format.choices()), false
	}
	if !r.failOn.valid() {
		return c.usageError(name, "unknown --fail-on %q: use error, warning or never", r.failOn.value), false
	}
	return 0, true
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
	return c.reportTo(c.Stdout, format, fs, sources, false)
}

// reportTo prints findings to w (grouped, unless verbose, in the text
// format) and returns ExitFindings if any is an open error.
func (c *Command) reportTo(w io.Writer, format string, fs []site.Finding, sources map[string][]byte, verbose bool) int {
	err := report.WriteFindings(w, report.FindingsFormat(format), fs,
		report.TextOptions{Color: c.useColor(w), Sources: sources, Verbose: verbose})
	if err != nil {
		return c.failure("report", err)
	}
	if site.HasErrors(fs) {
		return ExitFindings
	}
	return ExitOK
}

// closingLine prints the text report's closing summary on stderr: the
// findings by severity and rule, and where (report.TextSummary).
func (c *Command) closingLine(format string, fs []site.Finding, root string) {
	if format != string(report.FormatText) {
		return
	}
	if line := report.TextSummary(fs, root); line != "" {
		fmt.Fprintln(c.Stderr, line)
	}
}

// reportAs prints findings in out's format and returns the exit status
// its --fail-on gives them. cfg is the repository's config, for the
// links of a SARIF log's rules; root is the repository's folder ("" for
// the embedded content/), which finding paths are relative to.
func (c *Command) reportAs(out reportFlags, fs []site.Finding, sources map[string][]byte, cfg *site.Config, root string) int {
	if out.format.value != string(report.FormatSARIF) {
		if status := c.reportTo(c.Stdout, out.format.value, fs, sources, out.verbose); status == ExitFailure {
			return status
		}
	} else {
		opts := report.SARIFOptions{Version: Version, URIPrefix: c.checkoutPrefix(root)}
		if cfg != nil {
			opts.SiteBaseURL = cfg.Site.BaseURL
		}
		if err := report.WriteSARIF(c.Stdout, fs, opts); err != nil {
			return c.failure("report", err)
		}
	}
	if out.failOn.fails(fs) {
		return ExitFindings
	}
	return ExitOK
}

// checkoutPrefix is the folder of root, which finding paths are relative
// to, from the top of the git work tree around the working directory
// ("services/api/"), which code scanning reads paths from; outside a work
// tree or without git, from the working directory. "" when that is root
// itself or root is "" (the embedded content/).
func (c *Command) checkoutPrefix(root string) string {
	wd, err := c.workDir()
	if err != nil || root == "" {
		return ""
	}
	base := wd
	if r, err := gitrepo.Open(wd); err == nil {
		// The top as the working directory names it (git prints it with
		// symbolic links resolved): one ".." per folder of the prefix.
		if p := r.Prefix(); p != "" {
			base = filepath.Join(wd, strings.Repeat("../", strings.Count(p, "/")+1))
		}
		r.Close()
	}
	rel, err := filepath.Rel(base, root)
	if err != nil || rel == "." {
		return ""
	}
	return filepath.ToSlash(rel) + "/"
}

// parseInputArgs parses the flags shared by the commands that read a
// repository and report findings (--config, --root, --registry,
// --obligations, --format) and refuses positional arguments. ok is false
// when the command should exit with status.
func (c *Command) parseInputArgs(name string, args []string) (in *inputFlags, format string, status int, ok bool) {
	var f formatFlag
	if in, status, ok = c.parseInput(name, args, f.add); !ok {
		return nil, "", status, false
	}
	if !f.valid() {
		return nil, "", c.usageError(name, "unknown --format %q: use %s", f.value, f.choices()), false
	}
	return in, f.value, 0, true
}

// parseReportArgs is parseInputArgs with the --format, --fail-on and
// --verbose of the commands that report findings (reportFlags),
// --baseline, and the flags extra adds.
func (c *Command) parseReportArgs(name string, args []string, extra ...func(*pflag.FlagSet)) (in *inputFlags, out reportFlags, status int, ok bool) {
	var baseline string
	add := func(fs *pflag.FlagSet) {
		out.add(fs)
		fs.StringVar(&baseline, "baseline", "", baselineUsage)
		for _, e := range extra {
			e(fs)
		}
	}
	if in, status, ok = c.parseInput(name, args, add); !ok {
		return nil, out, status, false
	}
	in.baseline = baseline
	if status, ok := out.check(c, name); !ok {
		return nil, out, status, false
	}
	return in, out, 0, true
}

// parseInput parses the input flags, the --summary flag and the flags add
// adds, and refuses positional arguments.
func (c *Command) parseInput(name string, args []string, add func(*pflag.FlagSet)) (in *inputFlags, status int, ok bool) {
	fs := c.newFlags(name)
	in = &inputFlags{}
	in.add(fs)
	add(fs)
	c.summary.add(fs)
	c.summary.in = in
	if status, ok := c.parseFlags(fs, args); !ok {
		return nil, status, false
	}
	if fs.NArg() > 0 {
		return nil, c.usageError(name, "unexpected argument %q", fs.Arg(0)), false
	}
	return in, 0, true
}
