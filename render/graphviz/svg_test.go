package graphviz

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/render/diagram"
	"github.com/infradoc/infradoc/render/diagram/diagramtest"
	"github.com/infradoc/infradoc/render/graphviz/graphviztest"
)

// testSVG renders dot as infradoc does: Graphviz draws it in a worker
// process and FinishSVG makes infradoc's SVG of the drawing.
func testSVG(_ context.Context, dot string) ([]byte, error) {
	raw, err := graphviztest.RenderRaw(dot)
	if err != nil {
		return nil, err
	}
	return FinishSVG(raw, dot)
}

// svgTexts returns the character data of every <text> element, and of the
// root <title> and <desc>, decoded.
func svgTexts(t *testing.T, svg []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var b strings.Builder
	in := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return b.String()
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v", err)
		}
		switch tt := tok.(type) {
		case xml.StartElement:
			if tt.Name.Local == "text" || tt.Name.Local == "desc" {
				in++
			}
		case xml.EndElement:
			if tt.Name.Local == "text" || tt.Name.Local == "desc" {
				in--
				b.WriteString("\n")
			}
		case xml.CharData:
			if in > 0 {
				b.Write(tt)
			}
		}
	}
}

func TestSVGEscapesHostileText(t *testing.T) {
	s := diagramtest.LoadCrafted(t)
	for _, name := range diagram.Names(s) {
		t.Run(name, func(t *testing.T) {
			dot, err := diagram.DOT(s, name, diagram.Options{Drift: diagramtest.CraftedDrift})
			if err != nil {
				t.Fatal(err)
			}
			svg, err := testSVG(context.Background(), dot)
			if err != nil {
				t.Fatal(err)
			}
			lower := bytes.ToLower(svg)
			for _, bad := range []string{"<script", "javascript:", "href", "<image"} {
				if bytes.Contains(lower, []byte(bad)) {
					t.Errorf("SVG contains %q", bad)
				}
			}
			if err := CheckSVG(svg); err != nil {
				t.Error(err)
			}
			// Text quoting an event attribute must not look like one.
			if m := regexp.MustCompile(`(?i)[\s"']on[a-z]+\s*=`).Find(svg); m != nil {
				t.Errorf("SVG bytes contain %q", m)
			}
		})
	}
	// The hostile text reaches the reader intact, only escaped.
	want := map[string][]string{
		diagram.States:      {`Quote " {brace} <script>alert(1)</script>`, "Größe — 日本語 2026-02-01 PIN-2, PIN-3", `break \N and \G`},
		"obligation-ob-1":   {`Title with "quotes", {braces},`, "<script>alert(1)</script> and", "javascript:alert(1)", "audit.event_log"},
		diagram.Drift:       {`NOTES "<b>bold</b>".md`, "(javascript:alert(1) onload=alert(1))", "drifted (3)"},
		diagram.Layers:      {"Größe — 日本語"},
		diagram.Obligations: {"Multi line title"},
	}
	for name, texts := range want {
		dot, _ := diagram.DOT(s, name, diagram.Options{Drift: diagramtest.CraftedDrift})
		svg, err := testSVG(context.Background(), dot)
		if err != nil {
			t.Fatal(err)
		}
		got := svgTexts(t, svg)
		for _, w := range texts {
			if !strings.Contains(got, w) {
				t.Errorf("%s: the SVG's text lacks %q; it has:\n%s", name, w, got)
			}
		}
		if name == diagram.States && !bytes.Contains(svg, []byte("&lt;script&gt;")) {
			t.Errorf("%s: <script> is not escaped as &lt;script&gt;", name)
		}
	}
}

func TestSVGIsDeterministicAndRecordsItsDOT(t *testing.T) {
	s := diagramtest.LoadContent(t)
	for _, name := range diagram.Names(s)[:4] {
		dot, err := diagram.DOT(s, name, diagram.Options{})
		if err != nil {
			t.Fatal(err)
		}
		first, err := testSVG(context.Background(), dot)
		if err != nil {
			t.Fatal(err)
		}
		second, err := testSVG(context.Background(), dot)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, second) {
			t.Errorf("%s: two renders differ", name)
		}
		if got := SVGDOTHash(first); got != DOTHash(dot) {
			t.Errorf("%s: SVGDOTHash = %q, want %q", name, got, DOTHash(dot))
		}
		for _, want := range []string{`role="img"`, `aria-labelledby="`, "<title id=", "<desc id=", "prefers-color-scheme:dark", `class="infradoc-diagram"`} {
			if !bytes.Contains(first, []byte(want)) {
				t.Errorf("%s: SVG lacks %s", name, want)
			}
		}
		if bytes.HasPrefix(first, []byte("<?xml")) || bytes.Contains(first, []byte("<!--")) {
			t.Errorf("%s: SVG keeps Graphviz's prolog or comments", name)
		}
	}
}

func TestFinishSVGRefusesWhatIsNotASafeSVG(t *testing.T) {
	for _, raw := range []string{
		"",
		"no svg here",
		`<svg width="1"`,
		`<svg width="1"><script>alert(1)</script></svg>`,
		`<svg width="1"><g onclick="x"/></svg>`,
		`<svg width="1"><a xlink:href="https://evil.example/"><text>x</text></a></svg>`,
	} {
		if svg, err := FinishSVG([]byte(raw), "digraph {}"); err == nil {
			t.Errorf("FinishSVG(%q) = %q, want an error", raw, svg)
		}
	}
}

