package markers_test

import (
	"strings"
	"testing"

	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/markers"
)

func findingLines(fs []site.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String() + "\n")
	}
	return b.String()
}

func TestParseDocBlocks(t *testing.T) {
	src := "# Doc\n\n" +
		"<!-- infradoc:begin registry-table state=A,B category=DB -->\n" +
		"old\n" +
		"<!-- infradoc:end registry-table -->\n" +
		"Total: <!-- infradoc:value obligations.tests.total -->73<!-- infradoc:end --> tests, " +
		"<!-- infradoc:value registry.state.C -->1<!-- infradoc:end --> wired.\n" +
		"<!-- infradoc:begin bucket-b1 empty=\"None currently — Clerk promoted\" -->\n" +
		"<!-- infradoc:end -->\n"
	d, found := markers.Parse("docs/x.md", []byte(src), blocks.Vocabulary())
	if len(found) > 0 {
		t.Fatalf("unexpected findings:\n%s", findingLines(found))
	}
	if len(d.Blocks) != 4 {
		t.Fatalf("got %d blocks, want 4", len(d.Blocks))
	}
	reg := d.Blocks[0]
	if reg.Kind != "registry-table" || reg.Pos.Line != 3 || reg.Pos.Col != 1 || string(d.Content(reg)) != "old\n" {
		t.Errorf("registry block = %+v content %q", reg, d.Content(reg))
	}
	if got := reg.OptionList("state"); strings.Join(got, "|") != "A|B" {
		t.Errorf("state option = %q", got)
	}
	v := d.Blocks[1]
	if !v.Inline() || v.Value != "obligations.tests.total" || string(d.Content(v)) != "73" || v.Pos.Line != 6 || v.Pos.Col != 8 {
		t.Errorf("value block = %+v content %q", v, d.Content(v))
	}
	if string(d.Content(d.Blocks[2])) != "1" {
		t.Errorf("second value content %q", d.Content(d.Blocks[2]))
	}
	b1 := d.Blocks[3]
	if e, _ := b1.Option("empty"); e != "None currently — Clerk promoted" || string(d.Content(b1)) != "" {
		t.Errorf("b1 = %+v", b1)
	}
	if b1.Label() != `bucket-b1 empty="None currently — Clerk promoted"` {
		t.Errorf("label = %q", b1.Label())
	}
}

func TestParseDocCodeIsText(t *testing.T) {
	src := "```md\n<!-- infradoc:begin registry-table -->\n```\n" +
		"~~~~\n<!-- infradoc:end -->\n```\nstill code\n~~~~\n" +
		"Inline `<!-- infradoc:begin registry-table -->` and ``a ` <!-- infradoc:end --> b``.\n" +
		"    <!-- infradoc:begin registry-table -->\n"
	d, found := markers.Parse("x.md", []byte(src), blocks.Vocabulary())
	if len(found) > 0 || len(d.Blocks) > 0 {
		t.Fatalf("markers in code were parsed: blocks %d, findings:\n%s", len(d.Blocks), findingLines(found))
	}
}

func TestParseDocCRLFAndBOM(t *testing.T) {
	src := "\xef\xbb\xbf" + "<!-- infradoc:begin ownership -->\r\nx\r\n<!-- infradoc:end ownership -->\r\n"
	d, found := markers.Parse("x.md", []byte(src), blocks.Vocabulary())
	if len(found) > 0 {
		t.Fatalf("findings:\n%s", findingLines(found))
	}
	if d.Newline != "\r\n" || len(d.Blocks) != 1 {
		t.Fatalf("newline %q blocks %d", d.Newline, len(d.Blocks))
	}
	b := d.Blocks[0]
	if b.Pos.Line != 1 || b.Pos.Col != 1 || string(d.Content(b)) != "x\r\n" {
		t.Errorf("block %+v content %q", b, d.Content(b))
	}
}

