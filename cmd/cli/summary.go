package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site"
	"github.com/spf13/pflag"
)

// envStepSummary is the file GitHub Actions shows on the job page: each
// step gets its own, and what the commands of a step append to it is
// rendered as markdown.
const envStepSummary = "GITHUB_STEP_SUMMARY"

// summaryFlag is --summary FILE of validate, check and build: the file
// their job summary is appended to.
type summaryFlag struct {
	path string
	fs   *pflag.FlagSet
	// base is --base REF: the summary ends with the registry diff from REF
	// to the work tree; in names the repository, for loading it at REF.
	base string
	in   *inputFlags
	// sections are markdown sections to append after infradoc's own in
	// the next summary (see addSummarySection).
	sections []io.WriterTo
}

func (f *summaryFlag) add(fs *pflag.FlagSet) {
	f.fs = fs
	fs.StringVar(&f.path, "summary", "", "append a markdown job summary to `FILE` (default: $"+envStepSummary+" when set; --summary= writes none)")
	fs.StringVar(&f.base, "base", "", "end the job summary with the registry diff from git `REF` (a pull request's base) to the work tree")
}

// addSummarySection adds markdown written after the job summary's own
// sections (a registry diff), whole or not at all: it is left out, with a
// line saying so, when it does not fit the summary's size limit. A
// command adds its sections before it writes its summary (summarize…).
func (c *Command) addSummarySection(w io.WriterTo) {
	c.summary.sections = append(c.summary.sections, w)
}

// summaryFile returns the file to append the summary to: --summary when
// given (empty for none), else $GITHUB_STEP_SUMMARY.
func (c *Command) summaryFile() string {
	if c.summary.fs != nil && c.summary.fs.Changed("summary") {
		return c.summary.path
	}
	return c.Getenv(envStepSummary)
}

// wantSummary reports whether a summary is to be written; when none is,
// the sections added for it are dropped.
func (c *Command) wantSummary() bool {
	if c.summaryFile() == "" {
		c.summary.sections = nil
		return false
	}
	return true
}

// summarizeValidate appends validate's job summary, when one is wanted.
func (c *Command) summarizeValidate(status int, r *repo, s *site.Site, findings []site.Finding) {
	if !c.wantSummary() {
		return
	}
	counts := s.Counts()
	c.appendSummary(&report.Summary{Command: "validate", Root: r.Display, Failed: status != ExitOK, Counts: &counts, Findings: findings})
}

// summarizeCheck appends check's job summary, with the stale docs, when
// one is wanted. rep is nil when check failed before it knew the docs.
func (c *Command) summarizeCheck(status int, rep *syncReport) {
	if !c.wantSummary() || rep == nil {
		return
	}
	counts := rep.site.Counts()
	sum := &report.Summary{Command: "check", Root: rep.repo.Display, Failed: status != ExitOK, Counts: &counts, Findings: rep.findings, DocsChecked: len(rep.docs)}
	blocksOn := rep.site.Config.SeverityOf("stale-block") != site.SeverityOff
	diagramsOn := rep.site.Config.SeverityOf("stale-diagram") != site.SeverityOff
	for _, ds := range rep.docs {
		d := report.StaleDoc{File: ds.doc.File}
		if blocksOn {
			d.Blocks = len(ds.stale)
		}
		for _, dg := range ds.diagrams {
			if diagramsOn && dg.problem != "" {
				d.Diagrams++
			}
		}
		if d.Blocks+d.Diagrams > 0 {
			sum.StaleDocs = append(sum.StaleDocs, d)
		}
	}
	c.appendSummary(sum)
}

// summarizeBuild appends build's job summary, when one is wanted. res is
// nil when the build failed before it had a result. A build that stopped
// because nothing had changed loaded nothing: the repository is loaded
// again for the counts.
func (c *Command) summarizeBuild(status int, in *inputFlags, res *buildResult) {
	if !c.wantSummary() || res == nil {
		return
	}
	sum := &report.Summary{Command: "build", Failed: status != ExitOK, Counts: res.Counts, Findings: res.Findings}
	r, err := c.resolve(in)
	if err == nil {
		sum.Root = r.Display
	}
	if sum.Counts == nil {
		if _, s, _, err := c.load(in); err == nil {
			counts := s.Counts()
			sum.Counts = &counts
		}
	}
	out := res.Out
	if wd, err := c.workDir(); err == nil && out != "" {
		out = displayPath(wd, out)
	}
	switch {
	case res.Stopped != "":
		sum.Outcome = "Nothing was written: " + res.Stopped + "."
	case res.Skipped:
		sum.Outcome = fmt.Sprintf("Built %s: up to date, %d files unchanged.", out, res.Unchanged)
	default:
		sum.Outcome = fmt.Sprintf("Built %s: %d files written, %d removed, %d unchanged.", out, res.Written, res.Removed, res.Unchanged)
	}
	c.appendSummary(sum)
}

// minSummaryBytes is the least room worth writing a summary into: the
// heading, the verdict and the line saying the rest was left out.
const minSummaryBytes = 1 << 10

// appendSummary appends sum to the summary file, after a blank line when
// the file already holds something, within what GitHub shows of the
// file. A summary that cannot be written is a warning: the findings and
// the exit status, printed already, are what matter.
func (c *Command) appendSummary(sum *report.Summary) {
	if c.summary.base != "" {
		if d, err := c.diffFromRef(c.summary.in, c.summary.base); err != nil {
			fmt.Fprintf(c.Stderr, "infradoc %s: warning: no registry diff in the job summary: %v\n", sum.Command, err)
		} else {
			c.addSummarySection(report.DiffSection(d))
		}
	}
	sum.Sections = append(sum.Sections, c.summary.sections...)
	c.summary.sections = nil
	file := c.summaryFile()
	if wd, err := c.workDir(); err == nil {
		file = absIn(wd, file)
	}
	warn := func(err error) {
		fmt.Fprintf(c.Stderr, "infradoc %s: warning: job summary not written: %v\n", sum.Command, err)
	}
	// Opening a named pipe for writing would wait for a reader.
	if st, err := os.Stat(file); err == nil && !st.Mode().IsRegular() {
		warn(fmt.Errorf("%s is not a regular file", file))
		return
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		warn(err)
		return
	}
	defer func() {
		if err := f.Close(); err != nil {
			warn(err)
		}
	}()
	st, err := f.Stat()
	if err != nil {
		warn(err)
		return
	}
	if !st.Mode().IsRegular() {
		warn(fmt.Errorf("%s is not a regular file", file))
		return
	}
	lim := report.DefaultSummaryLimits
	lim.MaxBytes = min(lim.MaxBytes, report.GitHubSummaryLimit-int(min(st.Size(), report.GitHubSummaryLimit))-1)
	if lim.MaxBytes < minSummaryBytes {
		warn(fmt.Errorf("%s already holds %d bytes, near the %d GitHub shows of a step's summary", file, st.Size(), report.GitHubSummaryLimit))
		return
	}
	var b bytes.Buffer
	if st.Size() > 0 {
		b.WriteByte('\n')
	}
	if _, err := report.WriteSummary(&b, sum, lim); err != nil {
		warn(err)
		return
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		warn(err)
	}
}
