package html

import (
	"bytes"
	"html/template"
	"reflect"
	"strings"
	"testing"
)

// renderPage executes the page template name for p as a build does.
func renderPage(t *testing.T, name string, p page) string {
	t.Helper()
	h, err := NewHTMLSite()
	if err != nil {
		t.Fatal(err)
	}
	if p.SiteTitle == "" {
		p.SiteTitle = "Governance"
	}
	p.Partials = &partials{tmpl: h.tmpl}
	var buf bytes.Buffer
	if err := h.tmpl.ExecuteTemplate(&buf, name, p); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// checkContains fails t for every want that html lacks and every
// unwanted string it has.
func checkContains(t *testing.T, label, html string, want, unwanted []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(html, w) {
			t.Errorf("%s lacks %s", label, w)
		}
	}
	for _, u := range unwanted {
		if strings.Contains(html, u) {
			t.Errorf("%s has %s", label, u)
		}
	}
}

func fullObligation() obligationBody {
	b := obligationBody{
		ID: "OB-1", Title: "Event log", Status: "PROMOTED", LayerID: "L3", LayerName: "Integration", Schema: "app",
		Created: "2025-01-02", PromotedAt: "2025-02-03", Source: "obligations/OB-1.yaml:3:7", MigrationPath: "db/OB-1/",
		Pins:    []pinLink{{ID: "PIN-1", URL: "https://pins.example.org/PIN-1"}, {ID: "PIN-2"}},
		Purpose: template.HTML("<p>Keeps <strong>events</strong>.</p>\n"), Scanned: true,
		TestsDeclared: 3, TestsFound: 2, MigrationFiles: []string{"db/OB-1/001.sql"},
		Diagram: &diagramFigure{diagramView: diagramView{Name: "obligation-ob-1", Title: "OB-1: required objects", SVG: "<svg><g/></svg>", DOT: "digraph { a -> b }"}, ShowDOT: true},
		Schemas: []requirementSchema{{Schema: "app", Types: []requirementType{{Type: "table", Items: []requirementItem{
			{Name: "app.events", Found: true, At: "db/001.sql:3:1"}, {Name: "app.seen", Found: true}, {Name: "app.gone"},
		}}}}},
		Tests:    []obligationTest{{Path: "tests/test_a.py", Declared: 3, Found: 2, Exists: true, Scanned: true, Mismatch: true, Functions: []string{"test_one", "test_two"}}},
		Criteria: []criterion{{Name: "all_tests_pass", Met: true}, {Name: "no_drift"}},
	}
	b.Verdict = obligationVerdict(&b, []obligationFinding{
		{Severity: "warning", Rule: "test-count", Message: "OB-1 declares 3 tests, 2 found", At: "obligations/OB-1.yaml:9:5"},
	})
	return b
}

