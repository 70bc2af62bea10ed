// Package pgtest gives database tests a real PostgreSQL: one private
// server per test binary, started on first use and stopped when the tests
// end, and a fresh database for each test.
//
// A test package calls Main from its TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/infradoc/infradoc/site/pgserver"
	"github.com/jackc/pgx/v5"
)

var (
	mainCalled atomic.Bool
	startOnce  sync.Once
	server     *pgserver.Server
	startErr   error
	databases  atomic.Int64
)

// Main runs the package's tests and then stops the server, if one was
// started. It does not return.
func Main(m *testing.M) {
	mainCalled.Store(true)
	code := m.Run()
	if server != nil {
		if err := server.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = max(code, 1)
		}
	}
	os.Exit(code)
}

// Instance returns the package's server, starting it on first use.
// Without PostgreSQL's server binaries the test is skipped, saying how to
// install them, except under CI=true, where it fails.
func Instance(t testing.TB) *pgserver.Server {
	t.Helper()
	if !mainCalled.Load() {
		t.Fatal("pgtest: the test package needs func TestMain(m *testing.M) { pgtest.Main(m) }: it stops the server")
	}
	startOnce.Do(func() { server, startErr = pgserver.Start(pgserver.Options{}) })
	switch {
	case errors.Is(startErr, pgserver.ErrNotFound) && os.Getenv("CI") != "true":
		t.Skip(startErr)
	case startErr != nil:
		t.Fatal(startErr)
	}
	return server
}

// Server creates a new, empty database t_<n> on the package's server and
// returns its pgx connection URL.
func Server(t testing.TB) string {
	t.Helper()
	s := Instance(t)
	name := fmt.Sprintf("t_%d", databases.Add(1))
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, s.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	return s.URL(name)
}
