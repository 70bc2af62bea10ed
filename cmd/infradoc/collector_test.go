package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// gogc is the garbage collector's current GOGC.
func gogc() uint64 {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func TestFirstCollectionIsDelayedOnce(t *testing.T) {
	t.Setenv("GOGC", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	delayFirstCollection()
	if got := gogc(); got != firstCollectionPercent {
		t.Fatalf("GOGC before the first collection = %d, want %d", got, firstCollectionPercent)
	}
	runtime.GC()
	// The cleanup runs on its own goroutine after the collection.
	for deadline := time.Now().Add(10 * time.Second); gogc() != 100 && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if got := gogc(); got != 100 {
		t.Fatalf("GOGC after the first collection = %d, want 100", got)
	}
}

func TestFirstCollectionLeavesUsersGOGC(t *testing.T) {
	t.Setenv("GOGC", "50")
	defer debug.SetGCPercent(debug.SetGCPercent(50))
	delayFirstCollection()
	if got := gogc(); got != 50 {
		t.Fatalf("GOGC = %d, want the environment's 50", got)
	}
}
