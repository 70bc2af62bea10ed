package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/build"
)

// Attacks on the output folder and on the choice of output: each used to
// write or delete outside the output, or leave a half-written site.

func writeText(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, p, []byte(data))
}

func readString(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// A folder of the output replaced by a link to a folder elsewhere: the
// build refuses it and writes nothing there.
func TestBuildRefusesLinkedFolderInOutput(t *testing.T) {
	repo := copyBuildFixture(t, "site")
	c, _ := buildCommand(repo)
	mustBuild(t, c, buildOptions{})
	out := filepath.Join(repo, "public")
	elsewhere := t.TempDir()
	page := filepath.Join(elsewhere, "OB-1.html")
	writeText(t, page, "not yours\n")
	if err := os.RemoveAll(filepath.Join(out, "obligations")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(out, "obligations")); err != nil {
		t.Fatal(err)
	}
	_, err := c.buildSite(&inputFlags{}, buildOptions{Force: true})
	if !errors.Is(err, build.ErrOutputRefused) || !strings.Contains(err.Error(), "obligations is a symbolic link") {
		t.Fatalf("err = %v, want a refusal naming the link", err)
	}
	if got := readString(t, page); got != "not yours\n" {
		t.Errorf("the build wrote through the link: %q", got)
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) != 1 {
		t.Errorf("the build created files behind the link: %v", entries)
	}
}

// A crafted manifest that names a file behind a linked folder deletes
// nothing there.
func TestBuildManifestThroughLinkDeletesNothing(t *testing.T) {
	repo := copyBuildFixture(t, "site")
	c, _ := buildCommand(repo)
	mustBuild(t, c, buildOptions{})
	out := filepath.Join(repo, "public")
	elsewhere := t.TempDir()
	victim := filepath.Join(elsewhere, "keep.html")
	writeText(t, victim, "keep\n")
	if err := os.Symlink(elsewhere, filepath.Join(out, "linked")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(out, "file-link.html")); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(out, build.ManifestName)
	writeText(t, manifest, readString(t, manifest)+"linked/keep.html\nfile-link.html\n")
	mustBuild(t, c, buildOptions{Force: true})
	if got := readString(t, victim); got != "keep\n" {
		t.Errorf("the file behind the link changed: %q", got)
	}
	if _, err := os.Lstat(filepath.Join(out, "file-link.html")); err != nil {
		t.Errorf("a link listed in the manifest was removed although only regular files are: %v", err)
	}
}

// Outputs a build must not fill are refused before anything is written.
func TestBuildRefusesUnsafeOutputs(t *testing.T) {
	repo := copyBuildFixture(t, "site")
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, tc := range []struct{ out, why string }{
		{"/", "the root of the file system"},
		{home, "your home folder"},
		{".", "the repository root"},
		{"docs", "holds the input docs/GUIDE.md"},
		{"obligations", "holds the input obligations"},
		{"..", "holds the input"},
	} {
		t.Run(tc.out, func(t *testing.T) {
			c, _ := buildCommand(repo)
			_, err := c.buildSite(&inputFlags{}, buildOptions{Out: tc.out})
			if !errors.Is(err, build.ErrOutputRefused) || !strings.Contains(err.Error(), tc.why) {
				t.Fatalf("err = %v, want a refusal saying %q", err, tc.why)
			}
		})
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("files landed in the home folder: %v", entries)
	}
	if _, err := os.Stat(filepath.Join(repo, "docs", "index.html")); err == nil {
		t.Errorf("a page landed among the docs")
	}
	// The command line says the same, with exit status 2.
	c, buf := buildCommand(repo)
	if status := c.Main([]string{"build", "--out", "docs"}); status != ExitUsage || !strings.Contains(buf.String(), "refusing to build into") {
		t.Errorf("exit %d, output %q", status, buf.String())
	}
}

// The temporary files of a killed build are removed by the next one.
func TestBuildRemovesStaleTempFiles(t *testing.T) {
	repo := copyBuildFixture(t, "site")
	c, _ := buildCommand(repo)
	mustBuild(t, c, buildOptions{})
	stale := filepath.Join(repo, "public", "obligations", ".infradoc-0123456789ab-7.tmp")
	writeText(t, stale, "half a page")
	mustBuild(t, c, buildOptions{Force: true})
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("%s is still there", stale)
	}
}

// Doc names with characters that mean something in a URL get pages whose
// links and sitemap entries are percent-encoded.
func TestBuildPercentEncodesPageURLs(t *testing.T) {
	repo := copyBuildFixture(t, "site")
	writeText(t, filepath.Join(repo, "docs", "a b#1?%.md"), "# Odd name\n\nSee the [guide](GUIDE.md).\n")
	guide := filepath.Join(repo, "docs", "GUIDE.md")
	writeText(t, guide, readString(t, guide)+"\nSee [the odd one](a%20b%231%3F%25.md).\n")
	c, _ := buildCommand(repo)
	mustBuild(t, c, buildOptions{})
	out := filepath.Join(repo, "public")
	if _, err := os.Stat(filepath.Join(out, "docs", "a b#1?%.html")); err != nil {
		t.Fatalf("the page is missing: %v", err)
	}
	sitemap := readString(t, filepath.Join(out, "sitemap.xml"))
	if !strings.Contains(sitemap, "docs/a%20b%231%3F%25.html</loc>") {
		t.Errorf("sitemap.xml does not hold the encoded URL:\n%s", sitemap)
	}
	if strings.Contains(sitemap, "a b#") {
		t.Errorf("sitemap.xml holds a raw name:\n%s", sitemap)
	}
	if page := readString(t, filepath.Join(out, "docs", "GUIDE.html")); !strings.Contains(page, `href="../docs/a%20b%231%3F%25.html"`) {
		t.Errorf("GUIDE.html does not link the encoded URL")
	}
}

// Two docs whose names differ only in case are a finding: their pages
// would overwrite each other on macOS and Windows.
func TestBuildDocsDifferingInCase(t *testing.T) {
	repo := copyBuildFixture(t, "site")
	writeText(t, filepath.Join(repo, "docs", "guide.md"), "# lower\n")
	c, _ := buildCommand(repo)
	res, err := c.buildSite(&inputFlags{}, buildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasRule(res.Findings, "doc-name-case") {
		t.Errorf("findings %v lack doc-name-case", res.Findings)
	}
	if _, err := os.Stat(filepath.Join(repo, "public")); err == nil {
		t.Errorf("the build wrote a site")
	}
}

// A name too long for a page's file name is a finding, and the build
// writes nothing (it used to stop half-way on "file name too long").
func TestBuildLongNamesAreFindings(t *testing.T) {
	repo := copyBuildFixture(t, "site")
	c, _ := buildCommand(repo)
	mustBuild(t, c, buildOptions{})
	before := siteFiles(t, filepath.Join(repo, "public"))
	long := "OB-" + strings.Repeat("x", 300)
	ob := filepath.Join(repo, "obligations", "OB-2.yaml")
	writeText(t, ob, strings.Replace(readString(t, ob), "id: OB-2", "id: "+long, 1))
	if err := os.Rename(ob, filepath.Join(repo, "obligations", long[:200]+".yaml")); err != nil {
		t.Skipf("cannot name a file this long here: %v", err)
	}
	res, err := c.buildSite(&inputFlags{}, buildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasRule(res.Findings, "page-name") {
		t.Errorf("findings %v lack page-name", res.Findings)
	}
	after := siteFiles(t, filepath.Join(repo, "public"))
	if len(after) != len(before) {
		t.Errorf("the site changed: %d files, then %d", len(before), len(after))
	}
}

func hasRule(fs []site.Finding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}
