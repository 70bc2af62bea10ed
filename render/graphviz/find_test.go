package graphviz

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/render/graphviz/internal/wire"
)

func TestClassifyVersion(t *testing.T) {
	for v, want := range map[string]versionKind{
		"":        localVersion,
		"(devel)": localVersion,
		"v0.0.0-20260101120000-abcdefabcdef+dirty": localVersion,
		"v1.2.3+dirty":                              localVersion,
		"v1.2.3/../x":                               localVersion,
		"v0.0.0-20260101120000-abcdefabcdef":        pseudoVersion,
		"v1.2.4-0.20260101120000-abcdefabcdef":      pseudoVersion,
		"v1.2.4-rc.1.0.20260101120000-abcdefabcdef": pseudoVersion,
		"v1.2.3":      taggedVersion,
		"v1.2.3-rc.1": taggedVersion,
	} {
		if got := classifyVersion(v); got != want {
			t.Errorf("classifyVersion(%q) = %d, want %d", v, got, want)
		}
	}
}

func TestWorkerFromTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "my-graphviz")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvWorker, exe)
	if got, err := findWorker(Options{}); err != nil || got != exe {
		t.Errorf("findWorker = %q, %v; want %q", got, err, exe)
	}
	// A name is looked up in PATH.
	t.Setenv("PATH", dir)
	t.Setenv(EnvWorker, "my-graphviz")
	if got, err := findWorker(Options{}); err != nil || got != exe {
		t.Errorf("findWorker by name = %q, %v; want %q", got, err, exe)
	}
	// A wrong one is an error, not a search elsewhere.
	t.Setenv(EnvWorker, filepath.Join(dir, "missing"))
	if _, err := findWorker(Options{}); err == nil || !strings.Contains(err.Error(), EnvWorker) {
		t.Errorf("missing program: err = %v", err)
	}
}

func TestWorkerBesideTheExecutable(t *testing.T) {
	bin, elsewhere := t.TempDir(), t.TempDir()
	exe := filepath.Join(bin, "infradoc")
	os.WriteFile(exe, nil, 0o755)
	if got := beside(exe); got != "" {
		t.Fatalf("beside = %q with no worker there", got)
	}
	worker := filepath.Join(bin, workerFile(""))
	os.WriteFile(worker, nil, 0o644)
	if got := beside(exe); got != "" {
		t.Fatalf("beside = %q: a file that may not be run", got)
	}
	os.Chmod(worker, 0o755)
	if got := beside(exe); got != worker {
		t.Fatalf("beside = %q, want %q", got, worker)
	}
	// A link to infradoc (say in ~/bin) finds the worker beside the file
	// it links to.
	link := filepath.Join(elsewhere, "infradoc")
	if err := os.Symlink(exe, link); err != nil {
		t.Skip(err)
	}
	if got := beside(link); got != worker {
		t.Fatalf("beside(link) = %q, want %q", got, worker)
	}
}

// privateDir is Options.PrivateDir in a temporary folder.
func privateDir(t *testing.T) func(string) (string, error) {
	base := t.TempDir()
	return func(name string) (string, error) {
		dir := filepath.Join(base, name)
		return dir, os.MkdirAll(dir, 0o700)
	}
}

