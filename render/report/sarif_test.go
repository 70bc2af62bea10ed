package report

import (
	"bytes"
	"encoding/json"
	"net/url"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/rules"
)

// sampleFindings has a finding of each kind the log treats apart: an
// error and a warning with positions, one about a whole file (line 0),
// one that is off, and one in a file whose name needs escaping.
func sampleFindings() []site.Finding {
	return []site.Finding{
		{Pos: site.Pos{File: "bad/obligations.yaml", Line: 5, Col: 5}, Severity: site.SeverityError, Rule: "unknown-key", Message: `unknown key "staus"; did you mean "status"?`},
		{Pos: site.Pos{File: "bad/INFRA_REGISTRY.yaml", Line: 6, Col: 19}, Severity: site.SeverityError, Rule: "R3-state-a-fail", Message: "Grafana is in state A (not wired locally) but its failure mode is FAIL; use Skip or XFail"},
		{Pos: site.Pos{File: "bad/infradoc.yaml"}, Severity: site.SeverityWarning, Rule: "docs-glob", Message: `docs pattern "notes/*.md" matches no file`},
		{Pos: site.Pos{File: "bad/obligations.yaml", Line: 2, Col: 5}, Severity: site.SeverityOff, Rule: "required", Message: `missing required key "status"`},
		{Pos: site.Pos{File: "docs/Ops notes #1/ünïcode:%.md", Line: 3, Col: 1}, Severity: site.SeverityWarning, Rule: "marker", Message: "end marker <!-- infradoc:end --> & no begin"},
	}
}

// Parts of the log the tests read back.
type readLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		ColumnKind string `json:"columnKind"`
		Tool       struct {
			Driver struct {
				Name, Version, InformationURI string
				Rules                         []struct {
					ID, Name, HelpURI    string
					ShortDescription     struct{ Text string }
					FullDescription      struct{ Text string }
					DefaultConfiguration struct{ Level string }
				}
			}
		}
		OriginalURIBaseIDs map[string]any `json:"originalUriBaseIds"`
		Results            []struct {
			RuleID    string
			RuleIndex *int
			Level     string
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string
						URIBaseID string `json:"uriBaseId"`
					}
					Region *struct{ StartLine, StartColumn int }
				}
			}
			PartialFingerprints map[string]string
		}
	}
}

func writeSARIF(t *testing.T, fs []site.Finding, opts SARIFOptions) ([]byte, *readLog) {
	t.Helper()
	var b bytes.Buffer
	if err := WriteSARIF(&b, fs, opts); err != nil {
		t.Fatal(err)
	}
	if err := validateSARIF(t, b.Bytes()); err != nil {
		t.Fatalf("the log breaks the SARIF schema: %v\n%s", err, b.Bytes())
	}
	var log readLog
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return b.Bytes(), &log
}

