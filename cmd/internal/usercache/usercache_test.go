//go:build unix

package usercache

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestGraphvizTempDirIsPrivateAndLeavesTMPDIRAlone(t *testing.T) {
	before, set := os.LookupEnv("TMPDIR")
	dir, _ := GraphvizTempDir()
	if dir == "" {
		t.Fatal("no folder chosen for go-graphviz")
	}
	if dir != noCacheDir {
		fi, err := os.Lstat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkOwn(dir, fi); err != nil || fi.Mode().Perm() != 0o700 {
			t.Fatalf("go-graphviz's folder %s: mode %v, %v", dir, fi.Mode(), err)
		}
	}
	if again, _ := GraphvizTempDir(); again != dir {
		t.Errorf("chosen twice: %q, then %q", dir, again)
	}
	if got, gotSet := os.LookupEnv("TMPDIR"); got != before || gotSet != set {
		t.Fatalf("TMPDIR changed to %q (set %v) from %q (set %v): only graphviztmp may change it", got, gotSet, before, set)
	}
}

func TestDirCreatesPrivateFoldersAndNarrowsOwnOnes(t *testing.T) {
	base := filepath.Join(t.TempDir(), "cache")
	t.Setenv("XDG_CACHE_HOME", base)
	dir, err := Dir("diagrams")
	if err != nil {
		t.Fatal(err)
	}
	if dir != filepath.Join(base, "infradoc", "diagrams") {
		t.Fatalf("Dir = %s", dir)
	}
	for _, d := range []string{base, filepath.Dir(dir), dir} {
		if fi, err := os.Stat(d); err != nil || fi.Mode().Perm() != 0o700 {
			t.Fatalf("%s: %v %v, want a 0700 folder", d, fi.Mode(), err)
		}
	}
	// A folder made 0755 by an older infradoc is narrowed.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Dir("diagrams"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Fatalf("mode %v, want 0700", fi.Mode())
	}
	// One others may write to is refused, not repaired.
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if _, err := Dir("diagrams"); !IsUnsafe(err) {
		t.Fatalf("group/world-writable folder: %v, want an UnsafeError", err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o777 {
		t.Fatal("an unsafe folder was changed")
	}
	// A file in its place is refused.
	if err := os.WriteFile(filepath.Join(base, "infradoc", "wasm"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Dir("wasm"); !IsUnsafe(err) {
		t.Fatalf("file: %v, want an UnsafeError", err)
	}
}

func TestDirNeverCreatesTheHomeFolder(t *testing.T) {
	home := filepath.Join(t.TempDir(), "no-home")
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", home)
	if _, err := Dir("wasm"); err == nil {
		t.Fatal("Dir succeeded without a home folder")
	}
	if _, err := os.Stat(home); !os.IsNotExist(err) {
		t.Fatalf("the home folder was created: %v", err)
	}
}

func TestPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := Private(dir); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("%v %v", fi.Mode(), err)
	}
	if err := os.Chmod(dir, 0o770); err != nil {
		t.Fatal(err)
	}
	if err := Private(dir); !IsUnsafe(err) {
		t.Fatalf("group-writable: %v, want an UnsafeError", err)
	}
}

func TestChooseGraphvizTempDirFallsBack(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	t.Setenv(EnvGraphvizTempDir, "")
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", filepath.Join(tmp, "missing"))
	// No cache folder: the user's own folder in TMPDIR.
	dir, problem := chooseGraphvizTempDir()
	want := filepath.Join(tmp, "infradoc-"+itoa(os.Geteuid())+"-graphviz")
	if dir != want || problem != nil {
		t.Fatalf("got %q, %v; want %q", dir, problem, want)
	}
	// A parent's folder is taken when it is private, else ignored.
	parent := t.TempDir()
	os.Chmod(parent, 0o700)
	t.Setenv(EnvGraphvizTempDir, parent)
	if dir, _ := chooseGraphvizTempDir(); dir != parent {
		t.Fatalf("inherited: got %q, want %q", dir, parent)
	}
	os.Chmod(parent, 0o755)
	if dir, _ := chooseGraphvizTempDir(); dir != want {
		t.Fatalf("inherited 0755 folder: got %q, want %q", dir, want)
	}
	t.Setenv(EnvGraphvizTempDir, "")
	// A link in its place (another user could have made it) is refused.
	os.Remove(want)
	if err := os.Symlink(t.TempDir(), want); err != nil {
		t.Fatal(err)
	}
	dir, problem = chooseGraphvizTempDir()
	if dir != noCacheDir || !IsUnsafe(problem) {
		t.Fatalf("link: got %q, %v; want %q and an UnsafeError", dir, problem, noCacheDir)
	}
	// A temporary folder anyone may rename things in is not used.
	os.Remove(want)
	os.Chmod(tmp, 0o777)
	defer os.Chmod(tmp, 0o700)
	if dir, _ := chooseGraphvizTempDir(); dir != noCacheDir {
		t.Fatalf("world-writable TMPDIR without sticky bit: got %q", dir)
	}
	os.Chmod(tmp, os.ModeSticky|0o777)
	if dir, _ := chooseGraphvizTempDir(); dir != want {
		t.Fatalf("sticky TMPDIR: got %q, want %q", dir, want)
	}
}

func TestChooseGraphvizTempDirRefusesAnotherUsersFolders(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give folders to another user (uid 65534)")
	}
	tmp := t.TempDir()
	os.Chmod(tmp, os.ModeSticky|0o777)
	base := filepath.Join(tmp, "cache")
	t.Setenv("TMPDIR", tmp)
	t.Setenv(EnvGraphvizTempDir, "")
	t.Setenv("XDG_CACHE_HOME", base)
	for _, d := range []string{filepath.Join(base, "infradoc", "wasm"), filepath.Join(tmp, "infradoc-0-graphviz")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(d, 65534, 65534); err != nil {
			t.Fatal(err)
		}
	}
	dir, problem := chooseGraphvizTempDir()
	if dir != noCacheDir || !IsUnsafe(problem) {
		t.Fatalf("got %q, %v; want %q and an UnsafeError", dir, problem, noCacheDir)
	}
	// Another user's cache folder itself is quietly not used.
	os.Chown(base, 65534, 65534)
	if _, err := Dir("wasm"); err == nil || IsUnsafe(err) {
		t.Fatalf("another user's cache folder: %v, want a plain error", err)
	}
}

func TestChildEnv(t *testing.T) {
	env := []string{"A=1", "TMPDIR=/tmp"}
	for _, dir := range []string{"", noCacheDir} {
		if got := childEnv(env, dir); !slices.Equal(got, env) {
			t.Errorf("no private folder (%q): childEnv = %q", dir, got)
		}
	}
	got := childEnv(env, "/home/u/.cache/infradoc/wasm")
	want := append(slices.Clone(env), "TMPDIR=/home/u/.cache/infradoc/wasm", EnvGraphvizTempDir+"=/home/u/.cache/infradoc/wasm")
	if !slices.Equal(got, want) || len(env) != 2 {
		t.Errorf("childEnv = %q, want %q", got, want)
	}
	if dir, _ := GraphvizTempDir(); !slices.Equal(ChildEnv(env), childEnv(env, dir)) {
		t.Error("ChildEnv does not give GraphvizTempDir")
	}
}

func TestJoin(t *testing.T) {
	for _, c := range [][3]string{{"/a", "b", "/a/b"}, {"/a/", "b", "/a/b"}, {"/", "b", "/b"}, {"a//", "b", "a/b"}} {
		if got := join(c[0], c[1]); got != c[2] {
			t.Errorf("join(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}
