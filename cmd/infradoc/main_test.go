//go:build unix

package main

import (
	"bytes"
	"debug/buildinfo"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// These tests run the real programs, infradoc and its Graphviz worker
// infradoc-graphviz: go-graphviz compiles Graphviz in an init function,
// before main, so only a fresh process shows which program links it and
// where it caches the code (see cmd/internal/usercache).

// nobody is the other user of the multi-user tests.
const nobody = 65534

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// infradoc builds infradoc and infradoc-graphviz once, side by side, into
// a folder every user may read (t.TempDir is 0700) and returns infradoc's
// path; infradoc finds the worker beside itself.
func infradoc(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build infradoc with")
	}
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "infradoc-bin-"); buildErr != nil {
			return
		}
		if buildErr = os.Chmod(buildDir, 0o755); buildErr != nil {
			return
		}
		out, err := exec.Command(goTool, "build", "-o", buildDir+string(filepath.Separator), ".", "../infradoc-graphviz").CombinedOutput()
		if err != nil {
			buildErr = &buildError{err, out}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(buildDir, "infradoc")
}

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return "go build: " + e.err.Error() + "\n" + string(e.out) }

// sharedDir returns a folder for the test that every user may enter.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "infradoc-users-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// mkdir makes dir with mode, owned by uid.
func mkdir(t *testing.T, dir string, mode fs.FileMode, uid int) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, mode); err != nil {
		t.Fatal(err)
	}
	if uid != os.Geteuid() {
		if err := os.Chown(dir, uid, uid); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// writeRepo writes a small repository every user may read.
func writeRepo(t *testing.T, dir string) {
	t.Helper()
	mkdir(t, dir, 0o755, os.Geteuid())
	files := map[string]string{
		"infradoc.yaml": "registry: INFRA_REGISTRY.yaml\nobligations: obligations.yaml\ntests_root: .\nmigrations_root: .\n",
		"INFRA_REGISTRY.yaml": `items:
  - {name: Postgres, category: DB, layer: L6, state: C, failure_mode: FAIL, owner: Platform}
  - name: Redis
    category: Cache
    layer: L6
    state: B
    failure_mode: Skip
    stub: {available: true}
    local_strategy: Stub
    owner: Platform
    history:
      - {date: 2026-01-01, from: A, to: B, pins: [PIN-1], approved_by: Human}
`,
		"obligations.yaml": `obligations:
  - id: OB-1
    title: Audit log
    layer: L6
    schema: audit
    requires:
      - {type: table, name: audit.event_log}
    status: UNFULFILLED
    created: 2026-01-01
`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// run runs the program in dir as uid with exactly env; it returns stdout
// and stderr and fails the test when the program fails.
func run(t *testing.T, exe, dir string, uid int, env []string, args ...string) (stdout, stderr []byte) {
	t.Helper()
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=/usr/bin:/bin"}, env...)
	if uid != os.Geteuid() {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid)}}
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("infradoc %s as uid %d: %v\n%s", strings.Join(args, " "), uid, err, errOut.Bytes())
	}
	return out.Bytes(), errOut.Bytes()
}

// tree lists the files under dir with their owner, mode and contents.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var list []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		line := path + " " + fi.Mode().String() + " uid " + owner(fi)
		if fi.Mode().IsRegular() {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			line += " " + string(data)
		}
		list = append(list, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// owner returns the user id owning fi, as text.
func owner(fi fs.FileInfo) string {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return strconv.FormatUint(uint64(st.Uid), 10)
	}
	return "?"
}

// inits returns the packages a run with GODEBUG=inittrace=1 initialised,
// in order.
func inits(stderr []byte) []string {
	var order []string
	for _, line := range strings.Split(string(stderr), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "init" {
			order = append(order, f[1])
		}
	}
	return order
}

// heavyModules are the modules only the worker may link: go-graphviz
// (and wazero, which runs it) compile Graphviz in an init function, and
// chroma's lexers parse their XML definitions (with regexp2) in theirs.
var heavyModules = []string{"github.com/goccy/go-graphviz", "github.com/tetratelabs/wazero", "github.com/alecthomas/chroma/v2", "github.com/dlclark/regexp2"}

// isHeavy reports whether the package or module path is of heavyModules.
func isHeavy(path string) bool {
	for _, m := range heavyModules {
		if path == m || strings.HasPrefix(path, m+"/") {
			return true
		}
	}
	return false
}

