package cli

import (
	"os"
	"testing"

	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/render/graphviz/graphviztest"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary act as infradoc: testscript puts a copy
// named "infradoc" on PATH. Before the tests it builds the Graphviz worker,
// infradoc-graphviz, and points $INFRADOC_GRAPHVIZ at it (graphviztest).
func TestMain(m *testing.M) {
	testscript.Main(graphviztest.Wrap(m), map[string]func(){
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
			env.Setenv(graphviz.EnvWorker, os.Getenv(graphviz.EnvWorker))
			return nil
		},
	})
}
