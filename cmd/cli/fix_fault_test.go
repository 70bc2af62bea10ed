package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/infradoc/infradoc/site/rootfs/rootfstest"
)

// fixRepo is a small repository on disk whose doc has one stale block.
type fixRepo struct {
	dir string
	doc string // path of docs/REG.md
}

const fixRegistry = `items:
  - name: PostgreSQL
    category: DB
    layer: L6
    state: C
    failure_mode: FAIL
    owner: Platform
  - name: Redis
    category: Cache
    layer: L6
    state: B
    failure_mode: Skip
    stub: {available: true, note: mock}
    local_strategy: Local Redis
    owner: Platform
`

// staleDoc has a stale state summary and a stale inline value.
const staleDoc = "# Registry\n\nKept | text.\n\n<!-- infradoc:begin state-summary -->\nold table\n<!-- infradoc:end state-summary -->\n\n" +
	"Items: <!-- infradoc:value registry.items.total -->7<!-- infradoc:end -->.\n"

func newFixRepo(t *testing.T, doc string) *fixRepo {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"infradoc.yaml":      "registry: registry.yaml\nobligations: obligations.yaml\ndocs: [docs/*.md]\n",
		"registry.yaml":      fixRegistry,
		"obligations.yaml":   "obligations: []\n",
		"docs/REG.md":        doc,
		"docs/unchanged.txt": "x",
	}
	rootfstest.WriteTree(t, dir, files)
	return &fixRepo{dir: dir, doc: filepath.Join(dir, "docs", "REG.md")}
}

// run runs infradoc in the repo with writer w (nil: the real one).
func (r *fixRepo) run(t *testing.T, w fileWriter, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	cacheDir := filepath.Join(r.dir, ".cache")
	c := &Command{Stdout: &out, Stderr: &errb, Dir: r.dir, Getenv: func(k string) string {
		if k == envCacheDir {
			return cacheDir
		}
		return ""
	}}
	if w != nil && args[0] == "fix" {
		status = c.runFixWith(w, args[1:])
	} else {
		status = c.Main(args)
	}
	return status, out.String(), errb.String()
}

func readDocFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// leftovers lists files in dir other than want (temporary files of a
// failed write).
func leftovers(t *testing.T, dir string, want ...string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for _, de := range des {
		found := false
		for _, w := range want {
			found = found || de.Name() == w
		}
		if !found {
			extra = append(extra, de.Name())
		}
	}
	return extra
}

func TestFixWritesStaleBlocks(t *testing.T) {
	r := newFixRepo(t, staleDoc)
	if err := os.Chmod(r.doc, 0o640); err != nil {
		t.Fatal(err)
	}
	status, stdout, stderr := r.run(t, nil, "fix")
	if status != ExitOK {
		t.Fatalf("fix exit %d\n%s%s", status, stdout, stderr)
	}
	want := "# Registry\n\nKept | text.\n\n<!-- infradoc:begin state-summary -->\n\n" +
		"| State | Count | Infra Items |\n|-------|-------|-------------|\n| **C** (Fully Wired) | 1 | PostgreSQL |\n" +
		"| **B** (Local Substitute) | 1 | Redis |\n| **A** (Conceptual) | 0 | — |\n\n<!-- infradoc:end state-summary -->\n\n" +
		"Items: <!-- infradoc:value registry.items.total -->2<!-- infradoc:end -->.\n"
	if got := readDocFile(t, r.doc); got != want {
		t.Errorf("doc after fix:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(stdout, "updated docs/REG.md: state-summary (line 5), value registry.items.total (line 9)") {
		t.Errorf("fix output: %q", stdout)
	}
	if st, _ := os.Stat(r.doc); st.Mode().Perm() != 0o640 {
		t.Errorf("mode after fix = %v, want 0640", st.Mode().Perm())
	}

	// A second run changes nothing and does not touch the file.
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(r.doc, old, old); err != nil {
		t.Fatal(err)
	}
	status, stdout, stderr = r.run(t, nil, "fix")
	if status != ExitOK || stdout != "" || !strings.Contains(stderr, "nothing to fix") {
		t.Errorf("second fix: exit %d stdout %q stderr %q", status, stdout, stderr)
	}
	if st, _ := os.Stat(r.doc); !st.ModTime().Equal(old) {
		t.Errorf("an up-to-date doc was rewritten: mtime %v, want %v", st.ModTime(), old)
	}
	if status, _, _ := r.run(t, nil, "check"); status != ExitOK {
		t.Errorf("check after fix: exit %d", status)
	}
}

func TestFixReadOnlyDirectory(t *testing.T) {
	r := newFixRepo(t, staleDoc)
	docs := filepath.Dir(r.doc)
	makeReadOnly(t, docs)
	status, stdout, stderr := r.run(t, nil, "fix")
	if status != ExitFailure || !strings.Contains(stderr, "infradoc fix: docs/REG.md: ") ||
		!(strings.Contains(stderr, "permission denied") || strings.Contains(stderr, "operation not permitted")) {
		t.Errorf("exit %d stdout %q stderr %q", status, stdout, stderr)
	}
	if got := readDocFile(t, r.doc); got != staleDoc {
		t.Errorf("doc changed:\n%s", got)
	}
}

// makeReadOnly makes dir refuse new files: mode 0555, and for root (whom
// modes do not stop) the immutable attribute. It skips the test when
// neither works.
func makeReadOnly(t *testing.T, dir string) {
	t.Helper()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if canCreate(dir) {
		if err := exec.Command("chattr", "+i", dir).Run(); err != nil {
			t.Skipf("cannot make %s read-only for this user (chattr: %v)", dir, err)
		}
		t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
	}
	if canCreate(dir) {
		t.Skip("cannot make a folder read-only for this user")
	}
}

func canCreate(dir string) bool {
	p := filepath.Join(dir, ".probe")
	f, err := os.Create(p)
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(p)
	return true
}

// failingWriter fails with err after n bytes.
type failingWriter struct {
	w   io.Writer
	n   int
	err error
}

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k, _ := f.w.Write(p[:f.n])
		f.n = 0
		return k, f.err
	}
	f.n -= len(p)
	return f.w.Write(p)
}

