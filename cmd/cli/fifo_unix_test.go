//go:build unix

package cli

import "syscall"

// syscallMkfifo makes a named pipe at path.
func syscallMkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }
