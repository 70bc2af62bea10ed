package render

import (
	"fmt"
	"html/template"
	"testing"

	"github.com/infradoc/infradoc/site"
)

// itemPageReferenceText is the template that wrote an item page before
// writePage did.
const itemPageReferenceText = `{{define "page-item"}}{{template "head" .}}
{{with .Body}}
<nav aria-label="Breadcrumb" class="crumbs"><a href="{{$.Root}}registry.html">Registry</a> ›</nav>
<h1>{{.Name}} {{template "state-badge" .State}}</h1>
<p class="lead">{{.StateName}}{{if .StateMeaning}}: {{.StateMeaning}}{{end}}</p>
{{if .Description}}{{template "markdown" .Description}}{{end}}
<section aria-labelledby="fields-h">
<h2 id="fields-h">Fields</h2>
<dl class="fields">
<dt>Name</dt><dd>{{.Name}}</dd>
{{if .Aliases}}<dt>Aliases</dt><dd>{{join .Aliases ", "}}</dd>{{end}}
<dt>Category</dt><dd>{{.Category}}</dd>
<dt>Layer</dt><dd><a href="{{$.Root}}obligations/layer/{{.LayerID}}.html">{{.LayerID}}</a>{{if .LayerName}} {{.LayerName}}{{end}}</dd>
<dt>State</dt><dd>{{template "state-badge" .State}} {{.StateName}}{{if .TestBehavior}} — {{.TestBehavior}}{{end}}</dd>
<dt>Failure mode</dt><dd>{{.FailureMode}}</dd>
<dt>Used by</dt><dd>{{if .UsedBy}}{{join .UsedBy ", "}}{{else}}—{{end}}</dd>
<dt>Stub</dt><dd>{{.Stub}}</dd>
<dt>Local strategy</dt><dd>{{or .LocalStrategy "—"}}</dd>
<dt>Promotion trigger</dt><dd>{{or .PromotionTrigger "—"}}</dd>
<dt>Owner</dt><dd>{{.Owner}}</dd>
<dt>Declared in</dt><dd><code>{{.Source}}</code></dd>
</dl>
</section>
{{with .Bucket}}<section aria-labelledby="bucket-h">
<h2 id="bucket-h">Bucket {{.ID}}</h2>
<dl class="fields">
{{if .Label}}<dt>Label</dt><dd>{{.Label}}</dd>{{end}}
{{if .Risk}}<dt>Risk</dt><dd>{{.Risk}}</dd>{{end}}
{{if .Priority}}<dt>Priority</dt><dd>{{.Priority}}</dd>{{end}}
{{if .Justification}}<dt>Justification</dt><dd>{{.Justification}}</dd>{{end}}
{{if .ReviewTrigger}}<dt>Review trigger</dt><dd>{{.ReviewTrigger}}</dd>{{end}}
</dl>
</section>{{end}}
<section aria-labelledby="history-h">
<h2 id="history-h">Promotion history</h2>
{{if .History}}<ol class="timeline">
{{range .History}}<li><time datetime="{{.Date}}">{{.Date}}</time> {{template "state-badge" .From}} → {{template "state-badge" .To}}{{if .Note}} <span>{{.Note}}</span>{{end}}
<div class="meta">Approved by {{.ApprovedBy}}{{if .Pins}} · {{range $i, $p := .Pins}}{{if $i}}, {{end}}{{if $p.URL}}<a href="{{$p.URL}}">{{$p.ID}}</a>{{else}}{{$p.ID}}{{end}}{{end}}{{end}}</div></li>
{{end}}</ol>{{else}}<p>No recorded transitions.</p>{{end}}
</section>
<section aria-labelledby="tests-h">
<h2 id="tests-h">Tests that declare it</h2>
{{if .Tests}}<ul class="tests">
{{range .Tests}}<li><code>{{.File}}</code>{{if .Function}} <code>{{.Function}}</code>{{end}} line {{.Line}}{{if .Skips}} <span class="badge">skips</span>{{end}}</li>
{{end}}</ul>{{else}}<p>No test declares it{{if not .Scanned}} (the tests were not scanned){{end}}.</p>{{end}}
</section>
<section aria-labelledby="obl-h">
<h2 id="obl-h">Obligations in layer {{.LayerID}}</h2>
{{if .Obligations.Count}}{{template "obligation-table" .Obligations}}
{{if .MoreObligations}}<p>And {{.MoreObligations}} more: <a href="{{$.Root}}obligations/layer/{{.LayerID}}.html">every obligation in {{.LayerID}}</a>.</p>{{end}}
{{else}}<p>No obligation is in {{.LayerID}}.</p>{{end}}
</section>
<section aria-labelledby="mentions-h">
<h2 id="mentions-h">Mentioned in the docs</h2>
{{if .Mentions}}<ul>
{{range .Mentions}}<li><a href="{{$.Root}}{{.URL}}">{{.Doc}}{{if .Section}} › {{.Section}}{{end}}</a></li>
{{end}}</ul>{{else}}<p>Not mentioned in the docs.</p>{{end}}
</section>
{{end}}
{{template "foot" .}}{{end}}`

