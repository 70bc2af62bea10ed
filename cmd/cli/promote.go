package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aymanbagabas/go-udiff"
	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/junit"
	"github.com/infradoc/infradoc/site/promote"
	"github.com/infradoc/infradoc/site/rootfs"
	"github.com/infradoc/infradoc/site/rules"
	"github.com/infradoc/infradoc/site/verify"
)

func init() {
	register(subcommand{
		name:    "promote",
		summary: "mark an obligation PROMOTED in its YAML, in place, once verify proves its four criteria against a real PostgreSQL and its JUnit test results",
		usage:   "ID [--database-url URL | --migrate] --junit FILE... [flags]",
		run:     runPromote,
	})
}

// promoteFlags are promote's own flags.
type promoteFlags struct {
	databaseURL string
	migrate     bool
	junit       []string
	today       string
}

// runPromote wires promote: it verifies the one obligation (verify.Run,
// ApplyTests, Judge), and writes its YAML (site/promote) only when all
// four criteria are proven. Exit 1 when one is not, with what is missing.
func runPromote(c *Command, args []string) int {
	var f promoteFlags
	fs := c.newFlags("promote")
	in := &inputFlags{}
	in.add(fs)
	fs.StringVar(&f.databaseURL, "database-url", "", "the PostgreSQL database to check, a pgx connection `URL` (default $DATABASE_URL); only read from, unless --migrate")
	fs.BoolVar(&f.migrate, "migrate", false, "apply the migrations to a throwaway database first: a scratch database on --database-url's server, else a private PostgreSQL started from the local server binaries")
	fs.StringSliceVar(&f.junit, "junit", nil, "JUnit XML `FILE`s of the test run (pytest --junitxml, gotestsum --junitfile), relative to --root or absolute inside it; repeat the flag or separate with commas")
	fs.StringVar(&f.today, "today", "", "the promoted_at `DATE`, YYYY-MM-DD (default $INFRADOC_TODAY, else today in UTC)")
	if status, ok := c.parseFlags(fs, args); !ok {
		return status
	}
	switch {
	case fs.NArg() == 0:
		return c.usageError("promote", "name the obligation to promote: infradoc promote ID")
	case fs.NArg() > 1:
		return c.usageError("promote", "unexpected argument %q", fs.Arg(1))
	}
	id := fs.Arg(0)
	today := f.today
	if today == "" {
		today = c.today().Format(time.DateOnly)
	}
	var d site.Date
	if msg := d.CheckScalar(today); msg != "" {
		return c.usageError("promote", "--today: %s", msg)
	}
	if f.databaseURL == "" {
		f.databaseURL = c.Getenv("DATABASE_URL")
	}
	r, s, findings, err := c.load(in)
	if err != nil {
		return c.failure("promote", err)
	}
	if status, stop := c.unreadable("promote", "nothing written", s, findings); stop {
		return status
	}
	i := slices.IndexFunc(s.Obligations, func(o *site.Obligation) bool { return o.ID == id })
	if i < 0 {
		return c.usageError("promote", "no obligation %s in %s", id, r.Display)
	}
	o := s.Obligations[i]
	if o.Status == site.StatusPromoted || o.Status == site.StatusDeprecated {
		fmt.Fprintf(c.Stderr, "infradoc promote: %s is already %s (%s): nothing written\n", id, o.Status, o.Of("status"))
		return ExitFindings
	}
	// The obligation's own errors (its file's, or about it), unless the
	// baseline or a waiver accepts them, hold the promotion back; other
	// obligations' do not.
	if findings, err = c.accept(r, s, findings, rules.LinkRules, rules.HistoryRules); err != nil {
		return c.failure("promote", err)
	}
	findings = slices.DeleteFunc(findings, func(f site.Finding) bool { return f.File != o.File && f.Subject != id })
	if site.HasErrors(findings) {
		c.reportTo(c.Stderr, string(report.FormatText), findings, s.Sources, false)
		fmt.Fprintf(c.Stderr, "infradoc promote: %s not promoted: nothing written: fix its errors above first\n", id)
		return ExitFindings
	}
	if r.Dir == "" {
		return c.failure("promote", errors.New("the embedded content/ cannot be written; run promote in a checkout (--root DIR or --config FILE)"))
	}

	rep, status, ok := c.prove("promote", "nothing written", verify.Options{Site: s, DatabaseURL: f.databaseURL, Migrate: f.migrate, Obligation: id, Now: c.now(), Getenv: c.Getenv, JUnit: f.junit, Dir: r.Dir})
	if !ok {
		return status
	}
	// ready-to-promote says what this command is about to do.
	shown := slices.DeleteFunc(slices.Clone(rep.Findings), func(f finding.Finding) bool { return f.Rule == "ready-to-promote" })
	if len(shown) > 0 {
		c.reportTo(c.Stderr, string(report.FormatText), shown, s.Sources, false)
	}

	var why []string
	if slices.ContainsFunc(rep.Findings, func(f finding.Finding) bool {
		return f.Rule == junit.RuleFile || strings.HasPrefix(f.Message, "--junit ")
	}) {
		why = append(why, "a --junit file could not be read (see above)")
	}
	why = append(why, promote.Unproven(rep.Obligations[0])...)
	if len(why) > 0 {
		fmt.Fprintf(c.Stderr, "infradoc promote: %s not promoted: nothing written:\n", id)
		for _, w := range why {
			fmt.Fprintf(c.Stderr, "  %s\n", w)
		}
		return ExitFindings
	}

	rel := o.File
	if r.Display != "" && r.Display != "." {
		rel = strings.TrimPrefix(rel, r.Display+"/")
	}
	src, err := rootfs.ReadInput(s.FS, rel, s.Config.ReadLimit())
	if err != nil {
		return c.failure("promote", err)
	}
	out, err := promote.Promote(src, o.File, id, rep.Obligations[0].Computed, today)
	if err != nil {
		fmt.Fprintf(c.Stderr, "infradoc promote: nothing written: %v\n", err)
		return ExitFindings
	}
	u := fileUpdate{Path: filepath.Join(r.Dir, filepath.FromSlash(rel)), Display: o.File, Data: out, Expect: src, Root: r.Dir}
	if err := (atomicWriter{}).Write(u); err != nil {
		return c.failure("promote", err)
	}
	fmt.Fprint(c.Stdout, udiff.Unified(o.File, o.File, string(src), string(out)))
	fmt.Fprintf(c.Stderr, "infradoc promote: %s is PROMOTED (promoted_at: %s): verify proved its four criteria; review and commit %s\n", id, today, o.File)
	return ExitOK
}
