package regdiff

import "github.com/infradoc/infradoc/site"

// stateRank orders the states: a move to a lower rank is a demotion.
var stateRank = map[string]int{"A": 0, "B": 1, "C": 2}

// items maps the lower-case names of s's items to them (the first of a
// name, when the registry repeats one: the unique rule reports it).
func items(s *site.Site) map[string]*site.Item {
	if s == nil || s.Registry == nil {
		return map[string]*site.Item{}
	}
	return byLowerKey(s.Registry.Items, func(it *site.Item) string { return it.Name })
}

// compareItems returns the items added, removed or changed from base to
// head, sorted by name.
func compareItems(base, head map[string]*site.Item) []ItemChange {
	var out []ItemChange
	for _, key := range keys(base, head) {
		b, h := base[key], head[key]
		var from, to site.Item
		if b != nil {
			from = *b
		}
		if h != nil {
			to = *h
		}
		c := ItemChange{
			Name:   cmpName(h, b),
			Change: kind(b != nil, h != nil),
			State:  change(from.State, to.State),
			Bucket: change(bucketID(from.Bucket), bucketID(to.Bucket)),
			Owner:  change(from.Owner, to.Owner),
			Layer:  change(from.Layer, to.Layer),
		}
		if site.LayerID(from.Layer) == site.LayerID(to.Layer) && b != nil && h != nil {
			// "L6" and "L6 (Platform Substrate)" are the same layer.
			c.Layer = nil
		}
		if c.Change == Changed && c.State != nil {
			fr, okFrom := stateRank[from.State]
			tr, okTo := stateRank[to.State]
			c.Promotion = okFrom && okTo && tr > fr
			c.Demotion = okFrom && okTo && tr < fr
		}
		if c.Change != Changed || c.State != nil || c.Bucket != nil || c.Owner != nil || c.Layer != nil {
			out = append(out, c)
		}
	}
	return out
}

// cmpName is the item's name as head writes it, else as base did.
func cmpName(head, base *site.Item) string {
	if head != nil {
		return head.Name
	}
	return base.Name
}

func bucketID(b *site.Bucket) string {
	if b == nil {
		return ""
	}
	return b.ID
}
