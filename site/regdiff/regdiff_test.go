package regdiff_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/regdiff"
)

func item(name, state, bucket, owner, layer string) *site.Item {
	it := &site.Item{Name: name, State: state, Owner: owner, Layer: layer}
	if bucket != "" {
		it.Bucket = &site.Bucket{ID: bucket}
	}
	return it
}

func obligation(id, status string, requires []string, tests map[string]int) *site.Obligation {
	o := &site.Obligation{ID: id, Title: "Title of " + id, Status: status, Schema: "app"}
	for _, r := range requires {
		typ, name, _ := strings.Cut(r, " ")
		o.Requires = append(o.Requires, &site.Requirement{Type: typ, Name: name})
	}
	for p, n := range tests {
		o.TestFiles = append(o.TestFiles, &site.TestFile{Path: p, Count: n})
	}
	return o
}

func siteOf(items []*site.Item, obligations ...*site.Obligation) *site.Site {
	return &site.Site{Registry: &site.Registry{Items: items}, Obligations: obligations}
}

// asJSON gives a stable, readable form of what Compare returned.
func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCompareItems(t *testing.T) {
	base := siteOf([]*site.Item{
		item("PostgreSQL", "C", "", "Platform", "L6"),
		item("Redis", "C", "", "Platform", "L6"),
		item("Kafka", "A", "B2", "Data", "L6"),
		item("Vault", "B", "", "Platform", "L6"),
		item("clerk", "A", "B1", "Platform", "L6"),
		item("Mongo", "B", "", "Data", "L6"),
	})
	head := siteOf([]*site.Item{
		item("PostgreSQL", "C", "", "Platform", "L6 (Platform Substrate)"), // the same layer
		item("Redis", "B", "", "Platform", "L6"),                           // demoted
		item("Kafka", "A", "B1", "Streaming", "L5"),                        // bucket, owner, layer
		item("Clerk", "B", "", "Platform", "L6"),                           // promoted, bucket gone; names compare case-insensitively
		item("Mongo", "A", "B2", "Data", "L6"),                             // demoted two steps back
		item("Consul", "A", "B2", "Platform", "L6"),                        // added
	})
	d := regdiff.Compare(base, head)
	want := []regdiff.ItemChange{
		{Name: "Clerk", Change: "changed", State: &regdiff.Change{From: "A", To: "B"}, Promotion: true, Bucket: &regdiff.Change{From: "B1"}},
		{Name: "Consul", Change: "added", State: &regdiff.Change{To: "A"}, Bucket: &regdiff.Change{To: "B2"}, Owner: &regdiff.Change{To: "Platform"}, Layer: &regdiff.Change{To: "L6"}},
		{Name: "Kafka", Change: "changed", Bucket: &regdiff.Change{From: "B2", To: "B1"}, Owner: &regdiff.Change{From: "Data", To: "Streaming"}, Layer: &regdiff.Change{From: "L6", To: "L5"}},
		{Name: "Mongo", Change: "changed", State: &regdiff.Change{From: "B", To: "A"}, Demotion: true, Bucket: &regdiff.Change{To: "B2"}},
		{Name: "Redis", Change: "changed", State: &regdiff.Change{From: "C", To: "B"}, Demotion: true},
		{Name: "Vault", Change: "removed", State: &regdiff.Change{From: "B"}, Owner: &regdiff.Change{From: "Platform"}, Layer: &regdiff.Change{From: "L6"}},
	}
	if got, w := asJSON(t, d.Items), asJSON(t, want); got != w {
		t.Errorf("items:\n%s\nwant:\n%s", got, w)
	}
	if d.Demotions() != 2 {
		t.Errorf("Demotions() = %d, want 2", d.Demotions())
	}
}

