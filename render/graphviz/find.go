package graphviz

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// The worker program, and the module it is in.
const (
	modulePath    = "github.com/infradoc/infradoc"
	workerPackage = modulePath + "/cmd/infradoc-graphviz"
	workerName    = "infradoc-graphviz"
)

// installHint says how to give infradoc its worker.
const installHint = "install it with `go install " + workerPackage + "@latest` (or the version of your infradoc), " +
	"put " + workerName + " beside infradoc, or name it in $" + EnvWorker

// buildingLine is printed while the worker is built on first use.
const buildingLine = "infradoc: building the Graphviz renderer (first use, once) …"

// staleAfter is how old a worker built on first use for another infradoc
// (or a temporary folder left by an interrupted build) must be before a
// new build removes it.
const staleAfter = 7 * 24 * time.Hour

// workerFile is the worker's file name on this system.
func workerFile(suffix string) string {
	name := workerName + suffix
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return name
}

// findWorker returns the path of the worker program (see the package
// comment for the order of the search).
func findWorker(o Options) (string, error) {
	if v := os.Getenv(EnvWorker); v != "" {
		p, err := exec.LookPath(v)
		if err != nil {
			return "", fmt.Errorf("$%s: %w", EnvWorker, err)
		}
		return filepath.Abs(p)
	}
	if exe, err := os.Executable(); err == nil {
		if p := beside(exe); p != "" {
			return p, nil
		}
	}
	return buildWorker(o, mainVersion(), os.Executable)
}

// mainVersion returns the version of this module that the running program
// was built from, "" when it is not known.
func mainVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == modulePath {
		return bi.Main.Version
	}
	return ""
}

// beside returns the worker in the folder of the executable exe, or of
// the file exe links to; "" when neither has one.
func beside(exe string) string {
	dirs := []string{filepath.Dir(exe)}
	if real, err := filepath.EvalSymlinks(exe); err == nil && filepath.Dir(real) != dirs[0] {
		dirs = append(dirs, filepath.Dir(real))
	}
	for _, dir := range dirs {
		if p := filepath.Join(dir, workerFile("")); isExecutable(p) {
			return p
		}
	}
	return ""
}

// isExecutable reports whether p is a regular file that may be run.
func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	return runtime.GOOS == "windows" || fi.Mode().Perm()&0o111 != 0
}

// versionKind sorts the main module's version (debug.ReadBuildInfo).
type versionKind int

const (
	// localVersion: "(devel)", none, or "+dirty": built from a source
	// tree that may be found nowhere else.
	localVersion versionKind = iota
	// pseudoVersion: a commit, which the go command can fetch if it was
	// published (go install ...@main gives one).
	pseudoVersion
	// taggedVersion: a release.
	taggedVersion
)

var (
	// versionChars are the characters of a version that is a safe file name.
	versionChars = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+[0-9A-Za-z.-]*$`)
	// pseudoSuffix ends a pseudo-version: a time stamp and a revision.
	pseudoSuffix = regexp.MustCompile(`[.-][0-9]{14}-[0-9a-f]{12}$`)
)

// classifyVersion sorts a main module version.
func classifyVersion(v string) versionKind {
	switch {
	case !versionChars.MatchString(v): // "", "(devel)", "+dirty"
		return localVersion
	case pseudoSuffix.MatchString(v):
		return pseudoVersion
	default:
		return taggedVersion
	}
}

// buildMu serialises builds on first use in this process; processes that
// build at once each build into a folder of their own and rename the
// result into place.
var buildMu sync.Mutex

// buildWorker returns the worker built on first use in
// PrivateDir("bin"), building it if it is not there yet: for a tagged
// version of infradoc with go install, else from the source tree around
// the working directory with go build (keyed by a hash of the executable),
// else (a published pseudo-version) with go install.
func buildWorker(o Options, version string, executable func() (string, error)) (string, error) {
	if o.PrivateDir == nil {
		return "", fmt.Errorf("%s not found: %s", workerName, installHint)
	}
	kind := classifyVersion(version)
	src := ""
	if kind != taggedVersion {
		src = findSource()
	}
	var suffix string
	switch {
	case src != "":
		key, err := executableHash(executable)
		if err != nil {
			return "", fmt.Errorf("%s not found, and this infradoc cannot be read to key a build from %s: %v; %s", workerName, src, err, installHint)
		}
		suffix = "-" + key
	case kind != localVersion:
		suffix = "-" + version
	default:
		return "", fmt.Errorf("%s not found: this infradoc was built from a source tree (version %q) and the working directory is not in one to build it from; %s",
			workerName, version, installHint)
	}
	bin, err := o.PrivateDir("bin")
	if err != nil {
		return "", fmt.Errorf("%s not found, and there is no private folder to build it in: %v; %s", workerName, err, installHint)
	}
	target := filepath.Join(bin, workerFile(suffix))
	buildMu.Lock()
	defer buildMu.Unlock()
	if isExecutable(target) {
		return target, nil
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("%s not found, and there is no go command to build it with; %s", workerName, installHint)
	}
	tmp, err := os.MkdirTemp(bin, ".build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	built := filepath.Join(tmp, workerFile(""))
	var cmd *exec.Cmd
	if src != "" {
		cmd = exec.Command(goTool, "build", "-o", built, "./cmd/"+workerName)
		cmd.Dir = src
		cmd.Env = os.Environ()
	} else {
		cmd = exec.Command(goTool, "install", workerPackage+"@"+version)
		cmd.Dir = tmp
		cmd.Env = append(os.Environ(), "GOBIN="+tmp)
	}
	if o.Stderr != nil {
		fmt.Fprintln(o.Stderr, buildingLine)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building %s failed (%s in %s): %v\n%s%s", workerName, strings.Join(cmd.Args, " "), cmd.Dir, err, tail(out, 2000), installHint)
	}
	if !isExecutable(built) {
		return "", fmt.Errorf("building %s (%s) made no program at %s; %s", workerName, strings.Join(cmd.Args, " "), built, installHint)
	}
	if err := os.Rename(built, target); err != nil {
		return "", err
	}
	pruneBuilds(bin, target)
	return target, nil
}

// findSource returns the root of this module's source tree around the
// working directory: the nearest folder, from it up, with a go.mod of
// module github.com/infradoc/infradoc and the worker's package; "" when
// there is none.
func findSource() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && goModModule(data) == modulePath {
			if fi, err := os.Stat(filepath.Join(dir, "cmd", workerName)); err == nil && fi.IsDir() {
				return dir
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// goModModule returns the module path a go.mod declares, or "".
func goModModule(data []byte) string {
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "module" {
			return strings.Trim(f[1], "\"`")
		}
	}
	return ""
}

// executableHash returns the first 16 bytes, in hex, of the sha256 of the
// running executable.
func executableHash(executable func() (string, error)) (string, error) {
	exe, err := executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// pruneBuilds removes, from bin, the workers built on first use for other
// infradocs and the folders of interrupted builds, once they are older
// than staleAfter; keep stays.
func pruneBuilds(bin, keep string) {
	entries, err := os.ReadDir(bin)
	if err != nil {
		return
	}
	for _, e := range entries {
		p := filepath.Join(bin, e.Name())
		if p == keep || !(strings.HasPrefix(e.Name(), workerName+"-") || strings.HasPrefix(e.Name(), ".build-")) {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleAfter {
			os.RemoveAll(p)
		}
	}
}

// tail returns the last n bytes of out, ending in a newline when not
// empty.
func tail(out []byte, n int) string {
	if len(out) > n {
		out = out[len(out)-n:]
	}
	s := string(out)
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}
