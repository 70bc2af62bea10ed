// Package cli is the infradoc command line: flags, files on disk, output
// and exit codes. Everything it does is testable without a process: Main
// takes arguments and returns the exit status.
package cli
