package html

import (
	"strings"

	"github.com/infradoc/infradoc/site"
)

// obligationTable is the template "obligation-table": its rows link to
// the obligations' pages from a page at Root.
type obligationTable struct {
	Caption, Root string
	Rows          []obligationRow
}

// obligationRow is one obligation in a table.
type obligationRow struct {
	ID, Title, LayerID, Status string
	Tests, Requirements        int
	// Verified is the verification report's mark (markVerified or
	// markFailed), "" without a report or when it is neither.
	Verified string
}

type statusCount struct {
	Status string
	Count  int
}

type layerCount struct {
	ID, Name string
	Count    int
}

type obligationsBody struct {
	Heading, Status, Layer string
	Filtered               bool
	Total                  int
	Statuses               []statusCount
	Layers                 []layerCount
	Table                  obligationTable
}

// obligationPath is the page of obligation id.
func obligationPath(id string) string { return "obligations/" + id + ".html" }

func (b *builder) statusCounts() []statusCount {
	counts := map[string]int{}
	for _, o := range b.s.Obligations {
		counts[o.Status]++
	}
	out := make([]statusCount, 0, len(site.Statuses))
	for _, st := range site.Statuses {
		out = append(out, statusCount{Status: st, Count: counts[st]})
	}
	return out
}

// obligationRows returns a table row for every obligation, in order.
func (b *builder) obligationRows() []obligationRow {
	rows := make([]obligationRow, len(b.s.Obligations))
	for i, o := range b.s.Obligations {
		rows[i] = obligationRow{
			ID: o.ID, Title: o.Title, LayerID: site.LayerID(o.Layer), Status: o.Status,
			Tests: o.TestCount(), Requirements: len(o.Requires), Verified: b.verificationMark(o),
		}
	}
	return rows
}

// rowsByLayer groups rows by layer id, in order.
func rowsByLayer(rows []obligationRow) map[string][]obligationRow {
	out := map[string][]obligationRow{}
	for _, r := range rows {
		out[r.LayerID] = append(out[r.LayerID], r)
	}
	return out
}

func (b *builder) layerCounts(byLayer map[string][]obligationRow) []layerCount {
	var out []layerCount
	for _, l := range b.s.Registry.Layers {
		out = append(out, layerCount{ID: l.ID, Name: l.Name, Count: len(byLayer[l.ID])})
	}
	return out
}

// obligationListJobs renders obligations.html and, so that filtering works
// without JavaScript, one page per status (obligations/status/<status>.html)
// and per layer (obligations/layer/<L>.html).
func (b *builder) obligationListJobs() []pageJob {
	all := b.obligationRows()
	byLayer := rowsByLayer(all)
	statuses := b.statusCounts()
	layers := b.layerCounts(byLayer)
	list := func(heading, status, layer string, rows []obligationRow) func(string) (string, page, error) {
		return func(root string) (string, page, error) {
			body := obligationsBody{
				Heading: heading, Status: status, Layer: layer, Filtered: status != "" || layer != "",
				Total: len(b.s.Obligations), Statuses: statuses, Layers: layers,
				Table: obligationTable{Caption: heading, Root: root, Rows: rows},
			}
			return "page-obligations", page{Title: heading, Section: "obligations", Body: body}, nil
		}
	}
	jobs := []pageJob{{path: "obligations.html", run: list("Obligations", "", "", all)}}
	for _, st := range site.Statuses {
		var rows []obligationRow
		for _, r := range all {
			if r.Status == st {
				rows = append(rows, r)
			}
		}
		jobs = append(jobs, pageJob{path: "obligations/status/" + strings.ToLower(st) + ".html", run: list("Obligations: "+st, st, "", rows)})
	}
	for _, l := range b.s.Registry.Layers {
		jobs = append(jobs, pageJob{path: "obligations/layer/" + l.ID + ".html", run: list("Obligations in "+l.ID+" ("+l.Name+")", "", l.ID, byLayer[l.ID])})
	}
	return jobs
}
