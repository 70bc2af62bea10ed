package verify

import (
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/pgserver/pgtest"
	"github.com/infradoc/infradoc/site/sqlschema"
)

// failingMigrations are the migration roots written to fail: the
// differential test expects PostgreSQL to refuse them.
var failingMigrations = map[string]bool{
	"testdata/verify/broken/migrations": true,
	"testdata/verify":                   true, // testdata/verify/sql
	// site/testdata's migration-syntax fixture.
	"site/testdata/err/migration-sql/migrations": true,
}

// migrationRoots finds every folder holding .sql files under the
// repository's testdata/, site/testdata/ and content/, and groups them by
// the folder above them, the migrations root their obligations name them
// from: one obligation's migrations may build on another's, and verify
// applies them all, folder after folder, as this does. Files are in path
// order.
func migrationRoots(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, top := range []string{"testdata", "site/testdata", "content"} {
		err := fs.WalkDir(os.DirFS(repo), top, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".sql") {
				root := path.Dir(path.Dir(p))
				out[root] = append(out[root], p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// baseOf returns the base schema (migrations.apply) of the repository a
// folder is in, the nearest folder above it with an infradoc.yaml: what
// verify --migrate applies before it.
func baseOf(t *testing.T, dir string) []string {
	t.Helper()
	for d := path.Dir(dir); d != "." && d != "/"; d = path.Dir(d) {
		if _, err := os.Stat(filepath.Join(repo, d, "infradoc.yaml")); err != nil {
			continue
		}
		s := loadSite(t, d)
		base, fs, err := s.BaseMigrations()
		if err != nil || len(fs) > 0 {
			t.Fatalf("%s: migrations.apply: %v %v", d, err, fs)
		}
		var out []string
		for _, p := range base {
			out = append(out, path.Join(d, p))
		}
		return out
	}
	return nil
}

// objectKey is what the differential test compares of an object.
func objectKey(o sqlschema.Object) string {
	k := o.Kind + " " + o.Qualified()
	if o.Type != "" {
		k += " " + o.Type
	}
	return k
}

// TestDifferential: for every migrations root of the repository's
// fixtures and content/, the objects sqlschema's Catalog says the
// migrations leave behind are the objects pg_catalog shows after
// PostgreSQL applies them: kind, qualified name and column type (but the
// columns of a table whose columns the migrations do not spell out).
func TestDifferential(t *testing.T) {
	ctx := context.Background()
	folders := migrationRoots(t)
	if len(folders) < 10 {
		t.Fatalf("only %d migration roots found", len(folders))
	}
	dirs := make([]string, 0, len(folders))
	for d := range folders {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	for _, dir := range dirs {
		t.Run(dir, func(t *testing.T) {
			var files []MigrationFile
			cat := sqlschema.NewCatalog()
			seen := map[string]bool{}
			for _, p := range append(baseOf(t, dir), folders[dir]...) {
				if seen[p] {
					continue // a base file inside the root
				}
				seen[p] = true
				src, err := os.ReadFile(filepath.Join(repo, p))
				if err != nil {
					t.Fatal(err)
				}
				files = append(files, MigrationFile{File: p, Src: src})
				for _, f := range cat.Apply(p, src) {
					if f.Rule != "migration-dynamic" && !failingMigrations[dir] {
						t.Errorf("parser: %s", f)
					}
				}
			}
			conn := connect(t, pgtest.Server(t))
			failed, err := Migrate(ctx, conn, files)
			if err != nil {
				t.Fatal(err)
			}
			if failingMigrations[dir] {
				if len(failed) == 0 {
					t.Errorf("PostgreSQL accepts the migrations written to fail")
				}
				return
			}
			if len(failed) > 0 {
				t.Fatalf("PostgreSQL refuses the migrations: %v", failed)
			}
			db, err := Snapshot(ctx, conn)
			if err != nil {
				t.Fatal(err)
			}
			set := func(objs []sqlschema.Object) map[string]bool {
				m := map[string]bool{}
				for _, o := range objs {
					switch {
					case o.Kind == "schema" && o.Name == "public":
						// public exists in every new database.
					case o.Kind == "column" && !cat.ColumnsKnown(o.Schema, o.Table):
						// The columns of a CREATE TABLE AS: only the server
						// knows them, as the Catalog owns up to.
					default:
						m[objectKey(o)] = true
					}
				}
				return m
			}
			parsed, real := set(cat.Objects()), set(db)
			var onlyParsed, onlyReal []string
			for k := range parsed {
				if !real[k] {
					onlyParsed = append(onlyParsed, k)
				}
			}
			for k := range real {
				if !parsed[k] {
					onlyReal = append(onlyReal, k)
				}
			}
			slices.Sort(onlyParsed)
			slices.Sort(onlyReal)
			if len(onlyParsed)+len(onlyReal) > 0 {
				t.Errorf("the parser and pg_catalog disagree:\nonly the parser has:\n  %s\nonly pg_catalog has:\n  %s",
					strings.Join(onlyParsed, "\n  "), strings.Join(onlyReal, "\n  "))
			}
			if len(real) == 0 {
				t.Errorf("the migrations leave nothing behind")
			}
		})
	}
}
