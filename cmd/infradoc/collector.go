package main

import (
	"os"
	"runtime"
	"runtime/debug"
)

// firstCollectionPercent is the GOGC of a run until its first garbage
// collection. The default (100) collects first at a 4 MB heap, which a
// validate or check of a registry of tens of obligations reaches just
// before it ends; that one collection touches fresh pages for the
// runtime's span sets, and where page faults are dear it costs a short
// run more than it saves (CONTRIBUTING.md has the figures). With 400 the
// first collection waits for a 16 MB heap: small runs end without one,
// and large ones collect at the default pace from then on.
const firstCollectionPercent = 400

// delayFirstCollection sets GOGC to firstCollectionPercent until the first
// collection, then back to 100. A GOGC in the environment wins.
func delayFirstCollection() {
	if os.Getenv("GOGC") != "" {
		return
	}
	debug.SetGCPercent(firstCollectionPercent)
	// The sentinel is unreachable from the start: the first collection
	// finds it and runs the cleanup. It holds a pointer so that it is not
	// one of the tiny allocations the runtime packs together, which can
	// outlive a collection.
	sentinel := &struct{ p *byte }{}
	runtime.AddCleanup(sentinel, func(struct{}) { debug.SetGCPercent(100) }, struct{}{})
}
