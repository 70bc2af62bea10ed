package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/build"
)

// copyBuildFixture copies the repository testdata/<name> into a temporary
// folder and returns the folder.
func copyBuildFixture(t *testing.T, name string) string {
	t.Helper()
	return copyTree(t, filepath.Join("..", "..", "testdata", name))
}

// buildCommand returns a Command working in dir with a private diagram cache.
func buildCommand(dir string) (*Command, *bytes.Buffer) {
	var out bytes.Buffer
	cache := filepath.Join(dir, ".cache")
	return &Command{Dir: dir, Stdout: &out, Stderr: &out, Getenv: func(k string) string {
		if k == envCacheDir {
			return cache
		}
		return ""
	}}, &out
}

func mustBuild(t *testing.T, c *Command, opts buildOptions) *buildResult {
	t.Helper()
	res, err := c.buildSite(&inputFlags{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Severity == "error" {
			t.Fatalf("unexpected error finding: %s", f)
		}
	}
	return res
}

// siteFiles returns every file under dir (but the manifest) with its bytes.
func siteFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBuildWritesOnlyChangedFilesAndRemovesStaleOnes(t *testing.T) {
	repo := copyBuildFixture(t, "site")
	c, _ := buildCommand(repo)
	out := filepath.Join(repo, "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	// A file the build did not write must survive every build.
	mine := filepath.Join(out, "CNAME")
	if err := os.WriteFile(mine, []byte("gov.example.org\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	first := mustBuild(t, c, buildOptions{})
	if first.Out != out || first.Written == 0 || first.Unchanged != 0 || first.Removed != 0 {
		t.Fatalf("first build: %+v", first)
	}
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for p := range siteFiles(t, out) {
		if err := os.Chtimes(filepath.Join(out, p), old, old); err != nil {
			t.Fatal(err)
		}
	}

	second := mustBuild(t, c, buildOptions{})
	if second.Written != 0 || second.Removed != 0 || second.Unchanged != first.Written {
		t.Fatalf("no-change rebuild: %+v (first wrote %d)", second, first.Written)
	}
	for p := range siteFiles(t, out) {
		if st, _ := os.Stat(filepath.Join(out, p)); !st.ModTime().Equal(old) {
			t.Errorf("a no-change rebuild touched %s", p)
		}
	}

	// Retitle OB-1 (layer L6): its pages change, an L7 item's page does not.
	ob1 := filepath.Join(repo, "obligations", "OB-1.yaml")
	data, _ := os.ReadFile(ob1)
	if err := os.WriteFile(ob1, bytes.Replace(data, []byte("title: Event log"), []byte("title: Audit event log"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	third := mustBuild(t, c, buildOptions{})
	if third.Written == 0 || third.Written >= first.Written || third.Removed != 0 {
		t.Fatalf("one-file change: %+v", third)
	}
	if st, _ := os.Stat(filepath.Join(out, "obligations", "OB-1.html")); st.ModTime().Equal(old) {
		t.Errorf("obligations/OB-1.html was not rewritten")
	}
	if st, _ := os.Stat(filepath.Join(out, "items", "grafana.html")); !st.ModTime().Equal(old) {
		t.Errorf("items/grafana.html was rewritten though it did not change")
	}

	// Drop OB-2: its page is removed, with the folder-less leftovers.
	if err := os.Remove(filepath.Join(repo, "obligations", "OB-2.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "obligations", "index.yaml"), []byte("obligations: [OB-1]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fourth := mustBuild(t, c, buildOptions{})
	if fourth.Removed == 0 {
		t.Fatalf("stale pages were not removed: %+v", fourth)
	}
	if _, err := os.Stat(filepath.Join(out, "obligations", "OB-2.html")); !os.IsNotExist(err) {
		t.Errorf("obligations/OB-2.html is still there: %v", err)
	}
	if got, err := os.ReadFile(mine); err != nil || string(got) != "gov.example.org\n" {
		t.Errorf("the build touched a file it did not write: %q %v", got, err)
	}
	manifest, _ := os.ReadFile(filepath.Join(out, build.ManifestName))
	if strings.Contains(string(manifest), "OB-2") || strings.Contains(string(manifest), "CNAME") {
		t.Errorf("manifest lists files the build does not own:\n%s", manifest)
	}
}

func TestBuildIsByteForByteDeterministic(t *testing.T) {
	repo := copyBuildFixture(t, "site")
	c, _ := buildCommand(repo)
	mustBuild(t, c, buildOptions{Out: "a"})
	mustBuild(t, c, buildOptions{Out: "b"})
	a, b := siteFiles(t, filepath.Join(repo, "a")), siteFiles(t, filepath.Join(repo, "b"))
	if len(a) != len(b) || len(a) < 30 {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

func TestBuildRefusesToOverwriteFilesItDidNotWrite(t *testing.T) {
	repo := copyBuildFixture(t, "site")
	c, _ := buildCommand(repo)
	out := filepath.Join(repo, "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "index.html"), []byte("someone else's page\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := c.buildSite(&inputFlags{}, buildOptions{})
	if err == nil || !strings.Contains(err.Error(), "was not written by infradoc build") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if got, _ := os.ReadFile(filepath.Join(out, "index.html")); string(got) != "someone else's page\n" {
		t.Errorf("the foreign index.html was overwritten")
	}
	if _, err := os.Stat(filepath.Join(out, "registry.html")); !os.IsNotExist(err) {
		t.Errorf("the build wrote files before refusing")
	}
}

func TestBuildManifestCannotReachOutside(t *testing.T) {
	repo := copyBuildFixture(t, "site")
	c, _ := buildCommand(repo)
	out := filepath.Join(repo, "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(repo, "victim.txt")
	if err := os.WriteFile(victim, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, build.ManifestName), []byte("../victim.txt\n/etc/passwd\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, c, buildOptions{})
	if _, err := os.Stat(victim); err != nil {
		t.Errorf("a crafted manifest deleted a file outside the output: %v", err)
	}
}

// Findings do not stop a build: the site of a registry with an invalid
// state is written, and the command exits 1; an unparsable registry
// writes nothing.
func TestBuildWithErrorsWritesTheSite(t *testing.T) {
	repo := copyBuildFixture(t, "site")
	c, _ := buildCommand(repo)
	reg := filepath.Join(repo, "INFRA_REGISTRY.yaml")
	data, _ := os.ReadFile(reg)
	if err := os.WriteFile(reg, bytes.Replace(data, []byte("state: C"), []byte("state: D"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := c.buildSite(&inputFlags{}, buildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !site.HasErrors(res.Findings) || res.Written == 0 || res.Stopped != "" {
		t.Fatalf("result %+v", res)
	}
	if _, err := os.Stat(filepath.Join(repo, "public", "index.html")); err != nil {
		t.Errorf("a build with an error finding wrote no site: %v", err)
	}
	if status := c.Main([]string{"build"}); status != ExitFindings {
		t.Errorf("build with an error finding: exit %d, want %d", status, ExitFindings)
	}

	if err := os.RemoveAll(filepath.Join(repo, "public")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(reg, []byte("items: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if res, err = c.buildSite(&inputFlags{}, buildOptions{}); err != nil {
		t.Fatal(err)
	}
	if res.Stopped == "" || res.Written != 0 {
		t.Fatalf("an unparsable registry: result %+v", res)
	}
	if _, err := os.Stat(filepath.Join(repo, "public")); !os.IsNotExist(err) {
		t.Errorf("a build of an unparsable registry created the output folder")
	}
}
