package html

import (
	"slices"
	"strconv"
	"strings"

	"github.com/infradoc/infradoc/render/diagram"
	"github.com/infradoc/infradoc/site"
)

// itemRef is an item and the path of its page.
type itemRef struct {
	item *site.Item
	path string
}

// indexItems gives every item a page path, items/<slug>.html, numbering
// slugs that collide in registry order.
func (b *builder) indexItems() {
	b.itemPaths = map[*site.Item]string{}
	used := map[string]bool{}
	for _, it := range b.s.Registry.Items {
		base := diagram.Slug(it.Name)
		slug := base
		for n := 2; used[slug]; n++ {
			slug = base + "-" + strconv.Itoa(n)
		}
		used[slug] = true
		p := "items/" + slug + ".html"
		b.items = append(b.items, itemRef{item: it, path: p})
		b.itemPaths[it] = p
	}
}

// stateCount is a state with its definition and the number of items in it.
type stateCount struct {
	ID, Name, Meaning string
	Count             int
}

func (b *builder) stateCounts() []stateCount {
	var out []stateCount
	for _, st := range b.s.Registry.States {
		out = append(out, stateCount{ID: st.ID, Name: st.Name, Meaning: st.Meaning, Count: len(b.s.Registry.ItemsInState(st.ID))})
	}
	return out
}

// registryRow is one row of the registry table.
type registryRow struct {
	URL, Name, Category, LayerID, State, FailureMode, Owner, Bucket, UsedBy string
}

// registryFilter is one JavaScript filter of the registry table.
type registryFilter struct {
	Key, Label string
	Values     []string
}

type registryBody struct {
	Heading  string
	State    string
	Filtered bool
	Total    int
	States   []stateCount
	Filters  []registryFilter
	Rows     []registryRow
}

// registryJobs renders registry.html (every item) and one page per state,
// registry/state-X.html, so that filtering by state works without
// JavaScript.
func (b *builder) registryJobs() []pageJob {
	jobs := []pageJob{{path: "registry.html", run: func(root string) (string, page, error) {
		return "page-registry", page{Title: "Registry", Section: "registry", EditURL: b.editURL(b.s.Registry.File), Body: b.registryBody("")}, nil
	}}}
	for _, st := range b.s.Registry.States {
		id := st.ID
		jobs = append(jobs, pageJob{path: "registry/state-" + id + ".html", run: func(root string) (string, page, error) {
			return "page-registry", page{Title: "Registry: state " + id, Section: "registry", Body: b.registryBody(id)}, nil
		}})
	}
	return jobs
}

func (b *builder) registryBody(state string) registryBody {
	body := registryBody{Heading: b.registryTitle(), State: state, Filtered: state != "", Total: len(b.items), States: b.stateCounts()}
	if state != "" {
		body.Heading += ": state " + state
		if st := b.s.Registry.State(state); st != nil {
			body.Heading += " (" + st.Name + ")"
		}
	}
	values := map[string]map[string]bool{}
	add := func(k, v string) {
		if values[k] == nil {
			values[k] = map[string]bool{}
		}
		if v != "" {
			values[k][v] = true
		}
	}
	for _, ref := range b.items {
		it := ref.item
		add("state", it.State)
		add("category", it.Category)
		add("layer", site.LayerID(it.Layer))
		add("owner", it.Owner)
		add("failure", it.FailureMode)
		if state != "" && it.State != state {
			continue
		}
		bucket := ""
		if it.Bucket != nil {
			bucket = it.Bucket.ID
		}
		body.Rows = append(body.Rows, registryRow{
			URL: ref.path, Name: it.Name, Category: it.Category,
			LayerID: site.LayerID(it.Layer), State: it.State, FailureMode: it.FailureMode,
			Owner: it.Owner, Bucket: bucket, UsedBy: strings.Join(it.UsedBy, ", "),
		})
	}
	for _, f := range []struct{ key, label string }{
		{"state", "State"}, {"category", "Category"}, {"layer", "Layer"}, {"owner", "Owner"}, {"failure", "Failure mode"},
	} {
		var vs []string
		for v := range values[f.key] {
			vs = append(vs, v)
		}
		slices.Sort(vs)
		body.Filters = append(body.Filters, registryFilter{Key: f.key, Label: f.label, Values: vs})
	}
	return body
}

func (b *builder) registryTitle() string {
	if b.s.Registry.Title != "" {
		return b.s.Registry.Title
	}
	return "Infra Registry"
}
