package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site"
)

// A build stamp records what the last successful build into an output
// folder looked at in the repository and what it wrote. When every one of
// those is as it was, with the same infradoc binary and the same options,
// a build skips loading and rendering: its output could only be the same
// bytes (make and go build decide the same way). Stamps live in the cache
// (stampPath), not in the published output.

// stampVersion changes when the stamp's format or meaning does (2 was a
// text format of tab-separated lines, 3 JSON, 4 one gob value, 5 is a gob
// stream: see stamp_file.go).
const stampVersion = 5

// racyWindow is how close to the start of a build an input may have been
// modified and still be trusted by its modification time: a file written
// within the same clock tick as the build's look at it could change again
// without its time changing, so such a build writes no stamp.
const racyWindow = 2 * time.Second

// buildStamp is the record stored (in gob) at StampPath.
type buildStamp struct {
	Version int `json:"version"`
	// Binary is the infradoc that wrote the stamp; Key hashes it with
	// every option that shapes the output.
	Binary stampBinary `json:"binary"`
	Key    string      `json:"key"`
	// Inputs are the repository paths the build stat-ed, opened, read or
	// listed, as they were before it read them.
	Inputs []stampEntry `json:"inputs"`
	// Findings are the build's findings (warnings: a build with an error
	// writes nothing), printed again by a skipped build, with the source
	// lines they quote.
	Findings []site.Finding `json:"findings,omitempty"`
	Quotes   []stampQuote   `json:"quotes,omitempty"`
	// Outputs are the site's files as they were left.
	Outputs []stampEntry `json:"outputs"`
}

// stampEntry is what a path was: its kind ("f" file, "d" folder, "-"
// missing, "o" anything else), size and modification time in nanoseconds,
// and for a folder the build listed, a hash of the names and kinds listed.
type stampEntry struct {
	Path  string `json:"path"`
	Kind  string `json:"kind"`
	Size  int64  `json:"size,omitempty"`
	MTime int64  `json:"mtime,omitempty"`
	List  string `json:"list,omitempty"`
}

// listingHash hashes the names and kinds of a folder's entries.
func listingHash(entries []fs.DirEntry) string {
	h := sha256.New()
	for _, e := range entries {
		fmt.Fprintf(h, "%s\x00%d\x00", e.Name(), e.Type())
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// holds reports whether the path is still as the entry recorded, as far
// as the build could tell: a file by its kind, size and time; a folder
// only stat-ed by its kind; a folder listed by its listing, which is read
// again only when the folder's time changed (writing an output file
// inside a listed folder changes its time, not what the build saw).
func (e stampEntry) holds(now stampEntry, list func() ([]fs.DirEntry, error)) bool {
	switch {
	case now.Kind != e.Kind:
		return false
	case e.Kind != "d":
		return now == e
	case e.List == "" || (now.MTime == e.MTime && now.Size == e.Size):
		return true
	}
	entries, err := list()
	return err == nil && listingHash(entries) == e.List
}

// stampQuote is one source line a finding quotes (report.SourceLine).
type stampQuote struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Text string `json:"text"`
}

// entryOf describes a stat result.
func entryOf(p string, info fs.FileInfo, err error) stampEntry {
	e := stampEntry{Path: p, Kind: "-"}
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			e.Kind = "?" + err.Error()
		}
		return e
	}
	switch {
	case info.IsDir():
		e.Kind = "d"
	case info.Mode().IsRegular():
		e.Kind = "f"
	default:
		e.Kind = "o"
	}
	e.Size, e.MTime = info.Size(), info.ModTime().UnixNano()
	return e
}

// recordingFS is the repository as the build reads it: every path looked
// at is stat-ed first and remembered, so that the stamp can tell later
// whether anything the build saw has changed. A path is stat-ed before it
// is read, so a change made while the build reads it shows as a newer
// modification time next time.
type recordingFS struct {
	fsys    fs.FS
	start   time.Time
	mu      sync.Mutex
	seen    map[string]stampEntry
	racy    bool
	changes int // how many times seen changed
}

func newRecordingFS(fsys fs.FS) *recordingFS {
	return &recordingFS{fsys: fsys, start: time.Now(), seen: map[string]stampEntry{}}
}