func TestFixFullDisk(t *testing.T) {
	r := newFixRepo(t, staleDoc)
	w := atomicWriter{wrap: func(w io.Writer) io.Writer { return &failingWriter{w: w, n: 20, err: syscall.ENOSPC} }}
	status, stdout, stderr := r.run(t, w, "fix")
	if status != ExitFailure || !strings.Contains(stderr, "docs/REG.md: no space left on device") {
		t.Errorf("exit %d stdout %q stderr %q", status, stdout, stderr)
	}
	if got := readDocFile(t, r.doc); got != staleDoc {
		t.Errorf("doc changed:\n%s", got)
	}
	if extra := leftovers(t, filepath.Dir(r.doc), "REG.md", "unchanged.txt"); len(extra) > 0 {
		t.Errorf("temporary files left behind: %v", extra)
	}
}

func TestFixSymlinkStaysLink(t *testing.T) {
	r := newFixRepo(t, staleDoc)
	real := filepath.Join(r.dir, "shared", "REG.md")
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(r.doc, real); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "shared", "REG.md"), r.doc); err != nil {
		t.Fatal(err)
	}
	if status, stdout, stderr := r.run(t, nil, "fix"); status != ExitOK {
		t.Fatalf("exit %d\n%s%s", status, stdout, stderr)
	}
	st, err := os.Lstat(r.doc)
	if err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("docs/REG.md is no longer a symbolic link (%v)", err)
	}
	if got := readDocFile(t, real); !strings.Contains(got, "| **B** (Local Substitute) | 1 | Redis |") {
		t.Errorf("link target not updated:\n%s", got)
	}
	if extra := leftovers(t, filepath.Dir(r.doc), "REG.md", "unchanged.txt"); len(extra) > 0 {
		t.Errorf("unexpected files beside the link: %v", extra)
	}
}

func TestFixKeepsCRLFAndBOM(t *testing.T) {
	doc := "\xef\xbb\xbf" + strings.ReplaceAll(staleDoc, "\n", "\r\n")
	r := newFixRepo(t, doc)
	if status, stdout, stderr := r.run(t, nil, "fix"); status != ExitOK {
		t.Fatalf("exit %d\n%s%s", status, stdout, stderr)
	}
	got := readDocFile(t, r.doc)
	if !strings.HasPrefix(got, "\xef\xbb\xbf# Registry\r\n") {
		t.Errorf("BOM or first line lost: %q", got[:20])
	}
	if n := strings.Count(got, "\n"); n != strings.Count(got, "\r\n") {
		t.Errorf("%d bare LF line endings in a CRLF doc:\n%q", n-strings.Count(got, "\r\n"), got)
	}
	if !strings.Contains(got, "| **B** (Local Substitute) | 1 | Redis |\r\n") || !strings.Contains(got, "-->2<!--") {
		t.Errorf("blocks not regenerated:\n%q", got)
	}
	if status, _, _ := r.run(t, nil, "check"); status != ExitOK {
		t.Errorf("check after fix of a CRLF doc: exit %d", status)
	}
}

// racingWriter changes the file on disk, as an editor saving at the wrong
// moment would, before the real writer replaces it.
type racingWriter struct{ t *testing.T }

func (w racingWriter) Write(u fileUpdate) error {
	if err := os.WriteFile(u.Path, append(append([]byte{}, u.Expect...), "edited meanwhile\n"...), 0o644); err != nil {
		w.t.Fatal(err)
	}
	return atomicWriter{}.Write(u)
}

