package render

import (
	"html/template"
	"strings"
	"testing"
)

// registryRowsReference is the range the registry template ran over the
// rows before registryRowsHTML wrote them.
const registryRowsReference = `{{define "registry-rows"}}{{range .Rows}}<tr data-state="{{.State}}" data-category="{{.Category}}" data-layer="{{.LayerID}}" data-owner="{{.Owner}}" data-failure="{{.FailureMode}}">
<td><a href="{{$.Root}}{{.URL}}">{{.Name}}</a></td><td>{{.Category}}</td><td>{{.LayerID}}</td><td>{{template "state-badge" .State}}</td><td>{{.FailureMode}}</td><td>{{.Owner}}</td><td>{{.Bucket}}</td><td>{{.UsedBy}}</td>
</tr>
{{end}}{{end}}`

func TestRegistryRowsMatchTheirTemplate(t *testing.T) {
	h, err := NewHTMLSite()
	if err != nil {
		t.Fatal(err)
	}
	ref := template.Must(template.Must(h.tmpl.Clone()).Parse(registryRowsReference))
	rows := []registryRow{
		{URL: "items/postgresql.html", Name: "PostgreSQL", Category: "Storage", LayerID: "L6", State: "C", FailureMode: "FAIL", Owner: "Platform", Bucket: "B1", UsedBy: "Tests, CI"},
		{URL: "items/" + hostile + ".html", Name: hostile, Category: hostile, LayerID: hostile, State: hostile, FailureMode: hostile, Owner: hostile, Bucket: hostile, UsedBy: hostile},
		{URL: "javascript:alert(1)", Name: "a+b & 'c'", State: "A"},
		{},
	}
	for _, root := range []string{"", "../"} {
		var want strings.Builder
		if err := ref.ExecuteTemplate(&want, "registry-rows", map[string]any{"Root": root, "Rows": rows}); err != nil {
			t.Fatal(err)
		}
		if got := string(registryRowsHTML(root, rows)); got != want.String() {
			t.Errorf("root %q:\n got %s\nwant %s", root, got, want.String())
		}
	}
}
