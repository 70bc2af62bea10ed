package site_test

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/golden"
	"github.com/infradoc/infradoc/site/rules"
)

// Fixture convention.
//
// Every case is a small repository built on top of testdata/base (a valid
// config, registry and empty obligations file, loaded with its own
// infradoc.yaml). A case replaces some of its files:
//
//   - testdata/{ok,err}/registry-NAME.yaml replaces the registry,
//   - testdata/{ok,err}/obligations-NAME.yaml replaces the obligations file
//     (the single-file layout, a top-level obligations: list),
//   - testdata/{ok,err}/config-NAME.yaml replaces infradoc.yaml,
//   - testdata/{ok,err}/NAME/ is a folder laid over the base: its files
//     replace or add to the base's (infradoc.yaml naming obligations: obligations
//     gives the per-file layout, obligations/<ID>.yaml plus obligations/index.yaml).
//
// Inside a folder the file names say what a file is: infradoc.yaml,
// INFRA_REGISTRY.yaml, obligations.yaml, obligations/index.yaml and
// obligations/<ID>.yaml. Findings are printed with the path of the fixture
// file they are about, so an .out line can be opened in an editor.
//
// testdata/ok cases must load with no findings; testdata/err/<case>.out
// holds the exact findings of an err case, one per line
// (go test ./site -run TestFixtures -update rewrites them: review the diff).

// Roles of the files of a fixture.
const (
	roleConfig      = "config"
	roleRegistry    = "registry"
	roleObligations = "obligations"
	roleObligation  = "obligation"
	roleIndex       = "index"
)

// fixtureFile is one file of a fixture repository.
type fixtureFile struct {
	// origin is the file on disk, relative to the package (testdata/…).
	origin string
	role   string
	data   []byte
}

// fixture is one ok or err case.
type fixture struct {
	// name is "ok/NAME" or "err/NAME".
	name string
	// dir is where the case lives: the folder of a folder case, else
	// testdata/ok or testdata/err.
	dir string
	// files maps repository paths to files.
	files map[string]*fixtureFile
}

func (f *fixture) ok() bool { return strings.HasPrefix(f.name, "ok/") }

func (f *fixture) outFile() string { return filepath.Join("testdata", f.name+".out") }

// roleOf says what a file of a folder case (or of the base) is.
func roleOf(p string) string {
	switch {
	case p == site.ConfigFileName:
		return roleConfig
	case p == "INFRA_REGISTRY.yaml":
		return roleRegistry
	case p == "obligations.yaml":
		return roleObligations
	case p == "obligations/"+site.IndexFileName:
		return roleIndex
	case path.Dir(p) == "obligations" && (path.Ext(p) == ".yaml" || path.Ext(p) == ".yml"):
		return roleObligation
	}
	return ""
}

// singleFileRoles maps the prefix of a single-file case to what it replaces.
var singleFileRoles = []struct{ prefix, role, target string }{
	{"registry-", roleRegistry, "INFRA_REGISTRY.yaml"},
	{"obligations-", roleObligations, "obligations.yaml"},
	{"config-", roleConfig, site.ConfigFileName},
}

// readTree reads every file under dir into files, keyed by path relative to dir.
func readTree(t testing.TB, dir string, files map[string]*fixtureFile) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		files[rel] = &fixtureFile{origin: filepath.ToSlash(p), role: roleOf(rel), data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// loadFixtures returns every case under testdata/ok and testdata/err.
func loadFixtures(t testing.TB) []*fixture {
	t.Helper()
	var out []*fixture
	for _, kind := range []string{"ok", "err"} {
		dir := filepath.Join("testdata", kind)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			f := &fixture{files: map[string]*fixtureFile{}}
			readTree(t, filepath.Join("testdata", "base"), f.files)
			if e.IsDir() {
				f.name, f.dir = kind+"/"+name, filepath.ToSlash(filepath.Join(dir, name))
				readTree(t, filepath.Join(dir, name), f.files)
				out = append(out, f)
				continue
			}
			if path.Ext(name) != ".yaml" {
				continue
			}
			base := strings.TrimSuffix(name, ".yaml")
			i := slices.IndexFunc(singleFileRoles, func(r struct{ prefix, role, target string }) bool {
				return strings.HasPrefix(name, r.prefix)
			})
			if i < 0 {
				t.Fatalf("%s/%s: a single-file case is named registry-*, obligations-* or config-*", dir, name)
			}
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			origin := filepath.ToSlash(filepath.Join(dir, name))
			f.name, f.dir = kind+"/"+base, filepath.ToSlash(dir)
			f.files[singleFileRoles[i].target] = &fixtureFile{origin: origin, role: singleFileRoles[i].role, data: data}
			out = append(out, f)
		}
	}
	return out
}

