//go:build unix

package cli

import (
	"os"
	"runtime"
	"syscall"
)

// childMaxRSS returns a finished child's peak resident set size in bytes,
// or 0 when the system does not say.
func childMaxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok || ru == nil {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss) // bytes
	}
	return int64(ru.Maxrss) * 1024 // KiB elsewhere
}
