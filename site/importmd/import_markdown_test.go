package importmd_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/content"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/golden"
	"github.com/infradoc/infradoc/site/importmd"
)

// seedDoc is a copy of the seed's hand-written INFRA_REGISTRY.md.
const seedDoc = "../../testdata/import/INFRA_REGISTRY.md"

func importSeed(t *testing.T) *site.Registry {
	t.Helper()
	src, err := os.ReadFile(seedDoc)
	if err != nil {
		t.Fatal(err)
	}
	reg, findings := importmd.ImportMarkdown("INFRA_REGISTRY.md", src)
	if len(findings) > 0 || reg == nil {
		t.Fatalf("importing the seed: %v", findings)
	}
	return reg
}

func TestImportMarkdownSeedItems(t *testing.T) {
	reg := importSeed(t)
	var names []string
	for _, it := range reg.Items {
		names = append(names, it.Name)
	}
	want := []string{"PostgreSQL", "Redis", "Clerk", "M10 Recovery", "Prometheus", "Alertmanager", "Grafana", "AgentsSchema", "LLMAPIs", "Neon", "Backend"}
	if !slices.Equal(names, want) {
		t.Fatalf("items = %v, want %v", names, want)
	}
	pg := reg.Item("PostgreSQL")
	if pg.State != "C" || pg.FailureMode != "FAIL" || pg.Stub.Available || !slices.Equal(pg.UsedBy, []string{"Tests", "CI", "Runtime"}) ||
		pg.Layer != "L6" || pg.LocalStrategy != "Local DB (5433)" || pg.Owner != "Platform" {
		t.Errorf("PostgreSQL = %+v", pg)
	}
	if st := reg.Item("Redis").Stub; !st.Available || st.Note != "mock" || st.Path != "" {
		t.Errorf("Redis stub = %+v, want available, note mock", st)
	}
	clerk := reg.Item("Clerk")
	if st := clerk.Stub; !st.Available || st.Note != "" || st.Path != "app/auth/stub.py" {
		t.Errorf("Clerk stub (\"**Yes**\", Stub (app/auth/stub.py)) = %+v", st)
	}
	if clerk.State != "B" || clerk.Bucket != nil {
		t.Errorf("Clerk: state %s bucket %+v; the B1 placeholder row must not make a bucket", clerk.State, clerk.Bucket)
	}
	if it := reg.Item("Neon"); !it.Stub.Available || it.Stub.Note != "" {
		t.Errorf("Neon stub = %+v", it.Stub)
	}
	if it := reg.Item("LLMAPIs"); it.FailureMode != "XFail" || it.Bucket == nil || it.Bucket.ID != "B2" ||
		it.Bucket.Label != "LLM APIs" || it.Bucket.Justification != "Cost-bound, mocked adequately" || it.Bucket.ReviewTrigger != "External customer load" {
		t.Errorf("LLMAPIs = %+v bucket %+v", it, it.Bucket)
	}
	if it := reg.Item("Agents Schema"); it == nil || it.Name != "AgentsSchema" || it.Bucket.Label != "Agents Schema" {
		t.Errorf("the bucket's name Agents Schema does not find AgentsSchema")
	}
	if it := reg.Item("Prometheus"); it.Bucket == nil || it.Bucket.Label != "" {
		t.Errorf("Prometheus bucket = %+v, want B2 without a label", it.Bucket)
	}
	for _, name := range []string{"Grafana", "Neon"} {
		if it := reg.Item(name); it.Bucket != nil {
			t.Errorf("%s has bucket %+v; the seed's bucket tables do not list it", name, it.Bucket)
		}
	}
}