// load runs the loader over the fixture and returns its findings, with
// file names rewritten to the fixture files on disk.
func (f *fixture) load(t testing.TB) (*site.Site, []site.Finding) {
	t.Helper()
	mfs := fstest.MapFS{}
	for p, file := range f.files {
		mfs[p] = &fstest.MapFile{Data: file.data, Mode: 0o644}
	}
	s, findings, err := rules.Validate(site.Options{FS: mfs})
	if err != nil {
		t.Fatalf("%s: Load failed: %v", f.name, err)
	}
	if findings, err = rules.Accept(s, findings, rules.AcceptOptions{Today: fixtureToday}); err != nil {
		t.Fatalf("%s: Accept failed: %v", f.name, err)
	}
	for i := range findings {
		// Messages may cite another position ("already declared at F:3:5").
		for p, file := range f.files {
			findings[i].Message = strings.ReplaceAll(findings[i].Message, " "+p+":", " "+file.origin+":")
		}
		if file, ok := f.files[findings[i].File]; ok {
			findings[i].File = file.origin
		} else {
			findings[i].File = path.Join(f.dir, findings[i].File)
		}
	}
	return s, findings
}

// fixtureToday is the day the fixtures' waivers are checked against.
var fixtureToday = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// formatFindings prints a finding a line, with what accepts it.
func formatFindings(findings []site.Finding) string {
	var b strings.Builder
	for _, fd := range findings {
		b.WriteString(fd.String())
		switch {
		case fd.Waived != nil:
			b.WriteString(" (waived until " + fd.Waived.Until + ": " + fd.Waived.Reason + ")")
		case fd.Baselined:
			b.WriteString(" (baselined)")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestFixtures(t *testing.T) {
	checkGeneratedFixtures(t)
	cases := loadFixtures(t)
	if len(cases) == 0 {
		t.Fatal("no fixtures found")
	}
	for _, f := range cases {
		t.Run(f.name, func(t *testing.T) {
			_, findings := f.load(t)
			got := formatFindings(findings)
			if f.ok() {
				if got != "" {
					t.Errorf("expected no findings, got:\n%s", got)
				}
				return
			}
			if got == "" {
				t.Errorf("an err case must have findings")
			}
			golden.Check(t, "./site -run TestFixtures", f.outFile(), got)
		})
	}
}

// checkedElsewhere reports whether a rule of package site is not about the
// YAML inputs (the markdown docs, importing a markdown registry) or needs
// more than files (the git history of the registry, which these fixtures do
// not have), so that its own tests cover it rather than these fixtures:
// site/githistory's TestRulesFire for history-missing and history-date.
func checkedElsewhere(id string) bool {
	return strings.HasPrefix(id, "import-") || slices.Contains([]string{"docs-glob", "doc-name-case", "marker", "marker-syntax", "stale-block", "stale-diagram", "broken-link", "history-missing", "history-date",
		// infradoc verify's, tested against a real server in site/verify.
		"verify-missing", "verify-drift", "verify-migration-failed",
		// verify --junit's and promote's, tested over the JUnit files of
		// testdata/verify/ledger in site/junit and site/verify.
		"junit-file", "junit-failed", "junit-skipped", "junit-count", "junit-unmatched", "criteria-refuted", "ready-to-promote"}, id)
}

// TestFixturesCoverEveryRule makes sure every rule of package site fires in
// at least one err fixture, so each rule is proven to work by a case.
func TestFixturesCoverEveryRule(t *testing.T) {
	fired := map[string]bool{}
	outs, err := filepath.Glob(filepath.Join("testdata", "err", "*.out"))
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range outs {
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if i := strings.LastIndex(line, " ["); i >= 0 {
				fired[strings.TrimSuffix(line[i+2:], "]")] = true
			}
		}
	}
	for _, id := range rules.IDs() {
		if !fired[id] && !checkedElsewhere(id) {
			t.Errorf("rule %s fires in no testdata/err fixture", id)
		}
	}
}

// deepNesting is how deep the generated nesting fixtures go.
const deepNesting = 20000

// generatedFixtures are fixtures too large to write by hand. -update
// rewrites them; otherwise the files on disk must match.
func generatedFixtures() map[string]string {
	return map[string]string{
		"registry-deep-flow.yaml": "# " + "20,000 nested flow sequences, generated by fixtures_test.go\n" +
			"items: " + strings.Repeat("[", deepNesting) + strings.Repeat("]", deepNesting) + "\n",
		"registry-deep-block.yaml": "# 20,000 nested block sequences, generated by fixtures_test.go\n" +
			"items:\n  " + strings.Repeat("- ", deepNesting) + "x\n",
	}
}

func checkGeneratedFixtures(t *testing.T) {
	for name, want := range generatedFixtures() {
		p := filepath.Join("testdata", "err", name)
		golden.Check(t, "./site -run TestFixtures", p, want)
	}
}
