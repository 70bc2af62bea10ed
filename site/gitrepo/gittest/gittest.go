// Package gittest builds real git repositories in a test's temporary
// folder, with fixed names and dates so that hashes and outputs are the
// same on every run. A test that needs git skips when the git program is
// missing, except under CI=true, where a missing git fails it.
package gittest

import (
	"bytes"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Repo is a git work tree made for a test.
type Repo struct {
	t testing.TB
	// Dir is the work tree's top folder.
	Dir string
	// date is the date of the next commit; each commit moves it a day on.
	date time.Time
}

// Need skips the test when git is not installed, or fails it under CI=true.
func Need(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("git is not installed: %v", err)
		}
		t.Skipf("git is not installed: %v", err)
	}
}

// New makes an empty repository on branch main in a new temporary folder.
// Its first commit is dated 2026-01-01 12:00 UTC.
func New(t testing.TB) *Repo {
	t.Helper()
	Need(t)
	r := &Repo{t: t, Dir: t.TempDir(), date: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	r.Git("init", "--quiet", "--initial-branch=main")
	return r
}

// Env is the environment git runs in for the tests: no system or user
// config (a user's commit.gpgsign must not apply), no repository named by
// the caller's environment (a hook's GIT_DIR), fixed names.
func Env() []string {
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(k, "GIT_") {
			env = append(env, kv)
		}
	}
	return append(env, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.com")
}

// Git runs git in the repository and returns its standard output; a
// failure fails the test.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	return r.gitEnv(nil, args...)
}

func (r *Repo) gitEnv(extra []string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.Dir}, args...)...)
	cmd.Env = append(Env(), extra...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// Write writes files (path from the top, with slashes, to content),
// making folders as needed.
func (r *Repo) Write(files map[string]string) {
	r.t.Helper()
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(r.Dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
}

// CopyDir copies the folder src (a testdata folder) to dst inside the
// work tree (path with slashes; "." for the top), replacing what is there
// (but for the repository's .git at the top).
func (r *Repo) CopyDir(src, dst string) {
	r.t.Helper()
	target := filepath.Join(r.Dir, filepath.FromSlash(dst))
	entries, err := os.ReadDir(target)
	if err != nil && !os.IsNotExist(err) {
		r.t.Fatal(err)
	}
	for _, e := range entries {
		if target == r.Dir && e.Name() == ".git" {
			continue
		}
		if err := os.RemoveAll(filepath.Join(target, e.Name())); err != nil {
			r.t.Fatal(err)
		}
	}
	if err := os.CopyFS(target, os.DirFS(src)); err != nil {
		r.t.Fatal(err)
	}
}

// Remove deletes a file or folder of the work tree.
func (r *Repo) Remove(name string) {
	r.t.Helper()
	if err := os.RemoveAll(filepath.Join(r.Dir, filepath.FromSlash(name))); err != nil {
		r.t.Fatal(err)
	}
}

// Date is the date the next commit will have.
func (r *Repo) Date() time.Time { return r.date }

// SetDate sets the date of the next commit.
func (r *Repo) SetDate(d time.Time) { r.date = d }

// Commit stages everything and commits it with message, authored and
// committed at the repository's date, which then moves a day on. It
// returns the commit's hash.
func (r *Repo) Commit(message string) string {
	r.t.Helper()
	r.Git("add", "--all")
	date := r.date.Format(time.RFC3339)
	r.gitEnv([]string{"GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date},
		"commit", "--quiet", "--allow-empty", "--no-verify", "-m", message)
	r.date = r.date.AddDate(0, 0, 1)
	return strings.TrimSpace(r.Git("rev-parse", "HEAD"))
}

// Tag tags HEAD.
func (r *Repo) Tag(name string) {
	r.t.Helper()
	r.Git("tag", name)
}
