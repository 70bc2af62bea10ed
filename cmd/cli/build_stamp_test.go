package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/build"
)

// ageTree sets the modification time of every file and folder under dir to
// long ago, as on a checkout that was not just edited: a build trusts such
// times (a file changed within racyWindow of a build gets no stamp).
func ageTree(t *testing.T, dir string) {
	t.Helper()
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	var dirs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, p)
			return nil
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
	// Folders last, deepest first: touching their files changed nothing,
	// but be exact anyway.
	for i := len(dirs) - 1; i >= 0; i-- {
		if err := os.Chtimes(dirs[i], old, old); err != nil {
			t.Fatal(err)
		}
	}
}

// stampRepo returns a copy of testdata/site whose guide has a broken link
// (a warning with --warn-links, so that findings are replayed), aged.
func stampRepo(t *testing.T) (repo, out string) {
	t.Helper()
	repo = copyBuildFixture(t, "site")
	guide := filepath.Join(repo, "docs", "GUIDE.md")
	data, err := os.ReadFile(guide)
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, []byte("\nSee [the missing page](MISSING.md).\n")...)
	if err := os.WriteFile(guide, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ageTree(t, repo)
	return repo, filepath.Join(repo, "public")
}

// settle builds once and ages the tree again. The first build creates
// public/ (and, here, the diagram cache) in the repository root, whose
// listing the walk for tests reads; its time is then within racyWindow of
// the next build, which would write no stamp. A later build does.
func settle(t *testing.T, c *Command, repo string, opts buildOptions) {
	t.Helper()
	mustBuild(t, c, opts)
	ageTree(t, repo)
}

