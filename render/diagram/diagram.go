package diagram

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/infradoc/infradoc/site"
)

// Options tune the diagrams.
type Options struct {
	// Drift maps an artifact's name or path to the number of drift findings
	// a check reported for it, or NotManaged for a doc that holds no
	// markers. Nil means no check ran: the drift map then shows no
	// verdicts. An artifact missing from a non-nil map is drawn as "not
	// checked".
	Drift map[string]int
}

// NotManaged is the Drift value of a doc without markers: infradoc
// generates nothing in it, so it is neither in sync nor drifted.
const NotManaged = -1

// Limits that keep a diagram readable and its layout fast: beyond them a
// diagram draws counts instead of one node per object.
const (
	// maxDiagramNodes is the most nodes a diagram draws one by one.
	maxDiagramNodes = 200
	// maxListed is the most names listed inside one label.
	maxListed = 12
	// labelWidth is the line width, in characters, of wrapped lists.
	labelWidth = 40
)

// Fixed diagram names; each obligation adds "obligation-<slug of its id>".
const (
	States           = "states"
	Drift            = "drift"
	Layers           = "layers"
	Obligations      = "obligations"
	ObligationPrefix = "obligation-"
)

// Names lists every diagram of s: the fixed ones, then one per
// obligation in the obligations' order.
func Names(s *site.Site) []string {
	names := []string{States, Drift, Layers, Obligations}
	for _, slug := range ObligationSlugs(s) {
		names = append(names, ObligationPrefix+slug)
	}
	return names
}

// Description says in one line what diagram name shows; "" for an
// unknown name.
func Description(name string) string {
	switch name {
	case States:
		return "infra states A -> B -> C with their items and recorded promotions"
	case Drift:
		return "the registry, the artifacts that derive from it, and their drift"
	case Layers:
		return "layers L1-L8 with their infra items and obligations"
	case Obligations:
		return "every obligation with the schemas it needs and its evidence"
	}
	if strings.HasPrefix(name, ObligationPrefix) {
		return "one obligation's required objects by schema and their evidence"
	}
	return ""
}

// DOT returns the DOT source of diagram name. The error names the
// valid diagrams when name is unknown.
func DOT(s *site.Site, name string, opts Options) (string, error) {
	if s == nil || s.Registry == nil {
		return "", fmt.Errorf("diagram %q: no registry loaded", name)
	}
	switch name {
	case States:
		return statesDOT(s), nil
	case Drift:
		return driftDOT(s, opts), nil
	case Layers:
		return layersDOT(s), nil
	case Obligations:
		return obligationsDOT(s), nil
	}
	if slug, ok := strings.CutPrefix(name, ObligationPrefix); ok {
		for i, sl := range ObligationSlugs(s) {
			if sl == slug {
				return ObligationDOT(s, s.Obligations[i]), nil
			}
		}
	}
	return "", fmt.Errorf("unknown diagram %q (run 'infradoc diagram --list' for the names)", name)
}

// slugMemo remembers the obligation slugs of the last site asked about:
// a site build asks for every obligation's diagram, and recomputing the
// slugs of 10,000 obligations each time would make that quadratic.
var slugMemo struct {
	sync.Mutex
	ids   []string
	slugs []string
}

// ObligationSlugs returns the slug of each obligation's id, made unique.
func ObligationSlugs(s *site.Site) []string {
	ids := make([]string, len(s.Obligations))
	for i, o := range s.Obligations {
		ids[i] = o.ID
	}
	slugMemo.Lock()
	defer slugMemo.Unlock()
	if slices.Equal(slugMemo.ids, ids) {
		return slugMemo.slugs
	}
	slugMemo.ids, slugMemo.slugs = ids, uniqueSlugs(ids)
	return slugMemo.slugs
}

// ObligationDiagramName returns the diagram name of obligation id, or ""
// when there is no such obligation.
func ObligationDiagramName(s *site.Site, id string) string {
	for i, slug := range ObligationSlugs(s) {
		if s.Obligations[i].ID == id {
			return ObligationPrefix + slug
		}
	}
	return ""
}

// countsLine returns "3 A · 4 B" for the non-zero counts in order.
func countsLine(order []string, counts map[string]int) string {
	var parts []string
	for _, k := range order {
		if counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
		}
	}
	extra := make([]string, 0)
	for k, n := range counts {
		if n > 0 && !contains(order, k) {
			extra = append(extra, fmt.Sprintf("%d %s", n, k))
		}
	}
	sort.Strings(extra)
	return strings.Join(append(parts, extra...), " · ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// stateIDs returns the registry's state ids in their declared order.
func stateIDs(r *site.Registry) []string {
	states := r.States
	if len(states) == 0 {
		states = site.DefaultStates()
	}
	ids := make([]string, len(states))
	for i, st := range states {
		ids[i] = st.ID
	}
	return ids
}

// layerDefs returns the registry's layers, the defaults when none.
func layerDefs(r *site.Registry) []site.LayerDef {
	if len(r.Layers) == 0 {
		return site.DefaultLayers()
	}
	return r.Layers
}