func TestImportMarkdownSeedTables(t *testing.T) {
	reg := importSeed(t)
	if reg.Status != "CANONICAL" || !slices.Equal(reg.References, []string{"PIN-270", "PIN-266"}) {
		t.Errorf("status %q references %v", reg.Status, reg.References)
	}
	if len(reg.States) != 3 {
		t.Fatalf("states = %+v", reg.States)
	}
	if a := reg.States[0]; a.ID != "A" || a.Name != "Chosen (Conceptual)" || a.TestBehavior != "MUST skip explicitly (Bucket B)" || a.CI != "Skip (B1/B2)" {
		t.Errorf("state A = %+v", a)
	}
	if c := reg.States[2]; c.ID != "C" || c.Meaning != "Required and available" || c.CI != "Required" {
		t.Errorf("state C = %+v", c)
	}
	var artifacts []string
	for _, a := range reg.Artifacts {
		artifacts = append(artifacts, a.Name)
		if a.Self != (a.Name == "INFRA_REGISTRY.md") {
			t.Errorf("artifact %s self = %v", a.Name, a.Self)
		}
	}
	wantArtifacts := []string{"CI_REDISCOVERY_MASTER_ROADMAP.md", "CI_NORTH_STAR.md", "INFRA_REGISTRY.md", "SESSION_PLAYBOOK.yaml", "tests/helpers/infra.py"}
	if !slices.Equal(artifacts, wantArtifacts) {
		t.Errorf("artifacts = %v", artifacts)
	}
	// Roles and derivation come from the "Who Does What" tree.
	var tree []string
	for _, a := range reg.Artifacts {
		tree = append(tree, a.Name+" ("+a.Role+") <- "+a.DerivesFrom)
	}
	wantTree := []string{
		"CI_REDISCOVERY_MASTER_ROADMAP.md (Progress tracking) <- INFRA_REGISTRY.md",
		"CI_NORTH_STAR.md (Invariants that protect truth) <- INFRA_REGISTRY.md",
		"INFRA_REGISTRY.md (Ground Truth) <- ",
		"SESSION_PLAYBOOK.yaml (Claude governance) <- INFRA_REGISTRY.md",
		"tests/helpers/infra.py (Mechanical enforcement) <- INFRA_REGISTRY.md",
	}
	if !slices.Equal(tree, wantTree) {
		t.Errorf("artifact map:\n%s\nwant:\n%s", strings.Join(tree, "\n"), strings.Join(wantTree, "\n"))
	}
	if owns := reg.Artifacts[4].Owns; owns != "`@requires_infra` decorator" {
		t.Errorf("inline code in a prose cell = %q, want it kept as markdown", owns)
	}
	if len(reg.Roles) != 4 || reg.Roles[1].Role != "Claude" || reg.Roles[1].Responsibility != "Proposes transitions, enforces rules" {
		t.Errorf("roles = %+v", reg.Roles)
	}
}

func TestImportMarkdownSeedHistory(t *testing.T) {
	reg := importSeed(t)
	clerk := reg.Item("Clerk").History
	if len(clerk) != 1 {
		t.Fatalf("Clerk history = %+v", clerk)
	}
	if p := clerk[0]; p.Date != "2026-01-01" || p.From != "A" || p.To != "B" || !slices.Equal(p.Pins, []string{"PIN-272"}) ||
		p.Note != "Phase 1: RBAC Stub; was bucket B1" || p.ApprovedBy != "Human" {
		t.Errorf("Clerk promotion = %+v", p)
	}
	m10 := reg.Item("M10 Recovery").History
	if len(m10) != 1 || m10[0].Date != "2026-01-02" || !slices.Equal(m10[0].Pins, []string{"PIN-276"}) {
		t.Errorf("M10 Recovery history = %+v", m10)
	}
	for _, it := range reg.Items {
		if it.Name != "Clerk" && it.Name != "M10 Recovery" && len(it.History) > 0 {
			t.Errorf("%s has history %+v; the seed records none", it.Name, it.History)
		}
	}
}

// TestImportMarkdownShapes reads tables written differently from the seed:
// headers in another case, order and emphasis, CRLF line endings and a
// byte-order mark, escaped pipes, optional columns left out.
func TestImportMarkdownShapes(t *testing.T) {
	src := "\xef\xbb\xbf# Our infra\r\n\r\n" +
		"| owner | **STATE** | infra  name | Category | Layer | failure mode | Local Strategy |\r\n" +
		"|---|:-:|---|---|---|---|---|\r\n" +
		"| Data | state b | Kafka | Queue | L5 (Execution & Workers) | skip | Docker (`deploy/kafka.yml`) |\r\n" +
		"| Data | C | Postgres | DB | L6 | fail | Local \\| pooled |\r\n" +
		"\r\n| Infra | Risk if Not Tested | Promotion Priority |\r\n|---|---|---|\r\n| kafka | Lost events | *High* |\r\n"
	reg, findings := importmd.ImportMarkdown("x.md", []byte(src))
	if len(findings) > 0 {
		t.Fatalf("findings: %v", findings)
	}
	if reg.Title != "Our infra" {
		t.Errorf("title = %q", reg.Title)
	}
	k := reg.Item("Kafka")
	if k == nil || k.State != "B" || k.FailureMode != "Skip" || k.Layer != "L5 (Execution & Workers)" || k.Owner != "Data" || k.Stub.Available {
		t.Fatalf("Kafka = %+v", k)
	}
	if k.Stub.Path != "deploy/kafka.yml" || k.LocalStrategy != "Docker (`deploy/kafka.yml`)" {
		t.Errorf("Kafka stub path %q, local strategy %q", k.Stub.Path, k.LocalStrategy)
	}
	if k.Bucket == nil || k.Bucket.ID != "B1" || k.Bucket.Label != "kafka" || k.Bucket.Risk != "Lost events" || k.Bucket.Priority != "High" {
		t.Errorf("Kafka bucket = %+v", k.Bucket)
	}
	if p := reg.Item("Postgres"); p.LocalStrategy != "Local | pooled" || p.FailureMode != "FAIL" || len(p.UsedBy) != 0 {
		t.Errorf("Postgres = %+v", p)
	}
	if len(reg.States) != 0 || len(reg.Artifacts) != 0 {
		t.Errorf("tables the doc does not have were imported: %+v %+v", reg.States, reg.Artifacts)
	}
}

