package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
)

// fragmentReferenceText is the markup of the obligation page's parts as
// the template that wrote it before they were built in Go: each part must
// write these bytes, escaping included, for every branch.
const fragmentReferenceText = `
{{define "requirements"}}{{range .Schemas}}<h3 class="req-schema"><span class="label">Schema</span> {{.Schema}}</h3>
<dl class="req-types">
{{range .Types}}<dt>{{.Type}}</dt>
<dd><ul class="checklist">
{{range .Items}}<li class="{{if .Found}}ok{{else if $.Scanned}}bad{{end}}"><span aria-hidden="true">{{if .Found}}✓{{else if $.Scanned}}✗{{else}}?{{end}}</span> <code>{{.Name}}</code> {{if .Found}}found{{if .At}} in <code>{{.At}}</code>{{end}}{{else if $.Scanned}}missing{{else}}not checked{{end}}</li>
{{end}}</ul></dd>
{{end}}</dl>
{{end}}{{end}}
{{define "tests"}}{{range .}}<tr class="{{if .Mismatch}}bad{{end}}"><td><code>{{.Path}}</code>{{if not .Exists}} <span class="badge bad">missing</span>{{end}}</td><td class="num">{{.Declared}}</td><td class="num">{{if .Scanned}}{{.Found}}{{else}}—{{end}}</td><td>{{range $i, $f := .Functions}}{{if $i}}, {{end}}<code>{{$f}}</code>{{end}}</td></tr>
{{end}}{{end}}
{{define "header"}}{{with .Body}}<nav aria-label="Breadcrumb" class="crumbs"><a href="{{$.Root}}obligations.html">Obligations</a> ›</nav>
<h1><span class="id">{{.ID}}</span> {{.Title}}</h1>
<dl class="fields">
<dt>Status</dt><dd><span class="badge status-{{lower .Status}}">{{.Status}}</span></dd>
<dt>Layer</dt><dd><a href="{{$.Root}}obligations/layer/{{.LayerID}}.html">{{.LayerID}}</a>{{if .LayerName}} {{.LayerName}}{{end}}</dd>
<dt>Schema</dt><dd>{{or .Schema "—"}}</dd>
<dt>Created</dt><dd><time datetime="{{.Created}}">{{.Created}}</time></dd>
<dt>Promoted</dt><dd>{{if .PromotedAt}}<time datetime="{{.PromotedAt}}">{{.PromotedAt}}</time>{{else}}—{{end}}</dd>
<dt>Related PINs</dt><dd>{{if .Pins}}{{range $i, $p := .Pins}}{{if $i}}, {{end}}{{if $p.URL}}<a href="{{$p.URL}}">{{$p.ID}}</a>{{else}}{{$p.ID}}{{end}}{{end}}{{else}}—{{end}}</dd>
<dt>Declared in</dt><dd><code>{{.Source}}</code></dd>
</dl>
{{end}}{{end}}
{{define "criteria"}}{{range .}}<li class="{{if .Met}}ok{{else}}bad{{end}}"><input type="checkbox" disabled{{if .Met}} checked{{end}} aria-label="{{.Name}} {{if .Met}}met{{else}}not met{{end}}"> {{.Name}}</li>
{{end}}{{end}}`

// pageReferenceText is the template that wrote a whole obligation page
// before writePage did, with the parts above.
const pageReferenceText = `{{define "page-obligation"}}{{template "head" .}}
{{with .Body}}
{{template "header" $}}{{if .Purpose}}<section aria-labelledby="purpose-h">
<h2 id="purpose-h">Semantic purpose</h2>
{{template "markdown" .Purpose}}
</section>{{end}}
<section aria-labelledby="requirements">
<h2 id="requirements">Requirements</h2>
{{if not .Scanned}}<p class="note">The migrations were not scanned, so evidence is unknown.</p>{{end}}
{{if .Schemas}}{{template "requirements" .}}{{else}}<p>No requirements.</p>
{{end}}</section>
<section aria-labelledby="tests-h">
<h2 id="tests-h">Tests</h2>
<p>{{.TestsDeclared}} declared{{if .Scanned}}, {{.TestsFound}} found{{end}}.</p>
{{with .Tests}}<div class="table-wrap"><table class="data">
<caption class="visually-hidden">Test files</caption>
<thead><tr><th scope="col">File</th><th scope="col" class="num">Declared</th><th scope="col" class="num">Found</th><th scope="col">Functions</th></tr></thead>
<tbody>
{{template "tests" .}}</tbody></table></div>{{end}}
</section>
<section aria-labelledby="migrations-h">
<h2 id="migrations-h">Migrations</h2>
{{if .MigrationPath}}<p><code>{{.MigrationPath}}</code>{{if .Scanned}}{{if not .MigrationExists}} <span class="badge bad">missing</span>{{end}}{{end}}</p>{{end}}
{{if .MigrationFiles}}<ul>{{range .MigrationFiles}}<li><code>{{.}}</code></li>{{end}}</ul>{{else}}<p>No migration files.</p>{{end}}
</section>
<section aria-labelledby="criteria-h">
<h2 id="criteria-h">Promotion criteria</h2>
{{with .Criteria}}<ul class="checklist">
{{template "criteria" .}}</ul>{{else}}<p>No promotion criteria.</p>{{end}}
</section>
{{with .Diagram}}<section aria-labelledby="diagram-h">
<h2 id="diagram-h">Diagram</h2>
{{template "diagram" .}}
</section>{{end}}
{{end}}
{{template "foot" .}}{{end}}`

