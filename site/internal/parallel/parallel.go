// Package parallel runs independent steps on a few goroutines.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls fn(i) for every i in [0, n) on up to twice GOMAXPROCS
// goroutines (steps that wait for the disk leave a core to another) and
// returns when all calls are done. fn must only write to state owned by
// index i; callers merge results in index order afterwards, so output
// stays deterministic.
//
// Each goroutine takes the next index from a shared counter, which costs
// a step less than a channel send would: some loops' steps are a single
// system call.
func For(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0)*2, n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}