func (r *recordingFS) note(name string, info fs.FileInfo, err error) {
	e := entryOf(name, info, err)
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.seen[name]; ok {
		return
	}
	r.seen[name] = e
	r.changes++
	if e.MTime != 0 && time.Unix(0, e.MTime).After(r.start.Add(-racyWindow)) {
		r.racy = true
	}
}

func (r *recordingFS) look(name string) {
	r.mu.Lock()
	_, ok := r.seen[name]
	r.mu.Unlock()
	if !ok {
		info, err := fs.Stat(r.fsys, name)
		r.note(name, info, err)
	}
}

// Open implements fs.FS. A file is stat-ed through its open handle, before
// it is read: what it was when opened, in one system call less than a stat
// by name.
func (r *recordingFS) Open(name string) (fs.File, error) {
	r.mu.Lock()
	_, seen := r.seen[name]
	r.mu.Unlock()
	f, err := r.fsys.Open(name)
	if !seen {
		var info fs.FileInfo
		if err == nil {
			info, err = f.Stat()
			if err != nil {
				f.Close()
				f = nil
			}
		}
		r.note(name, info, err)
	}
	return f, err
}

// Stat implements fs.StatFS.
func (r *recordingFS) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(r.fsys, name)
	r.note(name, info, err)
	return info, err
}

// ReadFile implements fs.ReadFileFS. The file is stat-ed through its open
// handle before it is read: one system call less than a stat by name.
func (r *recordingFS) ReadFile(name string) ([]byte, error) {
	r.mu.Lock()
	_, seen := r.seen[name]
	r.mu.Unlock()
	if seen {
		return fs.ReadFile(r.fsys, name)
	}
	data, info, err := readFileStatFS(r.fsys, name)
	if info != nil {
		r.note(name, info, nil) // what it was when opened, even if a read failed
	} else {
		r.note(name, nil, err)
	}
	return data, err
}

// readFileStatFS reads name in fsys and returns what it was when opened:
// info is nil only when it could not be opened or stat-ed.
func readFileStatFS(fsys fs.FS, name string) ([]byte, fs.FileInfo, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return readOpenFile(f)
}

// readOpenFile stats f, then reads it whole.
func readOpenFile(f fs.File) ([]byte, fs.FileInfo, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	b.Grow(int(info.Size()) + bytes.MinRead)
	if _, err := b.ReadFrom(f); err != nil {
		return nil, info, err
	}
	return b.Bytes(), info, nil
}

// ReadDir implements fs.ReadDirFS.
func (r *recordingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	r.look(name)
	entries, err := fs.ReadDir(r.fsys, name)
	if err == nil {
		r.mu.Lock()
		if e := r.seen[name]; e.Kind == "d" && e.List == "" {
			e.List = listingHash(entries)
			r.seen[name] = e
			r.changes++
		}
		r.mu.Unlock()
	}
	return entries, err
}

// inputs returns what was looked at, sorted by path, whether any of it
// changed too close to the build to be trusted by its time, and how many
// changes were recorded so far (see changed).
func (r *recordingFS) inputs() (entries []stampEntry, racy bool, changes int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]stampEntry, 0, len(r.seen))
	for _, e := range r.seen {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b stampEntry) int { return strings.Compare(a.Path, b.Path) })
	return out, r.racy, r.changes
}

// changed reports whether anything was recorded after inputs reported
// changes.
func (r *recordingFS) changed(since int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.changes != since
}

