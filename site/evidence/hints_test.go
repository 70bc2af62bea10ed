package evidence

import (
	"os"
	"testing"
)

// TestHints: a test file or migration folder missing under its root but
// present under another folder of the repository gets a hint naming that
// folder; one found nowhere gets none.
func TestHints(t *testing.T) {
	res, err := Scan(Input{
		FS:             os.DirFS("testdata/pytest"),
		TestsRoot:      ".",
		MigrationsRoot: "backend",
		Obligations: []Obligation{{
			ID:            "H-1",
			TestFiles:     []TestFile{{Path: "tests/test_params.py", Count: 5}, {Path: "tests/test_nowhere.py", Count: 1}},
			MigrationPath: "slow",
		}, {
			ID:            "H-2",
			MigrationPath: "nowhere",
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{
		"tests/test_params.py":  "did you mean tests_root: backend? backend/tests/test_params.py exists",
		"tests/test_nowhere.py": "",
	} {
		if got := res.Evidence.TestFile(p).Hint; got != want {
			t.Errorf("hint of %s = %q, want %q", p, got, want)
		}
	}
	if got, want := res.Evidence.Obligation("H-1").Migrations().Hint, "did you mean migrations_root: backend/tests? backend/tests/slow exists"; got != want {
		t.Errorf("hint of the migration folder slow = %q, want %q", got, want)
	}
	if got := res.Evidence.Obligation("H-2").Migrations().Hint; got != "" {
		t.Errorf("a folder found nowhere got the hint %q", got)
	}
}
