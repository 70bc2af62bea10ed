package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/infradoc/infradoc/content"
	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/golden"
	"github.com/infradoc/infradoc/site/rules"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// validateSummary loads the repository in fsys as validate does and
// returns its summary: paths from the root, which the summary names.
func validateSummary(t *testing.T, fsys fs.FS, root string) *Summary {
	t.Helper()
	s, findings, err := rules.Validate(site.Options{FS: fsys, Root: "."})
	if err != nil {
		t.Fatal(err)
	}
	counts := s.Counts()
	return &Summary{Command: "validate", Root: root, Failed: site.HasErrors(findings), Counts: &counts, Findings: findings}
}

// ContentStateChange is the edit that makes content/'s docs stale: the
// first item, PostgreSQL, drops from state C to B. cmd/cli's summary test
// makes the same edit, runs check and expects check-content-stale.md.
const (
	contentStateFrom = "  - name: PostgreSQL\n    category: DB\n    layer: L6\n    state: C\n"
	contentStateTo   = "  - name: PostgreSQL\n    category: DB\n    layer: L6\n    state: B\n"
)

// staleContentSummary copies content/ into a temporary folder named
// content, makes its docs stale (contentStateFrom) and returns what check
// compares there, as check does: every block regenerated, every diagram
// SVG's recorded DOT hash compared with the DOT the YAML gives.
func staleContentSummary(t *testing.T) *Summary {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, content.FS); err != nil {
		t.Fatal(err)
	}
	reg := filepath.Join(dir, "INFRA_REGISTRY.yaml")
	data, err := os.ReadFile(reg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(contentStateFrom)) {
		t.Fatalf("content/INFRA_REGISTRY.yaml no longer lists PostgreSQL in state C first; update contentStateFrom here and in cmd/cli/summary_test.go")
	}
	if err := os.WriteFile(reg, bytes.Replace(data, []byte(contentStateFrom), []byte(contentStateTo), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	s, findings, err := rules.Validate(site.Options{FS: fsys, Root: "."})
	if err != nil {
		t.Fatal(err)
	}
	docs, docFindings, err := site.LoadDocs(s, blocks.Vocabulary())
	if err != nil {
		t.Fatal(err)
	}
	findings = append(findings, docFindings...)
	sum := &Summary{Command: "check", Root: "content", DocsChecked: len(docs)}
	for _, d := range docs {
		_, stale, err := blocks.RegenerateDoc(s, d, blocks.DocOptions{})
		if err != nil {
			t.Fatal(err)
		}
		sd := StaleDoc{File: d.File, Blocks: len(stale)}
		for _, sb := range stale {
			findings = append(findings, sb.Finding())
		}
		assets, _, err := blocks.DocDiagrams(s, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range assets {
			svg, err := fs.ReadFile(fsys, a.Path)
			if err != nil {
				t.Fatal(err)
			}
			if graphviz.SVGDOTHash(svg) != a.Hash {
				sd.Diagrams++
				findings = append(findings, site.Finding{Pos: a.Block.Pos, Rule: "stale-diagram",
					Message: fmt.Sprintf("diagram %s: %s was drawn from other data than the YAML now gives (run 'infradoc fix')", a.Name, a.File)})
			}
		}
		if sd.Blocks+sd.Diagrams > 0 {
			sum.StaleDocs = append(sum.StaleDocs, sd)
		}
	}
	if len(sum.StaleDocs) == 0 {
		t.Fatal("changing PostgreSQL's state made no doc stale")
	}
	sum.Findings = s.Config.ApplySeverities(findings)
	sum.Failed = site.HasErrors(sum.Findings)
	counts := s.Counts()
	sum.Counts = &counts
	return sum
}

// hostileFindings are findings whose text holds everything markdown, HTML
// and tables could misread, and characters of every UTF-8 length.
func hostileFindings() []site.Finding {
	return []site.Finding{
		{Pos: site.Pos{File: "a|b/`x`.yaml", Line: 3, Col: 1}, Severity: site.SeverityError, Rule: "R1-undeclared-infra",
			Message: "pipe | back\\|slash `code` *em* _em_ [link](http://x) ![img](y) ~~del~~ $x$ <script>alert(1)</script> &amp; <!-- c -->"},
		{Pos: site.Pos{File: "a|b/`x`.yaml", Line: 9, Col: 2}, Severity: site.SeverityError, Rule: "R1-undeclared-infra",
			Message: "second"},
		{Pos: site.Pos{File: "docs/über ☃ 𝄞.md", Line: 1, Col: 1}, Severity: site.SeverityWarning, Rule: "stale-block",
			Message: "line one\nline two\r\n| not | a | row |\n# not a heading\ttab\x00nul \xff invalid"},
		{Pos: site.Pos{File: "long.yaml"}, Severity: site.SeverityWarning, Rule: "test-count",
			Message: strings.Repeat("é☃𝄞", 200)},
	}
}

func TestSummaryGolden(t *testing.T) {
	small := DefaultSummaryLimits
	small.MaxBytes = 2 << 10
	many := make([]site.Finding, 0, 400)
	for i := range 400 {
		many = append(many, site.Finding{Pos: site.Pos{File: "r.yaml", Line: i + 1, Col: 1}, Severity: site.SeverityError,
			Rule: fmt.Sprintf("rule-%03d", i%40), Message: fmt.Sprintf("problem %d", i)})
	}
	cases := []struct {
		name string
		sum  func(t *testing.T) *Summary
		lim  SummaryLimits
	}{
		{"validate-content", func(t *testing.T) *Summary { return validateSummary(t, content.FS, "content") }, DefaultSummaryLimits},
		{"validate-acme", func(t *testing.T) *Summary {
			return validateSummary(t, os.DirFS(filepath.Join("..", "..", "testdata", "acme")), "testdata/acme")
		}, DefaultSummaryLimits},
		{"check-content-stale", staleContentSummary, DefaultSummaryLimits},
		{"build-hostile", func(t *testing.T) *Summary {
			return &Summary{Command: "build", Root: "repo <b>|", Failed: true, Findings: hostileFindings(), Outcome: "Nothing was *written* <here>."}
		}, DefaultSummaryLimits},
		{"validate-table-cap", func(t *testing.T) *Summary {
			return &Summary{Command: "validate", Root: ".", Failed: true, Findings: many}
		}, DefaultSummaryLimits},
		{"validate-byte-cap", func(t *testing.T) *Summary {
			return &Summary{Command: "validate", Root: ".", Failed: true, Findings: many}
		}, small},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			n, err := WriteSummary(&b, c.sum(t), c.lim)
			if err != nil {
				t.Fatal(err)
			}
			if n != b.Len() || b.Len() > c.lim.MaxBytes {
				t.Fatalf("wrote %d bytes, reported %d, limit %d", b.Len(), n, c.lim.MaxBytes)
			}
			checkSummaryShape(t, b.Bytes())
			golden.Check(t, "./render/report", filepath.Join("testdata", "summary", c.name+".md"), b.Bytes())
		})
	}
}