func TestSARIFLog(t *testing.T) {
	fs := sampleFindings()
	out, log := writeSARIF(t, fs, SARIFOptions{Version: "v1.2.3"})
	if log.Schema != sarifSchema || log.Version != "2.1.0" {
		t.Errorf("$schema %q, version %q", log.Schema, log.Version)
	}
	if !bytes.HasSuffix(out, []byte("}\n")) || !bytes.HasPrefix(out, []byte("{\n  \"$schema\"")) {
		t.Errorf("the log is not indented JSON ending in a newline:\n%.100s", out)
	}
	run := log.Runs[0]
	if run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("columnKind %q", run.ColumnKind)
	}
	if _, ok := run.OriginalURIBaseIDs["%SRCROOT%"]; !ok {
		t.Errorf("originalUriBaseIds has no %%SRCROOT%%: %v", run.OriginalURIBaseIDs)
	}
	d := run.Tool.Driver
	if d.Name != "infradoc" || d.Version != "v1.2.3" || d.InformationURI != "https://github.com/infradoc/infradoc" {
		t.Errorf("driver %q %q %q", d.Name, d.Version, d.InformationURI)
	}

	// One descriptor per rule, in the order of rules.All.
	all := rules.All()
	if len(d.Rules) != len(all) {
		t.Fatalf("%d rule descriptors, want %d", len(d.Rules), len(all))
	}
	for i, r := range all {
		got := d.Rules[i]
		if got.ID != r.ID || got.ShortDescription.Text != r.Summary {
			t.Errorf("rule %d is %q %q, want %q %q", i, got.ID, got.ShortDescription.Text, r.ID, r.Summary)
		}
		if got.DefaultConfiguration.Level != sarifLevel(r.Severity) {
			t.Errorf("%s: default level %q, want %q", r.ID, got.DefaultConfiguration.Level, sarifLevel(r.Severity))
		}
		if !strings.Contains(got.FullDescription.Text, "rules: in infradoc.yaml") || len(got.FullDescription.Text) <= len(r.Summary) {
			t.Errorf("%s: full description %q", r.ID, got.FullDescription.Text)
		}
		if got.HelpURI != "https://github.com/infradoc/infradoc/blob/main/content/docs/RULES.md" {
			t.Errorf("%s: helpUri %q", r.ID, got.HelpURI)
		}
		if got.Name == "" || strings.Contains(got.Name, "-") {
			t.Errorf("%s: name %q", r.ID, got.Name)
		}
	}

	// The off finding is left out; the others are sorted by place.
	type want struct {
		rule, level, uri string
		line, col        int
	}
	wants := []want{
		{"R3-state-a-fail", "error", "bad/INFRA_REGISTRY.yaml", 6, 19},
		{"docs-glob", "warning", "bad/infradoc.yaml", 0, 0},
		{"unknown-key", "error", "bad/obligations.yaml", 5, 5},
		{"marker", "warning", "docs/Ops%20notes%20%231/%C3%BCn%C3%AFcode%3A%25.md", 3, 1},
	}
	if len(run.Results) != len(wants) {
		t.Fatalf("%d results, want %d", len(run.Results), len(wants))
	}
	for i, w := range wants {
		r := run.Results[i]
		loc := r.Locations[0].PhysicalLocation
		if r.RuleID != w.rule || r.Level != w.level || loc.ArtifactLocation.URI != w.uri || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("result %d: %s %s %s (base %q), want %s %s %s", i, r.RuleID, r.Level, loc.ArtifactLocation.URI, loc.ArtifactLocation.URIBaseID, w.rule, w.level, w.uri)
		}
		if r.RuleIndex == nil || all[*r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %d: ruleIndex %v does not point at %s", i, r.RuleIndex, r.RuleID)
		}
		switch {
		case w.line == 0 && (loc.Region == nil || loc.Region.StartLine != 1 || loc.Region.StartColumn != 0):
			t.Errorf("result %d: a whole-file finding's region %+v, want line 1 (GitHub requires a start line)", i, loc.Region)
		case w.line > 0 && (loc.Region == nil || loc.Region.StartLine != w.line || loc.Region.StartColumn != w.col):
			t.Errorf("result %d: region %+v, want line %d column %d", i, loc.Region, w.line, w.col)
		}
		if fp := r.PartialFingerprints["infradoc/v1"]; !strings.HasPrefix(fp, finding.Fingerprint(fs[slices.IndexFunc(fs, func(f site.Finding) bool { return f.Rule == w.rule })])+":") {
			t.Errorf("result %d: fingerprint %q", i, fp)
		}
	}
	if m := run.Results[3].Message.Text; m != "end marker <!-- infradoc:end --> & no begin" {
		t.Errorf("message %q", m)
	}

	// The same findings in another order give the same bytes.
	slices.Reverse(fs)
	if again, _ := writeSARIF(t, fs, SARIFOptions{Version: "v1.2.3"}); !bytes.Equal(again, out) {
		t.Errorf("the log depends on the order of the findings")
	}
}

