package blocks

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/markers"
)

// sortedObligations returns the obligations sorted by id.
func sortedObligations(s *site.Site) []*site.Obligation {
	obs := slices.Clone(s.Obligations)
	slices.SortStableFunc(obs, func(a, b *site.Obligation) int { return cmp.Compare(a.ID, b.ID) })
	return obs
}

// renderObligationsTable renders one row per obligation, sorted by id,
// filtered by the status and layer options. Tests is the declared count;
// Promoted is the promotion date or "—".
func renderObligationsTable(s *site.Site, b *site.Block) (string, error) {
	statuses, layers := b.OptionList("status"), b.OptionList("layer")
	header := []string{"ID", "Title", "Layer", "Status", "Tests", "Promoted"}
	var rows [][]string
	for _, o := range sortedObligations(s) {
		if !inFilter(statuses, o.Status) || !inFilter(layers, site.LayerID(o.Layer)) {
			continue
		}
		promoted := ""
		if o.PromotedAt != nil {
			promoted = string(*o.PromotedAt)
		}
		rows = append(rows, cells(o.ID, o.Title, o.Layer, o.Status, strconv.Itoa(o.TestCount()), promoted))
	}
	if rows == nil {
		rows = append(rows, placeholderRow("No obligations", len(header)))
	}
	return mdTable(header, rows), nil
}

// renderObligationCounts renders, per status in lifecycle order, how many
// obligations have it and how many tests they declare, then the totals.
func renderObligationCounts(s *site.Site, _ *site.Block) (string, error) {
	var rows [][]string
	total, tests := 0, 0
	for _, st := range site.Statuses {
		n, t := 0, 0
		for _, o := range s.Obligations {
			if o.Status == st {
				n++
				t += o.TestCount()
			}
		}
		total, tests = total+n, tests+t
		rows = append(rows, []string{bold(st), strconv.Itoa(n), strconv.Itoa(t)})
	}
	rows = append(rows, []string{"**Total**", "**" + strconv.Itoa(total) + "**", "**" + strconv.Itoa(tests) + "**"})
	return mdTable([]string{"Status", "Obligations", "Tests"}, rows), nil
}

// renderObligationStatuses renders the obligation status definitions.
func renderObligationStatuses(_ *site.Site, _ *site.Block) (string, error) {
	var rows [][]string
	for _, d := range site.StatusDefinitions() {
		rows = append(rows, append([]string{bold(d.ID)}, cells(d.Meaning, d.CIBehavior)...))
	}
	return mdTable([]string{"Status", "Meaning", "CI Behavior"}, rows), nil
}

// kindObligationsTable is the obligations-table block kind.
var kindObligationsTable = &Kind{Spec: markers.BlockKind{Name: "obligations-table", Summary: "the obligations (ID, Title, Layer, Status, Tests, Promoted), sorted by id", Options: []markers.BlockOption{
	{Name: "status", Summary: "only obligations with these statuses, e.g. status=PROMOTED", Values: site.Statuses, List: true},
	{Name: "layer", Summary: "only obligations in these layers, e.g. layer=L5", List: true},
}}, Render: renderObligationsTable}

// kindObligationCounts is the obligation-counts block kind.
var kindObligationCounts = &Kind{Spec: markers.BlockKind{Name: "obligation-counts", Summary: "obligation counts and declared tests per status, with a total row"}, Render: renderObligationCounts}

// kindObligationStatuses is the obligation-statuses block kind.
var kindObligationStatuses = &Kind{Spec: markers.BlockKind{Name: "obligation-statuses", Summary: "the obligation status definitions (Status, Meaning, CI Behavior)"}, Render: renderObligationStatuses}