// checkSummaryShape checks what must hold of any summary: valid UTF-8,
// a heading first, a final newline, and every table row whole (as many
// cells as its table's header).
func checkSummaryShape(t *testing.T, md []byte) {
	t.Helper()
	if !utf8.Valid(md) {
		t.Errorf("the summary is not valid UTF-8")
	}
	if !bytes.HasPrefix(md, []byte("### infradoc ")) {
		t.Errorf("the summary does not start with its heading:\n%.200s", md)
	}
	if !bytes.HasSuffix(md, []byte("\n")) {
		t.Errorf("the summary does not end with a complete line: …%q", md[max(0, len(md)-80):])
	}
	cells := -1
	for i, line := range strings.Split(string(md), "\n") {
		if !strings.HasPrefix(line, "|") {
			cells = -1
			continue
		}
		n := strings.Count(line, "|")
		if !strings.HasSuffix(line, " |") {
			t.Errorf("line %d is a cut table row: %q", i+1, line)
		}
		if cells == -1 {
			cells = n
		} else if n != cells {
			t.Errorf("line %d has %d pipes, its table's header %d: %q", i+1, n, cells, line)
		}
	}
}

// renderGFM renders markdown as GitHub does (GFM, raw HTML allowed), as
// XHTML wrapped in one element, ready for encoding/xml.
func renderGFM(t *testing.T, md []byte) []byte {
	t.Helper()
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(gmhtml.WithUnsafe(), gmhtml.WithXHTML()))
	var b bytes.Buffer
	b.WriteString("<root>")
	if err := gm.Convert(md, &b); err != nil {
		t.Fatal(err)
	}
	b.WriteString("</root>")
	return b.Bytes()
}

