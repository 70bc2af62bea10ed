package cli

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary act as infradoc: testscript puts a copy
// named "infradoc" on PATH, and the diagram renderer re-executes the
// running binary (argv[0] "infradoc") for its child processes.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"infradoc": func() { os.Exit(Main(os.Args[1:])) },
	})
}

// TestScript runs the end-to-end scripts in testdata/script/*.txtar.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			// Rendered diagrams are cached per test, never in the user's cache.
			env.Setenv("INFRADOC_CACHE_DIR", env.WorkDir+"/.cache")
			return nil
		},
	})
}
