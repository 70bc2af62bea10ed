package build

import (
	"bytes"
	"encoding/gob"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// A stamp file is a gob stream: a stampHead, then the inputs and then the
// outputs in chunks of up to stampChunk entries. A no-change build checks
// each chunk while the next one is decoded: the stamp of a large
// repository lists tens of thousands of paths, and decoding them all
// before the first stat kept the stat workers waiting (CONTRIBUTING.md
// has the figures).

// stampChunk is how many entries one value of the stream holds.
const stampChunk = 512

// stampHead is the first value of a stamp file: the stamp without its
// entries, and how many of each follow.
type stampHead struct {
	Stamp           buildStamp
	Inputs, Outputs int
}

// stampEntries is one value of the stream after the head.
type stampEntries struct {
	Entries []stampEntry
}

// encodeStamp returns st as a stamp file.
func encodeStamp(st *buildStamp) ([]byte, error) {
	var b bytes.Buffer
	enc := gob.NewEncoder(&b)
	head := stampHead{Stamp: *st, Inputs: len(st.Inputs), Outputs: len(st.Outputs)}
	head.Stamp.Inputs, head.Stamp.Outputs = nil, nil
	if err := enc.Encode(&head); err != nil {
		return nil, err
	}
	for _, entries := range [][]stampEntry{st.Inputs, st.Outputs} {
		for c := range slices.Chunk(entries, stampChunk) {
			if err := enc.Encode(stampEntries{Entries: c}); err != nil {
				return nil, err
			}
		}
	}
	return b.Bytes(), nil
}

var errBadStamp = errors.New("not a complete build stamp of this version")

// stampReader reads a stamp file value by value.
type stampReader struct {
	r    *bytes.Reader
	dec  *gob.Decoder
	head stampHead
	// inputs and outputs are how many entries of each are still to come.
	inputs, outputs int
}

// openStamp decodes the head of the stamp file data; a stamp of another
// version, or without a key, is refused.
func openStamp(data []byte) (*stampReader, error) {
	r := bytes.NewReader(data)
	sr := &stampReader{r: r, dec: gob.NewDecoder(r)}
	if err := sr.dec.Decode(&sr.head); err != nil {
		return nil, err
	}
	st := &sr.head.Stamp
	if st.Version != stampVersion || st.Key == "" || sr.head.Inputs < 0 || sr.head.Outputs < 0 {
		return nil, errBadStamp
	}
	sr.inputs, sr.outputs = sr.head.Inputs, sr.head.Outputs
	return sr, nil
}

// next returns the next chunk of entries, and whether they are inputs;
// nil when all have been read and nothing follows them. A chunk that is
// empty, or holds more entries than the head announced, is refused.
func (sr *stampReader) next() (entries []stampEntry, inputs bool, err error) {
	if sr.inputs == 0 && sr.outputs == 0 {
		if sr.r.Len() != 0 {
			return nil, false, errBadStamp
		}
		return nil, false, nil
	}
	var c stampEntries
	if err := sr.dec.Decode(&c); err != nil {
		return nil, false, err
	}
	left := &sr.outputs
	if inputs = sr.inputs > 0; inputs {
		left = &sr.inputs
	}
	if len(c.Entries) == 0 || len(c.Entries) > *left {
		return nil, false, errBadStamp
	}
	*left -= len(c.Entries)
	return c.Entries, inputs, nil
}

// openStampFile reads the stamp file at path and decodes its head; nil
// when there is none or it cannot be used.
func openStampFile(path string) *stampReader {
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	sr, err := openStamp(data)
	if err != nil {
		return nil
	}
	return sr
}

// removeStamp forgets the last build before a new one changes the output,
// so that an interrupted build is never taken for a finished one. A stamp
// that cannot be removed is harmless: the files this build writes no
// longer match it.
func removeStamp(path string) {
	if path != "" {
		os.Remove(path)
		os.Remove(strings.TrimSuffix(path, ".stamp") + ".json") // where version 1 kept it
	}
}

// current reports whether the key matches and every input and output the
// stamp lists is as it was: the build's output would be what is there.
// It reads the rest of the stream: a reader is used once.
func (sr *stampReader) current(key string, fsys fs.FS, out string) bool {
	if sr == nil || key == "" || sr.head.Stamp.Key != key {
		return false
	}
	stat := inputStat(fsys)
	input := func(e stampEntry) bool {
		info, err := stat(e.Path)
		return e.holds(entryOf(e.Path, info, err), func() ([]fs.DirEntry, error) { return fs.ReadDir(fsys, e.Path) })
	}
	output := func(e stampEntry) bool {
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(e.Path)))
		return entryOf(e.Path, info, err) == e
	}
	type chunk struct {
		entries []stampEntry
		holds   func(stampEntry) bool
	}
	// The inputs come first: an edit to one of them is the usual reason
	// for a build, and finding it ends the check.
	var stale atomic.Bool
	chunks := make(chan chunk, 4)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for c := range chunks {
				for _, e := range c.entries {
					if stale.Load() || !c.holds(e) {
						stale.Store(true)
						break
					}
				}
			}
		})
	}
	for !stale.Load() {
		entries, inputs, err := sr.next()
		if err != nil {
			stale.Store(true)
			break
		}
		if entries == nil {
			break
		}
		c := chunk{entries, output}
		if inputs {
			c.holds = input
		}
		chunks <- c
	}
	close(chunks)
	wg.Wait()
	return !stale.Load()
}

// inputStat returns how the inputs are stat-ed. On disk each is stat-ed
// by its path under the repository folder, one system call each, as a
// stamp of the previous build is only compared, never read from: a path
// that now leads elsewhere (a link out of the root put in since) stats as
// something other than what the build recorded through the root (a
// refusal), so the stamp does not hold and the full build, reading
// through site/rootfs, reports it. Going through os.Root here cost a
// no-change build half its time.
func inputStat(fsys fs.FS) func(p string) (fs.FileInfo, error) {
	if d, ok := fsys.(interface{ Dir() string }); ok && d.Dir() != "" {
		dir := d.Dir()
		return func(p string) (fs.FileInfo, error) { return os.Stat(filepath.Join(dir, filepath.FromSlash(p))) }
	}
	return func(p string) (fs.FileInfo, error) { return fs.Stat(fsys, p) }
}
