package report

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"testing/fstest"

	"github.com/infradoc/infradoc/content"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/golden"
	"github.com/infradoc/infradoc/site/importmd"
)

// importGolden is the YAML `infradoc import` writes for the seed's doc; the
// CLI's round-trip test compares the file it writes with it too.
const importGolden = "../../testdata/import/INFRA_REGISTRY.yaml.golden"

func TestRegistryYAMLGolden(t *testing.T) {
	src, err := os.ReadFile("../../testdata/import/INFRA_REGISTRY.md")
	if err != nil {
		t.Fatal(err)
	}
	reg, findings := importmd.ImportMarkdown("INFRA_REGISTRY.md", src)
	if reg == nil {
		t.Fatalf("import: %v", findings)
	}
	got, err := RegistryYAML(reg, RegistryYAMLOptions{Source: "INFRA_REGISTRY.md"})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := RegistryYAML(reg, RegistryYAMLOptions{Source: "INFRA_REGISTRY.md"})
	if !bytes.Equal(got, again) {
		t.Fatal("two renderings of one registry differ")
	}
	golden.Check(t, "./render/report", importGolden, got)
}

// reload loads a registry YAML and returns its registry as JSON, with the
// loader's findings.
func reload(t *testing.T, data []byte) ([]byte, []site.Finding) {
	t.Helper()
	fsys := fstest.MapFS{"INFRA_REGISTRY.yaml": {Data: data}, "obligations.yaml": {Data: []byte("obligations: []\n")}}
	s, findings, err := site.Load(site.Options{FS: fsys, Registry: "INFRA_REGISTRY.yaml", Obligations: "obligations.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	s.Registry.File = ""
	j, err := json.MarshalIndent(s.Registry, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return j, findings
}

// TestRegistryYAMLKeepsContent writes infradoc's own registry (every key of
// the format in use) and loads it back: nothing may be lost or changed.
func TestRegistryYAMLKeepsContent(t *testing.T) {
	s, findings, err := site.Load(site.Options{FS: content.FS, Root: "content"})
	if err != nil {
		t.Fatal(err)
	}
	if site.HasErrors(findings) {
		t.Fatalf("content/ does not load: %v", findings)
	}
	data, err := RegistryYAML(s.Registry, RegistryYAMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s.Registry.File = ""
	want, _ := json.MarshalIndent(s.Registry, "", "  ")
	got, findings := reload(t, data)
	if len(findings) > 0 {
		t.Errorf("the written registry has findings: %v\n%s", findings, data)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the registry changed on the way through YAML:\n%s\nwant:\n%s", got, want)
	}
}

// TestRegistryYAMLQuoting writes values YAML would misread if left plain.
func TestRegistryYAMLQuoting(t *testing.T) {
	tricky := []string{"Yes", "no", "On", "null", "~", "1.5", "2026-01-01", "a: b", "# not a comment", "- dash", "[x]", "{y}",
		"x, y", "@at", "`code` span", "'single'", `"double"`, "tab\there", "trailing ", "ünïcode →C", "x #y", "*star", "&amp", "!bang", "%pct", "| pipe", "> gt"}
	reg := &site.Registry{}
	for i, v := range tricky {
		reg.Items = append(reg.Items, &site.Item{
			Name: "item" + string(rune('A'+i)), Category: v, Layer: "L6", State: "B", UsedBy: []string{v, "Tests"},
			FailureMode: "Skip", Stub: site.Stub{Available: true, Note: v, Path: v}, LocalStrategy: v, Owner: v,
			Description: v + "\nsecond line: " + v,
		})
		reg.Roles = append(reg.Roles, site.Role{Role: v, Responsibility: v})
	}
	data, err := RegistryYAML(reg, RegistryYAMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, findings := reload(t, data)
	if len(findings) > 0 {
		t.Fatalf("findings: %v\n%s", findings, data)
	}
	var back site.Registry
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	for i, v := range tricky {
		it := back.Items[i]
		if it.Category != v || it.UsedBy[0] != v || it.Stub.Note != v || it.Stub.Path != v || it.Owner != v ||
			it.Description != v+"\nsecond line: "+v || back.Roles[i].Role != v || back.Roles[i].Responsibility != v {
			t.Errorf("%q came back as %+v, role %+v", v, it, back.Roles[i])
		}
	}
	for _, plain := range []string{"  - name: itemA\n", "    category: \"Yes\"\n", "    layer: L6\n"} {
		if !bytes.Contains(data, []byte(plain)) {
			t.Errorf("output lacks %q:\n%s", plain, data)
		}
	}
}
