package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// The writer writes what it was handed even though the caller reuses its
// buffer at once, replaces existing files, writes big files directly and
// reports the first failure to later calls and to close.
func TestSiteWriterWritesWhatItWasHanded(t *testing.T) {
	dir := t.TempDir()
	w := newSiteWriter()
	buf := make([]byte, 0, 64)
	for i := range 300 {
		buf = fmt.Appendf(buf[:0], "page %d\n", i)
		if err := w.write(filepath.Join(dir, fmt.Sprintf("p%03d.html", i)), buf, false); err != nil {
			t.Fatal(err)
		}
	}
	old := filepath.Join(dir, "old.html")
	if err := os.WriteFile(old, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := w.write(old, []byte("new"), true); err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte("x"), handOffMax+1)
	if err := w.write(filepath.Join(dir, "big.json"), big, false); err != nil {
		t.Fatal(err)
	}
	if err := w.close(); err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		got, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("p%03d.html", i)))
		if want := fmt.Sprintf("page %d\n", i); err != nil || string(got) != want {
			t.Fatalf("p%03d.html holds %q (%v), want %q", i, got, err, want)
		}
	}
	if got, _ := os.ReadFile(old); string(got) != "new" {
		t.Errorf("the replaced file holds %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "big.json")); !bytes.Equal(got, big) {
		t.Errorf("the big file holds %d bytes, want %d", len(got), len(big))
	}
}

func TestSiteWriterReportsTheFirstFailure(t *testing.T) {
	dir := t.TempDir()
	w := newSiteWriter()
	if err := w.write(filepath.Join(dir, "missing", "folder", "a.html"), []byte("a"), false); err != nil {
		t.Fatalf("the failure surfaced before the file was written: %v", err)
	}
	var later error
	for i := 0; i < 10000 && later == nil; i++ {
		later = w.write(filepath.Join(dir, fmt.Sprintf("b%d.html", i)), []byte("b"), false)
	}
	if !errors.Is(later, fs.ErrNotExist) {
		t.Errorf("later writes returned %v, want the first failure", later)
	}
	if err := w.close(); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("close returned %v, want the first failure", err)
	}
}