func TestParseDocFindings(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"begin without end", "a\n<!-- infradoc:begin ownership -->\nx\n",
			"x.md:2:1: error: begin marker for ownership has no end marker (<!-- infradoc:end ownership -->) [marker]\n"},
		{"end without begin", "<!-- infradoc:end ownership -->\n",
			"x.md:1:1: error: end marker without a begin marker [marker]\n"},
		{"end before begin", "<!-- infradoc:end ownership -->\n<!-- infradoc:begin ownership -->\n",
			"x.md:1:1: error: end marker comes before its begin marker for ownership at line 2 [marker]\n"},
		{"nested", "<!-- infradoc:begin ownership -->\n<!-- infradoc:begin state-summary -->\n<!-- infradoc:end -->\n<!-- infradoc:end -->\n",
			"x.md:2:1: error: begin marker inside the ownership block opened at line 1: blocks cannot nest [marker]\n"},
		{"duplicate", "<!-- infradoc:begin ownership -->\n<!-- infradoc:end -->\n<!-- infradoc:begin ownership -->\n<!-- infradoc:end -->\n",
			"x.md:3:1: error: duplicate block ownership: the same block is already at line 1 [marker]\n"},
		{"mismatched end", "<!-- infradoc:begin ownership -->\n<!-- infradoc:end state-summary -->\n",
			"x.md:2:1: error: end marker for state-summary does not match the begin marker for ownership at line 1 [marker]\n"},
		{"unknown kind", "<!-- infradoc:begin registry-tabel -->\n<!-- infradoc:end -->\n",
			"x.md:1:1: error: unknown block kind \"registry-tabel\"; did you mean \"registry-table\"? [marker-syntax]\n"},
		{"unknown option", "<!-- infradoc:begin registry-table stat=A -->\n<!-- infradoc:end -->\n",
			"x.md:1:1: error: unknown option \"stat\" for registry-table; did you mean \"state\"? [marker-syntax]\n"},
		{"bad option value", "<!-- infradoc:begin registry-table state=A,D -->\n<!-- infradoc:end -->\n",
			"x.md:1:1: error: option state: \"D\" is not one of A, B, C [marker-syntax]\n"},
		{"option without value", "<!-- infradoc:begin registry-table A -->\n<!-- infradoc:end -->\n",
			"x.md:1:1: error: expected an option key=value in the registry-table marker, found \"A\" [marker-syntax]\n"},
		{"missing required option", "<!-- infradoc:begin diagram -->\n<!-- infradoc:end -->\n",
			"x.md:1:1: error: diagram needs option name=…: the diagram to draw, e.g. name=states [marker-syntax]\n"},
		{"unterminated quote", "<!-- infradoc:begin bucket-b1 empty=\"x -->\n<!-- infradoc:end -->\n",
			"x.md:1:1: error: unterminated quoted value in marker arguments \"bucket-b1 empty=\\\"x\" [marker-syntax]\n"},
		{"begin not alone", "text <!-- infradoc:begin ownership -->\n",
			"x.md:1:6: error: a begin marker must stand on a line of its own [marker-syntax]\n"},
		{"value without end", "n = <!-- infradoc:value obligations.total -->3\n",
			"x.md:1:5: error: value marker has no \"<!-- infradoc:end -->\" on the same line [marker]\n"},
		{"malformed value", "n = <!-- infradoc:value obligations..total -->3<!-- infradoc:end -->\n",
			"x.md:1:5: error: malformed value name \"obligations..total\": use dot-separated words such as registry.state.A [marker-syntax]\n"},
		{"unknown value", "n = <!-- infradoc:value obligations.totl -->3<!-- infradoc:end -->\n",
			"x.md:1:5: error: unknown value \"obligations.totl\"; did you mean \"obligations.total\"? [marker-syntax]\n"},
		{"unknown directive", "<!-- infradoc:bgin ownership -->\n",
			"x.md:1:1: error: unknown marker \"infradoc:bgin\"; markers are infradoc:begin, infradoc:end and infradoc:value [marker-syntax]\n"},
		{"unclosed comment", "<!-- infradoc:begin ownership\n",
			"x.md:1:1: error: infradoc marker is not closed with \"-->\" on the same line [marker-syntax]\n"},
		{"value inside block", "<!-- infradoc:begin ownership -->\n<!-- infradoc:value obligations.total -->1<!-- infradoc:end -->\n<!-- infradoc:end -->\n",
			"x.md:2:1: error: value obligations.total is inside the ownership block opened at line 1; it would be overwritten [marker]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, found := markers.Parse("x.md", []byte(tt.src), blocks.Vocabulary())
			if got := findingLines(found); got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestParseDocEveryProblemAtOnce(t *testing.T) {
	src := "<!-- infradoc:begin nope -->\n<!-- infradoc:end -->\nn=<!-- infradoc:value x.y -->1\n<!-- infradoc:end -->\n"
	_, found := markers.Parse("x.md", []byte(src), blocks.Vocabulary())
	if len(found) != 3 {
		t.Errorf("want 3 findings (unknown kind, value without end, stray end), got:\n%s", findingLines(found))
	}
}
