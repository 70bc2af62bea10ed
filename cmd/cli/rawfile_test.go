package cli

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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

// sameContent tells a file holding exactly the bytes from every other
// thing that may be at a path, without following a link or waiting on a
// pipe.
func TestSameContent(t *testing.T) {
	dir := t.TempDir()
	page := []byte("<p>page</p>\n")
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	same := write("same.html", page)
	link := filepath.Join(dir, "link.html")
	if err := os.Symlink(same, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.html")
	if err := syscallMkfifo(fifo); err != nil {
		t.Logf("no FIFO here: %v", err)
		fifo = ""
	}
	big := bytes.Repeat([]byte("0123456789"), 100000)
	cases := []struct {
		path         string
		data         []byte
		same, exists bool
	}{
		{same, page, true, true},
		{write("other.html", []byte("<p>pagE</p>\n")), page, false, true},
		{write("longer.html", append(slices.Clone(page), 'x')), page, false, true},
		{write("empty.html", nil), nil, true, true},
		{write("big.json", big), big, true, true},
		{link, page, false, true},
		{dir, page, false, true},
		{filepath.Join(dir, "missing.html"), page, false, false},
	}
	if fifo != "" {
		cases = append(cases, struct {
			path         string
			data         []byte
			same, exists bool
		}{fifo, nil, false, true})
	}
	for _, c := range cases {
		gotSame, gotExists := sameContent(c.path, c.data)
		if gotSame != c.same || gotExists != c.exists {
			t.Errorf("sameContent(%s) = %v, %v; want %v, %v", filepath.Base(c.path), gotSame, gotExists, c.same, c.exists)
		}
	}
}