// tableCells returns the text of every cell of every table row of html, a
// row a slice, and the elements found inside cells.
func tableCells(t *testing.T, html []byte) (rows [][]string, inCells map[string]bool) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(html))
	d.Entity = xml.HTMLEntity
	inCells = map[string]bool{}
	var cell *strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return rows, inCells
		}
		if err != nil {
			t.Fatalf("the rendered summary is not well-formed: %v\n%s", err, html)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "tr":
				rows = append(rows, nil)
			case "td", "th":
				cell = &strings.Builder{}
			default:
				if cell != nil {
					inCells[tok.Name.Local] = true
				}
			}
		case xml.EndElement:
			if (tok.Name.Local == "td" || tok.Name.Local == "th") && cell != nil {
				rows[len(rows)-1] = append(rows[len(rows)-1], cell.String())
				cell = nil
			}
		case xml.CharData:
			if cell != nil {
				cell.Write(tok)
			}
		}
	}
}

// TestSummaryEscapesForGitHub renders a summary of hostile findings as
// GitHub would and checks that each text arrives whole, as text, in its
// own cell: no extra cell from a pipe, no tag, link, emphasis or code span
// from the input.
func TestSummaryEscapesForGitHub(t *testing.T) {
	findings := hostileFindings()
	var b bytes.Buffer
	if _, err := WriteSummary(&b, &Summary{Command: "check", Root: "x", Failed: true, Findings: findings}, DefaultSummaryLimits); err != nil {
		t.Fatal(err)
	}
	html := renderGFM(t, b.Bytes())
	rows, inCells := tableCells(t, html)
	for el := range inCells {
		if el != "code" {
			t.Errorf("a <%s> element made it into a table cell:\n%s", el, html)
		}
	}
	if len(rows) != 4 {
		t.Fatalf("%d table rows, want a header and 3 rules:\n%s", len(rows), html)
	}
	for i, r := range rows {
		if len(r) != 5 {
			t.Errorf("row %d has %d cells, want 5: %q", i, len(r), r)
		}
	}
	plain := func(s string) string {
		s = strings.ToValidUTF8(s, "\uFFFD")
		return regexp.MustCompile(`[\x00-\x1f\x7f]`).ReplaceAllString(s, " ")
	}
	want := [][]string{
		{"R1-undeclared-infra", "error", "2", "a|b/`x`.yaml:3, a|b/`x`.yaml:9", plain(findings[0].Message)},
		{"stale-block", "warning", "1", "docs/über ☃ 𝄞.md:1", plain(findings[2].Message)},
		{"test-count", "warning", "1", "long.yaml", string([]rune(findings[3].Message)[:DefaultSummaryLimits.MaxText-1]) + "…"},
	}
	for i, w := range want {
		if len(rows) <= i+1 {
			break
		}
		for j, cell := range w {
			if j < len(rows[i+1]) && rows[i+1][j] != cell {
				t.Errorf("row %d cell %d renders as %q, want %q", i+1, j, rows[i+1][j], cell)
			}
		}
	}
	if !bytes.Contains(html, []byte("<h3>infradoc check</h3>")) {
		t.Errorf("no heading in:\n%s", html)
	}
}

// TestSummaryStaysUnderTheCap writes summaries of thousands of distinct
// rules with long, multi-byte texts: each stays within its byte cap, ends
// with a complete line saying how many rules were left out, and cuts no
// row or character.
func TestSummaryStaysUnderTheCap(t *testing.T) {
	const rules = 5000
	var fs []site.Finding
	for i := range rules {
		for j := range 3 {
			fs = append(fs, site.Finding{
				Pos:      site.Pos{File: fmt.Sprintf("obligations/%s-%05d.yaml", strings.Repeat("ü", 50), i), Line: j + 1, Col: 1},
				Severity: site.SeverityError, Rule: fmt.Sprintf("rule-%05d", i),
				Message: strings.Repeat("<|>&`€𝄞 ", 40),
			})
		}
	}
	for _, lim := range []SummaryLimits{
		DefaultSummaryLimits,
		{MaxBytes: DefaultSummaryLimits.MaxBytes, MaxRules: rules, MaxDocs: rules, MaxPositions: 5, MaxText: 500},
		{MaxBytes: GitHubSummaryLimit - 1, MaxRules: rules, MaxDocs: rules, MaxPositions: 100, MaxText: 10000},
	} {
		var b bytes.Buffer
		if _, err := WriteSummary(&b, &Summary{Command: "validate", Failed: true, Findings: fs}, lim); err != nil {
			t.Fatal(err)
		}
		if b.Len() > lim.MaxBytes {
			t.Errorf("limits %+v: %d bytes", lim, b.Len())
		}
		checkSummaryShape(t, b.Bytes())
		rows := strings.Count(b.String(), "\n| <code>rule-")
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		last := lines[len(lines)-1]
		if want := "… " + strconv.Itoa(rules-rows) + " more rules; see the job log"; last != want {
			t.Errorf("limits %+v: %d rows, last line %q, want %q", lim, rows, last, want)
		}
		if rows == 0 {
			t.Errorf("limits %+v: no rule listed", lim)
		}
	}
}

