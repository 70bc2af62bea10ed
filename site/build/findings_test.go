package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rootfs/rootfstest"
)

// layFixture copies site/testdata/base and then the err case name (a
// folder laid over it, or a single registry-, obligations- or config-
// file replacing its own) into a temporary folder: the repositories of
// package site's validation fixtures, on disk.
func layFixture(t *testing.T, name string) string {
	t.Helper()
	testdata := filepath.Join("..", "testdata")
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(testdata, "base"))); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(testdata, "err", name)
	if st, err := os.Stat(src); err == nil && st.IsDir() {
		overlay(t, src, dir)
		return dir
	}
	data, err := os.ReadFile(src + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	target := map[string]string{"registry-": "INFRA_REGISTRY.yaml", "obligations-": "obligations.yaml", "config-": site.ConfigFileName}
	for prefix, file := range target {
		if strings.HasPrefix(name, prefix) {
			rootfstest.WriteFile(t, dir, file, data)
			return dir
		}
	}
	t.Fatalf("%s: not a registry-, obligations- or config- case", name)
	return ""
}

// overlay copies every file under src into dst, replacing what is there
// (os.CopyFS refuses to).
func overlay(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rootfstest.WriteFile(t, dst, filepath.ToSlash(rel), data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Findings do not stop a build: a repository whose inputs parse gives its
// site and its findings, and only an input that cannot be parsed stops it
// with nothing written.
func TestBuildDespiteFindings(t *testing.T) {
	cache := t.TempDir()
	for _, c := range []struct {
		name  string
		wrote bool
	}{
		{"registry-r2-bucket", true}, // rule errors
		{"obligations-unique", true}, // two obligations with one id
		{"waivers", true},            // config errors, an expired waiver
		{"registry-syntax", false},   // not YAML
		{"obligations-multiple-documents", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := layFixture(t, c.name)
			res, _ := buildRepo(t, dir, "public", cache)
			if !site.HasErrors(res.Findings) {
				t.Fatalf("no error finding: %v", res.Findings)
			}
			files := outputFiles(t, filepath.Join(dir, "public"))
			if !c.wrote {
				if files != nil || res.Out != "" {
					t.Fatalf("an unparsable input wrote %d files (Out %q)", len(files), res.Out)
				}
				return
			}
			if res.Out == "" || files["index.html"] == nil || files["registry.html"] == nil {
				t.Fatalf("the site was not written despite findings (Out %q, %d files)", res.Out, len(files))
			}
		})
	}
}
