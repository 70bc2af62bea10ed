//go:build !unix

package rootfs

import (
	"io/fs"
	"os"
)

// listFolder lists the open folder f.
func listFolder(f *os.File) ([]fs.DirEntry, error) { return f.ReadDir(-1) }
