package evidence

import (
	"github.com/infradoc/infradoc/site/finding"
	"os"
	"testing"
)

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
		lines := finding.NewLineIndex("f", src).Lines()
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