// Every branch of an obligation page says what it should.
func TestObligationPageContent(t *testing.T) {
	full := fullObligation()
	unscanned := fullObligation()
	unscanned.Scanned, unscanned.Purpose, unscanned.Diagram = false, "", nil
	unscanned.Schemas[0].Types[0].Items = []requirementItem{{Name: "app.events"}}
	unscanned.Tests = []obligationTest{{Path: "tests/test_b.py", Declared: 1, Exists: false}}
	unscanned.Verdict = obligationVerdict(&unscanned, nil)
	missing := fullObligation()
	missing.MigrationMissing = true
	linked := fullObligation()
	linked.Diagram.Href = "../diagrams/obligation-ob-1.svg"
	bare := obligationBody{ID: "OB-3", Status: "UNFULFILLED", Scanned: true}
	bare.Verdict = obligationVerdict(&bare, nil)
	for _, c := range []struct {
		name           string
		body           obligationBody
		want, unwanted []string
	}{
		{"full", full, []string{
			"<title>OB-1 Event log · Governance</title>",
			`<a href="../obligations.html">Obligations</a> ›</nav>`,
			`<h1><span class="id">OB-1</span> Event log</h1>`,
			"</h1>\n<section class=\"verdict\" aria-labelledby=\"verdict-h\" data-verdict>",
			`<div><dt>Status</dt><dd><span class="badge status-promoted">PROMOTED</span></dd></div>`,
			`<div><dt>Criteria</dt><dd>1 of 2 declared met</dd></div>`,
			`<div><dt>Requirements</dt><dd>2 of 3 found</dd></div>`,
			`<div><dt>Tests</dt><dd>2 of 3 found</dd></div>`,
			`<div><dt>Migration files</dt><dd>1</dd></div>`,
			`<div><dt>Open findings</dt><dd>1</dd></div>`,
			"As declared in the YAML: infradoc does not prove the criteria yet.",
			`<li><span class="badge sev-warning">warning</span> OB-1 declares 3 tests, 2 found <span class="note">[test-count] <code>obligations/OB-1.yaml:9:5</code></span></li>`,
			`<dt>Layer</dt><dd><a href="../obligations/layer/L3.html">L3</a> Integration</dd>`,
			`<dt>Promoted</dt><dd><time datetime="2025-02-03">2025-02-03</time></dd>`,
			`<dt>Related PINs</dt><dd><a href="https://pins.example.org/PIN-1">PIN-1</a>, PIN-2</dd>`,
			"<div class=\"prose\"><p>Keeps <strong>events</strong>.</p>\n</div>",
			`<li class="ok"><span aria-hidden="true">✓</span> <code>app.events</code> found in <code>db/001.sql:3:1</code></li>`,
			`<li class="ok"><span aria-hidden="true">✓</span> <code>app.seen</code> found</li>`,
			`<li class="bad"><span aria-hidden="true">✗</span> <code>app.gone</code> missing</li>`,
			"<p>3 declared, 2 found.</p>",
			`<tr class="bad"><td><code>tests/test_a.py</code></td><td class="num">3</td><td class="num">2</td><td><code>test_one</code>, <code>test_two</code></td></tr>`,
			"<p><code>db/OB-1/</code></p>",
			`<li class="ok"><input type="checkbox" disabled checked aria-label="all_tests_pass met"> all_tests_pass</li>`,
			`<li class="bad"><input type="checkbox" disabled aria-label="no_drift not met"> no_drift</li>`,
			"<figcaption>OB-1: required objects</figcaption>\n" +
				`<details class="diagram-dot" id="dot-obligation-ob-1"><summary>DOT source</summary><pre><code>digraph { a -&gt; b }</code></pre></details>`,
		}, []string{"not scanned", "Open full size"}},
		{"unscanned", unscanned, []string{
			`<p class="note">The migrations were not scanned, so evidence is unknown.</p>`,
			`<li class=""><span aria-hidden="true">?</span> <code>app.events</code> not checked</li>`,
			"<p>3 declared.</p>",
			`<td><code>tests/test_b.py</code> <span class="badge bad">missing</span></td><td class="num">1</td><td class="num">—</td>`,
		}, []string{"Semantic purpose", "<figure", "found"}},
		{"missing migrations", missing, []string{`<p><code>db/OB-1/</code> <span class="badge bad">missing</span></p>`}, nil},
		{"linked diagram", linked, []string{`<figcaption>OB-1: required objects · <a href="../diagrams/obligation-ob-1.svg">Open full size (SVG)</a></figcaption>`}, nil},
		{"bare", bare, []string{
			"<dt>Schema</dt><dd>—</dd>", "<dt>Promoted</dt><dd>—</dd>", "<dt>Related PINs</dt><dd>—</dd>",
			"<p>No requirements.</p>", "<p>0 declared, 0 found.</p>", "<p>No migration files.</p>", "<p>No promotion criteria.</p>",
			"<p class=\"note\">No finding of this build lies in OB-3's YAML or names it.</p>", `<div><dt>Open findings</dt><dd>0</dd></div>`,
		}, []string{"<table", "<figure", "Semantic purpose"}},
	} {
		html := renderPage(t, "page-obligation", page{Root: "../", Title: c.body.ID + " " + c.body.Title, Section: "obligations", Body: c.body})
		checkContains(t, c.name, html, c.want, c.unwanted)
	}
}