// TestInfradocLinksNeitherGraphvizNorChroma reads the modules each
// program was linked with (as `go version -m` does): infradoc links none
// of heavyModules, its worker links go-graphviz and chroma.
func TestInfradocLinksNeitherGraphvizNorChroma(t *testing.T) {
	exe := infradoc(t)
	for _, prog := range []string{exe, filepath.Join(filepath.Dir(exe), "infradoc-graphviz")} {
		bi, err := buildinfo.ReadFile(prog)
		if err != nil {
			t.Fatal(err)
		}
		linked := map[string]bool{}
		for _, d := range bi.Deps {
			if isHeavy(d.Path) {
				linked[d.Path] = true
			}
		}
		if filepath.Base(prog) == "infradoc" {
			if len(linked) > 0 {
				t.Errorf("infradoc links %v", slices.Sorted(maps.Keys(linked)))
			}
			continue
		}
		for _, m := range []string{"github.com/goccy/go-graphviz", "github.com/alecthomas/chroma/v2"} {
			if !linked[m] {
				t.Errorf("the worker does not link %s", m)
			}
		}
	}
}

// TestInfradocLinksNoGraphviz: infradoc's commands pay nothing for
// Graphviz or chroma: no package of heavyModules is initialised, and a
// command that draws nothing makes no folder for Graphviz.
func TestInfradocLinksNoGraphviz(t *testing.T) {
	exe := infradoc(t)
	tmp, cache := t.TempDir(), t.TempDir()
	repo := filepath.Join(t.TempDir(), "repo")
	writeRepo(t, repo)
	for _, args := range [][]string{{"version"}, {"validate"}, {"check"}} {
		_, stderr := run(t, exe, repo, os.Geteuid(),
			[]string{"HOME=" + t.TempDir(), "XDG_CACHE_HOME=" + cache, "TMPDIR=" + tmp, "GODEBUG=inittrace=1"}, args...)
		order := inits(stderr)
		if len(order) == 0 {
			t.Fatalf("infradoc %s: no inittrace output:\n%s", args[0], stderr)
		}
		for _, pkg := range order {
			if isHeavy(pkg) {
				t.Errorf("infradoc %s initialised %s", args[0], pkg)
			}
		}
	}
	if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
		t.Errorf("the runs left %d entries in TMPDIR, first %s", len(entries), entries[0].Name())
	}
	if _, err := os.Stat(filepath.Join(cache, "infradoc", "wasm")); !os.IsNotExist(err) {
		t.Errorf("a run that draws nothing made Graphviz's folder: %v", err)
	}
}

// TestGraphvizInitialisesInAPrivateFolder checks, in a real worker
// process, that graphviztmp's init runs before go-graphviz's
// (GODEBUG=inittrace=1 lists the inits in the order they run) and that
// go-graphviz caches its code in the user's cache folder, never in TMPDIR.
func TestGraphvizInitialisesInAPrivateFolder(t *testing.T) {
	worker := filepath.Join(filepath.Dir(infradoc(t)), "infradoc-graphviz")
	tmp, cache := t.TempDir(), t.TempDir()
	// A worker whose input ends at once greets and exits.
	out, stderr := run(t, worker, t.TempDir(), os.Geteuid(),
		[]string{"HOME=" + t.TempDir(), "XDG_CACHE_HOME=" + cache, "TMPDIR=" + tmp, "GODEBUG=inittrace=1"}, "worker")
	if !strings.HasPrefix(string(out), "infradoc-graphviz worker ") {
		t.Fatalf("the worker greeted %q", out)
	}
	order := inits(stderr)
	ours := slices.Index(order, "github.com/infradoc/infradoc/cmd/internal/usercache/graphviztmp")
	lib := slices.Index(order, "github.com/goccy/go-graphviz/internal/wasm")
	if ours < 0 || lib < 0 || ours > lib {
		t.Fatalf("graphviztmp's init is #%d, go-graphviz/internal/wasm's #%d: graphviztmp must come first (it sets TMPDIR for the library); inits:\n%s",
			ours, lib, strings.Join(order, "\n"))
	}
	if _, err := os.Stat(filepath.Join(tmp, "go-graphviz")); !os.IsNotExist(err) {
		t.Fatalf("go-graphviz made its folder in TMPDIR: %v", err)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
		t.Fatalf("the run left %d entries in TMPDIR, first %s", len(entries), entries[0].Name())
	}
	if _, err := os.Stat(filepath.Join(cache, "infradoc", "wasm", "go-graphviz")); err != nil {
		t.Fatalf("go-graphviz did not cache in the user's cache folder: %v", err)
	}
}

