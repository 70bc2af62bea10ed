package build

import (
	"runtime/debug"
	"testing"
)

func TestBuildMemoryLimitIsSetAndRestored(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	restore := limitBuildMemory(func(string) string { return "" })
	if got := debug.SetMemoryLimit(-1); got < buildMemoryFloor || got == before {
		t.Errorf("limit during a build: %d, want at least %d", got, buildMemoryFloor)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after the build: %d, want %d restored", got, before)
	}

	limitBuildMemory(func(k string) string {
		if k == "GOMEMLIMIT" {
			return "1GiB"
		}
		return ""
	})()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("a user's GOMEMLIMIT was overridden: %d", got)
	}
}
