package evidence

import (
	"os"
	"testing"
)

// FuzzScanSQL: any bytes scan without a panic, and every object found has a
// position inside the file.
func FuzzScanSQL(f *testing.F) {
	for _, p := range []string{
		"../../testdata/acme/migrations/obligations/AUD-1/001_schema.sql",
		"../../testdata/acme/migrations/obligations/AUD-1/002_triggers.sql",
	} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`CREATE TABLE "a""b".c (x int, CONSTRAINT k CHECK (x > 0)); ALTER TABLE c ADD COLUMN IF NOT EXISTS y int`))
	f.Add([]byte("$a$ $$ /* /* */ E'\\' '' \"\" CREATE INDEX ON t; SET search_path = '$user'"))
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := NewLineIndex("f.sql", src).lines()
		for _, o := range scanSQL("f.sql", src) {
			if o.At.Line < 1 || o.At.Line > lines || o.At.Col < 1 {
				t.Fatalf("object %+v outside the file", o)
			}
		}
	})
}

// FuzzScanTestFile: any bytes scan as Python and as Go without a panic, and
// every test function and reference is positioned inside the file.
func FuzzScanTestFile(f *testing.F) {
	for _, p := range []string{"../../testdata/acme/backend/tests/test_audit_log.py", "../../testdata/acme/backend/tests/test_session_expiry.py"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("class TestA:\n\t@requires_infra('x')\n  def test_b(self): '''\n\"\"\"\n'''\n    pytest.skip(\\\n)\n"))
	f.Add([]byte("func TestA(t *testing.T) { /* } */ RequiresInfra(t, \"x\"); t.Skip(`}`) }\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := NewLineIndex("f", src).lines()
		for _, p := range []string{"test_f.py", "f_test.go"} {
			te := scanTestFile(p, p, src, &testPatterns{})
			for _, fn := range te.Functions {
				if fn.Pos.Line < 1 || fn.Pos.Line > lines || (fn.Skips && fn.SkipAt.Line < 1) {
					t.Fatalf("%s: function %+v outside the file", p, fn)
				}
			}
			for _, r := range te.Infra {
				if r.Pos.Line < 1 || r.Pos.Line > lines {
					t.Fatalf("%s: reference %+v outside the file", p, r)
				}
			}
		}
	})
}
