package junit

import (
	"path"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site/evidence"
)

// Match is a case that runs a test of a test file, with the test function
// it runs: test_x for pytest's test_x[param] and for a method test_x of a
// class, TestX for Go's TestX/sub.
type Match struct {
	Case
	Function string `json:"function"`
}

// ForTestFile returns the cases of r that run the tests of the test file p
// (relative to testsRoot, as obligations write test_files), in the order
// read. te is the file's evidence (its test functions), nil when it was not
// scanned.
//
// A pytest case belongs to p when its file attribute names p, or, without
// one, when its classname (tests.test_m10_recovery, or with a class
// tests.test_m10_recovery.TestClaim) written as a path, tests/test_m10_recovery.py,
// and p are one the other's suffix, whole folders at a time: pytest names
// modules from its rootdir, which may lie above or below the tests root.
// A Go case belongs to p when its classname, the package path, ends with
// p's folder (from the repository root or the tests root) and the test
// function is one p holds.
func (r *Results) ForTestFile(testsRoot, p string, te *evidence.TestFileEvidence) []Match {
	if r == nil {
		return nil
	}
	p = path.Clean(p)
	full := path.Join(testsRoot, p)
	var out []Match
	for _, c := range r.Cases {
		fn, ok := "", false
		switch {
		case strings.HasSuffix(p, "_test.go"):
			fn, ok = goCase(c, full, p, te)
		case c.File != "":
			f := path.Clean(c.File)
			fn, ok = testName(c.Name), f == full || pathSuffix(f, p) || pathSuffix(p, f)
		case strings.HasSuffix(p, ".py"):
			fn, ok = testName(c.Name), pyModule(c.ClassName, p)
		}
		if ok {
			out = append(out, Match{Case: c, Function: fn})
		}
	}
	return out
}

// goCase reports whether the gotestsum case c runs a test of the Go test
// file full (p from the tests root), and which.
func goCase(c Case, full, p string, te *evidence.TestFileEvidence) (string, bool) {
	fn, _, _ := strings.Cut(c.Name, "/")
	if te == nil || !slices.ContainsFunc(te.Functions, func(f evidence.TestFunction) bool { return f.Name == fn }) {
		return "", false
	}
	pkg := c.ClassName
	for _, dir := range []string{path.Dir(full), path.Dir(p)} {
		if dir != "." && pathSuffix(pkg, dir) {
			return fn, true
		}
	}
	return "", false
}

// pyModule reports whether a pytest classname names the module p: some
// leading part of its dotted names, as a path ending in .py, and p are one
// the other's suffix.
func pyModule(classname, p string) bool {
	parts := strings.Split(classname, ".")
	for k := len(parts); k >= 1; k-- {
		m := strings.Join(parts[:k], "/") + ".py"
		if pathSuffix(m, p) || pathSuffix(p, m) {
			return true
		}
	}
	return false
}

// testName is the test function a pytest case runs: its name without the
// [parameters] of a parametrized case.
func testName(name string) string {
	if i := strings.IndexByte(name, '['); i > 0 {
		return name[:i]
	}
	return name
}

// pathSuffix reports whether the slash-separated path s ends with suffix,
// whole names at a time: a/b/c ends with b/c and c, not with /c or bc.
func pathSuffix(s, suffix string) bool {
	if suffix == "" || suffix == "." {
		return false
	}
	return s == suffix || strings.HasSuffix(s, "/"+suffix)
}
