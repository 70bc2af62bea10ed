package sqlschema

import (
	"github.com/infradoc/infradoc/site/finding"
	"os"
	"path/filepath"
	"testing"
)

// FuzzApply: any bytes apply without a panic (libpg_query, the JSON read
// and the replay), every object and finding is positioned inside the
// file, and a syntax finding is the only error.
func FuzzApply(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.sql")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`CREATE TABLE "a""b".c (x int, CONSTRAINT k CHECK (x > 0)); ALTER TABLE c ADD COLUMN IF NOT EXISTS y int`))
	f.Add([]byte("$a$ $$ /* /* */ E'\\' '' \"\" CREATE INDEX ON t; SET search_path = '$user'"))
	f.Add([]byte("DO $$ BEGIN EXECUTE 'x'; CREATE TABLE t (); DO $i$ BEGIN NULL; END $i$; END $$; DO 'BEGIN'"))
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := finding.NewLineIndex("f.sql", src).Lines()
		c := NewCatalog()
		fs := c.Apply("f.sql", src)
		for _, o := range c.Objects() {
			if o.At.Line < 1 || o.At.Line > lines || o.At.Col < 1 {
				t.Fatalf("object %+v outside the file", o)
			}
		}
		for _, f := range fs {
			if f.Line < 1 || f.Line > lines || f.Col < 1 || f.Rule != "migration-syntax" && f.Rule != "migration-dynamic" {
				t.Fatalf("finding %+v outside the file or of an unknown rule", f)
			}
		}
		stmts, _ := Split("f.sql", src)
		for _, s := range stmts {
			if s.At.Line < 1 || s.At.Line > lines {
				t.Fatalf("statement %+v outside the file", s)
			}
		}
	})
}

// BenchmarkApply applies every testdata file to a fresh catalog: the cost
// of reading a migration folder.
func BenchmarkApply(b *testing.B) {
	files, _ := filepath.Glob("testdata/*.sql")
	var srcs [][]byte
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, data)
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, src := range srcs {
			NewCatalog().Apply(files[i], src)
		}
	}
}
