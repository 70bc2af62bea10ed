// Package parallel runs independent steps on a few goroutines.
package parallel

import (
	"runtime"
	"sync"
)

// For calls fn(i) for every i in [0, n) on up to GOMAXPROCS
// goroutines and returns when all calls are done. fn must only write to
// state owned by index i; callers merge results in index order afterwards,
// so output stays deterministic.
func For(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0)*2, n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
