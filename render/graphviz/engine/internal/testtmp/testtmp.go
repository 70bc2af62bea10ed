// Package testtmp gives engine's test binary, which links go-graphviz, a
// TMPDIR of its own before go-graphviz's init compiles Graphviz and caches
// the code in $TMPDIR/go-graphviz: a new folder only this user can use
// (os.MkdirTemp), so the tests neither run code another user planted in a
// shared /tmp nor leave a folder there. (infradoc-graphviz itself uses
// cmd/internal/usercache/graphviztmp, which render/ cannot import.)
//
// Its init runs before go-graphviz's for the reason graphviztmp's does: it
// imports only os, which wazero needs too, and its path sorts before
// github.com/tetratelabs/.
package testtmp

import "os"

var (
	// Dir is the folder TMPDIR points at, "" when none could be made.
	Dir string

	orig    string
	origSet bool
)

func init() {
	orig, origSet = os.LookupEnv("TMPDIR")
	d, err := os.MkdirTemp("", "infradoc-engine-test-")
	if err != nil {
		return
	}
	if os.Setenv("TMPDIR", d) == nil {
		Dir = d
	}
}

// Done gives the process its TMPDIR back and removes the folder.
func Done() {
	if Dir == "" {
		return
	}
	if origSet {
		os.Setenv("TMPDIR", orig)
	} else {
		os.Unsetenv("TMPDIR")
	}
	os.RemoveAll(Dir)
}