// TestUsersSharingTMPDIR runs infradoc, and so its Graphviz worker, as
// root, then as another user, with one shared TMPDIR (like /tmp):
// go-graphviz v0.2.10 alone makes the second run panic with permission
// denied in root's $TMPDIR/go-graphviz.
func TestUsersSharingTMPDIR(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("runs infradoc as two users: needs root (CI runs the tests as root)")
	}
	exe := infradoc(t)
	root := sharedDir(t)
	repo := filepath.Join(root, "repo")
	writeRepo(t, repo)
	tmp := mkdir(t, filepath.Join(root, "tmp"), os.ModeSticky|0o777, 0)
	rootHome := mkdir(t, filepath.Join(root, "root-home"), 0o700, 0)
	nobodyHome := mkdir(t, filepath.Join(root, "nobody-home"), 0o700, nobody)
	args := []string{"diagram", "states", "--format", "svg"}

	rootSVG, _ := run(t, exe, repo, 0, []string{"HOME=" + rootHome, "TMPDIR=" + tmp}, args...)
	if !bytes.HasPrefix(rootSVG, []byte("<svg")) {
		t.Fatalf("root's run wrote no SVG: %.200q", rootSVG)
	}
	if list := tree(t, tmp); len(list) > 1 {
		t.Fatalf("root's run wrote to the shared TMPDIR:\n%s", strings.Join(list, "\n"))
	}
	nobodySVG, _ := run(t, exe, repo, nobody, []string{"HOME=" + nobodyHome, "XDG_CACHE_HOME=" + filepath.Join(nobodyHome, ".cache"), "TMPDIR=" + tmp}, args...)
	if !bytes.Equal(nobodySVG, rootSVG) {
		t.Fatal("the other user's SVG differs from root's")
	}
	if list := tree(t, tmp); len(list) > 1 {
		t.Fatalf("a run wrote to the shared TMPDIR:\n%s", strings.Join(list, "\n"))
	}
	// Each user's caches are their own and private.
	for home, uid := range map[string]int{rootHome: 0, nobodyHome: nobody} {
		for _, d := range []string{"infradoc", "infradoc/wasm", "infradoc/diagrams"} {
			fi, err := os.Stat(filepath.Join(home, ".cache", d))
			if err != nil {
				t.Fatal(err)
			}
			if st := fi.Sys().(*syscall.Stat_t); int(st.Uid) != uid || fi.Mode().Perm() != 0o700 {
				t.Errorf("%s: uid %d mode %v, want uid %d mode 0700", d, st.Uid, fi.Mode(), uid)
			}
		}
	}
}

