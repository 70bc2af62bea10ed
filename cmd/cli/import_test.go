package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rules"
	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// The seed's hand-written registry doc and the YAML import must write for
// it (go test ./render/report -run TestRegistryYAMLGolden -update rewrites it).
const (
	seedRegistryDoc    = "../../testdata/import/INFRA_REGISTRY.md"
	seedRegistryGolden = "../../testdata/import/INFRA_REGISTRY.yaml.golden"
)

// run runs one infradoc command line in dir.
func run(t *testing.T, dir string, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	c := &Command{Stdout: &out, Stderr: &errb, Dir: dir}
	status = c.Main(args)
	return status, out.String(), errb.String()
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func writeFile(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestImportRoundTrip adopts infradoc on the seed's doc: import it, check
// the YAML, put markers where the doc's tables were (emptied), run the real
// `infradoc fix`, and compare the regenerated tables with the seed's.
func TestImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	seed := readFile(t, seedRegistryDoc)
	writeFile(t, filepath.Join(dir, "INFRA_REGISTRY.md"), seed)

	// 1. import writes the golden YAML.
	status, stdout, stderr := run(t, dir, "import", "INFRA_REGISTRY.md")
	if status != ExitOK {
		t.Fatalf("import: exit %d\n%s%s", status, stdout, stderr)
	}
	yamlData := readFile(t, filepath.Join(dir, "INFRA_REGISTRY.yaml"))
	if want := readFile(t, seedRegistryGolden); !bytes.Equal(yamlData, want) {
		t.Errorf("import wrote other YAML than %s:\n%s", seedRegistryGolden, yamlData)
	}
	if !strings.Contains(stderr, "wrote INFRA_REGISTRY.yaml from INFRA_REGISTRY.md: 11 infra items") {
		t.Errorf("stderr = %q", stderr)
	}

	// 2. The YAML loads; the only findings are the rule the seed itself
	// breaks: Grafana and Neon are in state A with no bucket.
	writeFile(t, filepath.Join(dir, "INFRA_OBLIGATION_REGISTRY.yaml"), []byte("obligations: []\n"))
	s, findings, err := rules.Validate(site.Options{FS: os.DirFS(dir)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range findings {
		got = append(got, f.Rule+" "+f.File+" "+strings.SplitN(f.Message, " ", 2)[0])
	}
	want := []string{"R2-bucket INFRA_REGISTRY.yaml Grafana", "R2-bucket INFRA_REGISTRY.yaml Neon"}
	if !slices.Equal(got, want) {
		t.Fatalf("findings of the imported registry:\n%v\nwant %v", findings, want)
	}
	for _, f := range findings {
		if it := s.Registry.Item(strings.Fields(f.Message)[0]); f.Pos != it.Of("state") {
			t.Errorf("%s points at %s, not at the item's state %s", f.Message, f.Pos, it.Of("state"))
		}
	}
	if !strings.Contains(stderr, "Grafana is in state A but has no bucket") || !strings.Contains(stderr, "Neon is in state A") {
		t.Errorf("import did not warn about the rule the doc breaks:\n%s", stderr)
	}

	// 3. Markers replace the seed's tables; fix fills them from the YAML.
	marked := markSeedTables(t, seed)
	writeFile(t, filepath.Join(dir, "INFRA_REGISTRY.md"), marked)
	// The seed's own R2 problem stays a warning so that fix may write.
	writeFile(t, filepath.Join(dir, "infradoc.yaml"), []byte("registry: INFRA_REGISTRY.yaml\n"+
		"obligations: INFRA_OBLIGATION_REGISTRY.yaml\ndocs: [INFRA_REGISTRY.md]\nrules: {R2-bucket: warning}\n"))
	status, stdout, stderr = run(t, dir, "fix")
	if status != ExitOK || !strings.Contains(stdout, "updated INFRA_REGISTRY.md") {
		t.Fatalf("fix: exit %d\n%s%s", status, stdout, stderr)
	}
	fixed := readFile(t, filepath.Join(dir, "INFRA_REGISTRY.md"))
	if outside := withoutBlockContents(fixed); !bytes.Equal(outside, marked) {
		t.Errorf("fix changed text outside the markers:\n%s", outside)
	}

	// 4. Same tables, rows and cells as the seed's, bold markup aside;
	// the Quick Reference's item lists compared as sets (the seed lists
	// state B as Redis, Clerk, Backend, M10 Recovery; the registry's
	// order is Redis, Clerk, M10 Recovery, Backend).
	seedTables, fixedTables := docTables(t, seed), docTables(t, fixed)
	if len(fixedTables) != len(seedTables) {
		t.Fatalf("the fixed doc has %d tables, the seed %d:\n%s", len(fixedTables), len(seedTables), fixed)
	}
	for i, st := range seedTables {
		ft := fixedTables[i]
		if !slices.Equal(st.header, ft.header) {
			t.Errorf("table %d: header %v, seed %v", i+1, ft.header, st.header)
			continue
		}
		if len(ft.rows) != len(st.rows) {
			t.Errorf("table %v: %d rows, seed %d:\n%v", st.header, len(ft.rows), len(st.rows), ft.rows)
			continue
		}
		for r := range st.rows {
			for c := range st.rows[r] {
				sv, fv := st.rows[r][c], ft.rows[r][c]
				if st.header[c] == "Infra Items" {
					sv, fv = sortedList(sv), sortedList(fv)
				}
				if sv != fv {
					t.Errorf("table %v row %d column %s: %q, seed %q", st.header, r+1, st.header[c], ft.rows[r][c], st.rows[r][c])
				}
			}
		}
	}

	// 5. The docs now agree with the YAML, and a second fix changes nothing.
	if status, stdout, stderr := run(t, dir, "check"); status != ExitOK {
		t.Errorf("check after fix: exit %d\n%s%s", status, stdout, stderr)
	}
	if status, stdout, stderr := run(t, dir, "fix"); status != ExitOK || strings.Contains(stdout, "updated") {
		t.Errorf("second fix: exit %d\n%s%s", status, stdout, stderr)
	}
	if again := readFile(t, filepath.Join(dir, "INFRA_REGISTRY.md")); !bytes.Equal(again, fixed) {
		t.Errorf("a second fix changed the doc")
	}
}

// seedBlocks maps the first line of each of the seed's generated tables
// to the block that replaces it.
var seedBlocks = []struct{ header, begin string }{
	{"| State | Name | Meaning | Test Behavior |", "state-definitions"},
	{"| Infra Name | Category |", "registry-table"},
	{"| State | Count | Infra Items |", "state-summary"},
	{"| Infra | Risk if Not Tested |", `bucket-b1 empty="None currently — Clerk promoted to State B"`},
	{"| Infra | Justification |", "bucket-b2"},
	{"| Role | Responsibility |", "ownership"},
	{"| Artifact | Responsibility | Owns |", "artifact-matrix"},
}

// markSeedTables replaces each generated table of the seed by an empty
// block, so every row the test sees afterwards was written by fix.
func markSeedTables(t *testing.T, seed []byte) []byte {
	t.Helper()
	lines := strings.SplitAfter(string(seed), "\n")
	var out strings.Builder
	found := 0
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		idx := slices.IndexFunc(seedBlocks, func(b struct{ header, begin string }) bool { return strings.HasPrefix(l, b.header) })
		if idx < 0 {
			out.WriteString(l)
			continue
		}
		found++
		kind, _, _ := strings.Cut(seedBlocks[idx].begin, " ")
		out.WriteString("<!-- infradoc:begin " + seedBlocks[idx].begin + " -->\n<!-- infradoc:end " + kind + " -->\n")
		for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "|") {
			i++
		}
	}
	if found != len(seedBlocks) {
		t.Fatalf("found %d of the seed's %d tables", found, len(seedBlocks))
	}
	return []byte(out.String())
}

// table is a markdown table's header and rows as written, bold removed.
type table struct {
	header []string
	rows   [][]string
}

// docTables reads every table of a doc with goldmark (not with the
// importer under test): each cell is its source text without "**".
func docTables(t *testing.T, src []byte) []table {
	t.Helper()
	doc := goldmark.New(goldmark.WithExtensions(extension.Table)).Parser().Parse(text.NewReader(src))
	var out []table
	cellText := func(c gast.Node) string {
		if c.Lines().Len() == 0 {
			return ""
		}
		seg := c.Lines().At(0)
		return strings.TrimSpace(strings.ReplaceAll(string(seg.Value(src)), "**", ""))
	}
	_ = gast.Walk(doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		tn, ok := n.(*east.Table)
		if !entering || !ok {
			return gast.WalkContinue, nil
		}
		var tb table
		for r := tn.FirstChild(); r != nil; r = r.NextSibling() {
			var row []string
			for c := r.FirstChild(); c != nil; c = c.NextSibling() {
				row = append(row, cellText(c))
			}
			if _, isHeader := r.(*east.TableHeader); isHeader {
				tb.header = row
			} else {
				tb.rows = append(tb.rows, row)
			}
		}
		out = append(out, tb)
		return gast.WalkSkipChildren, nil
	})
	return out
}

