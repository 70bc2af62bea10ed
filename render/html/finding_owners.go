package html

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site"
)

// ownerSpan is where one obligation or item is declared: from its first
// line to the line before the next one of its file (end 0: open-ended).
type ownerSpan struct {
	line, end int
	name      string
}

// findingOwners tells which obligations and items a finding is about: its
// Subject when a rule set one; else the obligation or item whose YAML
// holds its position; and every obligation whose id its message names as
// a word. The obligation's verdict box, the item's page and the Findings
// page share it, so a finding is placed the same way everywhere. It is
// built once per build and is linear in the findings (a binary search per
// finding), as a 10,000-obligation build needs.
type findingOwners struct {
	oblFiles  map[string][]ownerSpan
	oblIDs    map[string]bool
	itemFiles map[string][]ownerSpan
	// items maps an item's name and aliases, in lower case, to its name.
	items map[string]string
}

// itemKeys are the keys of an item: the last item of a file ends at the
// last of them it declares (what follows it may be other YAML).
var itemKeys = []string{"name", "aliases", "category", "layer", "state", "used_by", "failure_mode", "stub",
	"local_strategy", "promotion_trigger", "owner", "bucket", "history", "description"}

func newFindingOwners(s *site.Site) *findingOwners {
	x := &findingOwners{oblFiles: map[string][]ownerSpan{}, oblIDs: map[string]bool{},
		itemFiles: map[string][]ownerSpan{}, items: map[string]string{}}
	for _, o := range s.Obligations {
		if o.ID == "" {
			continue
		}
		x.oblIDs[o.ID] = true
		file := cmp.Or(o.At.File, o.File)
		x.oblFiles[file] = append(x.oblFiles[file], ownerSpan{line: o.At.Line, name: o.ID})
	}
	for _, spans := range x.oblFiles {
		slices.SortStableFunc(spans, func(a, b ownerSpan) int { return cmp.Compare(a.line, b.line) })
	}
	if s.Registry != nil {
		last := map[string]int{}
		for _, it := range s.Registry.Items {
			for _, n := range append([]string{it.Name}, it.Aliases...) {
				if _, taken := x.items[strings.ToLower(n)]; !taken && n != "" {
					x.items[strings.ToLower(n)] = it.Name
				}
			}
			if it.At.File == "" || it.At.Line == 0 {
				continue
			}
			end := it.At.Line
			for _, k := range itemKeys {
				end = max(end, it.Of(k).Line)
			}
			x.itemFiles[it.At.File] = append(x.itemFiles[it.At.File], ownerSpan{line: it.At.Line, end: end, name: it.Name})
			last[it.At.File] = max(last[it.At.File], it.At.Line)
		}
		for file, spans := range x.itemFiles {
			slices.SortStableFunc(spans, func(a, b ownerSpan) int { return cmp.Compare(a.line, b.line) })
			// An item runs to the next one; the last to its last key.
			for i := range spans[:len(spans)-1] {
				spans[i].end = spans[i+1].line - 1
			}
			x.itemFiles[file] = spans
		}
	}
	return x
}

// spanAt returns the name of the span of spans that holds line, or "".
// When open is true a line above the first span belongs to it if it is the
// only one (an obligation file declaring one obligation).
func spanAt(spans []ownerSpan, line int, open bool) string {
	if len(spans) == 0 {
		return ""
	}
	i, _ := slices.BinarySearchFunc(spans, line, func(sp ownerSpan, line int) int {
		if sp.line <= line {
			return -1
		}
		return 1
	})
	switch {
	case i > 0 && (open || line <= spans[i-1].end):
		return spans[i-1].name
	case i == 0 && open && len(spans) == 1:
		return spans[0].name
	}
	return ""
}

// obligations returns the ids of the obligations f is about, sorted.
func (x *findingOwners) obligations(f site.Finding) []string {
	owners := map[string]bool{}
	if x.oblIDs[f.Subject] {
		owners[f.Subject] = true
	}
	if id := spanAt(x.oblFiles[f.File], f.Line, true); id != "" {
		owners[id] = true
	}
	for _, w := range strings.FieldsFunc(f.Message, notIDRune) {
		if w = strings.TrimRight(w, ".-"); x.oblIDs[w] {
			owners[w] = true
		}
	}
	return slices.Sorted(maps.Keys(owners))
}

// item returns the name of the item f is about, or "": its Subject when
// that names an item (or an alias), else the item whose YAML holds f.
func (x *findingOwners) item(f site.Finding) string {
	if f.Subject != "" && !x.oblIDs[f.Subject] {
		if name, ok := x.items[strings.ToLower(f.Subject)]; ok {
			return name
		}
	}
	return spanAt(x.itemFiles[f.File], f.Line, false)
}

// notIDRune says which runes cannot be part of an obligation id as a word
// of a message: ids are letters, digits, '-', '_' and '.'.
func notIDRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.')
}
