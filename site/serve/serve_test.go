package serve

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/build"
)

func TestGlobBase(t *testing.T) {
	for pattern, want := range map[string]string{
		"docs/**/*.md": "docs", "docs/*.md": "docs", "*.md": ".", "**/*.md": ".",
		"README.md": ".", "a/b/c.md": "a/b", "a/[ab]/c.md": "a",
	} {
		if got := globBase(pattern); got != want {
			t.Errorf("globBase(%q) = %q, want %q", pattern, got, want)
		}
	}
}

// A verification report is watched where it is: inside the root through
// the config, or outside it through --verification.
func TestWatchDirsHoldTheVerificationReport(t *testing.T) {
	root, elsewhere := t.TempDir(), t.TempDir()
	for name, data := range map[string]string{
		"infradoc.yaml":       "registry: INFRA_REGISTRY.yaml\nobligations: obligations.yaml\nverification: reports/verify.json\n",
		"INFRA_REGISTRY.yaml": "items: []\n",
		"obligations.yaml":    "obligations: []\n",
	} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	resolve := func(verification string) func() (*build.Repo, error) {
		return func() (*build.Repo, error) {
			rfs, err := site.OpenRootFS(root)
			if err != nil {
				return nil, err
			}
			r := &build.Repo{FS: rfs, Dir: root, Display: ".", Opts: site.Options{FS: rfs, Root: ".", Verification: verification}}
			if verification != "" {
				rfs.AllowNamed(verification, filepath.Join(root, filepath.FromSlash(verification)))
			}
			return r, nil
		}
	}
	rel, err := filepath.Rel(root, filepath.Join(elsewhere, "verify.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ flag, want string }{
		{"", filepath.Join(root, "reports")},
		{filepath.ToSlash(rel), elsewhere},
	} {
		dirs := watchDirs(resolve(c.flag), root, filepath.Join(root, "infradoc.yaml"))
		if !slices.Contains(dirs, watchDir{c.want, false}) {
			t.Errorf("--verification %q: the watched folders %v lack %s", c.flag, dirs, c.want)
		}
	}
}
