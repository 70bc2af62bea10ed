//go:build unix

package rootfs

import (
	"io/fs"
	"os"
	"syscall"
)

// listFolder lists the open folder f. For a folder opened in an os.Root,
// os.File.ReadDir lstats every entry, since it may not find an entry again
// by its path; the types in the listing are all a load needs, and on a
// folder of 10,000 obligations those lstats were 10,000 system calls a
// listing. So f is listed through a duplicate of its descriptor, which os
// does not know to be in a root: the same folder, the same entries, no
// lstat.
func listFolder(f *os.File) ([]fs.DirEntry, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return f.ReadDir(-1)
	}
	dup := -1
	var dupErr error
	if err := rc.Control(func(fd uintptr) {
		// Under ForkLock, so that no child started meanwhile inherits it.
		syscall.ForkLock.RLock()
		defer syscall.ForkLock.RUnlock()
		if dup, dupErr = syscall.Dup(int(fd)); dupErr == nil {
			syscall.CloseOnExec(dup)
		}
	}); err != nil || dupErr != nil {
		return f.ReadDir(-1)
	}
	d := os.NewFile(uintptr(dup), f.Name())
	defer d.Close()
	return d.ReadDir(-1)
}
