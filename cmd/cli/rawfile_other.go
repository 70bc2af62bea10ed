//go:build !linux

package cli

import (
	"io/fs"
	"os"
)

// readFileStat returns the bytes of the file at path and what it was when
// it was opened.
func readFileStat(path string) ([]byte, fs.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return readOpenFile(f)
}

// writeNewFile writes data to a file at path that does not exist yet, or
// truncates the one that does.
func writeNewFile(path string, data []byte) error {
	return os.WriteFile(path, data, 0o644)
}
