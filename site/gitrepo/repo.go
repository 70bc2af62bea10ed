// Package gitrepo reads a git repository by running the git program: the
// tree of files at a commit as an fs.FS (so site.Load can load the
// repository as it was), the commits that changed a file with the file's
// blobs before and after, and whether the clone is shallow.
//
// It runs git rather than linking a Go implementation of git (go-git):
// git is on every CI runner and every developer machine that holds a
// clone, while go-git would add a large dependency tree to a small tool
// and differs from git on the edge cases real clones have (worktrees and
// their .git files, sparse checkouts, partial clones that fetch blobs on
// demand, new index and pack formats). Whatever git can read, infradoc
// reads the same way.
//
// Every command runs as `git -C DIR --no-pager …` with GIT_OPTIONAL_LOCKS=0
// (reading never takes the index lock another git process may hold), no
// prompt, the C locale (so messages are stable) and the variables that
// point git at another repository (GIT_DIR, GIT_WORK_TREE, …) removed: the
// repository is the one holding DIR, as for every other input. Nothing is
// written and no user setting (user.name, …) is needed.
package gitrepo

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Errors of finding the repository.
var (
	// ErrNoGit is returned when the git program is not installed.
	ErrNoGit = errors.New("the git program is not installed (or not on PATH)")
	// ErrNotWorkTree is returned when a folder is not inside a git work
	// tree.
	ErrNotWorkTree = errors.New("not inside a git work tree")
)

// Repo is the git work tree holding a folder.
type Repo struct {
	git string
	// top is the work tree's top folder, as git prints it.
	top string
	// prefix is the folder Open was given, relative to top, with slashes;
	// "" at the top.
	prefix string
	// shallow and hasHead are what Open found: a clone with its history
	// cut off, and a HEAD that names a commit.
	shallow bool
	// head is HEAD's commit when Open ran; "" when nothing is committed.
	head string
	mu   sync.Mutex
	// batch reads blobs; started on first use.
	batch *catFile
}

// Open finds the git work tree holding dir.
func Open(dir string) (*Repo, error) {
	git, err := exec.LookPath("git")
	if err != nil {
		return nil, ErrNoGit
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	r := &Repo{git: git, top: abs}
	// One git process answers all of Open's questions: each process costs
	// milliseconds, and validate runs this on every call. --verify -q HEAD
	// prints HEAD's commit last, or nothing and status 1 when nothing is
	// committed yet; any other failure is not a work tree.
	cmd := r.command("rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository", "--verify", "-q", "HEAD")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1 && stderr.Len() == 0) {
		msg, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("%s: %w (%s)", dir, ErrNotWorkTree, strings.TrimPrefix(msg, "fatal: "))
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) < 3 || len(lines) > 4 || lines[0] == "" {
		return nil, fmt.Errorf("%s: %w (git rev-parse printed %q)", dir, ErrNotWorkTree, out)
	}
	r.top = lines[0]
	r.prefix = strings.TrimSuffix(lines[1], "/")
	r.shallow = lines[2] == "true"
	if len(lines) == 4 && err == nil && isHash(lines[3]) {
		r.head = lines[3]
	}
	return r, nil
}

// Top is the work tree's top folder.
func (r *Repo) Top() string { return r.top }

// Prefix is the folder Open was given relative to the top of the work tree,
// with slashes: "" when it is the top, "content" for its content folder.
func (r *Repo) Prefix() string { return r.prefix }

// Shallow reports whether the clone is shallow (its history is cut off, as
// in CI checkouts with a fetch depth), as it was when Open ran.
func (r *Repo) Shallow() bool { return r.shallow }

// HasCommits reports whether HEAD named a commit when Open ran: false in
// a repository where nothing was committed yet.
func (r *Repo) HasCommits() bool { return r.head != "" }

// Head is the commit HEAD named when Open ran; "" when nothing is
// committed yet.
func (r *Repo) Head() string { return r.head }

// Close stops the git process that reads blobs, if one was started.
func (r *Repo) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.batch == nil {
		return nil
	}
	err := r.batch.close()
	r.batch = nil
	return err
}

// command returns the git command running args in the work tree (in the
// folder Open was given until the top is known).
func (r *Repo) command(args ...string) *exec.Cmd {
	full := append([]string{"-C", r.top, "--no-pager",
		// Settings that would change what the commands below print.
		"-c", "log.showSignature=false", "-c", "log.follow=false", "-c", "log.showRoot=true",
		"-c", "core.quotePath=false", "-c", "color.ui=false"}, args...)
	cmd := exec.Command(r.git, full...)
	cmd.Env = gitEnv(os.Environ())
	return cmd
}

// run runs git with args and returns its standard output. A failure's
// error holds the first line git wrote on its standard error.
func (r *Repo) run(args ...string) ([]byte, error) {
	cmd := r.command(args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
		if msg == "" {
			msg = err.Error()
		}
		return nil, &Error{Args: args, Msg: strings.TrimPrefix(msg, "fatal: ")}
	}
	return out, nil
}

// Error is a git command that failed.
type Error struct {
	Args []string
	// Msg is what git said, without its "fatal: ".
	Msg string
}

func (e *Error) Error() string {
	// Name the git command, not the global options before it.
	for _, a := range e.Args {
		if !strings.HasPrefix(a, "-") {
			return "git " + a + ": " + e.Msg
		}
	}
	return "git: " + e.Msg
}

// gitEnv is env without the variables that point git at another
// repository or index (a hook runs with GIT_DIR set, say), with the ones
// that keep reading quiet and stable.
func gitEnv(env []string) []string {
	drop := []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
		"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX",
		"GIT_LITERAL_PATHSPECS", "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS",
		"GIT_OPTIONAL_LOCKS", "GIT_TERMINAL_PROMPT", "GIT_PAGER", "LC_ALL", "LANGUAGE"}
	out := make([]string, 0, len(env)+4)
	for _, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); !slices.Contains(drop, k) {
			out = append(out, kv)
		}
	}
	return append(out, "GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "LC_ALL=C", "LANGUAGE=C")
}