// TestPlantedGraphvizCacheIsNotRun plants, as another user, a file where
// go-graphviz v0.2.10 would read the machine code of its next run (it
// panics on junk, and would run code): root's run must neither read nor
// change it. It also checks a user without a cache folder whose folder in
// TMPDIR was taken by another user: it renders without a disk cache.
func TestPlantedGraphvizCacheIsNotRun(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("plants files as another user: needs root (CI runs the tests as root)")
	}
	exe := infradoc(t)
	root := sharedDir(t)
	repo := filepath.Join(root, "repo")
	writeRepo(t, repo)
	rootHome := mkdir(t, filepath.Join(root, "root-home"), 0o700, 0)
	rootEnv := []string{"HOME=" + rootHome}

	// A first run in a private TMPDIR shows the names of the cache files.
	run(t, exe, repo, 0, append(rootEnv, "TMPDIR="+t.TempDir()), "diagram", "states", "--format", "svg")
	cached := filepath.Join(rootHome, ".cache", "infradoc", "wasm", "go-graphviz")
	var names []string
	filepath.WalkDir(cached, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(cached, path)
			names = append(names, rel)
		}
		return err
	})
	if len(names) == 0 {
		t.Fatalf("no compiled code was cached in %s", cached)
	}

	tmp := mkdir(t, filepath.Join(root, "tmp"), os.ModeSticky|0o777, 0)
	planted := filepath.Join(tmp, "go-graphviz")
	for _, name := range names {
		file := filepath.Join(planted, name)
		mkdir(t, filepath.Dir(file), 0o755, nobody)
		if err := os.WriteFile(file, []byte("junk planted by uid 65534"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chown(file, nobody, nobody)
	}
	mkdir(t, planted, 0o755, nobody)
	// Where a root run without a cache folder would go, taken too.
	mkdir(t, filepath.Join(tmp, "infradoc-0-graphviz"), 0o700, nobody)
	before := tree(t, tmp)

	svg, _ := run(t, exe, repo, 0, append(rootEnv, "TMPDIR="+tmp), "diagram", "states", "--format", "svg")
	if !bytes.HasPrefix(svg, []byte("<svg")) {
		t.Fatalf("root's run wrote no SVG: %.200q", svg)
	}
	if after := tree(t, tmp); !slices.Equal(after, before) {
		t.Fatalf("root's run changed the shared TMPDIR:\nbefore:\n%s\nafter:\n%s", strings.Join(before, "\n"), strings.Join(after, "\n"))
	}

	// No home (nobody's is /nonexistent) and its folder in TMPDIR taken:
	// no cache at all, a warning, and the diagram all the same.
	mkdir(t, filepath.Join(tmp, "infradoc-65534-graphviz"), 0o700, 0)
	before = tree(t, tmp)
	svg2, stderr := run(t, exe, repo, nobody, []string{"HOME=/nonexistent", "TMPDIR=" + tmp}, "diagram", "states", "--format", "svg")
	if !bytes.Equal(svg2, svg) {
		t.Fatal("the SVG rendered without a cache differs")
	}
	if !strings.Contains(string(stderr), "not caching Graphviz's compiled code") {
		t.Errorf("no warning about the taken folder; stderr:\n%s", stderr)
	}
	if after := tree(t, tmp); !slices.Equal(after, before) {
		t.Fatalf("the run changed the shared TMPDIR:\nbefore:\n%s\nafter:\n%s", strings.Join(before, "\n"), strings.Join(after, "\n"))
	}
}

// TestWorkerIsBuiltOnFirstUse runs an infradoc built alone, without its
// worker beside it, in this source tree: the first diagram builds
// infradoc-graphviz into the user's cache folder (saying so in one line),
// later runs use that build.
func TestWorkerIsBuiltOnFirstUse(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	bin := t.TempDir()
	if out, err := exec.Command(goTool, "build", "-o", filepath.Join(bin, "infradoc"), ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// The go command builds offline, with this test's caches.
	goEnv, err := exec.Command(goTool, "env", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatal(err)
	}
	vars := strings.Split(strings.TrimSpace(string(goEnv)), "\n")
	if len(vars) != 3 {
		t.Fatalf("go env: %q", goEnv)
	}
	home := t.TempDir()
	cache := filepath.Join(home, ".cache")
	env := []string{
		"PATH=" + filepath.Dir(goTool) + ":/usr/bin:/bin", "HOME=" + home, "XDG_CACHE_HOME=" + cache, "TMPDIR=" + t.TempDir(),
		"GOCACHE=" + vars[0], "GOMODCACHE=" + vars[1], "GOPATH=" + vars[2], "GOPROXY=off", "GOTOOLCHAIN=local",
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"diagram", "states", "--format", "svg"}
	svg, stderr := run(t, filepath.Join(bin, "infradoc"), root, os.Geteuid(), env, args...)
	if !bytes.HasPrefix(svg, []byte("<svg")) {
		t.Fatalf("no SVG: %.200q\n%s", svg, stderr)
	}
	if n := strings.Count(string(stderr), "infradoc: building the Graphviz renderer (first use, once)"); n != 1 {
		t.Errorf("the building line printed %d times; stderr:\n%s", n, stderr)
	}
	built, _ := filepath.Glob(filepath.Join(cache, "infradoc", "bin", "infradoc-graphviz-*"))
	if len(built) != 1 {
		t.Fatalf("built workers: %q", built)
	}
	// Again, with the diagram no longer cached: the same worker, no build.
	os.RemoveAll(filepath.Join(cache, "infradoc", "diagrams"))
	again, stderr := run(t, filepath.Join(bin, "infradoc"), root, os.Geteuid(), env, args...)
	if !bytes.Equal(again, svg) || strings.Contains(string(stderr), "building") {
		t.Errorf("second run: SVG equal %v; stderr:\n%s", bytes.Equal(again, svg), stderr)
	}
	// Outside a source tree, with no worker: the diagram fails and says
	// how to install the worker.
	os.RemoveAll(filepath.Join(cache, "infradoc"))
	repo := filepath.Join(t.TempDir(), "repo")
	writeRepo(t, repo)
	cmd := exec.Command(filepath.Join(bin, "infradoc"), args...)
	cmd.Dir, cmd.Env = repo, env
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "go install github.com/infradoc/infradoc/cmd/infradoc-graphviz@latest") {
		t.Errorf("outside a source tree: %v\n%s", err, out)
	}
}
