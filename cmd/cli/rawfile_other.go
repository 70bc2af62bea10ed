//go:build !linux

package cli

import (
	"bytes"
	"errors"
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

// sameContent reports whether the file at target holds exactly data (a
// symbolic link or anything but a regular file does not), and whether
// something is there at all.
func sameContent(target string, data []byte) (same, exists bool) {
	info, err := os.Lstat(target)
	if err != nil {
		return false, !errors.Is(err, fs.ErrNotExist)
	}
	if !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return false, true
	}
	cur, err := os.ReadFile(target)
	return err == nil && bytes.Equal(cur, data), true
}
