package diagram

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/infradoc/infradoc/site"
)

// The summarised overview draws at most maxOverviewSchemas schemas, in rows
// of overviewRowWidth.
const (
	maxOverviewSchemas = 50
	overviewRowWidth   = 6
)

// requirementView is one required object with its schema and evidence.
type requirementView struct {
	req    *site.Requirement
	name   string // qualified name
	schema string
	// verdict is classGood (a migration creates it), classBad (none does)
	// or classUnknown (no evidence was gathered).
	verdict string
}

// evidenceByID indexes the obligations' evidence by obligation id (empty
// when no evidence was gathered).
func evidenceByID(s *site.Site) map[string]*site.ObligationEvidence {
	m := map[string]*site.ObligationEvidence{}
	if s.Evidence != nil {
		for _, e := range s.Evidence.Obligations {
			m[e.ID] = e
		}
	}
	return m
}

// requirementViews returns o's requirements with their evidence ev (nil:
// unknown).
func requirementViews(o *site.Obligation, ev *site.ObligationEvidence) []requirementView {
	def := "public"
	if schemas := o.Schemas(); len(schemas) > 0 {
		def = schemas[0]
	}
	out := make([]requirementView, len(o.Requires))
	for i, req := range o.Requires {
		v := requirementView{req: req, name: req.QualifiedName(def), verdict: classUnknown}
		switch req.Type {
		case "schema":
			v.schema = v.name
		case "trigger", "constraint":
			v.schema = cmpOr(req.Schema, def)
		default:
			v.schema, _, _ = strings.Cut(v.name, ".")
		}
		if ev != nil && i < len(ev.Requirements) {
			if ev.Requirements[i].Found {
				v.verdict = classGood
			} else {
				v.verdict = classBad
			}
		}
		out[i] = v
	}
	return out
}

// evidenceSummary is "3/4 objects found", or "evidence unknown".
func evidenceSummary(views []requirementView) (string, string) {
	found, unknown := 0, 0
	for _, v := range views {
		switch v.verdict {
		case classGood:
			found++
		case classUnknown:
			unknown++
		}
	}
	switch {
	case len(views) == 0:
		return "no required objects", classUnknown
	case unknown == len(views):
		return plural(len(views), "object", "objects") + ", evidence unknown", classUnknown
	case found == len(views):
		return strconv.Itoa(found) + "/" + strconv.Itoa(len(views)) + " objects found", classGood
	}
	return strconv.Itoa(found) + "/" + strconv.Itoa(len(views)) + " objects found", classBad
}

// obligationsDOT draws every obligation (coloured by status) linked to the
// schemas its required objects live in (coloured by evidence). Past
// maxDiagramNodes it draws counts per status and per schema instead.
func obligationsDOT(s *site.Site) string {
	type schemaStat struct{ obligations, objects, found, missing int }
	schemas := map[string]*schemaStat{}
	views := make([][]requirementView, len(s.Obligations))
	evidence := evidenceByID(s)
	for i, o := range s.Obligations {
		views[i] = requirementViews(o, evidence[o.ID])
		seen := map[string]bool{}
		for _, v := range views[i] {
			st := schemas[v.schema]
			if st == nil {
				st = &schemaStat{}
				schemas[v.schema] = st
			}
			st.objects++
			switch v.verdict {
			case classGood:
				st.found++
			case classBad:
				st.missing++
			}
			if !seen[v.schema] {
				seen[v.schema] = true
				st.obligations++
			}
		}
	}
	statusCounts := map[string]int{}
	for _, o := range s.Obligations {
		statusCounts[o.Status]++
	}
	summarise := len(s.Obligations)+len(schemas) > maxDiagramNodes
	// Obligations on the left, schemas on the right; the summary is a grid.
	rankdir, ranksep := "LR", "1.2"
	if summarise {
		rankdir, ranksep = "TB", "0.3"
	}
	w := newDOT("Obligations overview",
		fmt.Sprintf("%s (%s) and the %s their required objects live in, coloured by migration evidence.",
			plural(len(s.Obligations), "obligation", "obligations"), countsLine(site.Statuses, statusCounts),
			plural(len(schemas), "schema", "schemas")),
		a("rankdir", rankdir), a("nodesep", "0.2"), a("ranksep", ranksep))
	schemaNames := sortedKeys(schemas)
	schemaIndex := make(map[string]int, len(schemaNames))
	for i, name := range schemaNames {
		schemaIndex[name] = i
	}
	schemaNode := func(name string) string { return "schema_" + itoa(schemaIndex[name]) }
	schemaAttrs := func(name string) []attr {
		st := schemas[name]
		class := classUnknown
		switch {
		case st.missing > 0:
			class = classBad
		case st.found == st.objects && st.objects > 0:
			class = classGood
		}
		return []attr{lbl("schema "+name, plural(st.obligations, "obligation", "obligations"),
			fmt.Sprintf("%d/%d objects found", st.found, st.objects)),
			a("shape", "cylinder"), a("style", "filled"), a("class", class), a("fillcolor", verdictFill(class))}
	}
	if len(s.Obligations) == 0 {
		w.node("none", a("label", "no obligations declared"), a("shape", "plaintext"), a("style", ""))
		return w.String()
	}
	if summarise {
		var statusNodes []gridNode
		for _, st := range append(append([]string(nil), site.Statuses...), sortedKeys(statusCounts)...) {
			if n := statusCounts[st]; n > 0 {
				delete(statusCounts, st)
				class, fill := statusClass(st)
				statusNodes = append(statusNodes, gridNode{"status_" + Slug(st), []attr{lbl(st, plural(n, "obligation", "obligations")),
					a("shape", "note"), a("style", "filled"), a("class", class), a("fillcolor", fill)}})
			}
		}
		w.beginCluster("statuses", a("label", "obligations by status"), a("style", "rounded"), a("color", colorLine),
			a("labeljust", "l"), a("margin", "12"))
		above := w.grid(statusNodes, overviewRowWidth, "")
		w.end()
		// The schemas needed by most obligations first.
		sorted := append([]string(nil), schemaNames...)
		sort.SliceStable(sorted, func(i, j int) bool { return schemas[sorted[i]].obligations > schemas[sorted[j]].obligations })
		var schemaNodes []gridNode
		for _, name := range sorted[:min(len(sorted), maxOverviewSchemas)] {
			schemaNodes = append(schemaNodes, gridNode{schemaNode(name), schemaAttrs(name)})
		}
		if len(sorted) > maxOverviewSchemas {
			schemaNodes = append(schemaNodes, gridNode{"schemas_more", []attr{a("label", fmt.Sprintf("… and %d more schemas", len(sorted)-maxOverviewSchemas)),
				a("shape", "plaintext"), a("style", "")}})
		}
		w.beginCluster("schemas", a("label", "schemas, most needed first"), a("style", "rounded"), a("color", colorLine),
			a("labeljust", "l"), a("margin", "12"))
		w.grid(schemaNodes, overviewRowWidth, above)
		w.end()
		return w.String()
	}
	// Graphviz stacks the first node of a left-to-right rank at the bottom,
	// so the obligations are written last first to read top-down in order.
	for i := len(s.Obligations) - 1; i >= 0; i-- {
		o := s.Obligations[i]
		evText, _ := evidenceSummary(views[i])
		class, fill := statusClass(o.Status)
		id := "obligation_" + itoa(i)
		w.node(id, attr{"label", dotLines(append([]string{o.ID}, append(wrapText(o.Title, labelWidth, 4), o.Status, evText)...)...)},
			a("shape", "note"), a("style", "filled"), a("class", class), a("fillcolor", fill), a("tooltip", o.ID+": "+o.Title))
		perSchema := map[string]int{}
		for _, v := range views[i] {
			perSchema[v.schema]++
		}
		for _, name := range sortedKeys(perSchema) {
			w.edge(id, schemaNode(name), a("label", plural(perSchema[name], "object", "objects")))
		}
	}
	for _, name := range schemaNames {
		w.node(schemaNode(name), schemaAttrs(name)...)
	}
	return w.String()
}