// TestCompareRepeatedNames: a name the registry repeats (in any letter
// case) is compared by its first item, and an item or obligation without
// a name or id is left out; the unique and required rules report them.
func TestCompareRepeatedNames(t *testing.T) {
	base := siteOf([]*site.Item{item("Redis", "C", "", "Platform", "L6"), item("redis", "A", "", "Platform", "L6"), item("", "A", "", "", "")},
		obligation("M1", "PROMOTED", nil, nil), obligation("m1", "PARTIAL", nil, nil))
	head := siteOf([]*site.Item{item("REDIS", "B", "", "Platform", "L6"), item("", "B", "", "", "")},
		obligation("M1", "PARTIAL", nil, nil), obligation("", "PARTIAL", nil, nil))
	d := regdiff.Compare(base, head)
	wantItems := []regdiff.ItemChange{{Name: "REDIS", Change: "changed", State: &regdiff.Change{From: "C", To: "B"}, Demotion: true}}
	if got, w := asJSON(t, d.Items), asJSON(t, wantItems); got != w {
		t.Errorf("items:\n%s\nwant:\n%s", got, w)
	}
	if len(d.Obligations) != 1 || d.Obligations[0].ID != "M1" || d.Obligations[0].Status == nil || d.Obligations[0].Status.From != "PROMOTED" {
		t.Errorf("obligations: %s, want M1 changed from PROMOTED (the first M1)", asJSON(t, d.Obligations))
	}
}

func TestCompareObligations(t *testing.T) {
	base := siteOf(nil,
		obligation("PB-S1", "PROMOTED", []string{"table app.a", "column b.c"}, map[string]int{"tests/a.py": 3}),
		obligation("PB-S2", "PARTIAL", []string{"table a"}, map[string]int{"tests/b.py": 2, "tests/c.py": 1}),
		obligation("PB-S3", "PROMOTED", nil, nil),
		obligation("M10", "UNFULFILLED", nil, nil),
		obligation("OLD", "PARTIAL", []string{"view v"}, map[string]int{"tests/old.py": 1}),
		obligation("SAME", "PROMOTED", []string{"table app.t"}, map[string]int{"tests/s.py": 1}),
	)
	head := siteOf(nil,
		obligation("PB-S1", "PARTIAL", []string{"table a", "column b.c", "index app.i"}, map[string]int{"tests/a.py": 3}), // demoted; "a" is app.a
		obligation("PB-S2", "PROMOTED", []string{"table a"}, map[string]int{"tests/b.py": 4, "tests/d.py": 1}),            // promoted, counts
		obligation("PB-S3", "DEPRECATED", nil, nil),                                                                       // deprecated: a demotion too
		obligation("M10", "DEPRECATED", nil, nil),                                                                         // deprecated only
		obligation("SAME", "PROMOTED", []string{"table t"}, map[string]int{"tests/./s.py": 1}),                            // no change
		obligation("NEW", "UNFULFILLED", []string{"schema app"}, map[string]int{"tests/new.py": 2}),                       // added
	)
	d := regdiff.Compare(base, head)
	one, two, four := 1, 2, 4
	want := []regdiff.ObligationChange{
		{ID: "M10", Title: "Title of M10", Change: "changed", Status: &regdiff.Change{From: "UNFULFILLED", To: "DEPRECATED"}, Deprecation: true},
		{ID: "NEW", Title: "Title of NEW", Change: "added", Status: &regdiff.Change{To: "UNFULFILLED"}, RequiresAdded: []string{"schema app"},
			Tests: []regdiff.TestCountChange{{Path: "tests/new.py", To: &two}}, TestCount: &regdiff.CountChange{From: 0, To: 2}},
		{ID: "OLD", Title: "Title of OLD", Change: "removed", Status: &regdiff.Change{From: "PARTIAL"}, RequiresRemoved: []string{"view app.v"},
			Tests: []regdiff.TestCountChange{{Path: "tests/old.py", From: &one}}, TestCount: &regdiff.CountChange{From: 1, To: 0}},
		{ID: "PB-S1", Title: "Title of PB-S1", Change: "changed", Status: &regdiff.Change{From: "PROMOTED", To: "PARTIAL"}, Demotion: true,
			RequiresAdded: []string{"index app.i"}},
		{ID: "PB-S2", Title: "Title of PB-S2", Change: "changed", Status: &regdiff.Change{From: "PARTIAL", To: "PROMOTED"}, Promotion: true,
			Tests:     []regdiff.TestCountChange{{Path: "tests/b.py", From: &two, To: &four}, {Path: "tests/c.py", From: &one}, {Path: "tests/d.py", To: &one}},
			TestCount: &regdiff.CountChange{From: 3, To: 5}},
		{ID: "PB-S3", Title: "Title of PB-S3", Change: "changed", Status: &regdiff.Change{From: "PROMOTED", To: "DEPRECATED"}, Demotion: true, Deprecation: true},
	}
	if got, w := asJSON(t, d.Obligations), asJSON(t, want); got != w {
		t.Errorf("obligations:\n%s\nwant:\n%s", got, w)
	}
	if d.Demotions() != 2 {
		t.Errorf("Demotions() = %d, want 2", d.Demotions())
	}
}

