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

// TestActionRunsCheck checks action.yml builds ./cmd/infradoc and runs
// check with GitHub annotations by default.
func TestActionRunsCheck(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs map[string]struct {
			Default string `yaml:"default"`
		} `yaml:"inputs"`
		Runs struct {
			Using string `yaml:"using"`
			Steps []struct {
				Uses string `yaml:"uses"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" || action.Inputs["args"].Default != "check --format github" {
		t.Errorf("using %q, default args %q", action.Runs.Using, action.Inputs["args"].Default)
	}
	var all strings.Builder
	for _, s := range action.Runs.Steps {
		all.WriteString(s.Uses + "\n" + s.Run + "\n")
	}
	for _, want := range []string{"actions/setup-go@", "go build -trimpath -o \"$RUNNER_TEMP/infradoc\" ./cmd/infradoc"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("action.yml lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join("..", "infradoc", "main.go")); err != nil {
		t.Errorf("the action builds ./cmd/infradoc: %v", err)
	}
}
