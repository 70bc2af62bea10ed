package report

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/golden"
	"github.com/infradoc/infradoc/site/regdiff"
)

func diffItem(name, state, bucket, owner, layer string) *site.Item {
	it := &site.Item{Name: name, State: state, Owner: owner, Layer: layer}
	if bucket != "" {
		it.Bucket = &site.Bucket{ID: bucket}
	}
	return it
}

func diffObligation(id, status string, requires []string, tests ...site.TestFile) *site.Obligation {
	o := &site.Obligation{ID: id, Title: "Title of " + id, Status: status, Schema: "app"}
	for _, r := range requires {
		typ, name, _ := strings.Cut(r, " ")
		o.Requires = append(o.Requires, &site.Requirement{Type: typ, Name: name})
	}
	for _, t := range tests {
		o.TestFiles = append(o.TestFiles, &t)
	}
	return o
}

// sampleDiff has every kind of change, a note and a load problem on the
// base, and a name that tries to break out of a markdown table.
func sampleDiff() *regdiff.Diff {
	base := &site.Site{
		Registry: &site.Registry{Items: []*site.Item{
			diffItem("Redis", "C", "", "Platform", "L6"),
			diffItem("Kafka", "A", "B2", "Data", "L6"),
			diffItem("Vault", "B", "", "Platform", "L6"),
			diffItem("Clerk", "A", "B1", "Platform", "L6"),
		}},
		Obligations: []*site.Obligation{
			diffObligation("PB-S1", "PROMOTED", []string{"table a"}, site.TestFile{Path: "tests/a.py", Count: 3}),
			diffObligation("PB-S2", "PARTIAL", nil, site.TestFile{Path: "tests/b.py", Count: 2}, site.TestFile{Path: "tests/c.py", Count: 1}),
			diffObligation("M10", "PROMOTED", nil),
			diffObligation("OLD", "PARTIAL", []string{"view v"}, site.TestFile{Path: "tests/old.py", Count: 1}),
		},
	}
	head := &site.Site{
		Registry: &site.Registry{Items: []*site.Item{
			diffItem("Redis", "B", "", "Platform", "L6"),
			diffItem("Kafka", "A", "B1", "Streaming", "L5"),
			diffItem("Clerk", "B", "", "Platform", "L6"),
			diffItem("Evil | <b>x</b> [link](https://example.com) *\x1b[2J", "A", "B2", "@team", "L6"),
		}},
		Obligations: []*site.Obligation{
			diffObligation("PB-S1", "PARTIAL", []string{"table a", "index i"}, site.TestFile{Path: "tests/a.py", Count: 3}),
			diffObligation("PB-S2", "PROMOTED", nil, site.TestFile{Path: "tests/b.py", Count: 4}, site.TestFile{Path: "tests/d.py", Count: 1}),
			diffObligation("M10", "DEPRECATED", nil),
			diffObligation("NEW", "UNFULFILLED", []string{"schema app", "table t"}, site.TestFile{Path: "tests/new.py", Count: 2}),
		},
	}
	d := regdiff.Compare(base, head)
	d.Base = regdiff.SideInfo{
		Ref: "v1", Commit: "0123456789abcdef0123456789abcdef01234567",
		Notes: []string{"v1:gov/docs did not load: compared as no obligations"},
		Findings: []site.Finding{{Pos: site.Pos{File: "v1:gov/obligations.yaml", Line: 3, Col: 5}, Severity: site.SeverityError,
			Rule: "yaml-syntax", Message: "invalid YAML: did not find expected ',' or ']'"}},
	}
	return d
}

func TestDiffGolden(t *testing.T) {
	empty := regdiff.Compare(nil, nil)
	empty.Base = regdiff.SideInfo{Ref: "main", Commit: "fedcba9876543210fedcba9876543210fedcba98"}
	cases := map[string]*regdiff.Diff{"changes": sampleDiff(), "empty": empty}
	ext := map[DiffFormat]string{DiffText: ".txt", DiffJSON: ".json", DiffMarkdown: ".md"}
	for name, d := range cases {
		for _, format := range DiffFormats {
			var b bytes.Buffer
			if err := WriteDiff(&b, format, d); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "./render/report", filepath.Join("testdata", "diff", name+ext[format]), b.Bytes())
		}
	}
}

// TestDiffMarkdownEscapes: a name cannot leave its table cell, open a tag
// or a link, and the section written through DiffSection is the same.
func TestDiffMarkdownEscapes(t *testing.T) {
	d := sampleDiff()
	var b bytes.Buffer
	if err := WriteDiffMarkdown(&b, d); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, bad := range []string{"<b>", "[link]", "| <b", " * |"} {
		if strings.Contains(md, bad) {
			t.Errorf("markdown holds %q unescaped:\n%s", bad, md)
		}
	}
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| Evil") {
			if n := strings.Count(line, "|"); n != 7 {
				t.Errorf("the row of the hostile name has %d pipes, want 7: %s", n, line)
			}
		}
	}
	var s bytes.Buffer
	if _, err := DiffSection(d).WriteTo(&s); err != nil || s.String() != md {
		t.Errorf("DiffSection wrote %q, %v", s.String(), err)
	}
	var text bytes.Buffer
	if err := WriteDiffText(&text, d); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text.String(), "\x1b") || strings.Contains(md, "\x1b") {
		t.Error("an escape sequence in a name reached the output")
	}
}
