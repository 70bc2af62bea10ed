package verify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/pgserver"
	"github.com/infradoc/infradoc/site/sqlschema"
	"github.com/infradoc/infradoc/site/verification"
	"github.com/jackc/pgx/v5"
)

// Options say what Run verifies, against which database.
type Options struct {
	// Site is the loaded repository; its FS, the root, is all Run reads.
	Site *site.Site
	// DatabaseURL is the database to check (a pgx connection string).
	// With Migrate, a scratch database is created on its server, migrated,
	// checked and dropped; without DatabaseURL, Migrate starts a private
	// server (pgserver) instead.
	DatabaseURL string
	Migrate     bool
	// Obligation limits the report to one obligation ("" for all). The
	// migrations of all are applied: one may build on another's tables.
	Obligation string
	// Now is when verify runs (the report's Time).
	Now time.Time
	// Getenv reads the private server's settings (see pgserver.Start).
	Getenv func(string) string
	// JUnit are the JUnit files Prove reads (--junit), relative to Dir,
	// the repository's folder on disk, or absolute inside it.
	JUnit []string
	Dir   string
}

// PrivateServer is the report's Database with --migrate and no URL.
const PrivateServer = "a private server (--migrate)"

// ErrUnknownObligation is Run's error for an Obligation no obligation has.
var ErrUnknownObligation = errors.New("no such obligation")

// ErrNoDatabase is Run's error when there is neither a URL nor Migrate.
var ErrNoDatabase = errors.New("no database: give --database-url URL (or set $DATABASE_URL), or --migrate to apply the migrations to a private PostgreSQL started for the run")

