// Package usercache gives infradoc folders that only the user running it
// can write to: its cache under os.UserCacheDir(), and the folder where
// go-graphviz keeps the machine code it compiles Graphviz to.
//
// # Why go-graphviz needs a folder of its own
//
// go-graphviz v0.2.10 compiles its Graphviz WebAssembly module to machine
// code in an init function, that is before main, in every process that
// links it. It caches that code in os.TempDir()/go-graphviz, a folder it
// creates 0755 without checking who owns an existing one, and runs the code
// it finds there. In a shared /tmp, one user's run therefore makes every
// other user's run panic (permission denied in root's folder), and a user
// who creates the folder first chooses the machine code everybody else
// runs. The library has no setting for the folder; it only reads TMPDIR
// (os.TempDir) during its init.
//
// Only the worker program, infradoc-graphviz, links go-graphviz. Its
// package graphviztmp points TMPDIR at GraphvizTempDir before go-graphviz's
// init runs (see there for why it runs first); infradoc, which starts the
// workers, gives them the same folder in their environment (ChildEnv), so
// a later go-graphviz that compiles on first use instead of in init stays
// covered too. Nothing here runs at start-up: infradoc's commands that draw
// nothing pay for none of it.
//
// This package imports only errors, io/fs, os, strconv, sync and syscall
// (no path/filepath: see join), which graphviztmp's init order relies on.
package usercache

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
	"sync"
)

// EnvGraphvizTempDir names, in a worker's environment, the private folder
// its parent chose for go-graphviz, so that parent and workers agree on one
// compiled-code cache. The worker still checks the folder before using it.
const EnvGraphvizTempDir = "INFRADOC_GRAPHVIZ_TMPDIR"

// noCacheDir is the TMPDIR go-graphviz gets when no private folder can be
// had: the library cannot create a folder under a device file, so it
// compiles in memory without a cache (about half a second more per
// process) instead of using anyone's files.
const noCacheDir = "/dev/null"

// UnsafeError means a folder exists but may not be used: it is not a
// folder, is owned by another user, or others may write to it.
type UnsafeError struct {
	Path   string
	Reason string
}

func (e *UnsafeError) Error() string {
	return "folder " + e.Path + " is not safe to use: " + e.Reason
}

// IsUnsafe reports whether err is, or wraps, an *UnsafeError.
func IsUnsafe(err error) bool {
	var u *UnsafeError
	return errors.As(err, &u)
}

// graphvizTempDir chooses GraphvizTempDir's folder on its first call.
var graphvizTempDir = sync.OnceValues(chooseGraphvizTempDir)

// GraphvizTempDir returns the TMPDIR go-graphviz should be initialised
// with, chosen on the first call (see chooseGraphvizTempDir): a folder only
// this user can write to, or /dev/null when there is none (go-graphviz then
// caches nothing); "" means leave TMPDIR alone (systems other than Unix).
// problem is why a folder was refused as unsafe (an *UnsafeError), if one
// was; a missing or uncreatable folder is not a problem: the next choice is
// used silently.
func GraphvizTempDir() (dir string, problem error) { return graphvizTempDir() }

// ChildEnv returns env (as from os.Environ) for a process that links
// go-graphviz (infradoc-graphviz): TMPDIR and EnvGraphvizTempDir name
// GraphvizTempDir, so that every worker uses the folder this process
// chose. env is returned unchanged when there is no private folder: the
// worker then looks for one itself.
func ChildEnv(env []string) []string {
	dir, _ := GraphvizTempDir()
	return childEnv(env, dir)
}

func childEnv(env []string, dir string) []string {
	if dir == "" || dir == noCacheDir {
		return env
	}
	out := make([]string, 0, len(env)+2)
	out = append(out, env...)
	return append(out, "TMPDIR="+dir, EnvGraphvizTempDir+"="+dir)
}

// Dir returns os.UserCacheDir()/infradoc/name, creating what is missing,
// 0700: the user's cache folder itself only when its parent exists (so no
// home folder is ever created). The user's cache folder must be a folder of
// this user that not everyone can write to (else a plain error: root run
// with another user's HOME quietly goes without). infradoc's own two must
// be folders owned by this user that nobody else can write to, else an
// *UnsafeError; they are narrowed to 0700 when they allow more.
func Dir(name string) (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	if err := os.Mkdir(base, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", err
	}
	if err := checkBase(base); err != nil {
		return "", err
	}
	top := join(base, "infradoc")
	if err := mkdirPrivate(top); err != nil {
		return "", err
	}
	dir := join(top, name)
	if err := mkdirPrivate(dir); err != nil {
		return "", err
	}
	return dir, nil
}

// Private creates dir with its missing parents (0700) and checks that it
// is a folder owned by this user that others cannot write to (else an
// *UnsafeError). Its mode is otherwise left as it is.
func Private(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	return checkOwn(dir, fi)
}

// mkdirPrivate creates dir (0700) unless it exists, then checks it and
// narrows it to 0700 when it allows more.
func mkdirPrivate(dir string) error {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if err := checkOwn(dir, fi); err != nil {
		return err
	}
	if fi.Mode().Perm() != 0o700 {
		return os.Chmod(dir, 0o700)
	}
	return nil
}

// join joins a folder and a name without path/filepath (see the package
// comment for why this package imports so little).
func join(dir, name string) string {
	for len(dir) > 1 && os.IsPathSeparator(dir[len(dir)-1]) {
		dir = dir[:len(dir)-1]
	}
	if len(dir) > 0 && os.IsPathSeparator(dir[len(dir)-1]) {
		return dir + name
	}
	return dir + string(os.PathSeparator) + name
}

// itoa formats a user id.
func itoa(n int) string { return strconv.Itoa(n) }
