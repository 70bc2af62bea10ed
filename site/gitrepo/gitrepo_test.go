package gitrepo_test

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/infradoc/infradoc/site/gitrepo"
	"github.com/infradoc/infradoc/site/gitrepo/gittest"
	"github.com/infradoc/infradoc/site/rootfs"
)

func open(t *testing.T, dir string) *gitrepo.Repo {
	t.Helper()
	r, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func TestOpen(t *testing.T) {
	g := gittest.New(t)
	g.Write(map[string]string{"content/infradoc.yaml": "registry: INFRA_REGISTRY.yaml\n"})
	g.Commit("one")
	r := open(t, filepath.Join(g.Dir, "content"))
	if r.Prefix() != "content" {
		t.Errorf("Prefix() = %q, want content", r.Prefix())
	}
	top, _ := filepath.EvalSymlinks(g.Dir)
	if got, _ := filepath.EvalSymlinks(r.Top()); got != top {
		t.Errorf("Top() = %q, want %q", r.Top(), g.Dir)
	}
	if !r.HasCommits() {
		t.Error("HasCommits() = false after a commit")
	}
	if r.Shallow() {
		t.Error("Shallow() = true; want false")
	}
	if r := open(t, g.Dir); r.Prefix() != "" {
		t.Errorf("Prefix() at the top = %q", r.Prefix())
	}
}

func TestOpenNotWorkTree(t *testing.T) {
	gittest.Need(t)
	_, err := gitrepo.Open(t.TempDir())
	if !errors.Is(err, gitrepo.ErrNotWorkTree) {
		t.Fatalf("Open(temp folder) = %v, want ErrNotWorkTree", err)
	}
}

func TestOpenNoGit(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := gitrepo.Open("."); !errors.Is(err, gitrepo.ErrNoGit) {
		t.Fatalf("Open without git on PATH = %v, want ErrNoGit", err)
	}
}

func TestHasCommitsEmpty(t *testing.T) {
	g := gittest.New(t)
	if open(t, g.Dir).HasCommits() {
		t.Error("HasCommits() = true in a repository with no commit")
	}
}

func TestResolveRefusesOptions(t *testing.T) {
	g := gittest.New(t)
	g.Commit("one")
	r := open(t, g.Dir)
	for _, ref := range []string{"--output=x", "-h", "", "HEAD\n--output=x", "no-such-branch", "HEAD:content"} {
		_, err := r.Resolve(ref)
		var re *gitrepo.RefError
		if !errors.As(err, &re) {
			t.Errorf("Resolve(%q) = %v, want a RefError", ref, err)
		}
	}
	if _, err := os.Stat(filepath.Join(g.Dir, "x")); err == nil {
		t.Error("a ref wrote the file x")
	}
	head := strings.TrimSpace(g.Git("rev-parse", "HEAD"))
	if got, err := r.Resolve("main"); err != nil || got != head {
		t.Errorf("Resolve(main) = %q, %v; want %s", got, err, head)
	}
}

func TestTree(t *testing.T) {
	g := gittest.New(t)
	g.Write(map[string]string{
		"content/INFRA_REGISTRY.yaml": "items: []\n",
		"content/obligations/A.yaml":  "a\n",
		"content/obligations/B.yaml":  "b\n",
		"content/docs/x.md":           "# x\n",
		"outside.txt":                 "secret\n",
	})
	links := map[string]string{
		"content/inside-link": "obligations/A.yaml",
		"content/dir-link":    "obligations",
		"content/escape":      "../outside.txt",
		"content/absolute":    "/etc/passwd",
		"content/loop":        "loop",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(g.Dir, filepath.FromSlash(name))); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	first := g.Commit("one")
	// A submodule entry: a commit of another repository.
	g.Git("update-index", "--add", "--cacheinfo", "160000,"+first+",content/vendor")
	g.Git("commit", "--quiet", "-m", "submodule")
	g.Write(map[string]string{"content/obligations/A.yaml": "a2\n"})
	g.Commit("two")

	r := open(t, g.Dir)
	top, err := r.Tree("HEAD~1", "")
	if err != nil {
		t.Fatal(err)
	}
	tree, err := r.Tree("HEAD~1", "content")
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		t.Helper()
		b, err := rootfs.ReadInput(tree, name, 0)
		if err != nil {
			t.Fatalf("ReadInput(%s): %v", name, err)
		}
		return string(b)
	}
	if got := read("obligations/A.yaml"); got != "a\n" {
		t.Errorf("A.yaml at HEAD~1 = %q, want the first version", got)
	}
	if got := read("inside-link"); got != "a\n" {
		t.Errorf("a link inside the root reads %q", got)
	}
	if got := read("dir-link/B.yaml"); got != "b\n" {
		t.Errorf("a file through a folder link reads %q", got)
	}
	if _, err := rootfs.ReadInput(top, "outside.txt", 0); err != nil {
		t.Errorf("the whole tree reads outside.txt: %v", err)
	}
	for _, name := range []string{"escape", "absolute", "../outside.txt", "/etc/passwd"} {
		if _, err := rootfs.ReadInput(tree, name, 0); !errors.Is(err, rootfs.ErrOutsideRoot) {
			t.Errorf("ReadInput(%s) = %v, want ErrOutsideRoot", name, err)
		}
	}
	for _, name := range []string{"vendor", "loop"} {
		if _, err := rootfs.ReadInput(tree, name, 0); !errors.Is(err, rootfs.ErrNotRegular) {
			t.Errorf("ReadInput(%s) = %v, want ErrNotRegular", name, err)
		}
	}
	if _, err := rootfs.ReadInput(tree, "INFRA_REGISTRY.yaml", 4); !errors.Is(err, rootfs.ErrTooLarge) {
		t.Errorf("ReadInput over the limit = %v, want ErrTooLarge", err)
	}
	if _, err := tree.Open("missing.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open(missing) = %v, want ErrNotExist", err)
	}

	entries, err := fs.ReadDir(tree, ".")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name()+":"+e.Type().String())
	}
	want := []string{"INFRA_REGISTRY.yaml:----------", "absolute:L---------", "dir-link:L---------", "docs:d---------", "escape:L---------",
		"inside-link:L---------", "loop:L---------", "obligations:d---------", "vendor:?---------"}
	if !slices.Equal(got, want) {
		t.Errorf("ReadDir(.) =\n%q\nwant\n%q", got, want)
	}
	// The FS behaves as io/fs expects, for the regular files and folders.
	if err := fstest.TestFS(mustSub(t, tree, "obligations"), "A.yaml", "B.yaml"); err != nil {
		t.Error(err)
	}

	// A folder the commit does not hold reads as an empty root.
	none, err := top.Sub("not-yet")
	if err != nil {
		t.Fatal(err)
	}
	if none.Exists() {
		t.Error("Exists() for a missing folder")
	}
	if entries, err := fs.ReadDir(none, "."); err != nil || len(entries) != 0 {
		t.Errorf("ReadDir of a missing folder = %v, %v; want empty", entries, err)
	}
	if _, err := fs.Stat(none, "infradoc.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat in a missing folder = %v", err)
	}
}

