//go:build !unix

package cli

import "errors"

// syscallMkfifo makes a named pipe at path where the system has them.
func syscallMkfifo(string) error { return errors.New("no named pipes on this system") }
