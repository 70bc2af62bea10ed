package build

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"runtime/debug"
	"testing"
)

// A binary built from a clean checkout or a released version is known by
// its build information; any other by a hash of its bytes.
func TestIdentifyBinary(t *testing.T) {
	exeHashed := false
	exeHash := func() string { exeHashed = true; return "bytes" }
	info := func(version string, settings map[string]string, deps ...*debug.Module) *debug.BuildInfo {
		bi := &debug.BuildInfo{GoVersion: "go1.26.8", Path: "github.com/infradoc/infradoc/cmd/infradoc",
			Main: debug.Module{Path: "github.com/infradoc/infradoc", Version: version}, Deps: deps}
		for k, v := range settings {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: k, Value: v})
		}
		return bi
	}
	clean := map[string]string{"vcs": "git", "vcs.revision": "abc123", "vcs.modified": "false"}
	dirty := map[string]string{"vcs": "git", "vcs.revision": "abc123", "vcs.modified": "true"}
	yaml := &debug.Module{Path: "go.yaml.in/yaml/v3", Version: "v3.0.6"}
	local := &debug.Module{Path: "go.yaml.in/yaml/v3", Version: "v3.0.6", Replace: &debug.Module{Path: "../yaml"}}
	workspace := &debug.Module{Path: "example.com/other", Version: "(devel)"}
	for _, tc := range []struct {
		name    string
		bi      *debug.BuildInfo
		byBytes bool
	}{
		{"clean checkout", info("v0.0.0-20250101000000-abc123", clean, yaml), false},
		{"released version", info("v1.2.3", nil, yaml), false},
		{"modified checkout", info("v0.0.0-20250101000000-abc123+dirty", dirty, yaml), true},
		{"go run or go test", info("(devel)", nil, yaml), true},
		{"dependency in a folder", info("v0.0.0-20250101000000-abc123", clean, local), true},
		{"workspace module", info("v0.0.0-20250101000000-abc123", clean, workspace), true},
		{"no build information", nil, true},
	} {
		exeHashed = false
		bin, ok := identifyBinary(tc.bi, tc.bi != nil, exeHash)
		if !ok || exeHashed != tc.byBytes || (bin.Exe != "") != tc.byBytes {
			t.Errorf("%s: %+v ok=%v, hashed the executable: %v, want %v", tc.name, bin, ok, exeHashed, tc.byBytes)
		}
		if tc.bi != nil && (bin.Module != tc.bi.Main.Path || bin.Version != tc.bi.Main.Version || bin.Build == "") {
			t.Errorf("%s: %+v does not name the module, its version and build", tc.name, bin)
		}
	}
	if _, ok := identifyBinary(info("(devel)", nil), true, func() string { return "" }); ok {
		t.Error("a binary neither its build information nor its bytes identify was identified")
	}
	// Another revision, Go version or state of the checkout is another
	// binary, and so another key.
	a, _ := identifyBinary(info("v0.0.0-20250101000000-abc123", clean, yaml), true, exeHash)
	other := map[string]string{"vcs": "git", "vcs.revision": "def456", "vcs.modified": "false"}
	b, _ := identifyBinary(info("v0.0.0-20250101000000-abc123", other, yaml), true, exeHash)
	newerGo := info("v0.0.0-20250101000000-abc123", clean, yaml)
	newerGo.GoVersion = "go1.27"
	c, _ := identifyBinary(newerGo, true, exeHash)
	d, _ := identifyBinary(info("v0.0.0-20250101000000-abc123", dirty, yaml), true, func() string { return "other bytes" })
	keys := map[string]bool{}
	for _, bin := range []stampBinary{a, b, c, d} {
		keys[keyOf(bin, "/repo", "out")] = true
	}
	if len(keys) != 4 {
		t.Errorf("%d different keys for 4 different binaries", len(keys))
	}
	if keyOf(a, "/repo", "out") != keyOf(a, "/repo", "out") {
		t.Error("the key of one binary and options changes")
	}
}

// A go test binary carries no VCS information: it is known by a hash of
// its bytes, taken once.
func TestThisBinaryIsHashedUnderGoTest(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	bin, ok := thisBinary()
	if !ok || bin.Exe != hex.EncodeToString(sum[:]) {
		t.Errorf("thisBinary() = %+v, %v; want the hash of %s", bin, ok, exe)
	}
}
