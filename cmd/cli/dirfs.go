package cli

import (
	"io/fs"
	"os"
	"path/filepath"
)

// dirFS is os.DirFS without its refusal of ".." so that a registry named
// on the command line may live outside the repository root (as when
// checking a repository one cannot write into).
type dirFS string

// path is the operating system's path of name.
func (d dirFS) path(name string) string { return filepath.Join(string(d), filepath.FromSlash(name)) }

// Open opens name relative to the directory.
func (d dirFS) Open(name string) (fs.File, error) {
	return os.Open(d.path(name))
}

// Stat implements fs.StatFS.
func (d dirFS) Stat(name string) (fs.FileInfo, error) {
	return os.Stat(d.path(name))
}

// ReadDir implements fs.ReadDirFS.
func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	return os.ReadDir(d.path(name))
}

// ReadFile implements fs.ReadFileFS.
func (d dirFS) ReadFile(name string) ([]byte, error) {
	data, _, err := readFileStat(d.path(name))
	return data, err
}