// TestImportMarkdownHistoryWarnings: a promotion the prose tells but the
// table contradicts is reported and left out, not guessed.
func TestImportMarkdownHistoryWarnings(t *testing.T) {
	src := "| Infra Name | Category | Layer | State | Failure Mode | Owner |\n|---|---|---|---|---|---|\n" +
		"| Redis | Cache | L6 | B | Skip | Platform |\n| Kafka | Queue | L5 | B | Skip | Data |\n\n" +
		"Redis was B1, promoted to State C on 2026-02-01.\n\n" +
		"Kafka was promoted to State B on 2026-03-01 (PIN-9).\n\n" +
		"Something was promoted to State B on 2026-03-02.\n"
	reg, findings := importmd.ImportMarkdown("h.md", []byte(src))
	if reg == nil {
		t.Fatalf("warnings must not stop the import: %v", findings)
	}
	var got []string
	for _, f := range findings {
		got = append(got, f.String())
	}
	want := []string{
		`h.md:6:1: warning: Redis was promoted to state C on 2026-02-01 but the registry table says state B; no history recorded [import-history]`,
		`h.md:10:1: warning: a promotion to state B on 2026-03-02 names no item of the registry table; no history recorded [import-history]`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if h := reg.Item("Redis").History; len(h) != 0 {
		t.Errorf("Redis history = %+v", h)
	}
	h := reg.Item("Kafka").History
	if len(h) != 1 || h[0].From != "A" || h[0].To != "B" || h[0].Date != "2026-03-01" || !slices.Equal(h[0].Pins, []string{"PIN-9"}) || h[0].ApprovedBy != "(not recorded)" {
		t.Errorf("Kafka history = %+v", h)
	}
}

// TestImportMarkdownSummaryDrift: a Quick Reference that disagrees with the
// registry table is reported, and the table wins.
func TestImportMarkdownSummaryDrift(t *testing.T) {
	src := "| Infra Name | Category | Layer | State | Failure Mode | Owner |\n|---|---|---|---|---|---|\n" +
		"| Redis | Cache | L6 | B | Skip | Platform |\n| Kafka | Queue | L5 | A | Skip | Data |\n| Neon | DB | L6 | B | Skip | Platform |\n\n" +
		"| State | Count | Infra Items |\n|---|---|---|\n" +
		"| **B** (Local Substitute) | 3 | Redis, Kafka, Ghost |\n| **A** (Conceptual) | 1 | |\n| **Q** | 0 | |\n"
	reg, findings := importmd.ImportMarkdown("q.md", []byte(src))
	if reg == nil {
		t.Fatalf("warnings must not stop the import: %v", findings)
	}
	var got []string
	for _, f := range findings {
		got = append(got, f.String())
	}
	want := []string{
		`q.md:9:30: warning: the Quick Reference counts "3" items in state B; the registry table has 2 [import-summary]`,
		`q.md:9:34: warning: the Quick Reference lists Ghost under state B, but the registry table has no such item [import-summary]`,
		`q.md:9:34: warning: the Quick Reference lists Kafka under state B, but the registry table says state A [import-summary]`,
		`q.md:9:34: warning: the Quick Reference omits Neon from state B, where the registry table puts it [import-summary]`,
		`q.md:10:28: warning: the Quick Reference omits Kafka from state A, where the registry table puts it [import-summary]`,
		`q.md:11:3: warning: the Quick Reference names state "Q", which is not A, B or C [import-summary]`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if reg.Item("Kafka").State != "A" {
		t.Errorf("the Quick Reference changed Kafka's state")
	}
}

// TestImportMarkdownErrors checks the exact findings of each
// testdata/err/<case>.md against <case>.out (-update rewrites them).
func TestImportMarkdownErrors(t *testing.T) {
	cases, err := filepath.Glob("testdata/err/*.md")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, file := range cases {
		name := strings.TrimSuffix(filepath.Base(file), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			reg, findings := importmd.ImportMarkdown(filepath.ToSlash(file), src)
			if reg != nil {
				t.Errorf("a doc with errors gave a registry")
			}
			var b strings.Builder
			for _, f := range findings {
				b.WriteString(f.String() + "\n")
			}
			golden.Check(t, "./site/importmd", strings.TrimSuffix(file, ".md")+".out", b.String())
		})
	}
}

// FuzzImportMarkdown checks that no input makes the importer panic, and
// that a registry is returned exactly when there is no error.
func FuzzImportMarkdown(f *testing.F) {
	if src, err := os.ReadFile(seedDoc); err == nil {
		f.Add(string(src))
	}
	files, _ := filepath.Glob("testdata/err/*.md")
	for _, file := range files {
		src, _ := os.ReadFile(file)
		f.Add(string(src))
	}
	f.Add("| Infra Name | State |\n|-|-|\n| x |")
	f.Fuzz(func(t *testing.T, src string) {
		reg, findings := importmd.ImportMarkdown("f.md", []byte(src))
		if (reg == nil) != site.HasErrors(findings) {
			t.Fatalf("registry %v with findings %v", reg != nil, findings)
		}
		for _, fd := range findings {
			if fd.File != "f.md" || fd.Rule == "" {
				t.Fatalf("finding without a place or rule: %+v", fd)
			}
		}
	})
}

// BenchmarkImportMarkdown imports the seed's doc, and a doc with its
// registry table grown to 1000 rows.
func BenchmarkImportMarkdown(b *testing.B) {
	src, err := os.ReadFile(seedDoc)
	if err != nil {
		b.Fatal(err)
	}
	var big strings.Builder
	big.WriteString("| Infra Name | Category | Layer | State | Used By | Failure Mode | Stub Available | Local Strategy | Promotion Trigger | Owner |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for i := range 1000 {
		big.WriteString("| Item" + strconv.Itoa(i) + " | DB | L6 | **B** | Tests, CI | Skip | Yes (mock) | Stub (app/stub.py) | Always | Platform |\n")
	}
	for _, bc := range []struct {
		name string
		src  []byte
	}{{"seed", src}, {"1000-items", []byte(big.String())}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.src)))
			for b.Loop() {
				if reg, fs := importmd.ImportMarkdown("x.md", bc.src); reg == nil {
					b.Fatal(fs)
				}
			}
		})
	}
}