func mustSub(t *testing.T, tree *gitrepo.Tree, dir string) *gitrepo.Tree {
	t.Helper()
	sub, err := tree.Sub(dir)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func TestFileLog(t *testing.T) {
	g := gittest.New(t)
	g.Write(map[string]string{"reg.yaml": "v1\n", "other.txt": "x\n"})
	c1 := g.Commit("one")
	g.Write(map[string]string{"other.txt": "y\n"})
	g.Commit("other file only")
	g.SetDate(time.Date(2026, 2, 1, 23, 30, 0, 0, time.FixedZone("", -5*3600)))
	g.Write(map[string]string{"reg.yaml": "v2\n"})
	c3 := g.Commit("two")
	// A branch merged back: its commit is listed, the merge is not.
	g.Git("checkout", "--quiet", "-b", "side")
	g.Write(map[string]string{"reg.yaml": "v3\n"})
	c4 := g.Commit("three, on a branch")
	g.Git("checkout", "--quiet", "main")
	g.Write(map[string]string{"other.txt": "z\n"})
	g.Commit("main moves on")
	g.Git("merge", "--quiet", "--no-ff", "-m", "merge", "side")
	g.Remove("reg.yaml")
	c6 := g.Commit("removed")

	r := open(t, g.Dir)
	log, err := r.FileLog("reg.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hashes []string
	for _, c := range log {
		hashes = append(hashes, c.Hash)
	}
	if want := []string{c1, c3, c4, c6}; !slices.Equal(hashes, want) {
		t.Fatalf("FileLog hashes = %v, want %v", hashes, want)
	}
	content := func(id string) string {
		if id == "" {
			return ""
		}
		b, err := r.ReadBlob(id, 0)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var steps []string
	for _, c := range log {
		steps = append(steps, content(c.Before)+"->"+content(c.After))
	}
	if want := []string{"->v1\n", "v1\n->v2\n", "v2\n->v3\n", "v3\n->"}; !slices.Equal(steps, want) {
		t.Errorf("FileLog contents = %q, want %q", steps, want)
	}
	if got := log[1].Author.Format(time.RFC3339); got != "2026-02-01T23:30:00-05:00" {
		t.Errorf("author date = %s, want the commit's own zone", got)
	}
	if _, err := r.FileLog("no-such-file"); err != nil {
		t.Errorf("FileLog of a file never committed: %v", err)
	}
}

func TestShallowClone(t *testing.T) {
	g := gittest.New(t)
	g.Write(map[string]string{"a.txt": "1\n"})
	g.Commit("one")
	g.Write(map[string]string{"a.txt": "2\n"})
	g.Commit("two")
	clone := filepath.Join(t.TempDir(), "clone")
	cmd := exec.Command("git", "clone", "--quiet", "--depth=1", "file://"+g.Dir, clone)
	cmd.Env = gittest.Env()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	if !open(t, clone).Shallow() {
		t.Error("Shallow() of a --depth=1 clone = false")
	}
}

func TestEnvironmentDoesNotRedirect(t *testing.T) {
	g := gittest.New(t)
	g.Write(map[string]string{"a.txt": "1\n"})
	g.Commit("one")
	other := gittest.New(t)
	// A hook runs with GIT_DIR set to its own repository.
	t.Setenv("GIT_DIR", filepath.Join(other.Dir, ".git"))
	r := open(t, g.Dir)
	tree, err := r.Tree("HEAD", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(tree, "a.txt"); err != nil {
		t.Errorf("GIT_DIR redirected the reader: %v", err)
	}
}

// TestCopyDirKeepsGit: gittest's CopyDir into the top replaces the files
// but not the repository.
func TestCopyDirKeepsGit(t *testing.T) {
	g := gittest.New(t)
	g.Write(map[string]string{"old.txt": "old\n"})
	g.Commit("one")
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "new.txt"), []byte("new\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	g.CopyDir(src, ".")
	g.Commit("two")
	if got := g.Git("ls-files"); got != "new.txt\n" {
		t.Errorf("after CopyDir into the top, the tree holds %q", got)
	}
}
