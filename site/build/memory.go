package build

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
)

// buildMemoryFloor is the soft memory limit a build sets for itself: on
// two cores the garbage collector otherwise lets the heap reach twice the
// loaded model plus the pages in flight, and more while it catches up
// (about 430 MB for 10,000 obligations, against 265-285 MB with the limit, for
// about a tenth more time).
const buildMemoryFloor = 240 << 20

// buildMemoryHeadroom is how far above the live heap after loading the
// limit is set when the model alone is large, so that a repository bigger
// than the limit foresees is not collected without pause.
const buildMemoryHeadroom = 2.2

// limitBuildMemory sets the soft memory limit for the rest of a build and
// returns the function that restores the previous one (serve keeps running
// between builds). A GOMEMLIMIT set by the user wins.
func limitBuildMemory(getenv func(string) string) (restore func()) {
	if getenv != nil && getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	limit := int64(buildMemoryFloor)
	if sample[0].Value.Kind() == metrics.KindUint64 {
		if live := float64(sample[0].Value.Uint64()) * buildMemoryHeadroom; live > float64(limit) && live < math.MaxInt64 {
			limit = int64(live)
		}
	}
	prev := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(prev) }
}
