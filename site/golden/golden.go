// Package golden compares a test's output with a golden file under
// testdata/, and rewrites the file instead when the test binary runs with
// -update: one flag and one message for every package whose tests keep
// golden files.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// Update is the -update flag of the test binary that links this package.
var Update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// Check compares got with the file p, or writes got to p (and its folder)
// under -update. pkg is the package's import path below the module
// ("./site/junit"), for the message that says how to rewrite the file.
func Check[T string | []byte](t testing.TB, pkg, p string, got T) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (go test %s -update writes it)", err, pkg)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs (go test %s -update rewrites it; review the diff); got:\n%s", p, pkg, got)
	}
}
