package adopt

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

var adoptDir = filepath.Join("..", "..", "testdata", "adopt")

// TestDiscoverAdoptRepositories finds the inputs of the repositories of
// testdata/adopt (their READMEs say where they are).
func TestDiscoverAdoptRepositories(t *testing.T) {
	for _, c := range []struct {
		repo                                          string
		doc, registry, obligations, tests, migrations string
		docs                                          []string
		layers                                        int
	}{
		{"billing", "docs/governance/INFRA_REGISTRY.md", "docs/governance/INFRA_REGISTRY.yaml", "docs/governance/obligations.yaml", "backend", ".", []string{"docs/**/*.md"}, 0},
		{"platform", "INFRA_REGISTRY.md", "INFRA_REGISTRY.yaml", "governance/obligations", "app", "db/migrations", []string{"INFRA_REGISTRY.md"}, 2},
	} {
		p, err := Discover(os.DirFS(filepath.Join(adoptDir, c.repo)))
		if err != nil {
			t.Fatal(err)
		}
		got := []string{p.RegistryDoc, p.RegistryFile, p.Obligations, p.TestsRoot, p.MigrationsRoot}
		want := []string{c.doc, c.registry, c.obligations, c.tests, c.migrations}
		if !slices.Equal(got, want) || !slices.Equal(p.Docs, c.docs) {
			t.Errorf("%s: found %q, docs %q; want %q, docs %q", c.repo, got, p.Docs, want, c.docs)
		}
		if !p.OK() || p.Registry == nil || len(p.Registry.Layers) != c.layers {
			t.Errorf("%s: plan not OK or %d layers, want %d", c.repo, len(p.Registry.Layers), c.layers)
		}
		for _, a := range p.Registry.Artifacts {
			if strings.Contains(a.Name, "requires_infra") {
				t.Errorf("%s: prose became an artifact: %q", c.repo, a.Name)
			}
			if a.Self && a.Path != c.doc {
				t.Errorf("%s: the registry doc's artifact has path %q, want %q", c.repo, a.Path, c.doc)
			}
		}
	}
}

// TestDiscoverExistingRegistry uses a registry YAML the repository has,
// and imports nothing.
func TestDiscoverExistingRegistry(t *testing.T) {
	p, err := Discover(os.DirFS(filepath.Join("..", "..", "content")))
	if err != nil {
		t.Fatal(err)
	}
	if !p.ExistingRegistry || p.RegistryFile != "INFRA_REGISTRY.yaml" || p.Obligations != "obligations" || p.Registry != nil {
		t.Errorf("content/: registry %q (existing %v), obligations %q", p.RegistryFile, p.ExistingRegistry, p.Obligations)
	}
}

// TestDiscoverNothing says what is missing and makes no plan to write.
func TestDiscoverNothing(t *testing.T) {
	p, err := Discover(fstest.MapFS{"README.md": {Data: []byte("# hello\n")}, "src/main.py": {Data: []byte("print(1)\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if p.OK() {
		t.Error("a repository without a registry or obligations gave a plan to write")
	}
	report := strings.Join(p.Report(), "\n")
	for _, want := range []string{"not found:", "no markdown doc with a registry table", "no YAML file with a top-level obligations: list"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
}

// TestDiscoverStartsARegistry: obligations, tests and migrations but no
// registry doc or YAML (the layout of a repository that kept only its
// obligations) give a plan with an empty registry beside the obligations,
// and no docs glob when there is no markdown to match.
func TestDiscoverStartsARegistry(t *testing.T) {
	fsys := fstest.MapFS{
		"docs/infra/obligations.yaml": {Data: []byte(`obligations:
  - id: SES-2
    title: Session expiry
    layer: L6
    status: UNFULFILLED
    test_files:
      - {path: tests/test_session.py, count: 1}
    migration_path: migrations/obligations/SES-2
`)},
		"backend/tests/test_session.py":               {Data: []byte("def test_a():\n    pass\n")},
		"migrations/obligations/SES-2/001_schema.sql": {Data: []byte("CREATE SCHEMA sessions;\n")},
	}
	p, err := Discover(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if !p.OK() || !p.Starter || p.Registry == nil || len(p.Registry.Items) != 0 || p.RegistryFile != "docs/infra/INFRA_REGISTRY.yaml" {
		t.Fatalf("plan: ok %v, starter %v, registry file %q", p.OK(), p.Starter, p.RegistryFile)
	}
	if p.TestsRoot != "backend" || p.MigrationsRoot != "." || len(p.Docs) != 0 {
		t.Errorf("roots %q, %q, docs %q", p.TestsRoot, p.MigrationsRoot, p.Docs)
	}
	if report := strings.Join(p.Report(), "\n"); !strings.Contains(report, "starts empty in docs/infra/INFRA_REGISTRY.yaml") || strings.Contains(report, "not found") {
		t.Errorf("report:\n%s", report)
	}
}

// TestDiscoverIsDeterministic: the same repository gives the same config
// and report.
func TestDiscoverIsDeterministic(t *testing.T) {
	fsys := os.DirFS(filepath.Join(adoptDir, "billing"))
	a, err := Discover(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, err := Discover(fsys)
		if err != nil {
			t.Fatal(err)
		}
		if string(a.Config()) != string(b.Config()) || !slices.Equal(a.Report(), b.Report()) {
			t.Fatal("two runs over the same repository differ")
		}
	}
}

// TestBestRoot prefers the root that makes the most paths exist, the
// shallowest of those that tie.
func TestBestRoot(t *testing.T) {
	tr := &tree{
		dirs:   []string{"a", "a/b", "backend", "x"},
		isFile: map[string]bool{"a/b/tests/t1.py": true, "backend/tests/t1.py": true, "backend/tests/t2.py": true, "x/tests/t1.py": true, "x/tests/t2.py": true},
	}
	if root, n := bestRoot(tr, []string{"tests/t1.py", "tests/t2.py"}, tr.isFile); root != "backend" || n != 2 {
		t.Errorf("bestRoot = %s, %d; want backend, 2", root, n)
	}
	if root, n := bestRoot(tr, []string{"tests/none.py"}, tr.isFile); root != "." || n != 0 {
		t.Errorf("bestRoot of nothing found = %s, %d; want ., 0", root, n)
	}
}
