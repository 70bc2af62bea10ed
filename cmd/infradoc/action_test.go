//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/infradoc/infradoc/site/gitrepo/gittest"
	"github.com/infradoc/infradoc/site/pgserver"
	"go.yaml.in/yaml/v3"
)

// action is what the tests read of action.yml.
type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string        `yaml:"using"`
		Steps []*actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	Name  string            `yaml:"name"`
	ID    string            `yaml:"id"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	Run   string            `yaml:"run"`
	Shell string            `yaml:"shell"`
	Dir   string            `yaml:"working-directory"`
	Env   map[string]string `yaml:"env"`
}

func readAction(t *testing.T) *action {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	return &a
}

// expr matches one ${{ … }} expression of a workflow.
var expr = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// TestActionReferences checks that every input and step output action.yml
// uses is declared, and that the cache-hit path skips setting up Go.
func TestActionReferences(t *testing.T) {
	a := readAction(t)
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using %q", a.Runs.Using)
	}
	data, _ := os.ReadFile(filepath.Join("..", "..", "action.yml"))
	ids := map[string]bool{}
	for _, s := range a.Runs.Steps {
		if s.ID != "" {
			ids[s.ID] = true
		}
		if s.Run != "" && s.Shell != "bash" {
			t.Errorf("step %q: shell %q, want bash", s.Name, s.Shell)
		}
	}
	for _, m := range expr.FindAllStringSubmatch(string(data), -1) {
		for _, ref := range regexp.MustCompile(`\b(inputs|steps)\.([\w-]+)`).FindAllStringSubmatch(m[1], -1) {
			switch {
			case ref[1] == "inputs" && !hasKey(a.Inputs, ref[2]):
				t.Errorf("%s uses undeclared input %q", m[0], ref[2])
			case ref[1] == "steps" && !ids[ref[2]]:
				t.Errorf("%s uses unknown step %q", m[0], ref[2])
			}
		}
	}
	for _, s := range a.Runs.Steps {
		if strings.HasPrefix(s.Uses, "actions/setup-go@") && !strings.Contains(s.If, "cache-hit != 'true'") {
			t.Errorf("Go is set up even when the programs come from the cache (if: %q)", s.If)
		}
	}
}

func hasKey[V any](m map[string]V, k string) bool { _, ok := m[k]; return ok }

// runner plays the run steps of action.yml the way a GitHub runner does:
// expressions replaced, env set, GITHUB_OUTPUT read back as step outputs.
// Steps that use another action (the caches, setup-go) are not run: the
// tool cache folder persists between the runs a test makes, as the
// Actions cache restores it.
type runner struct {
	t          *testing.T
	actionPath string
	toolCache  string
	temp       string
	summary    string
	inputs     map[string]string
	outputs    map[string]map[string]string
}

func (r *runner) eval(s string) string {
	return expr.ReplaceAllStringFunc(s, func(m string) string {
		e := expr.FindStringSubmatch(m)[1]
		switch {
		case strings.HasPrefix(e, "inputs."):
			return r.inputs[strings.TrimPrefix(e, "inputs.")]
		case strings.HasPrefix(e, "steps."):
			parts := strings.Split(e, ".")
			return r.outputs[parts[1]][parts[3]]
		case e == "github.action_path":
			return r.actionPath
		}
		r.t.Fatalf("the test does not know the expression %s", m)
		return ""
	})
}

// skipped reports whether the step's if: is false on this run.
func (r *runner) skipped(s *actionStep) bool {
	if s.If == "" {
		return false
	}
	if m := regexp.MustCompile(`^steps\.([\w-]+)\.outputs\.cache-hit != 'true'$`).FindStringSubmatch(s.If); m != nil {
		return r.outputs[m[1]]["cache-hit"] == "true"
	}
	r.t.Fatalf("the test does not know the condition %q", s.If)
	return false
}

// run runs every step in workDir and returns the exit status of the last
// one and what it printed.
func (r *runner) run(a *action, workDir string) (status int, stdout string) {
	r.t.Helper()
	r.outputs = map[string]map[string]string{}
	for _, s := range a.Runs.Steps {
		if s.Uses != "" {
			// The programs' actions/cache step: a hit when the tool
			// cache folder it restores holds infradoc.
			if s.ID != "" {
				r.outputs[s.ID] = map[string]string{}
				if bin := r.outputs["key"]["bin"]; bin != "" {
					if _, err := os.Stat(filepath.Join(bin, "infradoc")); err == nil {
						r.outputs[s.ID]["cache-hit"] = "true"
					}
				}
			}
			continue
		}
		if r.skipped(s) {
			continue
		}
		out := filepath.Join(r.temp, "output-"+s.ID)
		os.WriteFile(out, nil, 0o644)
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", r.eval(s.Run))
		cmd.Dir = r.eval(s.Dir)
		if s.Dir == "${{ inputs.working-directory }}" {
			cmd.Dir = filepath.Join(workDir, r.inputs["working-directory"])
		}
		cmd.Env = append(gittest.Env(), "GITHUB_OUTPUT="+out, "GITHUB_ACTION_PATH="+r.actionPath,
			"RUNNER_TOOL_CACHE="+r.toolCache, "RUNNER_TEMP="+r.temp, "GITHUB_STEP_SUMMARY="+r.summary)
		for _, k := range slices.Sorted(maps.Keys(s.Env)) {
			cmd.Env = append(cmd.Env, k+"="+r.eval(s.Env[k]))
		}
		var so, se bytes.Buffer
		cmd.Stdout, cmd.Stderr = &so, &se
		err := cmd.Run()
		status = cmd.ProcessState.ExitCode()
		if err != nil && status < 0 {
			r.t.Fatalf("step %q: %v", s.Name, err)
		}
		if status != 0 && s.ID != "run" {
			r.t.Fatalf("step %q exited %d:\n%s%s", s.Name, status, so.String(), se.String())
		}
		data, _ := os.ReadFile(out)
		r.outputs[s.ID] = map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				r.outputs[s.ID][k] = v
			}
		}
		stdout = so.String() + se.String()
	}
	return status, stdout
}

// TestActionSteps runs action.yml's steps on a real repository: the first
// run builds infradoc into the tool cache, the second finds it there and
// starts at once; check writes SARIF and a job summary with the registry
// diff against the base commit, diff prints it as markdown, and an input
// cannot inject a shell command.
func TestActionSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("builds infradoc as the action does")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build infradoc with")
	}
	top, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	repo := gittest.New(t)
	repo.CopyDir(filepath.Join(top, "content"), ".")
	repo.Remove("embed.go")
	base := repo.Commit("registry as it was")
	registry := filepath.Join(repo.Dir, "INFRA_REGISTRY.yaml")
	data, err := os.ReadFile(registry)
	if err != nil {
		t.Fatal(err)
	}
	// Redis goes back from B to A: a demotion the diff must show first.
	demoted := strings.Replace(string(data), "  - name: Redis\n    category: Cache/Queue\n    layer: L6\n    state: B", "  - name: Redis\n    category: Cache/Queue\n    layer: L6\n    state: A", 1)
	if demoted == string(data) {
		t.Fatal("the test's edit of content/INFRA_REGISTRY.yaml found nothing to change")
	}
	os.WriteFile(registry, []byte(demoted), 0o644)
	repo.Commit("demote Redis")

	r := &runner{t: t, actionPath: top, toolCache: t.TempDir(), temp: t.TempDir(),
		summary: filepath.Join(t.TempDir(), "summary.md")}
	a := readAction(t)
	setInputs := func(over map[string]string) {
		r.inputs = map[string]string{}
		for k, in := range a.Inputs {
			r.inputs[k] = in.Default
		}
		r.inputs["base-ref"] = "" // the default reads the pull request's event
		maps.Copy(r.inputs, over)
	}

	setInputs(map[string]string{"format": "sarif", "base-ref": base})
	r.run(a, repo.Dir)
	if r.outputs["key"]["hash"] == "" || r.outputs["bin"]["cache-hit"] == "true" {
		t.Fatalf("first run: key %v, cache %v", r.outputs["key"], r.outputs["bin"])
	}
	sarifFile := r.outputs["run"]["sarif-file"]
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Version string `json:"version"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if data, err := os.ReadFile(sarifFile); err != nil || json.Unmarshal(data, &log) != nil || log.Version != "2.1.0" {
		t.Fatalf("sarif-file %q: %v\n%s", sarifFile, err, data)
	}
	if v := log.Runs[0].Tool.Driver.Version; v != "action-"+r.outputs["key"]["hash"] {
		t.Errorf("tool version %q: the action's build does not stamp its version", v)
	}

	// The second run restores the programs: no Go set-up, no build.
	start := time.Now()
	setInputs(map[string]string{"base-ref": base})
	status, out := r.run(a, repo.Dir)
	t.Logf("second run, from the key step to infradoc's exit: %v", time.Since(start))
	if r.outputs["bin"]["cache-hit"] != "true" {
		t.Fatal("second run: the programs were not found in the tool cache")
	}
	// The demotion has no history entry and leaves the docs' counts stale.
	if status != 1 || !strings.Contains(out, "history-missing") || !strings.Contains(out, "stale-block") {
		t.Fatalf("check after the demotion exited %d, want 1 with history-missing and stale-block:\n%s", status, out)
	}
	summary, _ := os.ReadFile(r.summary)
	for _, want := range []string{"### infradoc check", "Redis", "B → A"} {
		if !strings.Contains(string(summary), want) {
			t.Errorf("the job summary lacks %q:\n%s", want, summary)
		}
	}

	const diffHeading = "registry and obligation changes"
	before := strings.Count(string(summary), diffHeading)
	setInputs(map[string]string{"command": "diff", "base-ref": base})
	status, out = r.run(a, repo.Dir)
	if status != 0 || !strings.Contains(out, "Redis") || !strings.Contains(out, "emotion") {
		t.Errorf("diff exited %d:\n%s", status, out)
	}
	if data, err := os.ReadFile(r.outputs["run"]["diff-file"]); err != nil || !strings.Contains(string(data), "| Redis |") {
		t.Errorf("diff-file %q: %v\n%s", r.outputs["run"]["diff-file"], err, data)
	}
	if summary, _ := os.ReadFile(r.summary); strings.Count(string(summary), diffHeading) != before+1 {
		t.Errorf("the diff step did not add its markdown to the job summary:\n%s", summary)
	}

	// verify --migrate starts a private PostgreSQL, applies the migrations
	// and checks every required object; its SARIF is for the upload step.
	if _, err := pgserver.FindBinDir(os.Getenv); err != nil && os.Getenv("CI") != "true" {
		t.Logf("the verify step is not run: %v", err)
	} else {
		setInputs(map[string]string{"command": "verify", "format": "sarif", "args": "--migrate"})
		status, out = r.run(a, repo.Dir)
		data, err := os.ReadFile(r.outputs["run"]["sarif-file"])
		if status != 0 || err != nil || json.Unmarshal(data, &log) != nil || log.Version != "2.1.0" {
			t.Errorf("verify --migrate exited %d, sarif-file %q: %v\n%s\n%s", status, r.outputs["run"]["sarif-file"], err, out, data)
		}
	}

	// A shell command in an input is one more argument: infradoc refuses
	// it as such, and nothing runs it.
	pwned := filepath.Join(r.temp, "pwned")
	setInputs(map[string]string{"args": "$(touch " + pwned + ") ;touch " + pwned})
	status, out = r.run(a, repo.Dir)
	if status != 2 {
		t.Errorf("args with a shell command: exit %d, want 2 (usage):\n%s", status, out)
	}
	if _, err := os.Stat(pwned); err == nil {
		t.Error("an input ran a shell command")
	}
}

