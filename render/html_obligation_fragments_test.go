package render

import (
	"html/template"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
)

// fragmentReference is the markup of the obligation page's fragments as
// the template that wrote it before they were built in Go: each fragment
// must write these bytes, escaping included, for every branch.
var fragmentReference = template.Must(template.New("").Funcs(template.FuncMap{"lower": strings.ToLower}).Parse(`
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
{{end}}{{end}}`))

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
		if got := string(requirementsHTML(schemas, scanned)); got != want {
			t.Errorf("requirementsHTML(scanned=%v):\n got %s\nwant %s", scanned, got, want)
		}
	}
	if got := requirementsHTML(nil, true); got != "" {
		t.Errorf("requirementsHTML(none) = %q, want empty (the template says there are none)", got)
	}

	tests := []obligationTest{
		{Path: "tests/test_a.py", Declared: 2, Found: 2, Exists: true, Scanned: true, Functions: []string{"test_one", "test_two"}},
		{Path: "tests/" + hostile, Declared: 3, Found: 1, Exists: true, Scanned: true, Mismatch: true, Functions: []string{hostile}},
		{Path: "tests/gone.py", Declared: 1, Scanned: true, Mismatch: true},
		{Path: "tests/unscanned.py", Declared: 4, Exists: true},
	}
	if got, want := string(testRowsHTML(tests)), reference(t, "tests", tests); got != want {
		t.Errorf("testRowsHTML:\n got %s\nwant %s", got, want)
	}

	criteria := []site.Criterion{{Name: "all_tests_pass", Met: true}, {Name: "no_drift" + hostile}}
	if got, want := string(criteriaHTML(criteria)), reference(t, "criteria", criteria); got != want {
		t.Errorf("criteriaHTML:\n got %s\nwant %s", got, want)
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
			if got := string(obligationHeaderHTML(root, body)); got != want {
				t.Errorf("obligationHeaderHTML(%q, %s):\n got %s\nwant %s", root, body.ID, got, want)
			}
		}
	}
}
