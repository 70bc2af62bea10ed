//go:build unix

package usercache

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
	"syscall"
)

// chooseGraphvizTempDir returns the TMPDIR go-graphviz should see, the
// first that works of:
//
//  1. $INFRADOC_GRAPHVIZ_TMPDIR, the folder of the parent process, when it
//     is an absolute path to a real folder (not a link) of this user with
//     mode 0700 or less;
//  2. os.UserCacheDir()/infradoc/wasm (see Dir);
//  3. $TMPDIR/infradoc-<uid>-graphviz (or /tmp/...), made 0700, when the
//     temporary folder is owned by this user or root and others cannot
//     rename what is in it (not writable by others, or sticky like /tmp),
//     and the folder is a real folder of this user that others cannot
//     write to;
//  4. /dev/null: go-graphviz cannot make its folder there and compiles in
//     memory.
//
// The error is the first *UnsafeError met in 2 or 3.
func chooseGraphvizTempDir() (string, error) {
	var problem error
	note := func(err error) {
		if problem == nil && IsUnsafe(err) {
			problem = err
		}
	}
	if dir := os.Getenv(EnvGraphvizTempDir); dir != "" {
		if checkInherited(dir) == nil {
			return dir, nil
		}
	}
	dir, err := Dir("wasm")
	if err == nil {
		return dir, nil
	}
	note(err)
	dir, err = userTempDir()
	if err == nil {
		return dir, problem
	}
	note(err)
	return noCacheDir, problem
}

// checkInherited checks the folder a parent process passed.
func checkInherited(dir string) error {
	if dir == "" || dir[0] != '/' {
		return errors.New("not an absolute path")
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if err := checkOwn(dir, fi); err != nil {
		return err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return &UnsafeError{dir, "others may use it (mode " + octal(fi.Mode().Perm()) + ")"}
	}
	return nil
}

// userTempDir returns this user's folder in the temporary folder, made
// 0700 (see chooseGraphvizTempDir, step 3).
func userTempDir() (string, error) {
	tmp := os.TempDir()
	if tmp == "" || tmp[0] != '/' {
		return "", errors.New("no absolute temporary folder")
	}
	pfi, err := os.Stat(tmp)
	if err != nil {
		return "", err
	}
	if !pfi.IsDir() {
		return "", &UnsafeError{tmp, "not a folder"}
	}
	if uid, ok := owner(pfi); !ok || (uid != os.Geteuid() && uid != 0) {
		return "", &UnsafeError{tmp, "owned by user id " + itoa(uid) + ", neither this user nor root"}
	}
	if pfi.Mode().Perm()&0o022 != 0 && pfi.Mode()&fs.ModeSticky == 0 {
		return "", &UnsafeError{tmp, "others may write to it and it has no sticky bit (mode " + octal(pfi.Mode().Perm()) + ")"}
	}
	dir := join(tmp, "infradoc-"+itoa(os.Geteuid())+"-graphviz")
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return "", err
	}
	if err := checkOwn(dir, fi); err != nil {
		return "", err
	}
	if fi.Mode().Perm() != 0o700 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// checkOwn returns an *UnsafeError unless fi (of path) is a folder, not a
// link, owned by this user, that group and others cannot write to.
func checkOwn(path string, fi fs.FileInfo) error {
	if !fi.IsDir() {
		return &UnsafeError{path, "not a folder"}
	}
	uid, ok := owner(fi)
	if !ok {
		return &UnsafeError{path, "its owner is unknown"}
	}
	if uid != os.Geteuid() {
		return &UnsafeError{path, "owned by user id " + itoa(uid) + ", not by user id " + itoa(os.Geteuid()) + " who runs infradoc"}
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return &UnsafeError{path, "others may write to it (mode " + octal(fi.Mode().Perm()) + ")"}
	}
	return nil
}

// checkBase checks the user's cache folder: a folder of this user that
// not everyone may write to. Its errors are plain ones (a root run with
// another user's HOME goes without a cache quietly); a group-writable one
// is accepted, as with per-user groups (umask 002), since infradoc's own
// folder inside it is checked on its own.
func checkBase(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return errors.New(path + " is not a folder")
	}
	if uid, ok := owner(fi); !ok || uid != os.Geteuid() {
		return errors.New(path + " belongs to user id " + itoa(uid) + ", not to this user")
	}
	if fi.Mode().Perm()&0o002 != 0 {
		return errors.New(path + " may be written to by everyone")
	}
	return nil
}

// owner returns the user id owning fi.
func owner(fi fs.FileInfo) (int, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return -1, false
	}
	return int(st.Uid), true
}

// octal formats a file mode's permission bits.
func octal(m fs.FileMode) string { return "0" + strconv.FormatUint(uint64(m), 8) }
