//go:build !unix

package usercache

import (
	"errors"
	"io/fs"
	"os"
)

// chooseGraphvizTempDir leaves TMPDIR alone: go-graphviz reads it only on
// Unix (Windows' temporary folder is the user's own, in their profile).
func chooseGraphvizTempDir() (string, error) { return "", nil }

// checkOwn accepts any folder: there are no Unix owners to compare.
func checkOwn(path string, fi fs.FileInfo) error {
	if !fi.IsDir() {
		return &UnsafeError{path, "not a folder"}
	}
	return nil
}

// checkBase accepts any folder.
func checkBase(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return errors.New(path + " is not a folder")
	}
	return nil
}
