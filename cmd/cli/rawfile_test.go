package cli

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// readFileStat and writeNewFile behave as os.ReadFile with os.Stat, and
// os.WriteFile, do.
func TestRawFileReadsAndWritesAsOSDoes(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<16)
	for name, data := range map[string][]byte{"empty": {}, "small.yaml": []byte("id: OB-1\n"), "big.svg": big} {
		p := filepath.Join(dir, name)
		if err := writeNewFile(p, data); err != nil {
			t.Fatal(err)
		}
		got, info, err := readFileStat(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s: read %d bytes, wrote %d", name, len(got), len(data))
		}
		want, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if info.Name() != want.Name() || info.Size() != want.Size() || info.Mode() != want.Mode() || !info.ModTime().Equal(want.ModTime()) || info.IsDir() {
			t.Errorf("%s: info %v %d %v %v, os.Stat says %v %d %v %v", name, info.Name(), info.Size(), info.Mode(), info.ModTime(), want.Name(), want.Size(), want.Mode(), want.ModTime())
		}
	}
	// writeNewFile truncates a longer file.
	p := filepath.Join(dir, "big.svg")
	if err := writeNewFile(p, []byte("short")); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := readFileStat(p); string(got) != "short" {
		t.Errorf("after a shorter write the file holds %q", got)
	}
	if _, _, err := readFileStat(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
	if _, info, err := readFileStat(dir); err == nil || (info != nil && !info.IsDir()) {
		t.Errorf("a folder read as a file: info %v, err %v", info, err)
	}
	if err := writeNewFile(filepath.Join(dir, "no", "such", "folder"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("write into a missing folder: %v, want fs.ErrNotExist", err)
	}
}

// A file whose size fstat does not know (0 in /proc) is still read whole.
func TestRawFileReadsFilesOfUnknownSize(t *testing.T) {
	const p = "/proc/self/mountinfo"
	want, err := os.ReadFile(p)
	if err != nil || len(want) == 0 {
		t.Skipf("no %s to read here: %v", p, err)
	}
	got, info, err := readFileStat(p)
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() != 0 || len(got) < len(want)/2 || !bytes.HasPrefix(got, want[:bytes.IndexByte(want, '\n')+1]) {
		t.Errorf("read %d bytes (fstat size %d) of %s, os.ReadFile read %d", len(got), info.Size(), p, len(want))
	}
}
