package regdiff

import (
	"maps"
	"path"
	"slices"

	"github.com/infradoc/infradoc/site"
)

// obligations maps the lower-case ids of s's obligations to them (the
// first of an id, when one repeats: the unique rule reports it).
func obligations(s *site.Site) map[string]*site.Obligation {
	if s == nil {
		return map[string]*site.Obligation{}
	}
	return byLowerKey(s.Obligations, func(o *site.Obligation) string { return o.ID })
}

// compareObligations returns the obligations added, removed or changed
// from base to head, sorted by id.
func compareObligations(base, head map[string]*site.Obligation) []ObligationChange {
	var out []ObligationChange
	for _, key := range keys(base, head) {
		b, h := base[key], head[key]
		from, to := &site.Obligation{}, &site.Obligation{}
		if b != nil {
			from = b
		}
		if h != nil {
			to = h
		}
		c := ObligationChange{ID: to.ID, Title: to.Title, Change: kind(b != nil, h != nil), Status: change(from.Status, to.Status)}
		if h == nil {
			c.ID, c.Title = from.ID, from.Title
		}
		if c.Change == Changed && c.Status != nil {
			c.Promotion = to.Status == site.StatusPromoted
			c.Demotion = from.Status == site.StatusPromoted
			c.Deprecation = to.Status == site.StatusDeprecated
		}
		fromReq, toReq := requirements(from), requirements(to)
		for r := range toReq {
			if !fromReq[r] {
				c.RequiresAdded = append(c.RequiresAdded, r)
			}
		}
		for r := range fromReq {
			if !toReq[r] {
				c.RequiresRemoved = append(c.RequiresRemoved, r)
			}
		}
		slices.Sort(c.RequiresAdded)
		slices.Sort(c.RequiresRemoved)
		c.Tests = compareTests(testCounts(from), testCounts(to))
		if n, m := from.TestCount(), to.TestCount(); n != m {
			c.TestCount = &CountChange{From: n, To: m}
		}
		if c.Change != Changed || c.Status != nil || c.RequiresAdded != nil || c.RequiresRemoved != nil || c.Tests != nil || c.TestCount != nil {
			out = append(out, c)
		}
	}
	return out
}

// requirements returns o's required objects as "type schema.name", with
// the names qualified as the evidence rules qualify them (so moving a
// name's schema into the schema: key is no change).
func requirements(o *site.Obligation) map[string]bool {
	def := "public"
	if schemas := o.Schemas(); len(schemas) > 0 {
		def = schemas[0]
	}
	out := map[string]bool{}
	for _, r := range o.Requires {
		if r != nil && r.Name != "" {
			out[r.Type+" "+r.QualifiedName(def)] = true
		}
	}
	return out
}

// testCounts maps o's test file paths to their declared counts (summed, if
// a path is listed twice).
func testCounts(o *site.Obligation) map[string]int {
	out := map[string]int{}
	for _, t := range o.TestFiles {
		if t != nil && t.Path != "" {
			out[path.Clean(t.Path)] += t.Count
		}
	}
	return out
}

// compareTests returns the test files whose declared count changed, or
// that were added or removed, sorted by path.
func compareTests(base, head map[string]int) []TestCountChange {
	var out []TestCountChange
	for _, p := range slices.Sorted(maps.Keys(union(base, head))) {
		b, inBase := base[p]
		h, inHead := head[p]
		if inBase && inHead && b == h {
			continue
		}
		c := TestCountChange{Path: p}
		if inBase {
			c.From = &b
		}
		if inHead {
			c.To = &h
		}
		out = append(out, c)
	}
	return out
}

func union(a, b map[string]int) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
