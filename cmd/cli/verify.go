package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/google/renameio/v2"
	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/verify"
)

func init() {
	register(subcommand{
		name:    "verify",
		summary: "check the obligations' required objects and schema drift against a real PostgreSQL",
		usage:   "[flags]",
		run:     runVerify,
	})
}

// envNow sets the time a verify report says it ran, as RFC 3339: for
// tests, whose golden reports must not change with the clock.
const envNow = "INFRADOC_NOW"

// verifyFlags are verify's own flags.
type verifyFlags struct {
	obligation  string
	databaseURL string
	migrate     bool
	output      string
	format      formatFlag
	junit       []string
}

// runVerify wires verify's flags, streams and exit status: 1 when a
// finding is an error (a PROMOTED obligation the database refutes, a
// migration PostgreSQL refuses), 2 on a usage error, 3 when the run
// itself fails (no server, a lost connection).
func runVerify(c *Command, args []string) int {
	var f verifyFlags
	f.format.sarif = true
	// Not parseInput: its --summary writes a job summary of findings,
	// which verify does not.
	fs := c.newFlags("verify")
	in := &inputFlags{}
	in.add(fs)
	fs.StringVar(&f.obligation, "obligation", "", "verify only the obligation with this `ID` (the migrations of all are still applied)")
	fs.StringVar(&f.databaseURL, "database-url", "", "the PostgreSQL database to check, a pgx connection `URL` (default $DATABASE_URL); only read from, unless --migrate")
	fs.BoolVar(&f.migrate, "migrate", false, "apply the migrations to a throwaway database first: a scratch database on --database-url's server, else a private PostgreSQL started from the local server binaries")
	f.format.add(fs)
	fs.StringVarP(&f.output, "output", "o", "", "write the report to `FILE` instead of stdout")
	fs.StringSliceVar(&f.junit, "junit", nil, "JUnit XML `FILE`s of the test run (pytest --junitxml, gotestsum --junitfile), relative to --root or absolute inside it: each obligation's tests must pass; repeat the flag or separate with commas")
	if status, ok := c.parseFlags(fs, args); !ok {
		return status
	}
	if fs.NArg() > 0 {
		return c.usageError("verify", "unexpected argument %q", fs.Arg(0))
	}
	if !f.format.valid() {
		return c.usageError("verify", "unknown --format %q: use %s", f.format.value, f.format.choices())
	}
	if f.databaseURL == "" {
		f.databaseURL = c.Getenv("DATABASE_URL")
	}
	if f.databaseURL == "" && !f.migrate {
		return c.usageError("verify", "%v", verify.ErrNoDatabase)
	}
	r, s, findings, err := c.load(in)
	if err != nil {
		return c.failure("verify", err)
	}
	if status, stop := c.unreadable("verify", "nothing verified", s, findings); stop {
		return status
	}
	rep, status, ok := c.prove("verify", "nothing verified", verify.Options{Site: s, DatabaseURL: f.databaseURL, Migrate: f.migrate, Obligation: f.obligation, Now: c.now(), Getenv: c.Getenv, JUnit: f.junit, Dir: r.Dir})
	if !ok {
		return status
	}
	var out bytes.Buffer
	switch f.format.value {
	case string(report.FormatJSON):
		err = report.WriteVerifyJSON(&out, rep)
	case string(report.FormatSARIF):
		err = report.WriteSARIF(&out, rep.Findings, report.SARIFOptions{Version: Version, URIPrefix: c.checkoutPrefix(r.Dir), SiteBaseURL: s.Config.Site.BaseURL})
	case string(report.FormatGitHub):
		err = report.WriteFindings(&out, report.FormatGitHub, rep.Findings, report.TextOptions{})
	default:
		color := f.output == "" && c.useColor(c.Stdout)
		err = report.WriteVerifyText(&out, rep, report.TextOptions{Color: color, Sources: s.Sources})
	}
	if err != nil {
		return c.failure("verify", err)
	}
	if f.output == "" {
		if _, err := c.Stdout.Write(out.Bytes()); err != nil {
			return c.failure("verify", err)
		}
	} else {
		path := f.output
		if !filepath.IsAbs(path) && c.Dir != "" {
			path = filepath.Join(c.Dir, path)
		}
		if err := renameio.WriteFile(path, out.Bytes(), 0o644); err != nil {
			return c.failure("verify", err)
		}
	}
	c.closingLine(f.format.value, rep.Findings, r.Display)
	if site.HasErrors(rep.Findings) {
		return ExitFindings
	}
	return ExitOK
}

// now is when verify runs: $INFRADOC_NOW, or the clock.
func (c *Command) now() time.Time {
	if v := c.Getenv(envNow); v != "" {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return t
		}
		fmt.Fprintf(c.Stderr, "infradoc: warning: $%s %q is not an RFC 3339 time; using the clock's\n", envNow, v)
	}
	return time.Now()
}

// prove runs verify.Prove for the command name until Ctrl-C or SIGTERM.
// When it cannot, it says why (what the command then did not do is
// nothing) and returns the exit status and false.
func (c *Command) prove(name, nothing string, opts verify.Options) (*verify.Report, int, bool) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := verify.Prove(ctx, opts)
	switch {
	case errors.Is(err, verify.ErrUnknownObligation):
		return nil, c.usageError(name, "--obligation: %v", err), false
	case err != nil && ctx.Err() != nil:
		fmt.Fprintf(c.Stderr, "infradoc %s: interrupted: %s (a private server or scratch database was removed)\n", name, nothing)
		return nil, ExitFailure, false
	case err != nil:
		return nil, c.failure(name, errors.New(verify.Redact(err.Error(), opts.DatabaseURL))), false
	}
	return rep, ExitOK, true
}
