// Package rootfstest writes repositories on disk for tests: files named
// by slash paths under a folder, with the folders they need.
package rootfstest

import (
	"os"
	"path/filepath"
	"testing"
)

// WriteFile writes data to dir/name, name a slash path, making its
// folders.
func WriteFile(tb testing.TB, dir, name string, data []byte) {
	tb.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// WriteTree writes files (slash path → content) under dir.
func WriteTree(tb testing.TB, dir string, files map[string]string) {
	tb.Helper()
	for name, data := range files {
		WriteFile(tb, dir, name, []byte(data))
	}
}
