package site_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rootfs/rootfstest"
	"github.com/infradoc/infradoc/site/rules"
)

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func mkfifo(t *testing.T, p string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes on Windows")
	}
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
}

// loadDir loads the repository in dir through a RootFS, as the command
// line does, and fails the test if loading takes long (a FIFO read would
// hang forever).
func loadDir(t *testing.T, dir string) ([]site.Finding, []*site.Doc) {
	t.Helper()
	rfs, err := site.OpenRootFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer rfs.Close()
	type result struct {
		findings []site.Finding
		docs     []*site.Doc
		err      error
	}
	done := make(chan result, 1)
	go func() {
		s, findings, err := rules.Validate(site.Options{FS: rfs, Root: "."})
		if err != nil {
			done <- result{err: err}
			return
		}
		docs, docFindings, err := site.LoadDocs(s, blocks.Vocabulary())
		done <- result{append(findings, docFindings...), docs, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("Load: %v (want findings, not a failure)", r.err)
		}
		return r.findings, r.docs
	case <-time.After(30 * time.Second):
		t.Fatal("Load hangs")
	}
	return nil, nil
}

// minimalRepo is a valid repository with one promoted obligation whose
// test file and migration folder are named, and one doc.
var minimalRepo = map[string]string{
	"infradoc.yaml": "registry: INFRA_REGISTRY.yaml\nobligations: obligations.yaml\ndocs: [docs/*.md]\ntests_root: tests\nmigrations_root: migrations\n",
	"INFRA_REGISTRY.yaml": "items:\n  - name: Postgres\n    category: DB\n    layer: L6\n    state: C\n    used_by: [Tests]\n" +
		"    failure_mode: FAIL\n    stub: {available: false}\n    local_strategy: Docker\n    promotion_trigger: n/a\n    owner: Platform\n",
	"obligations.yaml": "obligations:\n  - id: P-1\n    title: Sessions\n    layer: L6\n    schema: app\n    requires:\n      - {type: schema, name: app}\n" +
		"    semantic_purpose: keep sessions\n    created: 2026-01-01\n    status: UNFULFILLED\n    migration_path: P-1\n    test_files:\n      - {path: test_p1.py, count: 1}\n",
	"docs/README.md":             "# Docs\n",
	"tests/test_p1.py":           "def test_one():\n    pass\n",
	"migrations/P-1/001.sql":     "CREATE SCHEMA app;\n",
	"outside/secret.md":          "# secret\n",
	"outside/test_secret.py":     "def test_secret():\n    pass\n",
	"outside/P-9/001_secret.sql": "CREATE TABLE secret(x int);\n",
}

// findingsOf returns the findings of rule, as strings.
func findingsOf(fs []site.Finding, rule string) []string {
	var out []string
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f.String())
		}
	}
	return out
}

func newRepo(t *testing.T) (top, root string) {
	t.Helper()
	top = t.TempDir()
	rootfstest.WriteTree(t, top, map[string]string{"outside/secret.md": "# secret\n"})
	root = filepath.Join(top, "repo")
	files := map[string]string{}
	for p, d := range minimalRepo {
		if !strings.HasPrefix(p, "outside/") {
			files[p] = d
		}
	}
	rootfstest.WriteTree(t, root, files)
	return top, root
}

func TestLoadCleanRepoThroughRootFS(t *testing.T) {
	_, root := newRepo(t)
	findings, docs := loadDir(t, root)
	if site.HasErrors(findings) {
		t.Fatalf("a valid repository has errors: %v", findings)
	}
	if len(docs) != 1 {
		t.Fatalf("docs = %d, want 1", len(docs))
	}
}

// A doc, a test file, a migration and the registry that are symbolic links
// to files outside the root are findings, and nothing of them is read.
func TestSymlinkedInputsOutsideRootAreFindings(t *testing.T) {
	top, root := newRepo(t)
	outside := filepath.Join(top, "outside")
	rootfstest.WriteTree(t, outside, map[string]string{
		"test_secret.py":     "def test_secret():\n    pass\n",
		"P-9/001_secret.sql": "CREATE TABLE secret(x int);\n",
		"REGISTRY.yaml":      "items: []\n",
	})
	symlink(t, "/etc/passwd", filepath.Join(root, "docs", "passwd.md"))
	symlink(t, filepath.Join(outside, "secret.md"), filepath.Join(root, "docs", "secret.md"))
	os.Remove(filepath.Join(root, "tests", "test_p1.py"))
	symlink(t, filepath.Join(outside, "test_secret.py"), filepath.Join(root, "tests", "test_p1.py"))
	symlink(t, filepath.Join(outside, "P-9", "001_secret.sql"), filepath.Join(root, "migrations", "P-1", "002.sql"))
	findings, docs := loadDir(t, root)
	got := strings.Join(findingsOf(findings, "outside-root"), "\n")
	for _, want := range []string{
		"docs/passwd.md:1:1: error: docs/passwd.md leaves the repository root",
		"docs/secret.md:1:1: error: docs/secret.md leaves the repository root",
		"tests/test_p1.py:1:1: error: tests/test_p1.py leaves the repository root",
		"migrations/P-1/002.sql:1:1: error: migrations/P-1/002.sql leaves the repository root",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing finding %q in:\n%s", want, got)
		}
	}
	for _, d := range docs {
		if strings.Contains(string(d.Source), "root:") || strings.Contains(string(d.Source), "secret") {
			t.Errorf("doc %s holds the bytes of a file outside the root", d.File)
		}
	}
}