// TestImportMarkdownGeneratedDoc imports content/docs/INFRA_REGISTRY.md,
// whose tables `infradoc fix` generates from content/INFRA_REGISTRY.yaml:
// everything the tables show must come back as the YAML has it.
func TestImportMarkdownGeneratedDoc(t *testing.T) {
	s, _, err := site.Load(site.Options{FS: content.FS, Root: "content"})
	if err != nil {
		t.Fatal(err)
	}
	src, err := fs.ReadFile(content.FS, "docs/INFRA_REGISTRY.md")
	if err != nil {
		t.Fatal(err)
	}
	reg, findings := importmd.ImportMarkdown("content/docs/INFRA_REGISTRY.md", src)
	if reg == nil || len(findings) > 0 {
		t.Fatalf("import: %v", findings)
	}
	// tabled projects a registry onto what the generated tables show.
	tabled := func(r *site.Registry) string {
		var b strings.Builder
		for _, it := range r.Items {
			fmt.Fprintf(&b, "%s %v | %s | %s | %s | %v | %s | %+v | %s | %s | %s\n", it.Name, it.Aliases, it.Category, it.Layer, it.State,
				it.UsedBy, it.FailureMode, site.Stub{Available: it.Stub.Available, Note: it.Stub.Note, Path: it.Stub.Path}, it.LocalStrategy, it.PromotionTrigger, it.Owner)
			if bk := it.Bucket; bk != nil {
				fmt.Fprintf(&b, "  bucket %s %q %q %q %q %q\n", bk.ID, bk.Label, bk.Risk, bk.Priority, bk.Justification, bk.ReviewTrigger)
			}
		}
		for _, st := range r.States {
			fmt.Fprintf(&b, "state %s | %s | %s | %s\n", st.ID, st.Name, st.Meaning, st.TestBehavior)
		}
		for _, a := range r.Artifacts {
			if a.Responsibility != "" {
				fmt.Fprintf(&b, "artifact %s %v | %s | %s\n", a.Name, a.Self, a.Responsibility, a.Owns)
			}
		}
		for _, ro := range r.Roles {
			fmt.Fprintf(&b, "role %s | %s\n", ro.Role, ro.Responsibility)
		}
		return b.String()
	}
	if got, want := tabled(reg), tabled(s.Registry); got != want {
		t.Errorf("imported from the generated doc:\n%s\nthe YAML:\n%s", got, want)
	}
}
