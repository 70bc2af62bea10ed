// Package testrepo loads the repositories of the test fixtures as the CLI
// loads one (through site/rootfs), for the tests of the packages that work
// on a loaded site.
package testrepo

import (
	"path/filepath"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/rootfs"
)

// Load loads the repository in dir (relative to the test's package, or
// absolute), its paths displayed under display, and returns it with its
// findings and its absolute folder. A failure to load fails the test.
func Load(t testing.TB, dir, display string) (*site.Site, []finding.Finding, string) {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := rootfs.Open(abs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fsys.Close() })
	s, findings, err := site.Load(site.Options{FS: fsys, Root: display})
	if err != nil {
		t.Fatalf("loading %s: %v", dir, err)
	}
	return s, findings, abs
}