// stampBinary is what a stamp knows the infradoc binary that wrote it
// by, so that a rebuilt infradoc never trusts a stamp an older one wrote.
type stampBinary struct {
	// The main module's path and version, its VCS revision and whether the
	// checkout was modified, from the build information the go command
	// stores in the binary (runtime/debug.ReadBuildInfo).
	Module   string `json:"module,omitempty"`
	Version  string `json:"version,omitempty"`
	Revision string `json:"revision,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	// Build hashes the whole build information: the Go version, the
	// dependencies and the build settings as well.
	Build string `json:"build,omitempty"`
	// Exe hashes the executable's bytes, when the build information does
	// not tell one binary from another: a go run or go test binary, one
	// built from a modified checkout or with a dependency in a local
	// folder.
	Exe string `json:"exe,omitempty"`
}

// thisBinary identifies the running binary, once per process; ok is
// false when it cannot (no build information, and the executable cannot
// be read): then no stamp is written or trusted.
var thisBinary = sync.OnceValues(func() (stampBinary, bool) {
	bi, ok := debug.ReadBuildInfo()
	return identifyBinary(bi, ok, executableHash)
})

// identifyBinary identifies a binary by its build information bi (ok
// false when there is none), and by exeHash when that does not suffice.
func identifyBinary(bi *debug.BuildInfo, ok bool, exeHash func() string) (stampBinary, bool) {
	var b stampBinary
	known := false
	if ok && bi != nil {
		b.Module, b.Version = bi.Main.Path, bi.Main.Version
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Revision = s.Value
			case "vcs.modified":
				b.Modified = s.Value != "false"
			}
		}
		sum := sha256.Sum256([]byte(bi.String()))
		b.Build = hex.EncodeToString(sum[:16])
		released := b.Version != "" && b.Version != "(devel)" && !strings.HasSuffix(b.Version, "+dirty")
		known = (b.Revision != "" && !b.Modified || b.Revision == "" && released) && !localDeps(bi)
	}
	if !known {
		if b.Exe = exeHash(); b.Exe == "" {
			return stampBinary{}, false
		}
	}
	return b, true
}

// localDeps reports whether a dependency comes from a folder (a replace
// directive or a workspace module): its version says nothing of its
// content.
func localDeps(bi *debug.BuildInfo) bool {
	for _, d := range bi.Deps {
		if d.Version == "(devel)" || d.Replace != nil && (d.Replace.Version == "" || d.Replace.Version == "(devel)") {
			return true
		}
	}
	return false
}

// executableHash returns a hash of the running executable's bytes, ""
// when it cannot be read.
func executableHash() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// stampKey hashes the binary and the options that shape the output: the
// resolved repository (the input flags as they resolved) and the build's
// own options. "" when the binary cannot be identified.
func stampKey(r *Repo, opts Options, out string, today time.Time) string {
	bin, ok := thisBinary()
	if !ok {
		return ""
	}
	// The day is part of the key: a waiver may expire overnight.
	return keyOf(bin, r.Dir, r.Display, r.Opts.ConfigFile, r.Opts.Registry, r.Opts.Obligations, r.Baseline,
		r.Opts.Verification, out, opts.WarnLinks, opts.LiveReloadScript, today.Format(time.DateOnly))
}

// keyOf hashes the stamp's version, the binary and the options.
func keyOf(bin stampBinary, options ...any) string {
	parts, _ := json.Marshal(append([]any{stampVersion, bin}, options...))
	sum := sha256.Sum256(parts)
	return hex.EncodeToString(sum[:])
}

// StampPath is the file of the stamp for builds into out: in the cache's
// builds/ folder, named by a hash of the output folder's path; "" when
// there is no cache (no stamp is then read or written).
func StampPath(cache, out string) string {
	if cache == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(filepath.Clean(out)))
	return filepath.Join(cache, "builds", hex.EncodeToString(sum[:16])+".stamp")
}

// quotesOf keeps the source lines findings quote, as the report shows
// them, so that a skipped build prints them as the full build did.
func quotesOf(findings []site.Finding, sources map[string][]byte) []stampQuote {
	var qs []stampQuote
	seen := map[stampQuote]bool{}
	for _, f := range findings {
		if f.Line < 1 || sources[f.File] == nil {
			continue
		}
		line, ok := report.SourceLine(sources[f.File], f.Line)
		q := stampQuote{File: f.File, Line: f.Line, Text: line}
		if ok && !seen[q] {
			seen[q] = true
			qs = append(qs, q)
		}
	}
	return qs
}

// sources rebuilds, from the quotes, files that hold the quoted lines at
// their line numbers (other lines empty): enough for the findings report.
func (st *buildStamp) sources() map[string][]byte {
	lines := map[string][]string{}
	for _, q := range st.Quotes {
		l := lines[q.File]
		for len(l) < q.Line {
			l = append(l, "")
		}
		l[q.Line-1] = q.Text
		lines[q.File] = l
	}
	out := make(map[string][]byte, len(lines))
	for f, l := range lines {
		out[f] = []byte(strings.Join(l, "\n"))
	}
	return out
}