func TestDOTHash(t *testing.T) {
	if DOTHash("a") == DOTHash("b") || len(DOTHash("a")) != 64 {
		t.Error("DOTHash does not tell sources apart")
	}
	if got := SVGDOTHash([]byte(`<svg width="1"><text>data-dot-hash="` + strings.Repeat("a", 64) + `"</text></svg>`)); got != "" {
		t.Errorf("SVGDOTHash read a hash from the drawing: %q", got)
	}
	if got := SVGDOTHash([]byte("not an svg")); got != "" {
		t.Errorf("SVGDOTHash(garbage) = %q", got)
	}
}

func TestSVGRefusesUnsafeDOT(t *testing.T) {
	// DOT written by hand (not by the diagrams) that asks Graphviz for
	// links, a style sheet and an image: the result must be refused or
	// free of them.
	for _, dot := range []string{
		`digraph { a [URL="javascript:alert(1)"]; }`,
		`digraph { a [href="https://evil.example/"]; }`,
		`digraph { stylesheet="https://evil.example/x.css"; a; }`,
		`digraph { a [image="/etc/hostname"]; }`,
	} {
		svg, err := testSVG(context.Background(), dot)
		if err != nil {
			continue
		}
		lower := bytes.ToLower(svg)
		for _, bad := range []string{"href", "javascript:", "stylesheet", "<image"} {
			if bytes.Contains(lower, []byte(bad)) {
				t.Errorf("%s: SVG contains %q", dot, bad)
			}
		}
	}
	if _, err := testSVG(context.Background(), `digraph { a -> }`); err == nil {
		t.Error("invalid DOT: no error")
	}
}

func TestCheckSVG(t *testing.T) {
	good := `<svg xmlns="http://www.w3.org/2000/svg"><g id="x" class="node"><text>a &lt;b&gt;</text></g></svg>`
	if err := CheckSVG([]byte(good)); err != nil {
		t.Errorf("clean SVG refused: %v", err)
	}
	for _, bad := range []string{
		`<svg><script>alert(1)</script></svg>`,
		`<svg><SCRIPT>alert(1)</SCRIPT></svg>`,
		`<svg><g onload="alert(1)"/></svg>`,
		`<svg><g OnClick="x"/></svg>`,
		`<svg><a xlink:href="https://x.example"><text>x</text></a></svg>`,
		`<svg><a href="#x"/></svg>`,
		`<svg><text>javascript:alert(1)</text></svg>`,
		`<svg><foreignObject><div/></foreignObject></svg>`,
		`<svg><image xlink:href="data:x"/></svg>`,
		`<svg><use xlink:href="#a"/></svg>`,
		`<?xml-stylesheet href="x.css"?><svg/>`,
		`<!DOCTYPE svg [<!ENTITY x "y">]><svg/>`,
		`<svg><g>`,
	} {
		if err := CheckSVG([]byte(bad)); err == nil {
			t.Errorf("CheckSVG accepted %s", bad)
		}
	}
}

// svgHashReference is the pattern SVGDOTHash once searched the root tag
// with; recordedHash must find exactly what it finds.
var svgHashReference = regexp.MustCompile(`\s` + svgHashAttr + `="([0-9a-f]{64})"`)

func referenceRecordedHash(tag []byte) string {
	m := svgHashReference.FindSubmatch(tag)
	if m == nil {
		return ""
	}
	return string(m[1])
}

var recordedHashCases = []string{
	"",
	`<svg data-dot-hash="` + strings.Repeat("a", 64) + `"`,
	`<svg x data-dot-hash="` + strings.Repeat("a", 64) + `"`,
	"<svg\ndata-dot-hash=\"" + strings.Repeat("0", 64) + `"`,
	"<svg\tdata-dot-hash=\"" + strings.Repeat("0", 64) + `"`,
	"<svg\fdata-dot-hash=\"" + strings.Repeat("0", 64) + `"`,
	"<svg\vdata-dot-hash=\"" + strings.Repeat("0", 64) + `"`,
	`<svg xdata-dot-hash="` + strings.Repeat("a", 64) + `" data-dot-hash="` + strings.Repeat("b", 64) + `"`,
	`<svg data-dot-hash="` + strings.Repeat("A", 64) + `" data-dot-hash="` + strings.Repeat("c", 64) + `"`,
	`<svg data-dot-hash="` + strings.Repeat("a", 63) + `"`,
	`<svg data-dot-hash="` + strings.Repeat("a", 65) + `"`,
	`<svg data-dot-hash="` + strings.Repeat("a", 64),
	`<svg data-dot-hash="data-dot-hash="` + strings.Repeat("d", 64) + `"`,
	`<svg data-dot-hash=" data-dot-hash="` + strings.Repeat("d", 64) + `"`,
	`<svg data-dot-hash='` + strings.Repeat("a", 64) + `'`,
}

func TestRecordedHashMatchesPattern(t *testing.T) {
	found := 0
	for _, c := range recordedHashCases {
		got, want := recordedHash([]byte(c)), referenceRecordedHash([]byte(c))
		if got != want {
			t.Errorf("recordedHash(%q) = %q, the pattern finds %q", c, got, want)
		}
		if want != "" {
			found++
		}
	}
	if found < 5 {
		t.Errorf("only %d cases hold a hash", found)
	}
}

func FuzzRecordedHash(f *testing.F) {
	for _, c := range recordedHashCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, tag []byte) {
		if got, want := recordedHash(tag), referenceRecordedHash(tag); got != want {
			t.Errorf("recordedHash(%q) = %q, the pattern finds %q", tag, got, want)
		}
	})
}
