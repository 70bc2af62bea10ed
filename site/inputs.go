package site

import (
	"io/fs"

	"github.com/infradoc/infradoc/site/rootfs"
)

// Reading inputs: see package rootfs.
type RootFS = rootfs.FS

// Errors of reading an input that are the user's problem (see rootfs).
var (
	ErrOutsideRoot = rootfs.ErrOutsideRoot
	ErrNotRegular  = rootfs.ErrNotRegular
	ErrTooLarge    = rootfs.ErrTooLarge
	ErrIsDir       = rootfs.ErrIsDir
)

// DefaultMaxFileSize is the size limit of one input when the config sets none.
const DefaultMaxFileSize = rootfs.DefaultMaxFileSize

// OpenRootFS returns the RootFS of the folder dir.
func OpenRootFS(dir string) (*RootFS, error) { return rootfs.Open(dir) }

// ReadInput reads a regular file of at most limit bytes (see rootfs.ReadInput).
func ReadInput(fsys fs.FS, name string, limit int64) ([]byte, error) {
	return rootfs.ReadInput(fsys, name, limit)
}

// InputProblem says why err keeps an input from being read (see rootfs).
func InputProblem(err error, limit int64) string { return rootfs.InputProblem(err, limit) }