// withoutBlockContents drops the lines between begin and end markers.
func withoutBlockContents(doc []byte) []byte {
	var out bytes.Buffer
	inside := false
	for _, l := range strings.SplitAfter(string(doc), "\n") {
		switch {
		case strings.HasPrefix(l, "<!-- infradoc:begin "):
			inside = true
		case strings.HasPrefix(l, "<!-- infradoc:end"):
			inside = false
		case inside:
			continue
		}
		out.WriteString(l)
	}
	return out.Bytes()
}

// sortedList sorts the entries of a comma-separated list.
func sortedList(s string) string {
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

// TestImportFiles checks what import does to the disk: an existing file is
// kept byte for byte without --force, --force replaces it keeping its
// mode, a symlinked output stays a link, and a failed import writes nothing.
func TestImportFiles(t *testing.T) {
	dir := t.TempDir()
	doc := "| Infra Name | Category | Layer | State | Failure Mode | Owner |\n|---|---|---|---|---|---|\n| Redis | Cache | L6 | B | Skip | Platform |\n"
	writeFile(t, filepath.Join(dir, "doc.md"), []byte(doc))
	out := filepath.Join(dir, "INFRA_REGISTRY.yaml")

	writeFile(t, out, []byte("mine\n"))
	if err := os.Chmod(out, 0o600); err != nil {
		t.Fatal(err)
	}
	if status, _, stderr := run(t, dir, "import", "doc.md"); status != ExitUsage || !strings.Contains(stderr, "already exists; pass --force") {
		t.Errorf("import over an existing file: exit %d, %q", status, stderr)
	}
	if got := readFile(t, out); string(got) != "mine\n" {
		t.Errorf("the existing file was changed to %q", got)
	}
	if status, _, stderr := run(t, dir, "import", "--force", "doc.md"); status != ExitOK {
		t.Fatalf("import --force: exit %d, %q", status, stderr)
	}
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("--force did not keep the file's mode: %v %v", info.Mode(), err)
	}
	if !bytes.Contains(readFile(t, out), []byte("  - name: Redis\n")) {
		t.Errorf("--force did not write the registry")
	}

	// A symlinked output is written through, and stays a link.
	target := filepath.Join(dir, "real.yaml")
	writeFile(t, target, []byte("old\n"))
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink("real.yaml", link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if status, _, stderr := run(t, dir, "import", "--force", "-o", "link.yaml", "doc.md"); status != ExitOK {
		t.Fatalf("import onto a link: exit %d, %q", status, stderr)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file")
	}
	if !bytes.Contains(readFile(t, target), []byte("  - name: Redis\n")) {
		t.Errorf("the link's target was not written")
	}

	// A doc with an unmappable row: exit 1, nothing on disk changes.
	before := readFile(t, out)
	writeFile(t, filepath.Join(dir, "bad.md"), []byte(strings.Replace(doc, "| B |", "| Z |", 1)))
	status, stdout, _ := run(t, dir, "import", "--force", "bad.md")
	if status != ExitFindings || !strings.Contains(stdout, `bad.md:3:24: error: unknown state "Z"`) {
		t.Errorf("bad doc: exit %d, %q", status, stdout)
	}
	if !bytes.Equal(readFile(t, out), before) {
		t.Errorf("a failed import changed %s", out)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}
