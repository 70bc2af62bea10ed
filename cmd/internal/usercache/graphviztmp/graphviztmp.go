// Package graphviztmp points TMPDIR at a folder only this user can write
// to (usercache.GraphvizTempDir) before go-graphviz is initialised, so that
// the library caches and runs its compiled Graphviz code there, never in a
// shared $TMPDIR/go-graphviz (see usercache's package comment). Import it
// in every program that links go-graphviz, which is infradoc-graphviz
// alone; that program keeps the folder as its TMPDIR for good (it writes
// no other temporary files).
//
// # Why this init runs first
//
// Since Go 1.21 the specification fixes the order: packages are initialised
// one at a time, each time the first package in import-path order whose
// imports are all initialised. This package imports only os and usercache,
// which imports only errors, io/fs, os, strconv, sync and syscall, all of
// which the wazero packages that go-graphviz's internal/wasm imports
// (wazero, wazero/api, wazero/imports/wasi_snapshot_preview1) depend on.
// The last import internal/wasm waits for is one of those (its standard
// imports come earlier, as wazero needs them too); when it is picked,
// usercache and then this package are ready as well, and their paths,
// github.com/infradoc/..., sort before github.com/tetratelabs/..., so they
// have been initialised by then. Importing anything else here or in
// usercache can break this: cmd/infradoc's tests check the order with
// GODEBUG=inittrace=1, and that a run creates no go-graphviz folder in
// TMPDIR.
package graphviztmp

import (
	"os"

	"github.com/infradoc/infradoc/cmd/internal/usercache"
)

// problem is why a private folder was refused, if one was.
var problem error

func init() {
	d, p := usercache.GraphvizTempDir()
	if d == "" {
		return
	}
	if err := os.Setenv("TMPDIR", d); err != nil {
		return
	}
	problem = p
}

// Problem returns why a folder for go-graphviz was refused as unsafe (an
// *usercache.UnsafeError), or nil.
func Problem() error { return problem }