func TestCompareSame(t *testing.T) {
	s := siteOf([]*site.Item{item("Redis", "B", "", "Platform", "L6")}, obligation("X", "PARTIAL", []string{"table t"}, map[string]int{"t.py": 1}))
	d := regdiff.Compare(s, s)
	if !d.Empty() || d.Demotions() != 0 {
		t.Errorf("a site compared with itself: %s", asJSON(t, d))
	}
	if got := asJSON(t, regdiff.Compare(nil, nil)); !strings.Contains(got, `"items": []`) {
		t.Errorf("empty lists are written as null:\n%s", got)
	}
}

// TestLoad: a side whose registry does not exist and whose obligations do
// not parse is compared as empty, with notes and findings that name the ref.
func TestLoad(t *testing.T) {
	dir := filepath.Join("testdata", "broken")
	rfs, err := site.OpenRootFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	side, err := regdiff.Load(site.Options{FS: rfs, Root: "gov"}, "v1", "")
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(side.Info.Notes, "\n")
	want := "v1:gov/INFRA_REGISTRY.yaml did not load: compared as a registry with no items\nv1:gov/obligations.yaml did not load: compared as no obligations"
	if notes != want {
		t.Errorf("notes:\n%s\nwant:\n%s", notes, want)
	}
	var findings []string
	for _, f := range side.Info.Findings {
		findings = append(findings, f.String())
	}
	wantFindings := []string{
		"v1:gov/infradoc.yaml:3:11: error: gov/INFRA_REGISTRY.yaml does not exist [file-missing]",
		"v1:gov/obligations.yaml:3:5: error: invalid YAML: did not find expected ',' or ']' [yaml-syntax]",
	}
	if got := strings.Join(findings, "\n"); got != strings.Join(wantFindings, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", got, strings.Join(wantFindings, "\n"))
	}
	if _, err := os.Stat(filepath.Join(dir, "INFRA_REGISTRY.yaml")); err == nil {
		t.Fatal("the fixture must not have a registry")
	}
}

// TestLoadMissing: inputs the config names but the commit lacks are
// compared as empty, although their findings are on the config's lines.
func TestLoadMissing(t *testing.T) {
	rfs, err := site.OpenRootFS(filepath.Join("testdata", "missing"))
	if err != nil {
		t.Fatal(err)
	}
	side, err := regdiff.Load(site.Options{FS: rfs, Root: "."}, "HEAD~3", "")
	if err != nil {
		t.Fatal(err)
	}
	want := "HEAD~3:INFRA_REGISTRY.yaml did not load: compared as a registry with no items\nHEAD~3:obligations did not load: compared as no obligations"
	if got := strings.Join(side.Info.Notes, "\n"); got != want {
		t.Errorf("notes:\n%s\nwant:\n%s", got, want)
	}
	for _, f := range side.Info.Findings {
		if f.File != "HEAD~3:infradoc.yaml" || f.Rule != "file-missing" {
			t.Errorf("unexpected finding %s", f)
		}
	}
	if len(side.Info.Findings) != 2 {
		t.Errorf("findings: %v; want the two file-missing", side.Info.Findings)
	}
}
