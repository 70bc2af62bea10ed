package blocks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/golden"
	// importmd registers the import-* rules; linking it here keeps
	// rules.golden listing every rule the infradoc binary has.
	_ "github.com/infradoc/infradoc/site/importmd"
	"github.com/infradoc/infradoc/site/markers"
)

// loadBlockSite loads the golden tests' fixture: the seed registry and
// three obligations.
func loadBlockSite(t testing.TB) *site.Site {
	t.Helper()
	s, found, err := site.Load(site.Options{FS: os.DirFS("testdata/blocks/site"), Root: "site"})
	if err != nil {
		t.Fatal(err)
	}
	// The fixture has no test files or migrations on purpose: only what
	// the YAML itself says must be valid.
	for _, f := range found {
		if f.Severity == site.SeverityError {
			t.Errorf("fixture finding: %s", f)
		}
	}
	return s
}

// parseOneBlock parses a doc holding exactly one block marker.
func parseOneBlock(t *testing.T, marker string) *site.Block {
	t.Helper()
	src := "<!-- infradoc:begin " + marker + " -->\n<!-- infradoc:end -->\n"
	d, found := markers.Parse("x.md", []byte(src), Vocabulary())
	if len(found) > 0 || len(d.Blocks) != 1 {
		t.Fatalf("marker %q: %d blocks, findings %v", marker, len(d.Blocks), found)
	}
	return d.Blocks[0]
}

// checkBlockGolden compares got with testdata/blocks/name.golden, or rewrites
// it with -update.
func checkBlockGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, "./render/blocks", filepath.Join("testdata", "blocks", name+".golden"), got)
}

func TestBlockGolden(t *testing.T) {
	s := loadBlockSite(t)
	tests := []struct{ golden, marker string }{
		{"registry-table", "registry-table"},
		{"registry-table-state-a-b", "registry-table state=A,B"},
		{"registry-table-category-db", "registry-table category=DB layer=L6"},
		{"registry-table-empty", "registry-table owner=Nobody"},
		{"state-summary", "state-summary"},
		{"state-summary-c", "state-summary state=C"},
		{"state-definitions", "state-definitions"},
		{"bucket-b1", `bucket-b1 empty="None currently — Clerk promoted to State B"`},
		{"bucket-b1-default", "bucket-b1"},
		{"bucket-b2", "bucket-b2"},
		{"artifact-matrix", "artifact-matrix"},
		{"ownership", "ownership"},
		{"obligations-table", "obligations-table"},
		{"obligations-table-promoted", "obligations-table status=PROMOTED,PARTIAL"},
		{"obligation-counts", "obligation-counts"},
		{"obligation-statuses", "obligation-statuses"},
		{"diagram", "diagram name=states"},
		{"diagram-alt", `diagram name=drift alt="CI truth derivation [map]"`},
		{"rules", "rules"},
		{"block-kinds", "block-kinds"},
		{"block-kinds-values", "block-kinds list=values"},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			b := parseOneBlock(t, tt.marker)
			covered[b.Kind] = true
			got, err := RenderBlock(s, b)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := RenderBlock(s, b)
			if again != got {
				t.Fatal("rendering twice gave different text")
			}
			checkBlockGolden(t, tt.golden, got)
		})
	}
	for _, k := range Specs() {
		if !covered[k.Name] {
			t.Errorf("block kind %s has no golden test", k.Name)
		}
	}
	for _, k := range kinds {
		if k.Render == nil {
			t.Errorf("block kind %s has no renderer", k.Spec.Name)
		}
	}
}

func TestValuesGolden(t *testing.T) {
	s := loadBlockSite(t)
	var b strings.Builder
	for _, v := range ValueNames() {
		got, err := RenderValue(s, v.Name)
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		b.WriteString(v.Name + " = " + got + "\n")
	}
	checkBlockGolden(t, "values", b.String())
}

func TestCellEscaping(t *testing.T) {
	reg := "items:\n  - name: \"A|B <!-- infradoc:end -->\"\n    category: \"x\\ny\"\n    layer: L1\n    state: A\n    failure_mode: Skip\n    owner: \" Ops \"\n    local_strategy: \"\"\n"
	fsys := fstest.MapFS{
		"infradoc.yaml": {Data: []byte("registry: r.yaml\nobligations: o.yaml\n")},
		"r.yaml":        {Data: []byte(reg)},
		"o.yaml":        {Data: []byte("obligations: []\n")},
	}
	s, _, err := site.Load(site.Options{FS: fsys})
	if err != nil {
		t.Fatal(err)
	}
	got, err := RenderBlock(s, parseOneBlock(t, "registry-table"))
	if err != nil {
		t.Fatal(err)
	}
	row := strings.Split(got, "\n")[2]
	want := `| A\|B &lt;!-- infradoc:end --> | x<br>y | L1 | A | — | Skip | No | — | — | Ops |`
	if row != want {
		t.Errorf("row = %s\nwant  %s", row, want)
	}
	empty, _ := RenderBlock(s, parseOneBlock(t, "bucket-b2"))
	if !strings.Contains(empty, "| *(None currently)* | — | — |") {
		t.Errorf("empty bucket:\n%s", empty)
	}
}