// Every branch of an item page says what it should.
func TestItemPageContent(t *testing.T) {
	full := itemBody{
		Name: "PostgreSQL", State: "C", StateName: "Required", StateMeaning: "must run", TestBehavior: "fails when absent",
		Category: "Storage", LayerID: "L6", LayerName: "Platform", FailureMode: "FAIL", Stub: "No", LocalStrategy: "docker",
		Owner: "Platform", Source: "INFRA_REGISTRY.yaml:12:5", Aliases: "Postgres, PG", UsedBy: "Tests, CI",
		Description: template.HTML("<p>The <strong>database</strong>.</p>\n"),
		Bucket:      &bucketView{ID: "B1", Risk: "high", ReviewTrigger: "yearly"},
		History: []historyEntry{
			{Date: "2025-01-02", From: "A", To: "B", Note: "stub", ApprovedBy: "lead", Pins: []pinLink{{ID: "PIN-1", URL: "https://pins.example.org/PIN-1"}}},
			{Date: "2025-03-04", From: "B", To: "C", ApprovedBy: "lead"},
		},
		Tests:   []itemTest{{File: "tests/test_db.py", Function: "test_rows", Line: 12, Skips: true}, {File: "tests/test_bare.py", Line: 3}},
		Scanned: true,
		Obligations: obligationTable{Caption: "Obligations in L6", Root: "../", Rows: []obligationRow{
			{ID: "OB-1", Title: "Event log", LayerID: "L6", Status: "PARTIAL", Tests: 2, Requirements: 3},
		}},
		MoreObligations: 7,
		Mentions:        []mention{{URL: "docs/GUIDE.html#setup", Doc: "Guide", Section: "Setup"}, {URL: "docs/X.html", Doc: "X"}},
	}
	bare := itemBody{Name: "Bare", State: "A", LayerID: "L1"}
	for _, c := range []struct {
		name           string
		body           itemBody
		want, unwanted []string
	}{
		{"full", full, []string{
			`<h1>PostgreSQL <span class="badge state-C" title="state C">C</span></h1>`,
			`<p class="lead">Required: must run</p>`,
			"<div class=\"prose\"><p>The <strong>database</strong>.</p>\n</div>",
			"<dt>Aliases</dt><dd>Postgres, PG</dd>",
			`<dt>Layer</dt><dd><a href="../obligations/layer/L6.html">L6</a> Platform</dd>`,
			`<dd><span class="badge state-C" title="state C">C</span> Required — fails when absent</dd>`,
			"<dt>Used by</dt><dd>Tests, CI</dd>", "<dt>Local strategy</dt><dd>docker</dd>", "<dt>Promotion trigger</dt><dd>—</dd>",
			"<h2 id=\"bucket-h\">Bucket B1</h2>\n<dl class=\"fields\">\n\n<dt>Risk</dt><dd>high</dd>\n\n\n<dt>Review trigger</dt><dd>yearly</dd>\n</dl>",
			`<li><time datetime="2025-01-02">2025-01-02</time> <span class="badge state-A" title="state A">A</span> → <span class="badge state-B" title="state B">B</span> <span>stub</span>`,
			`<div class="meta">Approved by lead · <a href="https://pins.example.org/PIN-1">PIN-1</a></div></li>`,
			"<div class=\"meta\">Approved by lead</div></li>",
			`<li><code>tests/test_db.py</code> <code>test_rows</code> line 12 <span class="badge">skips</span></li>`,
			"<li><code>tests/test_bare.py</code> line 3</li>",
			`<caption class="visually-hidden">Obligations in L6</caption>`,
			"<tr data-status=\"PARTIAL\" data-layer=\"L6\">\n<td class=\"card-title\"><a href=\"../obligations/OB-1.html\">OB-1</a></td><td class=\"card-title\">Event log</td><td data-label=\"Layer\">L6</td><td data-label=\"Status\"><span class=\"badge status-partial\">PARTIAL</span></td><td class=\"num\" data-label=\"Tests\">2</td><td class=\"num\" data-label=\"Requirements\">3</td>\n</tr>",
			`<p>And 7 more: <a href="../obligations/layer/L6.html">every obligation in L6</a>.</p>`,
			`<li><a href="../docs/GUIDE.html#setup">Guide › Setup</a></li>`, `<li><a href="../docs/X.html">X</a></li>`,
		}, nil},
		{"bare", bare, []string{
			"<dt>Used by</dt><dd>—</dd>", "<p>No recorded transitions.</p>",
			"<p>No test declares it (the tests were not scanned).</p>",
			"<p>No obligation is in L1.</p>", "<p>Not mentioned in the docs.</p>",
		}, []string{"Aliases", "Bucket", "prose", "<table"}},
	} {
		html := renderPage(t, "page-item", page{Root: "../", Title: c.body.Name, Section: "registry", Body: c.body})
		checkContains(t, c.name, html, c.want, c.unwanted)
	}
	scanned := bare
	scanned.Scanned = true
	html := renderPage(t, "page-item", page{Root: "../", Body: scanned})
	checkContains(t, "scanned bare", html, []string{"<p>No test declares it.</p>"}, nil)
}