func TestFixRefusesDocChangedSinceRead(t *testing.T) {
	r := newFixRepo(t, staleDoc)
	status, stdout, stderr := r.run(t, racingWriter{t}, "fix")
	if status != ExitFailure || !strings.Contains(stderr, "docs/REG.md: changed on disk since infradoc read it") {
		t.Errorf("exit %d stdout %q stderr %q", status, stdout, stderr)
	}
	if got := readDocFile(t, r.doc); got != staleDoc+"edited meanwhile\n" {
		t.Errorf("the concurrent edit was lost:\n%s", got)
	}
	if !errors.Is(atomicWriter{}.Write(fileUpdate{Path: r.doc, Display: "x", Data: []byte("y"), Expect: []byte("z")}), errChanged) {
		t.Error("a write over a changed file is not refused")
	}
}

func TestFixWritesNothingWhenInvalid(t *testing.T) {
	for name, tc := range map[string]struct{ file, data, want string }{
		"yaml":   {"registry.yaml", strings.Replace(fixRegistry, "state: B", "state: D", 1), "registry.yaml:11:12: error:"},
		"marker": {"docs/other.md", "<!-- infradoc:begin nope -->\n<!-- infradoc:end -->\n", "docs/other.md:1:1: error: unknown block kind"},
	} {
		t.Run(name, func(t *testing.T) {
			r := newFixRepo(t, staleDoc)
			if err := os.WriteFile(filepath.Join(r.dir, tc.file), []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			status, stdout, stderr := r.run(t, nil, "fix")
			if status != ExitFindings || !strings.Contains(stdout, tc.want) || !strings.Contains(stderr, "nothing written") {
				t.Errorf("exit %d stdout %q stderr %q", status, stdout, stderr)
			}
			if got := readDocFile(t, r.doc); got != staleDoc {
				t.Errorf("doc written despite errors:\n%s", got)
			}
		})
	}
}

// A read-only doc is not replaced: fix says so and writes nothing at all.
func TestFixRefusesReadOnlyDoc(t *testing.T) {
	r := newFixRepo(t, staleDoc)
	if err := os.Chmod(r.doc, 0o444); err != nil {
		t.Fatal(err)
	}
	status, stdout, stderr := r.run(t, nil, "fix")
	if status != ExitFindings || !strings.Contains(stderr, "docs/REG.md: is read-only") || !strings.Contains(stderr, "nothing written") {
		t.Errorf("exit %d stdout %q stderr %q", status, stdout, stderr)
	}
	if got := readDocFile(t, r.doc); got != staleDoc {
		t.Errorf("doc changed:\n%s", got)
	}
	if st, err := os.Stat(r.doc); err != nil || st.Mode().Perm() != 0o444 {
		t.Errorf("mode changed: %v %v", st.Mode(), err)
	}
}

// The temporary file a run killed mid-write left behind is removed by the
// next fix of that doc; other hidden files stay.
func TestFixRemovesStaleTempFiles(t *testing.T) {
	r := newFixRepo(t, staleDoc)
	docs := filepath.Dir(r.doc)
	stale := filepath.Join(docs, ".REG.md.infradoc-12345.tmp")
	mine := filepath.Join(docs, ".REG.md12345")
	for _, p := range []string{stale, mine} {
		if err := os.WriteFile(p, []byte(staleDoc), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if status, stdout, stderr := r.run(t, nil, "fix"); status != ExitOK {
		t.Fatalf("exit %d\n%s%s", status, stdout, stderr)
	}
	if extra := leftovers(t, docs, "REG.md", "unchanged.txt", ".REG.md12345"); len(extra) > 0 {
		t.Errorf("left behind: %v", extra)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("a file not of infradoc's naming was removed: %v", err)
	}
}

// A doc that is a link out of the root is not read, so fix reports it and
// writes nothing, in the root or at the link's target.
func TestFixDocLinkedOutsideRoot(t *testing.T) {
	r := newFixRepo(t, staleDoc)
	outside := filepath.Join(t.TempDir(), "OUT.md")
	if err := os.WriteFile(outside, []byte(staleDoc), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(filepath.Dir(r.doc), "OUT.md")); err != nil {
		t.Fatal(err)
	}
	status, stdout, stderr := r.run(t, nil, "fix")
	if status != ExitFindings || !strings.Contains(stdout+stderr, "docs/OUT.md leaves the repository root") {
		t.Errorf("exit %d stdout %q stderr %q", status, stdout, stderr)
	}
	if got := readDocFile(t, outside); got != staleDoc {
		t.Errorf("the file outside the root changed:\n%s", got)
	}
	if got := readDocFile(t, r.doc); got != staleDoc {
		t.Errorf("fix wrote although an input was refused:\n%s", got)
	}
}