// TestReadmeWorkflow checks the workflow the README gives to copy: it is
// YAML, each use of the action passes only inputs action.yml declares,
// and each output it reads is declared too.
func TestReadmeWorkflow(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```yaml\n(name: infradoc\n.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no workflow (a yaml block starting with name: infradoc)")
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				ID   string            `yaml:"id"`
				Uses string            `yaml:"uses"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(m[1], &wf); err != nil {
		t.Fatalf("the README's workflow: %v", err)
	}
	a := readAction(t)
	actionSteps := map[string]bool{}
	uses := 0
	for name, job := range wf.Jobs {
		for _, s := range job.Steps {
			if !strings.HasPrefix(s.Uses, "infradoc/infradoc@") {
				continue
			}
			uses++
			if s.ID != "" {
				actionSteps[s.ID] = true
			}
			for k := range s.With {
				if !hasKey(a.Inputs, k) {
					t.Errorf("job %s passes input %q, which action.yml does not declare", name, k)
				}
			}
		}
	}
	if uses == 0 {
		t.Fatal("the README's workflow does not use the action")
	}
	for _, ref := range regexp.MustCompile(`steps\.([\w-]+)\.outputs\.([\w-]+)`).FindAllStringSubmatch(string(m[1]), -1) {
		if actionSteps[ref[1]] && !hasKey(a.Outputs, ref[2]) {
			t.Errorf("the README reads output %q, which action.yml does not declare", ref[2])
		}
	}
}
