// Package golden compares a test's output with a golden file under
// testdata/, and rewrites the file instead when the test binary runs with
// -update: one flag and one message for the site packages that share it.
package golden

import (
	"flag"
	"os"
	"testing"
)

// Update is the -update flag of the test binary that links this package.
var Update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// Check compares got with the file p, or writes got to p under -update.
// pkg is the package's import path below the module ("./site/junit"), for
// the message that says how to rewrite the file.
func Check(t testing.TB, pkg, p, got string) {
	t.Helper()
	if *Update {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (go test %s -update writes it)", err, pkg)
	}
	if string(want) != got {
		t.Errorf("%s differs (go test %s -update rewrites it); got:\n%s", p, pkg, got)
	}
}