// writePage writes every branch of an item page as its template did.
func TestItemPageMatchesItsTemplate(t *testing.T) {
	h, err := NewHTMLSite()
	if err != nil {
		t.Fatal(err)
	}
	ref := template.Must(template.Must(h.tmpl.Clone()).Parse(itemPageReferenceText))
	full := itemBody{
		Name: "PostgreSQL", State: "C", StateName: "Required", StateMeaning: "must run", TestBehavior: "fails when absent",
		Category: "Storage", LayerID: "L6", LayerName: "Platform", FailureMode: "FAIL", Stub: "No", LocalStrategy: "docker",
		PromotionTrigger: "always", Owner: "Platform", Source: "INFRA_REGISTRY.yaml:12:5",
		Aliases: []string{"Postgres", "PG"}, UsedBy: []string{"Tests", "CI"},
		Description: template.HTML("<p>The <strong>database</strong>.</p>\n"),
		Bucket:      &site.Bucket{ID: "B1", Label: "PG", Risk: "high", Priority: "P1", Justification: "core", ReviewTrigger: "yearly"},
		History: []historyEntry{
			{Date: "2025-01-02", From: "A", To: "B", Note: "stub", ApprovedBy: "lead", Pins: []pinLink{{ID: "PIN-1", URL: "https://pins.example.org/PIN-1"}, {ID: "PIN-2"}}},
			{Date: "2025-03-04", From: "B", To: "C", ApprovedBy: "lead"},
		},
		Tests:           []itemTest{{File: "tests/test_db.py", Function: "test_rows", Line: 12, Skips: true}, {File: "tests/test_bare.py", Line: 3}},
		Scanned:         true,
		Obligations:     obligationTable{Caption: "Obligations in L6", Count: 2, Rows: template.HTML("<tr><td>row</td></tr>\n")},
		MoreObligations: 7,
		Mentions:        []mention{{URL: "docs/GUIDE.html#setup", Doc: "GUIDE.md", Section: "Setup"}, {URL: "docs/X.html", Doc: "X.md"}},
	}
	hostileItem := full
	hostileItem.Name, hostileItem.State, hostileItem.StateName, hostileItem.StateMeaning = hostile, "C"+hostile, hostile, hostile
	hostileItem.LayerID, hostileItem.LayerName, hostileItem.Stub, hostileItem.Owner = "L 6/../"+hostile, hostile, hostile, hostile
	hostileItem.Aliases, hostileItem.UsedBy = []string{hostile, "a+b"}, []string{hostile}
	hostileItem.Bucket = &site.Bucket{ID: hostile, Label: hostile, Priority: hostile}
	hostileItem.History = []historyEntry{{Date: hostile, From: hostile, To: hostile, Note: hostile, ApprovedBy: hostile, Pins: []pinLink{{ID: hostile, URL: "javascript:alert(1)"}}}}
	hostileItem.Tests = []itemTest{{File: hostile, Function: hostile, Line: 1}}
	hostileItem.Obligations.Caption = hostile
	hostileItem.Mentions = []mention{{URL: "javascript:alert(1)", Doc: hostile, Section: hostile}, {URL: "docs/a b.html#x y", Doc: "d"}}
	bare := itemBody{Name: "Bare", State: "A", LayerID: "L1"}
	unscanned := bare
	unscanned.Scanned = false
	scannedBare := bare
	scannedBare.Scanned = true
	partBucket := full
	partBucket.Bucket = &site.Bucket{ID: "B2", Justification: "why"}
	partBucket.MoreObligations = 0
	pages := []page{
		{Title: "PostgreSQL", SiteTitle: "Governance", Section: "registry", Source: "INFRA_REGISTRY.yaml",
			EditURL: "https://git.example.org/edit/main/INFRA_REGISTRY.yaml", HeadRest: "<link rel=x>\n</head>\n<body>\n<main>\n", FootRest: "<a>x</a></p>\n</footer>\n</body>\n</html>\n"},
		{Title: hostile, SiteTitle: hostile, Source: hostile, EditURL: "javascript:alert(1)"},
	}
	for _, root := range []string{"", "../", "../../"} {
		for pi, p := range pages {
			for bi, body := range []itemBody{full, hostileItem, bare, unscanned, scannedBare, partBucket} {
				p.Root, p.Body = root, &body
				checkPageWriter(t, ref, "page-item", p, fmt.Sprintf("root %q, page %d, body %d", root, pi, bi))
			}
		}
	}
}
