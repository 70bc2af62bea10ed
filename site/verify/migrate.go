package verify

import (
	"context"
	"errors"
	"slices"

	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/sqlschema"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// MigrationFile is one migration file to apply.
type MigrationFile struct {
	// File is its display path, which findings name.
	File string
	Src  []byte
	// parsed is the file read by PostgreSQL's parser, kept so that the
	// catalog and Migrate share one parse; nil until parse.
	parsed *sqlschema.File
}

// parse returns the file read by PostgreSQL's parser, parsing it on the
// first call.
func (f *MigrationFile) parse() *sqlschema.File {
	if f.parsed == nil {
		f.parsed = sqlschema.ParseFile(f.File, f.Src)
	}
	return f.parsed
}

// Migrate applies files in order, each in its own transaction, statement
// by statement as sqlschema.Split cuts it; a file with a statement
// PostgreSQL runs only outside a transaction (CREATE INDEX CONCURRENTLY,
// VACUUM …) is run as psql runs it, one statement after the other, its
// own BEGIN and COMMIT included. The session's settings are reset before
// each file and after the last (a SET search_path holds for the rest of
// its file only). It stops at the first statement that fails: the finding
// verify-migration-failed at that statement (at PostgreSQL's error
// position inside it, when it gives one) with PostgreSQL's message, or
// the syntax findings of a file that does not parse. The error is for a
// failure of the connection, not of a migration.
func Migrate(ctx context.Context, conn *pgx.Conn, files []MigrationFile) ([]finding.Finding, error) {
	for i := range files {
		stmts, syntax := files[i].parse().Statements()
		if len(syntax) > 0 {
			return syntax, nil
		}
		if _, err := conn.Exec(ctx, "RESET ALL"); err != nil {
			return nil, err
		}
		apply := applyFile
		if slices.ContainsFunc(stmts, func(st sqlschema.Statement) bool { return st.NoTransaction }) {
			apply = applyEach
		}
		fail, err := apply(ctx, conn, stmts)
		if err != nil {
			return nil, err
		}
		if fail != nil {
			return []finding.Finding{*fail}, nil
		}
	}
	// The last file's SET search_path would otherwise hold for the
	// lookups after it, and format_type qualifies type names by it.
	_, err := conn.Exec(ctx, "RESET ALL")
	return nil, err
}

// applyFile runs one file's statements in a transaction and commits it;
// a statement PostgreSQL refuses rolls it back and is the finding. The
// file's own BEGIN and COMMIT are left out: they would end the
// transaction early, or nest one.
func applyFile(ctx context.Context, conn *pgx.Conn, stmts []sqlschema.Statement) (*finding.Finding, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	for _, st := range stmts {
		if st.Transaction {
			continue
		}
		if _, err := tx.Exec(ctx, st.SQL); err != nil {
			return refused(st, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && len(stmts) > 0 {
			// A deferred constraint fails at the commit: the file's last
			// statement is as close as a position gets.
			return migrationFailed(stmts[len(stmts)-1], pgErr), nil
		}
		return nil, err
	}
	return nil, nil
}

// applyEach runs one file's statements one by one outside a transaction
// of its own, as psql runs a file: what ran before a statement PostgreSQL
// refuses stays applied, and a transaction the file opened and left
// unfinished is rolled back.
func applyEach(ctx context.Context, conn *pgx.Conn, stmts []sqlschema.Statement) (*finding.Finding, error) {
	for _, st := range stmts {
		if _, err := conn.Exec(ctx, st.SQL); err != nil {
			f, err := refused(st, err)
			if err != nil {
				return nil, err
			}
			return f, endTransaction(ctx, conn)
		}
	}
	return nil, endTransaction(ctx, conn)
}

// endTransaction rolls back a transaction a file began and did not end,
// so that the next file does not run inside it.
func endTransaction(ctx context.Context, conn *pgx.Conn) error {
	if conn.PgConn().TxStatus() == 'I' {
		return nil
	}
	_, err := conn.Exec(ctx, "ROLLBACK")
	return err
}

// refused turns the error of running st into its finding when PostgreSQL
// refused it; any other error (the connection's) stays an error.
func refused(st sqlschema.Statement, err error) (*finding.Finding, error) {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return nil, err
	}
	return migrationFailed(st, pgErr), nil
}

// migrationFailed is the finding of a statement PostgreSQL refused.
func migrationFailed(st sqlschema.Statement, e *pgconn.PgError) *finding.Finding {
	msg := "PostgreSQL refused this statement: " + e.Message
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	if e.Hint != "" {
		msg += "; hint: " + e.Hint
	}
	if e.Where != "" && e.Position == 0 {
		msg += "; at " + firstLine(e.Where)
	}
	return &finding.Finding{Pos: st.PosOf(int(e.Position)), Severity: finding.Error, Rule: "verify-migration-failed", Message: msg}
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}
