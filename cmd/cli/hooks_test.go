package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestPreCommitHooks checks .pre-commit-hooks.yaml names commands that
// exist, builds from this module and never passes file names.
func TestPreCommitHooks(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID            string `yaml:"id"`
		Entry         string `yaml:"entry"`
		Language      string `yaml:"language"`
		PassFilenames *bool  `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, h := range hooks {
		ids[h.ID] = true
		prog, sub, _ := strings.Cut(h.Entry, " ")
		if _, ok := subcommands[sub]; prog != "infradoc" || !ok {
			t.Errorf("hook %s: entry %q is not an infradoc command", h.ID, h.Entry)
		}
		if h.Language != "golang" || h.PassFilenames == nil || *h.PassFilenames {
			t.Errorf("hook %s: language %q pass_filenames %v; want golang and false", h.ID, h.Language, h.PassFilenames)
		}
	}
	if !ids["infradoc-check"] {
		t.Error("no infradoc-check hook")
	}
}