// Run verifies the obligations against a real PostgreSQL and returns the
// report. Problems of the repository or the database's contents are the
// report's findings; the error is for what stops the run (no server, a
// lost connection, an interrupt).
func Run(ctx context.Context, opts Options) (rep *Report, err error) {
	s := opts.Site
	obligations, err := selectObligations(s, opts.Obligation)
	if err != nil {
		return nil, err
	}
	if opts.DatabaseURL == "" && !opts.Migrate {
		return nil, ErrNoDatabase
	}
	migrations, findings, err := readMigrations(s)
	if err != nil {
		return nil, err
	}
	cat := sqlschema.NewCatalog()
	for i := range migrations.Files {
		f := &migrations.Files[i]
		findings = append(findings, cat.ApplyFile(f.parse())...)
		// The text report quotes the line a finding is on.
		if s.Sources != nil {
			s.Sources[f.File] = f.Src
		}
	}
	rep = &Report{Version: verification.Version, Time: opts.Now.UTC().Format(time.RFC3339), Migrated: opts.Migrate, Obligations: []*ObligationResult{}}
	db, err := open(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := db.close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	rep.Database = db.display
	if rep.Server, err = serverVersion(ctx, db.conn); err != nil {
		return nil, err
	}
	applied := len(migrations.Files)
	if opts.Migrate {
		failed, err := Migrate(ctx, db.conn, migrations.Files)
		if err != nil {
			return nil, err
		}
		findings = append(findings, failed...)
		if len(failed) > 0 {
			applied = slices.IndexFunc(migrations.Files, func(f MigrationFile) bool { return f.File == failed[0].File })
		}
	}
	for _, o := range obligations {
		res, fs, err := checkObligation(ctx, db.conn, cat, o)
		if err != nil {
			return nil, err
		}
		exist := migrations.folderHasSQL[o.ID] && !slices.ContainsFunc(migrations.byObligation[o.ID], func(i int) bool { return i >= applied })
		res.Computed.MigrationsExist = &exist
		rep.Obligations = append(rep.Obligations, res)
		findings = append(findings, fs...)
	}
	rep.Findings = configuredSeverities(s, finding.Sort(findings))
	return rep, nil
}

// selectObligations returns the obligations to report, in ID order.
func selectObligations(s *site.Site, id string) ([]*site.Obligation, error) {
	var out []*site.Obligation
	var ids []string
	for _, o := range s.Obligations {
		ids = append(ids, o.ID)
		if id == "" || o.ID == id {
			out = append(out, o)
		}
	}
	if id != "" && len(out) == 0 {
		slices.Sort(ids)
		return nil, fmt.Errorf("%w %q (the obligations are %s)", ErrUnknownObligation, id, strings.Join(ids, ", "))
	}
	slices.SortStableFunc(out, func(a, b *site.Obligation) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// configuredSeverities applies the severities infradoc.yaml's rules: sets
// for verify's rules, and drops the findings of rules turned off; a rule
// it does not name keeps the severity verify gave (error for a PROMOTED
// obligation, a warning otherwise).
func configuredSeverities(s *site.Site, fs []finding.Finding) []finding.Finding {
	out := []finding.Finding{}
	for _, f := range fs {
		if sev, ok := s.Config.Rules[f.Rule]; ok {
			if sev == site.SeverityOff {
				continue
			}
			f.Severity = sev
		}
		out = append(out, f)
	}
	return out
}

// database is the connection Run checks through, and how to let go of it.
type database struct {
	conn    *pgx.Conn
	display string
	// cleanup drops the scratch database and stops the private server.
	cleanup []func() error
}

func (d *database) close() error {
	var errs []error
	if d.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		d.conn.Close(ctx)
		cancel()
	}
	for i := len(d.cleanup) - 1; i >= 0; i-- {
		errs = append(errs, d.cleanup[i]())
	}
	return errors.Join(errs...)
}

// open connects to the database Run checks: a private server's, a
// scratch database on the URL's server, or the URL's database, read-only.
func open(ctx context.Context, opts Options) (db *database, err error) {
	db = &database{}
	defer func() {
		if err != nil {
			db.close()
		}
	}()
	switch {
	case opts.Migrate && opts.DatabaseURL == "":
		srv, err := pgserver.Start(pgserver.Options{Getenv: opts.Getenv})
		if err != nil {
			return db, err
		}
		db.cleanup = append(db.cleanup, srv.Stop)
		if err := ctx.Err(); err != nil {
			return db, err
		}
		db.display = PrivateServer
		db.conn, err = pgx.Connect(ctx, srv.URL("postgres"))
		return db, err
	case opts.Migrate:
		cfg, err := pgx.ParseConfig(opts.DatabaseURL)
		if err != nil {
			return db, fmt.Errorf("--database-url: %s", Redact(err.Error(), opts.DatabaseURL))
		}
		db.display = Redact(opts.DatabaseURL, opts.DatabaseURL)
		admin, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			return db, err
		}
		name := scratchName()
		_, err = admin.Exec(ctx, "CREATE DATABASE "+name)
		admin.Close(context.WithoutCancel(ctx))
		if err != nil {
			return db, fmt.Errorf("creating the scratch database: %w", err)
		}
		db.cleanup = append(db.cleanup, func() error { return dropDatabase(cfg, name) })
		scratch := cfg.Copy()
		scratch.Database = name
		db.conn, err = pgx.ConnectConfig(ctx, scratch)
		return db, err
	default:
		cfg, err := pgx.ParseConfig(opts.DatabaseURL)
		if err != nil {
			return db, fmt.Errorf("--database-url: %s", Redact(err.Error(), opts.DatabaseURL))
		}
		db.display = Redact(opts.DatabaseURL, opts.DatabaseURL)
		// verify only reads: a transaction that writes is refused.
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
		db.conn, err = pgx.ConnectConfig(ctx, cfg)
		return db, err
	}
}

// scratchName is a new database name: infradoc_verify_ and random hex.
func scratchName() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "infradoc_verify_" + hex.EncodeToString(b)
}

// dropDatabase drops the scratch database, also after an interrupt.
func dropDatabase(cfg *pgx.ConnConfig, name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("dropping the scratch database %s: %w", name, err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("dropping the scratch database %s: %w", name, err)
	}
	return nil
}

// serverVersion is "PostgreSQL 15.18".
func serverVersion(ctx context.Context, conn *pgx.Conn) (string, error) {
	var v string
	if err := conn.QueryRow(ctx, "SHOW server_version").Scan(&v); err != nil {
		return "", err
	}
	v, _, _ = strings.Cut(v, " ")
	return "PostgreSQL " + v, nil
}
