package render

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/infradoc/infradoc/site"
)

type obligationTable struct {
	Caption string
	// Count is the number of rows; Rows is their HTML.
	Count int
	Rows  template.HTML
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

// obligationTable renders the rows of an obligations table directly:
// tables of 10,000 rows appear on several pages, and a template execution
// per row would dominate the build. Every value is escaped with
// template.HTMLEscapeString, which is safe in text and in quoted
// attributes; ids match [A-Za-z0-9_.-]+ (the loader checks), so URLs built
// from them need no further escaping, and they are escaped anyway.
func (b *builder) obligationTable(root string, obls []*site.Obligation, caption string) obligationTable {
	var sb strings.Builder
	sb.Grow(len(obls) * 320)
	esc := template.HTMLEscapeString
	for _, o := range obls {
		layer := esc(site.LayerID(o.Layer))
		status := esc(o.Status)
		sb.WriteString(`<tr data-status="`)
		sb.WriteString(status)
		sb.WriteString(`" data-layer="`)
		sb.WriteString(layer)
		sb.WriteString("\">\n<td><a href=\"")
		sb.WriteString(esc(root + obligationPath(o.ID)))
		sb.WriteString(`">`)
		sb.WriteString(esc(o.ID))
		sb.WriteString(`</a></td><td>`)
		sb.WriteString(esc(o.Title))
		sb.WriteString(`</td><td>`)
		sb.WriteString(layer)
		sb.WriteString(`</td><td><span class="badge status-`)
		sb.WriteString(esc(strings.ToLower(o.Status)))
		sb.WriteString(`">`)
		sb.WriteString(status)
		sb.WriteString(`</span></td><td class="num">`)
		sb.WriteString(strconv.Itoa(o.TestCount()))
		sb.WriteString(`</td><td class="num">`)
		sb.WriteString(strconv.Itoa(len(o.Requires)))
		sb.WriteString("</td>\n</tr>\n")
	}
	return obligationTable{Caption: caption, Count: len(obls), Rows: template.HTML(sb.String())}
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