// A section is appended whole after infradoc's own, or left out whole
// with a line saying so.
func TestSummarySections(t *testing.T) {
	diff := "#### Registry diff\n\n| item | before | after |\n| --- | --- | --- |\n| Redis | B | C |\n"
	var b bytes.Buffer
	sum := &Summary{Command: "check", Root: ".", Sections: []io.WriterTo{bytes.NewBufferString(diff)}}
	if _, err := WriteSummary(&b, sum, DefaultSummaryLimits); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(b.String(), ".\n\n"+diff) {
		t.Errorf("the section is not appended after a blank line:\n%s", b.String())
	}

	big := strings.Repeat("| Redis | B | C |\n", 1000)
	lim := DefaultSummaryLimits
	lim.MaxBytes = 4 << 10
	b.Reset()
	sum = &Summary{Command: "check", Root: ".", Sections: []io.WriterTo{bytes.NewBufferString(diff + big)}}
	if _, err := WriteSummary(&b, sum, lim); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Redis") || !strings.HasSuffix(b.String(), "\n… 1 more section; see the job log\n") {
		t.Errorf("a section over the limit is not left out whole:\n%s", b.String())
	}

	failing := errors.New("disk on fire")
	_, err := WriteSummary(io.Discard, &Summary{Command: "check", Sections: []io.WriterTo{failingSection{failing}}}, DefaultSummaryLimits)
	if !errors.Is(err, failing) {
		t.Errorf("a failing section gives %v, want %v", err, failing)
	}
}

type failingSection struct{ err error }

func (f failingSection) WriteTo(io.Writer) (int64, error) { return 0, f.err }

func TestSummaryVerdict(t *testing.T) {
	warn := site.Finding{Pos: site.Pos{File: "a", Line: 1}, Severity: site.SeverityWarning, Rule: "r", Message: "m"}
	for _, c := range []struct {
		sum  Summary
		want string
	}{
		{Summary{Command: "validate", Root: "."}, "✅ **passed**: no problems in <code>.</code>."},
		{Summary{Command: "validate", Findings: []site.Finding{warn}}, "⚠️ **passed** with 1 warning."},
		// --fail-on warning: the exit status decides, not the severities.
		{Summary{Command: "validate", Failed: true, Findings: []site.Finding{warn}}, "❌ **failed**: 1 warning."},
		{Summary{Command: "check", DocsChecked: 3}, "✅ **passed**: no problems. 3 docs are up to date with the YAML."},
		{Summary{Command: "check", DocsChecked: 1, StaleDocs: []StaleDoc{{File: "d.md", Blocks: 1}}, Failed: true,
			Findings: []site.Finding{{Pos: site.Pos{File: "d.md", Line: 3}, Severity: site.SeverityError, Rule: "stale-block", Message: "m"}}},
			"❌ **failed**: 1 error."},
	} {
		var b bytes.Buffer
		if _, err := WriteSummary(&b, &c.sum, DefaultSummaryLimits); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(b.String(), "\n")
		if len(lines) < 3 || lines[2] != c.want {
			t.Errorf("%+v: verdict %q, want %q", c.sum, lines[min(2, len(lines)-1)], c.want)
		}
	}
}

func TestSummaryTooSmall(t *testing.T) {
	lim := DefaultSummaryLimits
	lim.MaxBytes = 100
	fs := []site.Finding{{Pos: site.Pos{File: "a", Line: 1}, Severity: site.SeverityError, Rule: "r", Message: strings.Repeat("m", 500)}}
	if _, err := WriteSummary(io.Discard, &Summary{Command: "validate", Findings: fs}, lim); !errors.Is(err, ErrSummaryTooSmall) {
		t.Errorf("got %v, want ErrSummaryTooSmall", err)
	}
}
