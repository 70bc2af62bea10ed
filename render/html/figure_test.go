package html

import (
	"reflect"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/site"
)

// TestRequirementsGroupedBySchemaThenType: each schema appears once, with
// its types in first-appearance order, even when the YAML interleaves
// schemas and types; each requirement keeps its own evidence.
func TestRequirementsGroupedBySchemaThenType(t *testing.T) {
	o := &site.Obligation{ID: "X-1", Schema: "app, audit", Requires: []*site.Requirement{
		{Type: "schema", Name: "app"},
		{Type: "table", Name: "app.users"},
		{Type: "table", Name: "audit.log"},
		{Type: "column", Name: "app.users.email"},
		{Type: "table", Name: "app.orders"},
		nil,
		{Type: "index", Name: "audit.log_at_idx"},
	}}
	found := func(line int) site.RequirementEvidence {
		return site.RequirementEvidence{Found: true, At: site.Pos{File: "m.sql", Line: line, Col: 1}}
	}
	ev := &site.ObligationEvidence{ID: "X-1", Requirements: []site.RequirementEvidence{
		found(1), found(2), {}, found(4), {}, {}, found(7),
	}}
	got := (&builder{}).requirementSchemas(o, ev)
	want := []requirementSchema{
		{Schema: "app", Types: []requirementType{
			{Type: "schema", Items: []requirementItem{{Name: "app", Found: true, At: "m.sql:1:1"}}},
			{Type: "table", Items: []requirementItem{{Name: "app.users", Found: true, At: "m.sql:2:1"}, {Name: "app.orders"}}},
			{Type: "column", Items: []requirementItem{{Name: "app.users.email", Found: true, At: "m.sql:4:1"}}},
		}},
		{Schema: "audit", Types: []requirementType{
			{Type: "table", Items: []requirementItem{{Name: "audit.log"}}},
			{Type: "index", Items: []requirementItem{{Name: "audit.log_at_idx", Found: true, At: "m.sql:7:1"}}},
		}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("groups:\n got %+v\nwant %+v", got, want)
	}
}

// TestDiagramFigures: a diagram is a <figure> whose only img role is the
// SVG's own (named by its <title> and <desc>); home diagrams link to their
// published SVG file and DOT source, obligation diagrams (not published)
// carry their DOT source in the page.
func TestDiagramFigures(t *testing.T) {
	dot := "digraph { a -> b }"
	svg := `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="d-title d-desc" data-dot-hash="` + graphviz.DOTHash(dot) + `"><title id="d-title">T</title><desc id="d-desc">D</desc><g></g></svg>`
	in := fixtureInput(t, "site")
	in.Diagrams = []SiteDiagram{{Name: "states", Title: "State map", DOT: dot, SVG: []byte(svg)}}
	in.ObligationDiagrams = map[string]SiteDiagram{"OB-1": {Name: "obligation-OB-1", Title: "OB-1 map", DOT: dot, SVG: []byte(svg)}}
	files, _ := buildFiles(t, in)
	if string(files["diagrams/states.svg"]) != svg {
		t.Errorf("diagrams/states.svg is not the diagram: %q", files["diagrams/states.svg"])
	}
	if got := string(files["diagrams/states.dot"]); got != dot {
		t.Errorf("diagrams/states.dot is %q, want the diagram's DOT", got)
	}
	if _, ok := files["diagrams/obligation-OB-1.dot"]; ok {
		t.Error("an obligation's DOT is published as a file; its page carries it")
	}
	for _, c := range []struct{ page, link, dotLink string }{
		{"index.html", `<a href="diagrams/states.svg">`, `<a href="diagrams/states.dot" data-diagram-dot>DOT source</a>`},
		{"obligations/OB-1.html", "", `<details class="diagram-dot" id="dot-obligation-OB-1"><summary>DOT source</summary><pre><code>digraph { a -&gt; b }</code></pre></details>`},
	} {
		html := string(files[c.page])
		start := strings.Index(html, `<figure class="diagram"`)
		end := strings.Index(html, "</figure>")
		if start < 0 || end < start {
			t.Errorf("%s has no diagram figure", c.page)
			continue
		}
		fig := html[start:end]
		if n := strings.Count(fig, `role="img"`); n != 1 {
			t.Errorf("%s: %d img roles in the figure, want 1 (the SVG's own):\n%s", c.page, n, fig)
		}
		if strings.Contains(fig, "aria-label=") {
			t.Errorf("%s: an aria-label would override the SVG's title and desc:\n%s", c.page, fig)
		}
		if !strings.Contains(fig, "<figcaption>") {
			t.Errorf("%s: the figure has no caption:\n%s", c.page, fig)
		}
		if c.link != "" && !strings.Contains(fig, c.link) {
			t.Errorf("%s: the figure does not link to the full SVG (%s):\n%s", c.page, c.link, fig)
		}
		if c.link == "" && strings.Contains(fig, ".svg") {
			t.Errorf("%s: the figure links to an SVG that is not published:\n%s", c.page, fig)
		}
		if !strings.Contains(fig, c.dotLink) {
			t.Errorf("%s: the figure does not give its DOT source (%s):\n%s", c.page, c.dotLink, fig)
		}
	}
}

// TestDocDiagramImageMinWidth: a diagram a doc shows as an image carries
// the width below which its smallest text would fall under 12 px, as an
// inline diagram does.
func TestDocDiagramImageMinWidth(t *testing.T) {
	dot := "digraph { a -> b }"
	svg := `<svg width="600pt" height="90pt" viewBox="0.00 0.00 600.00 90.00" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="d-title d-desc" data-dot-hash="` + graphviz.DOTHash(dot) + `"><title id="d-title">T</title><desc id="d-desc">D</desc><g transform="scale(1 1)"><text font-size="10.00">a</text></g></svg>`
	in := fixtureInput(t, "site")
	in.Diagrams = []SiteDiagram{{Name: "states", Title: "State map", DOT: dot, SVG: []byte(svg)}}
	in.Docs = append(in.Docs, SiteDoc{Path: "docs/PIC.md", Display: "docs/PIC.md", Source: []byte("# Pictures\n\n![the states](states.svg)\n")})
	files, findings := buildFiles(t, in)
	if len(findings) > 0 {
		t.Fatalf("findings: %v", findings)
	}
	want := `<img src="../diagrams/states.svg" alt="the states" class="diagram-img" style="--diagram-min-width: 720px">`
	if page := string(files["docs/PIC.html"]); !strings.Contains(page, want) {
		t.Errorf("docs/PIC.html lacks %s:\n%s", want, page)
	}
}