// ObligationDOT draws one obligation and its required objects grouped by
// schema, each coloured by whether a migration creates it. Past
// maxDiagramNodes each schema shows counts instead of objects.
func ObligationDOT(s *site.Site, o *site.Obligation) string {
	views := requirementViews(o, s.Evidence.Obligation(o.ID))
	evText, _ := evidenceSummary(views)
	// About 1 KB of header and obligation node, and 350 bytes for each
	// requirement's node and edge.
	w := newDOTSized(1024+350*len(views), "Obligation "+o.ID,
		o.ID+": "+o.Title+". Status "+o.Status+"; "+evText+".",
		a("rankdir", "LR"), a("nodesep", "0.15"), a("ranksep", "0.8"))
	class, fill := statusClass(o.Status)
	lines := append([]string{o.ID}, wrapText(o.Title, labelWidth, 4)...)
	lines = append(lines, o.Status+" · "+o.Layer, evText)
	w.node("obligation", attr{"label", dotLines(lines...)}, a("shape", "note"), a("style", "filled"),
		a("class", class), a("fillcolor", fill), a("tooltip", o.SemanticPurpose))
	bySchema := map[string][]requirementView{}
	for _, v := range views {
		bySchema[v.schema] = append(bySchema[v.schema], v)
	}
	summarise := len(views) > maxDiagramNodes
	for si, schema := range sortedKeys(bySchema) {
		vs := bySchema[schema]
		w.beginCluster("schema_"+strconv.Itoa(si), a("label", "schema "+schema), a("style", "rounded"),
			a("color", colorLine), a("labeljust", "l"), a("margin", "12"))
		if summarise {
			found, missing := 0, 0
			for _, v := range vs {
				switch v.verdict {
				case classGood:
					found++
				case classBad:
					missing++
				}
			}
			vclass := classUnknown
			switch {
			case missing > 0:
				vclass = classBad
			case found == len(vs):
				vclass = classGood
			}
			id := fmt.Sprintf("schema_%d_objects", si)
			w.node(id, lbl(plural(len(vs), "object", "objects"), fmt.Sprintf("%d found, %d missing", found, missing)),
				a("class", vclass), a("fillcolor", verdictFill(vclass)))
			w.end()
			w.edge("obligation", id)
			continue
		}
		for ri, v := range vs {
			id := objectNodeID(si, ri)
			w.node(id, lbl(v.req.Type, v.name, verdictText(v.verdict)), a("class", v.verdict),
				a("fillcolor", verdictFill(v.verdict)), a("tooltip", v.req.Type+" "+v.name+": "+verdictText(v.verdict)))
		}
		w.end()
		for ri := range vs {
			w.edge("obligation", objectNodeID(si, ri))
		}
	}
	if len(views) == 0 {
		w.node("none", a("label", "no required objects"), a("shape", "plaintext"), a("style", ""))
	}
	return w.String()
}

// verdictText says what the migrations show about an object.
func verdictText(verdict string) string {
	switch verdict {
	case classGood:
		return "created by a migration"
	case classBad:
		return "no migration creates it"
	}
	return "evidence unknown"
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// objectNodeID is the DOT id of the ri-th object of the si-th schema.
func objectNodeID(si, ri int) string {
	return "schema_" + strconv.Itoa(si) + "_object_" + strconv.Itoa(ri)
}
