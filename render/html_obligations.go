package render

import (
	"strings"

	"github.com/infradoc/infradoc/site"
)

// obligationRow is one row of an obligations table; URL already carries
// the page's root prefix.
type obligationRow struct {
	URL, ID, Title, LayerID, Status string
	Tests, Requirements             int
}

type obligationTable struct {
	Caption string
	Rows    []obligationRow
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

func (b *builder) obligationTable(root string, obls []*site.Obligation, caption string) obligationTable {
	t := obligationTable{Caption: caption, Rows: make([]obligationRow, 0, len(obls))}
	for _, o := range obls {
		t.Rows = append(t.Rows, obligationRow{
			URL: root + obligationPath(o.ID), ID: o.ID, Title: o.Title, LayerID: site.LayerID(o.Layer),
			Status: o.Status, Tests: o.TestCount(), Requirements: len(o.Requires),
		})
	}
	return t
}

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

func (b *builder) obligationsByLayer() map[string][]*site.Obligation {
	out := map[string][]*site.Obligation{}
	for _, o := range b.s.Obligations {
		id := site.LayerID(o.Layer)
		out[id] = append(out[id], o)
	}
	return out
}

func (b *builder) layerCounts(byLayer map[string][]*site.Obligation) []layerCount {
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
	byLayer := b.obligationsByLayer()
	statuses := b.statusCounts()
	layers := b.layerCounts(byLayer)
	list := func(heading, status, layer string, obls []*site.Obligation) func(string) (string, page, error) {
		return func(root string) (string, page, error) {
			body := obligationsBody{
				Heading: heading, Status: status, Layer: layer, Filtered: status != "" || layer != "",
				Total: len(b.s.Obligations), Statuses: statuses, Layers: layers,
				Table: b.obligationTable(root, obls, heading),
			}
			return "page-obligations", page{Title: heading, Section: "obligations", Body: body}, nil
		}
	}
	jobs := []pageJob{{path: "obligations.html", run: list("Obligations", "", "", b.s.Obligations)}}
	for _, st := range site.Statuses {
		var obls []*site.Obligation
		for _, o := range b.s.Obligations {
			if o.Status == st {
				obls = append(obls, o)
			}
		}
		jobs = append(jobs, pageJob{path: "obligations/status/" + strings.ToLower(st) + ".html", run: list("Obligations: "+st, st, "", obls)})
	}
	for _, l := range b.s.Registry.Layers {
		jobs = append(jobs, pageJob{path: "obligations/layer/" + l.ID + ".html", run: list("Obligations in "+l.ID+" ("+l.Name+")", "", l.ID, byLayer[l.ID])})
	}
	return jobs
}