// A symbolic link that stays inside the root is followed.
func TestSymlinkInsideRootIsRead(t *testing.T) {
	_, root := newRepo(t)
	rootfstest.WriteTree(t, root, map[string]string{"shared/INTRO.md": "# Intro\n"})
	symlink(t, "../shared/INTRO.md", filepath.Join(root, "docs", "intro.md"))
	findings, docs := loadDir(t, root)
	if site.HasErrors(findings) {
		t.Fatalf("errors: %v", findings)
	}
	if len(docs) != 2 {
		t.Fatalf("docs = %d, want 2 (the link inside the root is read)", len(docs))
	}
}

// Named pipes and devices in place of the registry, an obligation file, a
// doc or a migration are findings; nothing hangs or grows without bound.
func TestSpecialFilesAreFindings(t *testing.T) {
	_, root := newRepo(t)
	os.Remove(filepath.Join(root, "INFRA_REGISTRY.yaml"))
	mkfifo(t, filepath.Join(root, "INFRA_REGISTRY.yaml"))
	mkfifo(t, filepath.Join(root, "docs", "pipe.md"))
	mkfifo(t, filepath.Join(root, "migrations", "P-1", "002.sql"))
	symlink(t, "/dev/zero", filepath.Join(root, "docs", "zero.md"))
	findings, _ := loadDir(t, root)
	all := strings.Join(append(findingsOf(findings, "input-file"), findingsOf(findings, "outside-root")...), "\n")
	for _, want := range []string{
		"infradoc.yaml:1:11: error: INFRA_REGISTRY.yaml is not a regular file",
		"docs/pipe.md:1:1: error: docs/pipe.md is not a regular file",
		"migrations/P-1/002.sql:1:1: error: migrations/P-1/002.sql is not a regular file",
		"docs/zero.md:1:1: error: docs/zero.md leaves the repository root",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing finding %q in:\n%s", want, all)
		}
	}
}

// A file over max_file_size is a finding and is not read.
func TestMaxFileSize(t *testing.T) {
	_, root := newRepo(t)
	rootfstest.WriteTree(t, root, map[string]string{
		"infradoc.yaml":  minimalRepo["infradoc.yaml"] + "max_file_size: 1KiB\n",
		"docs/BIG.md":    "# Big\n" + strings.Repeat("x", 2048) + "\n",
		"docs/SMALL.md":  "# Small\n",
		"tests/other.py": "",
	})
	findings, docs := loadDir(t, root)
	got := findingsOf(findings, "input-file")
	if len(got) != 1 || !strings.Contains(got[0], "docs/BIG.md is larger than max_file_size (1 KiB)") {
		t.Errorf("findings = %q", got)
	}
	if len(docs) != 2 {
		t.Errorf("docs = %d, want README and SMALL", len(docs))
	}
}

// The registry named on the command line is read where it is, even when
// that is outside the root; a FIFO there is still refused.
func TestNamedFilesOutsideRoot(t *testing.T) {
	top, root := newRepo(t)
	reg := filepath.Join(top, "outside", "REGISTRY.yaml")
	rootfstest.WriteTree(t, top, map[string]string{"outside/REGISTRY.yaml": minimalRepo["INFRA_REGISTRY.yaml"]})
	rfs, err := site.OpenRootFS(root)
	if err != nil {
		t.Fatal(err)
	}
	defer rfs.Close()
	rfs.AllowNamed("../outside/REGISTRY.yaml", reg)
	s, findings, err := rules.Validate(site.Options{FS: rfs, Root: ".", Registry: "../outside/REGISTRY.yaml"})
	if err != nil || site.HasErrors(findings) {
		t.Fatalf("err %v, findings %v", err, findings)
	}
	if len(s.Registry.Items) != 1 {
		t.Errorf("registry items = %d", len(s.Registry.Items))
	}
	// Anything else outside the root stays closed.
	if _, err := fs.ReadFile(rfs, "../outside/secret.md"); !errors.Is(err, site.ErrOutsideRoot) {
		t.Errorf("reading ../outside/secret.md: %v, want ErrOutsideRoot", err)
	}
	fifo := filepath.Join(top, "outside", "fifo.yaml")
	mkfifo(t, fifo)
	rfs.AllowNamed("../outside/fifo.yaml", fifo)
	if _, err := site.ReadInput(rfs, "../outside/fifo.yaml", 0); !errors.Is(err, site.ErrNotRegular) {
		t.Errorf("reading a named FIFO: %v, want ErrNotRegular", err)
	}
}

func TestReadInputLimits(t *testing.T) {
	dir := t.TempDir()
	rootfstest.WriteTree(t, dir, map[string]string{"a.txt": "12345"})
	rfs, err := site.OpenRootFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer rfs.Close()
	if data, err := site.ReadInput(rfs, "a.txt", 5); err != nil || string(data) != "12345" {
		t.Errorf("at the limit: %q %v", data, err)
	}
	if _, err := site.ReadInput(rfs, "a.txt", 4); !errors.Is(err, site.ErrTooLarge) {
		t.Errorf("over the limit: %v", err)
	}
	for _, bad := range []string{"../a.txt", "/etc/passwd", "x/../../a.txt"} {
		if _, err := site.ReadInput(rfs, bad, 0); !errors.Is(err, site.ErrOutsideRoot) {
			t.Errorf("%s: %v, want ErrOutsideRoot", bad, err)
		}
	}
}