// fillStrings sets every string reachable from v (fields, elements,
// pointers) to s, but the markdown and diagrams already made HTML.
func fillStrings(v reflect.Value, s string) {
	if v.Type() == reflect.TypeFor[template.HTML]() {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(s)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			fillStrings(v.Elem(), s)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillStrings(v.Field(i), s)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			fillStrings(v.Index(i), s)
		}
	}
}

// Every value a page shows is escaped where it appears (html/template's
// guarantee; this checks that no page lets one through as HTML): with
// hostile text in every string of the view models, no page has a script
// element, an event handler or a script URL, and the text is still shown.
func TestHostileViewModelsAreEscaped(t *testing.T) {
	item := richItemBody()
	fillStrings(reflect.ValueOf(&item).Elem(), hostile)
	obl := fullObligation()
	obl.Purpose, obl.Diagram.SVG = "", ""
	fillStrings(reflect.ValueOf(&obl).Elem(), hostile)
	reg := registryBody{Rows: []registryRow{{}}, States: []stateCount{{}}, Filters: []registryFilter{{Values: []string{""}}}}
	fillStrings(reflect.ValueOf(&reg).Elem(), hostile)
	for _, c := range []struct {
		name string
		body any
	}{{"page-item", item}, {"page-obligation", obl}, {"page-registry", reg}} {
		p := page{Root: "../", Title: hostile, SiteTitle: hostile, Section: hostile, Source: hostile, EditURL: "javascript:alert(1)", Body: c.body}
		html := renderPage(t, c.name, p)
		if m := scriptURL.FindString(html); m != "" {
			t.Errorf("%s has a script URL: %s", c.name, m)
		}
		for _, tag := range startTag.FindAllString(html, -1) {
			if handlerAttr.MatchString(quoted.ReplaceAllString(tag, `""`)) {
				t.Errorf("%s has an event handler attribute: %s", c.name, tag)
			}
		}
		for _, tag := range scriptTag.FindAllString(html, -1) {
			if tag != "<script>" && !strings.Contains(tag, `src="`) {
				t.Errorf("%s has an unexpected script element %s", c.name, tag)
			}
		}
		checkContains(t, c.name, html, []string{"&lt;script&gt;alert(1)&lt;/script&gt;&#34; onmouseover=&#34;alert(2)&#34;", `href="#ZgotmplZ"`}, []string{"<script>alert"})
	}
}

// richItemBody is an item page's body with one of everything.
func richItemBody() itemBody {
	return itemBody{
		Name: "PostgreSQL", Aliases: "PG", UsedBy: "CI", Bucket: &bucketView{ID: "B1", Label: "l", Risk: "r", Priority: "p", Justification: "j", ReviewTrigger: "t"},
		History:     []historyEntry{{Date: "2025-01-02", From: "A", To: "B", Note: "n", ApprovedBy: "a", Pins: []pinLink{{ID: "PIN-1", URL: "https://pins.example.org/PIN-1"}}}},
		Tests:       []itemTest{{File: "f", Function: "fn", Line: 1}},
		Obligations: obligationTable{Rows: []obligationRow{{ID: "OB-1"}}}, MoreObligations: 1,
		Mentions: []mention{{URL: "docs/a.html", Doc: "d", Section: "s"}},
	}
}