func findingsText(t *testing.T, c *Command, res *buildResult) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.WriteFindings(&b, report.FormatText, res.Findings, report.TextOptions{Sources: res.Sources}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestBuildSkipsWhenNothingChanged(t *testing.T) {
	repo, out := stampRepo(t)
	c, _ := buildCommand(repo)
	opts := buildOptions{WarnLinks: true}

	settle(t, c, repo, opts)
	full := mustBuild(t, c, opts)
	if full.Skipped || len(full.Findings) == 0 {
		t.Fatalf("first build: skipped=%v findings=%v", full.Skipped, full.Findings)
	}
	if _, err := os.Stat(build.StampPath(c.cacheDir(), out)); err != nil {
		t.Fatalf("no stamp after a build of aged inputs: %v", err)
	}
	if rel, err := filepath.Rel(out, build.StampPath(c.cacheDir(), out)); err == nil && !strings.HasPrefix(rel, "..") {
		t.Errorf("the stamp %s is inside the published output", build.StampPath(c.cacheDir(), out))
	}
	before := siteFiles(t, out)

	again := mustBuild(t, c, opts)
	if !again.Skipped || again.Written != 0 || again.Unchanged != full.Unchanged {
		t.Fatalf("no-change build: skipped=%v written=%d unchanged=%d (full build: %d unchanged)", again.Skipped, again.Written, again.Unchanged, full.Unchanged)
	}
	if got, want := findingsText(t, c, again), findingsText(t, c, full); got != want {
		t.Errorf("a skipped build reports differently:\n got: %s\nwant: %s", got, want)
	}
	if after := siteFiles(t, out); len(after) != len(before) {
		t.Errorf("a skipped build changed the output: %d files, was %d", len(after), len(before))
	}

	forced := mustBuild(t, c, buildOptions{WarnLinks: true, Force: true})
	if forced.Skipped || forced.Unchanged != full.Unchanged {
		t.Fatalf("--force: skipped=%v unchanged=%d", forced.Skipped, forced.Unchanged)
	}
}

func TestBuildStampNoticesEveryKindOfChange(t *testing.T) {
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, repo, out string)
		opts   buildOptions
	}{
		{name: "edited input, same size, older time", change: func(t *testing.T, repo, out string) {
			p := filepath.Join(repo, "obligations", "OB-1.yaml")
			data, _ := os.ReadFile(p)
			data = bytes.Replace(data, []byte("title: Event log"), []byte("title: Event Log"), 1)
			writeAt(t, p, data, old.Add(-time.Hour))
		}},
		{name: "new doc", change: func(t *testing.T, repo, out string) {
			writeAt(t, filepath.Join(repo, "docs", "NEW.md"), []byte("# New\n"), old)
		}},
		{name: "input removed", change: func(t *testing.T, repo, out string) {
			if err := os.Remove(filepath.Join(repo, "tests", "test_event_log.py")); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "output deleted", change: func(t *testing.T, repo, out string) {
			if err := os.Remove(filepath.Join(out, "registry.html")); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "output edited by hand", change: func(t *testing.T, repo, out string) {
			writeAt(t, filepath.Join(out, "index.html"), []byte("hand-edited"), old)
		}},
		{name: "manifest deleted", change: func(t *testing.T, repo, out string) {
			if err := os.Remove(filepath.Join(out, build.ManifestName)); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "other options", opts: buildOptions{WarnLinks: true, LiveReloadScript: "/* reload */"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo, out := stampRepo(t)
			c, _ := buildCommand(repo)
			settle(t, c, repo, buildOptions{WarnLinks: true})
			mustBuild(t, c, buildOptions{WarnLinks: true})
			if res := mustBuild(t, c, buildOptions{WarnLinks: true}); !res.Skipped {
				t.Fatalf("a settled tree was built again: %d written", res.Written)
			}
			want := siteFiles(t, out)
			if tc.change != nil {
				tc.change(t, repo, out)
			}
			opts := tc.opts
			if !opts.WarnLinks {
				opts.WarnLinks = true
			}
			res, err := c.buildSite(&inputFlags{}, opts)
			if tc.name == "manifest deleted" {
				// The full build that follows refuses to overwrite files
				// it cannot tell are its own.
				if err == nil || !strings.Contains(err.Error(), "was not written by infradoc build") {
					t.Fatalf("without its manifest the build should refuse: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Skipped {
				t.Fatalf("the build was skipped after: %s", tc.name)
			}
			if tc.name == "output deleted" || tc.name == "output edited by hand" {
				got := siteFiles(t, out)
				for _, p := range []string{"registry.html", "index.html"} {
					if !bytes.Equal(got[p], want[p]) {
						t.Errorf("%s was not restored", p)
					}
				}
			}
		})
	}
}

func TestBuildWritesNoStampForJustEditedInputs(t *testing.T) {
	repo, out := stampRepo(t)
	c, _ := buildCommand(repo)
	// Edited just now: within racyWindow its time cannot tell a later edit
	// in the same clock tick apart.
	p := filepath.Join(repo, "obligations", "OB-2.yaml")
	data, _ := os.ReadFile(p)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, c, buildOptions{WarnLinks: true})
	if _, err := os.Stat(build.StampPath(c.cacheDir(), out)); !os.IsNotExist(err) {
		t.Fatalf("a stamp was written for an input edited during the build's clock window: %v", err)
	}
	if res := mustBuild(t, c, buildOptions{WarnLinks: true}); res.Skipped {
		t.Fatal("the next build trusted a stamp it should not have had")
	}
}

func TestBuildWithErrorsKeepsTheStamp(t *testing.T) {
	repo, _ := stampRepo(t)
	c, _ := buildCommand(repo)
	settle(t, c, repo, buildOptions{WarnLinks: true})
	mustBuild(t, c, buildOptions{WarnLinks: true})
	// A build that stops with an error finding writes nothing and keeps
	// the stamp: the output still matches the inputs the stamp lists.
	p := filepath.Join(repo, "obligations", "OB-2.yaml")
	good, _ := os.ReadFile(p)
	writeAt(t, p, []byte("id: [\n"), time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC))
	res, err := c.buildSite(&inputFlags{}, buildOptions{WarnLinks: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Skipped || res.Written != 0 || !site.HasErrors(res.Findings) {
		t.Fatalf("a build with errors: skipped=%v written=%d findings=%v", res.Skipped, res.Written, res.Findings)
	}
	// Back to the bytes and time it had: the stamp holds again.
	writeAt(t, p, good, time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC))
	if res := mustBuild(t, c, buildOptions{WarnLinks: true}); !res.Skipped {
		t.Fatalf("the stamp of the last good build was lost: %d written, %d unchanged", res.Written, res.Unchanged)
	}
}

// writeAt writes data to p and sets its modification time to at.
func writeAt(t *testing.T, p string, data []byte, at time.Time) {
	t.Helper()
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, at, at); err != nil {
		t.Fatal(err)
	}
}

// A build whose stamp was damaged (here cut short) builds in full and
// writes a good stamp again.
func TestBuildIgnoresADamagedStamp(t *testing.T) {
	repo, out := stampRepo(t)
	c, _ := buildCommand(repo)
	opts := buildOptions{WarnLinks: true}
	settle(t, c, repo, opts)
	full := mustBuild(t, c, opts)
	data, err := os.ReadFile(build.StampPath(c.cacheDir(), out))
	if err != nil {
		t.Fatalf("no stamp after a build of aged inputs: %v", err)
	}
	if err := os.WriteFile(build.StampPath(c.cacheDir(), out), data[:len(data)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	res := mustBuild(t, c, opts)
	if res.Skipped || res.Unchanged != full.Unchanged {
		t.Fatalf("after the stamp was cut short: skipped=%v unchanged=%d, want a full build leaving %d unchanged", res.Skipped, res.Unchanged, full.Unchanged)
	}
	if res := mustBuild(t, c, opts); !res.Skipped {
		t.Fatalf("the full build wrote no good stamp: %d written", res.Written)
	}
}
