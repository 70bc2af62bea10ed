package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The writer stages what it was handed even though the caller reuses its
// buffer at once, writes big files directly, and nothing is in place until
// commit.
func TestSiteWriterStagesWhatItWasHanded(t *testing.T) {
	dir := t.TempDir()
	o, err := openOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if err := os.WriteFile(filepath.Join(dir, "old.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := newSiteWriter(o)
	buf := make([]byte, 0, 64)
	for i := range 300 {
		buf = fmt.Appendf(buf[:0], "page %d\n", i)
		if err := w.write(fmt.Sprintf("p%03d.html", i), buf); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.write("old.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte("x"), handOffMax+1)
	if err := w.write("big.json", big); err != nil {
		t.Fatal(err)
	}
	if err := w.close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "old.html")); string(got) != "old" {
		t.Errorf("old.html replaced before commit: %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "p000.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("p000.html in place before commit: %v", err)
	}
	if err := o.commit(); err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		got, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("p%03d.html", i)))
		if want := fmt.Sprintf("page %d\n", i); err != nil || string(got) != want {
			t.Fatalf("p%03d.html holds %q (%v), want %q", i, got, err, want)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "old.html")); string(got) != "new" {
		t.Errorf("the replaced file holds %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "big.json")); !bytes.Equal(got, big) {
		t.Errorf("the big file holds %d bytes, want %d", len(got), len(big))
	}
	if extra := leftovers(t, dir, append(fileNames(300), "old.html", "big.json")...); len(extra) > 0 {
		t.Errorf("temporary files left: %v", extra)
	}
}

func fileNames(n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("p%03d.html", i))
	}
	return out
}

func TestSiteWriterReportsTheFirstFailure(t *testing.T) {
	dir := t.TempDir()
	o, err := openOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	w := newSiteWriter(o)
	if err := w.write("missing/folder/a.html", []byte("a")); err != nil {
		t.Fatalf("the failure surfaced before the file was written: %v", err)
	}
	var later error
	for i := 0; i < 10000 && later == nil; i++ {
		later = w.write(fmt.Sprintf("b%d.html", i), []byte("b"))
	}
	if !errors.Is(later, fs.ErrNotExist) {
		t.Errorf("later writes returned %v, want the first failure", later)
	}
	if err := w.close(); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("close returned %v, want the first failure", err)
	}
	o.discard()
	if extra := leftovers(t, dir); len(extra) > 0 {
		t.Errorf("discard left: %v", extra)
	}
}

// leftovers lists the entries of dir other than want (temporary files of
// a write, say).
func leftovers(t *testing.T, dir string, want ...string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for _, de := range des {
		if !slices.Contains(want, de.Name()) {
			extra = append(extra, de.Name())
		}
	}
	return extra
}