func TestSARIFNoFindings(t *testing.T) {
	out, log := writeSARIF(t, nil, SARIFOptions{})
	if !bytes.Contains(out, []byte(`"results": []`)) {
		t.Errorf("no findings: results is not an empty array:\n%s", out)
	}
	if bytes.Contains(out, []byte(`"version": "",`)) || log.Runs[0].Tool.Driver.Version != "" {
		t.Errorf("an unknown tool version is written")
	}
}

func TestSARIFPaths(t *testing.T) {
	for _, c := range []struct{ file, prefix, uri, base string }{
		{"INFRA_REGISTRY.yaml", "", "INFRA_REGISTRY.yaml", "%SRCROOT%"},
		{"content/docs/a b.md", "", "content/docs/a%20b.md", "%SRCROOT%"},
		{"INFRA_REGISTRY.yaml", "services/api", "services/api/INFRA_REGISTRY.yaml", "%SRCROOT%"},
		{"../shared/INFRA_REGISTRY.yaml", "services/api", "services/shared/INFRA_REGISTRY.yaml", "%SRCROOT%"},
		{"../elsewhere/x.yaml", "", "../elsewhere/x.yaml", "%SRCROOT%"},
		{"a:b.yaml", "", "a%3Ab.yaml", "%SRCROOT%"},
		{`dir\name?.yaml`, "", "dir%5Cname%3F.yaml", "%SRCROOT%"},
		{"/srv/repo/x y.yaml", "services", "file:///srv/repo/x%20y.yaml", ""},
		{"C:/repo/x.yaml", "", "file:///C:/repo/x.yaml", ""},
	} {
		got := sarifArtifact(c.file, c.prefix)
		if got.URI != c.uri || got.URIBaseID != c.base {
			t.Errorf("%q (prefix %q): uri %q base %q, want %q base %q", c.file, c.prefix, got.URI, got.URIBaseID, c.uri, c.base)
		}
		u, err := url.Parse(got.URI)
		if err != nil {
			t.Errorf("%q: %v", got.URI, err)
			continue
		}
		// Reading the reference back gives the path.
		want := path.Join(c.prefix, c.file)
		if c.base == "" {
			want = "/" + strings.TrimPrefix(c.file, "/")
		}
		if u.Path != want || (u.Scheme == "file") != (c.base == "") {
			t.Errorf("%q reads back as scheme %q path %q, want path %q", got.URI, u.Scheme, u.Path, want)
		}
	}
}

func TestRulesPage(t *testing.T) {
	for base, want := range map[string]string{
		"":                                  repoRulesPage,
		"https://infra.example.com":         "https://infra.example.com/docs/RULES.html",
		"https://example.com/governance/":   "https://example.com/governance/docs/RULES.html",
		" http://example.com/g?x=1#top ":    "http://example.com/g/docs/RULES.html",
		"example.com":                       repoRulesPage,
		"javascript:alert(1)":               repoRulesPage,
		"https://user:secret@example.com/x": repoRulesPage,
		"ftp://example.com":                 repoRulesPage,
	} {
		if got := RulesPage(base); got != want {
			t.Errorf("RulesPage(%q) = %q, want %q", base, got, want)
		}
	}
	_, log := writeSARIF(t, nil, SARIFOptions{SiteBaseURL: "https://infra.example.com/"})
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		if r.HelpURI != "https://infra.example.com/docs/RULES.html" {
			t.Fatalf("%s: helpUri %q with a site base URL", r.ID, r.HelpURI)
		}
	}
}

func TestSARIFRuleTexts(t *testing.T) {
	for in, want := range map[string]string{
		"a key appears once per mapping":         "A key appears once per mapping.",
		"hand-written totals match":              "Hand-written totals match.",
		`requires_infra("X") in a test names it`: `requires_infra("X") in a test names it.`,
		"ends with a stop.":                      "Ends with a stop.",
	} {
		if got := sentence(in); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"R3-state-a-fail":        "R3StateAFail",
		"object-missing-partial": "ObjectMissingPartial",
		"yaml-syntax":            "YamlSyntax",
	} {
		if got := pascalCase(in); got != want {
			t.Errorf("pascalCase(%q) = %q, want %q", in, got, want)
		}
	}
}