// fakeExecutable returns an executable func naming a file of its own.
func fakeExecutable(t *testing.T, content string) func() (string, error) {
	p := filepath.Join(t.TempDir(), "infradoc")
	if err := os.WriteFile(p, []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
	return func() (string, error) { return p, nil }
}

// TestWorkerIsBuiltFromTheSourceTree builds the real worker as a
// developer's infradoc does: from the source tree around the working
// directory (this package's folder), once per executable.
func TestWorkerIsBuiltFromTheSourceTree(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	var stderr bytes.Buffer
	o := Options{Stderr: &stderr, PrivateDir: privateDir(t)}
	exe := fakeExecutable(t, "one build")
	got, err := buildWorker(o, "(devel)", exe)
	if err != nil {
		t.Fatal(err)
	}
	bin, _ := o.PrivateDir("bin")
	if filepath.Dir(got) != bin || !strings.HasPrefix(filepath.Base(got), workerName+"-") {
		t.Errorf("built %s, want %s/%s-<key>", got, bin, workerName)
	}
	if stderr.String() != buildingLine+"\n" {
		t.Errorf("stderr %q, want the one line %q", stderr.String(), buildingLine)
	}
	out, err := exec.Command(got, "version").Output()
	if err != nil || string(out) != wire.Hello {
		t.Fatalf("the built worker says %q (%v), want %q", out, err, wire.Hello)
	}
	// Again: no build, the same program.
	stderr.Reset()
	if again, err := buildWorker(o, "(devel)", exe); err != nil || again != got || stderr.Len() > 0 {
		t.Errorf("second call: %q, %v, stderr %q; want %q without building", again, err, stderr.String(), got)
	}
	// Another executable (a changed source tree) has a build of its own.
	other, err := buildWorker(o, "(devel)", fakeExecutable(t, "another build"))
	if err != nil || other == got {
		t.Errorf("another executable: %q, %v", other, err)
	}
	entries, _ := os.ReadDir(bin)
	if len(entries) != 2 {
		t.Errorf("bin holds %d entries, want the 2 workers (no temporary folders)", len(entries))
	}
}

// TestReleasedWorkerIsInstalled checks the go install of a released
// infradoc's worker, with a go command that records what it is asked.
func TestReleasedWorkerIsInstalled(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}
	tools := t.TempDir()
	record := filepath.Join(t.TempDir(), "args")
	script := "#!/bin/sh\necho \"$@\" > " + record + "\necho \"$GOBIN\" >> " + record +
		"\nprintf '#!/bin/sh\\necho hi\\n' > \"$GOBIN/" + workerFile("") + "\"\nchmod 755 \"$GOBIN/" + workerFile("") + "\"\n"
	if err := os.WriteFile(filepath.Join(tools, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", tools+string(os.PathListSeparator)+"/usr/bin:/bin")
	var stderr bytes.Buffer
	o := Options{Stderr: &stderr, PrivateDir: privateDir(t)}
	got, err := buildWorker(o, "v1.2.3", fakeExecutable(t, "x"))
	if err != nil {
		t.Fatal(err)
	}
	bin, _ := o.PrivateDir("bin")
	if want := filepath.Join(bin, workerFile("-v1.2.3")); got != want {
		t.Errorf("installed %s, want %s", got, want)
	}
	data, _ := os.ReadFile(record)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 || lines[0] != "install "+workerPackage+"@v1.2.3" || filepath.Dir(lines[1]) != bin {
		t.Errorf("go was run as %q, want install %s@v1.2.3 with GOBIN in %s", lines, workerPackage, bin)
	}
	if !strings.Contains(stderr.String(), buildingLine) {
		t.Errorf("stderr %q", stderr.String())
	}
	// Installed once.
	os.Remove(record)
	if _, err := buildWorker(o, "v1.2.3", fakeExecutable(t, "x")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(record); err == nil {
		t.Error("installed again")
	}
}

func TestNoWorkerSaysHowToInstallIt(t *testing.T) {
	t.Chdir(t.TempDir()) // no source tree around
	for _, o := range []Options{{}, {PrivateDir: privateDir(t)}} {
		_, err := buildWorker(o, "(devel)", fakeExecutable(t, "x"))
		if err == nil || !strings.Contains(err.Error(), "go install "+workerPackage+"@latest") || !strings.Contains(err.Error(), EnvWorker) {
			t.Errorf("err = %v, want how to install the worker", err)
		}
	}
	// A failing build says why, and how to install it.
	tools := t.TempDir()
	os.WriteFile(filepath.Join(tools, "go"), []byte("#!/bin/sh\necho 'no network' >&2\nexit 1\n"), 0o755)
	t.Setenv("PATH", tools)
	_, err := buildWorker(Options{PrivateDir: privateDir(t)}, "v1.2.3", fakeExecutable(t, "x"))
	if err == nil || !strings.Contains(err.Error(), "no network") || !strings.Contains(err.Error(), "go install "+workerPackage) {
		t.Errorf("err = %v, want the go command's message and how to install the worker", err)
	}
}

func TestGoModModule(t *testing.T) {
	for text, want := range map[string]string{
		"module github.com/infradoc/infradoc\n\ngo 1.26\n": modulePath,
		"// x\nmodule \"example.com/m\" // c\n":            "example.com/m",
		"go 1.26\n":                                        "",
	} {
		if got := goModModule([]byte(text)); got != want {
			t.Errorf("goModModule(%q) = %q, want %q", text, got, want)
		}
	}
}