var fragmentReference = template.Must(template.New("").Funcs(template.FuncMap{"lower": strings.ToLower}).Parse(fragmentReferenceText))

// written returns what write writes into a fragment.
func written(write func(f *fragment)) string {
	f := fragment{sb: new(bytes.Buffer)}
	write(&f)
	return f.sb.String()
}

func reference(t *testing.T, name string, data any) string {
	t.Helper()
	var b strings.Builder
	if err := fragmentReference.ExecuteTemplate(&b, name, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestObligationFragmentsMatchTheirTemplate(t *testing.T) {
	schemas := []requirementSchema{
		{Schema: "app" + hostile, Types: []requirementType{
			{Type: "table", Items: []requirementItem{
				{Name: "app.events", Found: true, At: "db/001.sql:3:1"},
				{Name: "app.t+" + hostile, Found: true},
				{Name: "app.missing"},
			}},
			{Type: "index" + hostile, Items: []requirementItem{{Name: "app.idx"}}},
		}},
		{Schema: "(unqualified)", Types: []requirementType{{Type: "trigger", Items: []requirementItem{{Name: "trg", Found: true, At: hostile}}}}},
	}
	for _, scanned := range []bool{true, false} {
		want := reference(t, "requirements", map[string]any{"Schemas": schemas, "Scanned": scanned})
		if got := written(func(f *fragment) { f.requirements(schemas, scanned) }); got != want {
			t.Errorf("requirements(scanned=%v):\n got %s\nwant %s", scanned, got, want)
		}
	}
	if got := written(func(f *fragment) { f.requirements(nil, true) }); got != "" {
		t.Errorf("requirements(none) wrote %q, want nothing (the page says there are none)", got)
	}

	tests := []obligationTest{
		{Path: "tests/test_a.py", Declared: 2, Found: 2, Exists: true, Scanned: true, Functions: []string{"test_one", "test_two"}},
		{Path: "tests/" + hostile, Declared: 3, Found: 1, Exists: true, Scanned: true, Mismatch: true, Functions: []string{hostile}},
		{Path: "tests/gone.py", Declared: 1, Scanned: true, Mismatch: true},
		{Path: "tests/unscanned.py", Declared: 4, Exists: true},
	}
	if got, want := written(func(f *fragment) { f.testRows(tests) }), reference(t, "tests", tests); got != want {
		t.Errorf("testRows:\n got %s\nwant %s", got, want)
	}

	criteria := []site.Criterion{{Name: "all_tests_pass", Met: true}, {Name: "no_drift" + hostile}}
	if got, want := written(func(f *fragment) { f.criteria(criteria) }), reference(t, "criteria", criteria); got != want {
		t.Errorf("criteria:\n got %s\nwant %s", got, want)
	}
}

func TestObligationHeaderMatchesItsTemplate(t *testing.T) {
	bodies := []obligationBody{
		{ID: "OB-1", Title: "Event log", Status: "PROMOTED", LayerID: "L3", LayerName: "Integration", Schema: "app",
			Created: "2025-01-02", PromotedAt: "2025-02-03", Source: "obligations/OB-1.yaml:3:7",
			Pins: []pinLink{{ID: "PIN-1", URL: "https://pins.example.org/PIN-1"}, {ID: "PIN-2"}}},
		{ID: "OB-2", Title: hostile, Status: "Partial" + hostile, LayerID: "L 3/../" + hostile, Source: hostile,
			Created: hostile, Pins: []pinLink{{ID: hostile, URL: "javascript:alert(1)"}, {ID: "x", URL: "../rel path?q=1&r=" + hostile}}},
		{ID: "OB-3", Status: "UNFULFILLED"},
	}
	for _, root := range []string{"", "../", "../../"} {
		for _, body := range bodies {
			want := reference(t, "header", map[string]any{"Root": root, "Body": body})
			if got := written(func(f *fragment) { f.obligationHeader(root, &body) }); got != want {
				t.Errorf("obligationHeader(%q, %s):\n got %s\nwant %s", root, body.ID, got, want)
			}
		}
	}
}

// pageReference is the site's templates with the obligation page as its
// template wrote it.
func pageReference(t *testing.T) *template.Template {
	t.Helper()
	h, err := NewHTMLSite()
	if err != nil {
		t.Fatal(err)
	}
	ref, err := h.tmpl.Clone()
	if err != nil {
		t.Fatal(err)
	}
	return template.Must(template.Must(ref.Parse(fragmentReferenceText)).Parse(pageReferenceText))
}

// writePage writes every branch of an obligation page as its template did.
func TestObligationPageMatchesItsTemplate(t *testing.T) {
	ref := pageReference(t)
	full := obligationBody{
		ID: "OB-1", Title: "Event log", Status: "PROMOTED", LayerID: "L3", LayerName: "Integration", Schema: "app",
		Created: "2025-01-02", PromotedAt: "2025-02-03", Source: "obligations/OB-1.yaml:3:7", MigrationPath: "db/OB-1/",
		Pins:    []pinLink{{ID: "PIN-1", URL: "https://pins.example.org/PIN-1"}},
		Purpose: template.HTML("<p>Keeps <strong>events</strong>.</p>\n"), Scanned: true, MigrationExists: true,
		TestsDeclared: 3, TestsFound: 2, MigrationFiles: []string{"db/OB-1/001.sql", "db/OB-1/" + hostile},
		Diagram:  &diagramFigure{diagramView: diagramView{Name: "obligation-ob-1", Title: "OB-1: required objects", SVG: "<svg><g/></svg>"}},
		Schemas:  []requirementSchema{{Schema: "app", Types: []requirementType{{Type: "table", Items: []requirementItem{{Name: "app.events", Found: true, At: "db/001.sql:3:1"}, {Name: "app.gone"}}}}}},
		Tests:    []obligationTest{{Path: "tests/test_a.py", Declared: 3, Found: 2, Exists: true, Scanned: true, Mismatch: true, Functions: []string{"test_one", "test_two"}}},
		Criteria: []site.Criterion{{Name: "all_tests_pass", Met: true}, {Name: "no_drift"}},
	}
	hostileBody := full
	hostileBody.ID, hostileBody.Title, hostileBody.MigrationPath = "OB-"+hostile, hostile, hostile
	hostileBody.Diagram = &diagramFigure{diagramView: diagramView{Name: hostile, Title: hostile, SVG: "<svg/>"}, Href: "javascript:alert(1)"}
	linked := full
	linked.Diagram = &diagramFigure{diagramView: full.Diagram.diagramView, Href: "diagrams/obligation ob-1.svg"}
	unscanned := full
	unscanned.Scanned, unscanned.MigrationExists, unscanned.Purpose, unscanned.Diagram = false, false, "", nil
	missing := full
	missing.MigrationExists = false
	bare := obligationBody{ID: "OB-3", Status: "UNFULFILLED", Scanned: true}
	pages := []page{
		{Title: "OB-1 Event log", SiteTitle: "Governance", Section: "obligations", Source: "obligations/OB-1.yaml",
			EditURL: "https://git.example.org/edit/main/obligations/OB-1.yaml", HeadRest: "<link rel=x>\n</head>\n<body>\n<main>\n", FootRest: "<a>x</a></p>\n</footer>\n</body>\n</html>\n"},
		{Title: hostile, SiteTitle: hostile, Source: hostile, EditURL: "javascript:alert(1)"},
		{SiteTitle: "No title", EditURL: "../edit me?x=" + hostile},
	}
	for _, root := range []string{"", "../"} {
		for pi, p := range pages {
			for bi, body := range []obligationBody{full, hostileBody, linked, unscanned, missing, bare} {
				p.Root, p.Body = root, &body
				checkPageWriter(t, ref, "page-obligation", p, fmt.Sprintf("root %q, page %d, body %d", root, pi, bi))
			}
		}
	}
}

// checkPageWriter fails t when p's body, a pageWriter, writes anything but
// what the reference template name writes for p.
func checkPageWriter(t *testing.T, ref *template.Template, name string, p page, label string) {
	t.Helper()
	var want bytes.Buffer
	if err := ref.ExecuteTemplate(&want, name, p); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	p.Body.(pageWriter).writePage(&got, &p)
	if got.String() != want.String() {
		t.Errorf("%s:\n got %s\nwant %s", label, got.String(), want.String())
	}
}
