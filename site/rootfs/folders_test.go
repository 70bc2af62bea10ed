package rootfs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/infradoc/infradoc/site/rootfs/rootfstest"
)

// write makes the files of a repository in a temporary folder.
func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	rootfstest.WriteTree(t, dir, files)
	return dir
}

func open(t *testing.T, dir string) *FS {
	t.Helper()
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// Reading through the open folders gives what the repository's root
// gives, for more folders than are kept open, from many readers at once.
func TestFoldersReadManyFolders(t *testing.T) {
	files := map[string]string{"top.txt": "top"}
	for i := range 3 * maxFolders {
		files[fmt.Sprintf("a/b/d%03d/f.txt", i)] = fmt.Sprint(i)
	}
	r := open(t, write(t, files))
	var wg sync.WaitGroup
	errs := make(chan error, len(files))
	for name, want := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := ReadInput(r, name, 0)
			if err != nil || string(got) != want {
				errs <- fmt.Errorf("%s: %q, %v; want %q", name, got, err, want)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(r.folders.open); n > maxFolders {
		t.Errorf("%d folders open, want at most %d", n, maxFolders)
	}
	entries, err := r.ReadDir("a/b")
	if err != nil || len(entries) != 3*maxFolders {
		t.Errorf("ReadDir(a/b): %d entries, %v", len(entries), err)
	}
}

// A symbolic link from one folder into a sibling stays inside the
// repository: it is read, though it leaves the folder it is in. One that
// leaves the repository is refused as before.
func TestFoldersLinks(t *testing.T) {
	dir := write(t, map[string]string{"a/real.txt": "real", "b/keep.txt": "b"})
	outside := write(t, map[string]string{"secret.txt": "secret"})
	for link, target := range map[string]string{
		"b/sibling.txt": "../a/real.txt",
		"b/linkdir":     "../a",
		"b/escape.txt":  filepath.Join(outside, "secret.txt"),
		"b/up.txt":      "../../" + filepath.Base(outside) + "/secret.txt",
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	r := open(t, dir)
	for _, name := range []string{"b/sibling.txt", "b/linkdir/real.txt"} {
		if got, err := ReadInput(r, name, 0); err != nil || string(got) != "real" {
			t.Errorf("%s: %q, %v; want the linked file", name, got, err)
		}
		if _, err := r.Stat(name); err != nil {
			t.Errorf("Stat(%s): %v", name, err)
		}
	}
	for _, name := range []string{"b/escape.txt", "b/up.txt"} {
		_, err := ReadInput(r, name, 0)
		if !errors.Is(err, ErrOutsideRoot) {
			t.Errorf("%s: %v, want ErrOutsideRoot", name, err)
		}
	}
	_, err := ReadInput(r, "b/missing.txt", 0)
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != "b/missing.txt" {
		t.Errorf("missing file: %v, want a not-exist error naming b/missing.txt", err)
	}
}
