//go:build !unix

package cli

import "os"

// childMaxRSS is unknown on this system.
func childMaxRSS(*os.ProcessState) int64 { return 0 }
