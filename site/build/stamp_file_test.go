package build

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"
)

// decodeStamp reads a whole stamp file. A stamp cut short, with anything
// after its end, or of another version is refused.
func decodeStamp(data []byte) (*buildStamp, error) {
	sr, err := openStamp(data)
	if err != nil {
		return nil, err
	}
	st := sr.head.Stamp
	for {
		entries, inputs, err := sr.next()
		switch {
		case err != nil:
			return nil, err
		case entries == nil:
			return &st, nil
		case inputs:
			st.Inputs = append(st.Inputs, entries...)
		default:
			st.Outputs = append(st.Outputs, entries...)
		}
	}
}

// readStamp returns the whole stamp at path, nil when there is none or it
// cannot be used.
func readStamp(path string) *buildStamp {
	data, _ := os.ReadFile(path) // a missing file is no stamp: nil data does not decode
	if st, err := decodeStamp(data); err == nil {
		return st
	}
	return nil
}

// chunkedStamp writes a stamp of n inputs (in fsys) and n outputs (files
// in a folder on disk), which spans several chunks, and returns its path
// and the output folder.
func chunkedStamp(t *testing.T, fsys fstest.MapFS, n int) (path, out string) {
	t.Helper()
	out = t.TempDir()
	st := buildStamp{Version: stampVersion, Key: "k"}
	for i := range n {
		name := fmt.Sprintf("in/%04d.yaml", i)
		fsys[name] = &fstest.MapFile{Data: []byte("x"), ModTime: ageOld}
		info, err := fs.Stat(fsys, name)
		st.Inputs = append(st.Inputs, entryOf(name, info, err))
		page := fmt.Sprintf("%04d.html", i)
		if err := os.WriteFile(filepath.Join(out, page), []byte("<p>"), 0o644); err != nil {
			t.Fatal(err)
		}
		info, err = os.Lstat(filepath.Join(out, page))
		st.Outputs = append(st.Outputs, entryOf(page, info, err))
	}
	data, err := encodeStamp(&st)
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "stamp")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, out
}

// A stamp of several chunks holds while nothing changed, and no longer
// when one input or one output in its last chunk did.
func TestStampChunksAreAllChecked(t *testing.T) {
	n := 2*stampChunk + 3
	fsys := fstest.MapFS{}
	path, out := chunkedStamp(t, fsys, n)
	st := readStamp(path)
	if st == nil || len(st.Inputs) != n || len(st.Outputs) != n {
		t.Fatalf("read back %d inputs and %d outputs, want %d of each", len(st.Inputs), len(st.Outputs), n)
	}
	if !openStampFile(path).current("k", fsys, out) {
		t.Fatal("an unchanged stamp does not hold")
	}
	if openStampFile(path).current("other", fsys, out) {
		t.Error("the stamp holds for another key")
	}
	last := fmt.Sprintf("in/%04d.yaml", n-1)
	fsys[last] = &fstest.MapFile{Data: []byte("xy"), ModTime: ageOld}
	if openStampFile(path).current("k", fsys, out) {
		t.Errorf("the stamp holds after %s changed", last)
	}
	fsys[last] = &fstest.MapFile{Data: []byte("x"), ModTime: ageOld}
	if err := os.Remove(filepath.Join(out, fmt.Sprintf("%04d.html", n-1))); err != nil {
		t.Fatal(err)
	}
	if openStampFile(path).current("k", fsys, out) {
		t.Error("the stamp holds after its last output was removed")
	}
}

// A stream whose chunks do not add up to what its head announced is
// refused, whether entries are missing or extra.
func TestStampRefusesChunksThatDoNotAddUp(t *testing.T) {
	entry := stampEntry{Path: "a.yaml", Kind: "f", Size: 1, MTime: 2}
	stream := func(inputs, outputs int, chunks ...[]stampEntry) []byte {
		var b bytes.Buffer
		enc := gob.NewEncoder(&b)
		if err := enc.Encode(&stampHead{Stamp: buildStamp{Version: stampVersion, Key: "k"}, Inputs: inputs, Outputs: outputs}); err != nil {
			t.Fatal(err)
		}
		for _, c := range chunks {
			if err := enc.Encode(stampEntries{Entries: c}); err != nil {
				t.Fatal(err)
			}
		}
		return b.Bytes()
	}
	one := []stampEntry{entry}
	if _, err := decodeStamp(stream(1, 1, one, one)); err != nil {
		t.Fatalf("the good stream: %v", err)
	}
	for name, data := range map[string][]byte{
		"the outputs missing": stream(1, 1, one),
		"an extra chunk":      stream(1, 1, one, one, one),
		"more than announced": stream(1, 0, []stampEntry{entry, entry}),
		"a negative count":    stream(-1, 1, one),
		"an empty chunk":      stream(0, 1, nil, one),
	} {
		if st, err := decodeStamp(data); err == nil {
			t.Errorf("%s: decoded as %+v", name, st)
		}
		path := filepath.Join(t.TempDir(), "stamp")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		// The input holds: only the stream's shape can refuse the stamp.
		if openStampFile(path).current("k", fstest.MapFS{"a.yaml": {Data: []byte("x"), ModTime: time.Unix(0, 2)}}, t.TempDir()) {
			t.Errorf("%s: the stamp holds", name)
		}
	}
}
