//go:build linux

package cli

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// On Linux a build reads and writes its files with plain system calls:
// os.Open and os.Create also register every descriptor with the runtime's
// poller, which refuses regular files after four more system calls each,
// and a large build opens 50,000 files.

// readFileStat returns the bytes of the file at path and what it was when
// it was opened (one open, one fstat, the reads, one close).
func readFileStat(path string) ([]byte, fs.FileInfo, error) {
	fd, err := openRetrying(path, syscall.O_RDONLY, 0)
	if err != nil {
		return nil, nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	info := &statInfo{name: filepath.Base(path)}
	if err := ignoringEINTR(func() error { return syscall.Fstat(fd, &info.st) }); err != nil {
		return nil, nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if info.IsDir() {
		return nil, info, &fs.PathError{Op: "read", Path: path, Err: syscall.EISDIR}
	}
	// One byte more than the size, so that a file read whole is known to
	// be at its end without a second read: a read that returns all the
	// bytes fstat counted and leaves the spare one unused has reached the
	// end (a file that grew fills it, and is read on to its end).
	size := max(info.st.Size, 0)
	data := make([]byte, 0, size+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		var n int
		err := ignoringEINTR(func() (err error) {
			n, err = syscall.Read(fd, data[len(data):cap(data)])
			return err
		})
		if err != nil {
			return nil, info, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n <= 0 {
			return data, info, nil
		}
		data = data[:len(data)+n]
		if int64(len(data)) == size && len(data) < cap(data) {
			return data, info, nil
		}
	}
}

// writeNewFile writes data to a file at path that does not exist yet, or
// truncates the one that does.
func writeNewFile(path string, data []byte) error {
	fd, err := openRetrying(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC, 0o644)
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 {
		var n int
		err := ignoringEINTR(func() (err error) {
			n, err = syscall.Write(fd, data)
			return err
		})
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}

// sameContent reports whether the file at target holds exactly data (a
// symbolic link or anything but a regular file does not), and whether
// something is there at all: one open that neither follows a link nor
// waits on a pipe, one fstat, one read, one close.
func sameContent(target string, data []byte) (same, exists bool) {
	fd, err := openRetrying(target, syscall.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return false, err != syscall.ENOENT
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := ignoringEINTR(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		return false, true
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Size != int64(len(data)) {
		return false, true
	}
	bp := compareBufs.Get().(*[]byte)
	defer compareBufs.Put(bp)
	if cap(*bp) < len(data)+1 {
		*bp = make([]byte, len(data)+1)
	}
	buf := (*bp)[:len(data)+1]
	n := 0
	for n < len(buf) {
		var m int
		err := ignoringEINTR(func() (err error) {
			m, err = syscall.Read(fd, buf[n:])
			return err
		})
		if err != nil {
			return false, true
		}
		if m <= 0 {
			break
		}
		n += m
		if n == len(data) {
			break // all of it: the size matched, so this is the end
		}
	}
	return n == len(data) && bytes.Equal(buf[:n], data), true
}

// compareBufs holds the buffers sameContent reads files into.
var compareBufs = sync.Pool{New: func() any { return new([]byte) }}

func openRetrying(path string, flags int, perm uint32) (fd int, err error) {
	err = ignoringEINTR(func() error {
		fd, err = syscall.Open(path, flags|syscall.O_CLOEXEC, perm)
		return err
	})
	return fd, err
}

func ignoringEINTR(call func() error) error {
	for {
		if err := call(); err != syscall.EINTR {
			return err
		}
	}
}

// statInfo is the fs.FileInfo of a syscall.Stat_t, as os.Stat reports it.
type statInfo struct {
	name string
	st   syscall.Stat_t
}

func (s *statInfo) Name() string       { return s.name }
func (s *statInfo) Size() int64        { return s.st.Size }
func (s *statInfo) ModTime() time.Time { return time.Unix(s.st.Mtim.Unix()) }
func (s *statInfo) IsDir() bool        { return s.Mode().IsDir() }
func (s *statInfo) Sys() any           { return &s.st }

func (s *statInfo) Mode() fs.FileMode {
	mode := fs.FileMode(s.st.Mode & 0o777)
	switch s.st.Mode & syscall.S_IFMT {
	case syscall.S_IFDIR:
		mode |= fs.ModeDir
	case syscall.S_IFLNK:
		mode |= fs.ModeSymlink
	case syscall.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		mode |= fs.ModeSocket
	case syscall.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		mode |= fs.ModeDevice
	}
	if s.st.Mode&syscall.S_ISUID != 0 {
		mode |= fs.ModeSetuid
	}
	if s.st.Mode&syscall.S_ISGID != 0 {
		mode |= fs.ModeSetgid
	}
	if s.st.Mode&syscall.S_ISVTX != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}
