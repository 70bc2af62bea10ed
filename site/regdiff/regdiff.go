// Package regdiff compares two versions of a repository's registry and
// obligations (two commits, or a commit and the work tree) and reports what
// a reviewer must see: items and obligations added and removed, state and
// status changes, with demotions flagged, and the changes of bucket, owner,
// layer, required objects and declared test counts.
package regdiff

import (
	"cmp"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site"
)

// Kinds of change of an item or an obligation.
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

// Diff is what changed from a base to a head.
type Diff struct {
	Base SideInfo `json:"base"`
	Head SideInfo `json:"head"`
	// Items and Obligations are the changed ones, sorted by name and id
	// (case-insensitively, then as written).
	Items       []ItemChange       `json:"items"`
	Obligations []ObligationChange `json:"obligations"`
}

// SideInfo says what one side of a diff is and how its loading went.
type SideInfo struct {
	// Ref is the git ref the side was read at; "" for the work tree.
	Ref string `json:"ref"`
	// Commit is the ref's commit hash; "" for the work tree.
	Commit string `json:"commit,omitempty"`
	// Notes say what of the side did not load and was compared as empty.
	Notes []string `json:"notes"`
	// Findings are the problems of loading the side (a YAML error, a
	// missing file), with the ref before each file name ("main:content/
	// INFRA_REGISTRY.yaml") for a side read at a ref.
	Findings []site.Finding `json:"findings"`
}

// Name is how output names the side: its ref, or "work tree".
func (s SideInfo) Name() string { return cmp.Or(s.Ref, "work tree") }

// Change is a value before and after; "" on the side where there is none
// (the item is new, say, or the bucket was removed).
type Change struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// ItemChange is an infra item added, removed or changed.
type ItemChange struct {
	Name string `json:"name"`
	// Change is Added, Removed or Changed.
	Change string `json:"change"`
	// State is set when the state differs (for an added or removed item,
	// always); Promotion and Demotion say which way it moved (A -> B -> C
	// is forward).
	State     *Change `json:"state,omitempty"`
	Promotion bool    `json:"promotion,omitempty"`
	Demotion  bool    `json:"demotion,omitempty"`
	// Bucket (its id), Owner and Layer are set when they differ.
	Bucket *Change `json:"bucket,omitempty"`
	Owner  *Change `json:"owner,omitempty"`
	Layer  *Change `json:"layer,omitempty"`
}

// ObligationChange is an obligation added, removed or changed.
type ObligationChange struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Change is Added, Removed or Changed.
	Change string  `json:"change"`
	Status *Change `json:"status,omitempty"`
	// Promotion: the status became PROMOTED. Demotion: it was PROMOTED
	// and is something else (DEPRECATED included: a test-proven promise
	// is withdrawn). Deprecation: it became DEPRECATED.
	Promotion   bool `json:"promotion,omitempty"`
	Demotion    bool `json:"demotion,omitempty"`
	Deprecation bool `json:"deprecation,omitempty"`
	// RequiresAdded and RequiresRemoved are required database objects,
	// written "type schema.name", sorted.
	RequiresAdded   []string `json:"requires_added,omitempty"`
	RequiresRemoved []string `json:"requires_removed,omitempty"`
	// Tests are the test files whose declared count changed, by path.
	Tests []TestCountChange `json:"tests,omitempty"`
	// TestCount is the total declared count, when it changed.
	TestCount *CountChange `json:"test_count,omitempty"`
}

// TestCountChange is a test file's declared count before and after; nil
// where the obligation does not list the file.
type TestCountChange struct {
	Path string `json:"path"`
	From *int   `json:"from"`
	To   *int   `json:"to"`
}

// CountChange is a number before and after.
type CountChange struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// Empty reports whether nothing changed.
func (d *Diff) Empty() bool { return len(d.Items) == 0 && len(d.Obligations) == 0 }

// Demotions counts the items and obligations flagged as demoted.
func (d *Diff) Demotions() int {
	n := 0
	for _, it := range d.Items {
		if it.Demotion {
			n++
		}
	}
	for _, o := range d.Obligations {
		if o.Demotion {
			n++
		}
	}
	return n
}

// Compare returns what changed from base to head. Either may be nil, for
// a side with nothing (then Base and Head are left for the caller).
func Compare(base, head *site.Site) *Diff {
	d := &Diff{
		Items:       compareItems(items(base), items(head)),
		Obligations: compareObligations(obligations(base), obligations(head)),
	}
	// Empty lists, not null, in JSON.
	if d.Items == nil {
		d.Items = []ItemChange{}
	}
	if d.Obligations == nil {
		d.Obligations = []ObligationChange{}
	}
	return d
}

// byLowerKey maps the keys of xs, folded to lower case, to the first
// element with that key; elements without a key are left out.
func byLowerKey[T any](xs []*T, key func(*T) string) map[string]*T {
	out := map[string]*T{}
	for _, x := range xs {
		k := key(x)
		if _, dup := out[strings.ToLower(k)]; !dup && k != "" {
			out[strings.ToLower(k)] = x
		}
	}
	return out
}

// keys returns the keys of both maps, sorted case-insensitively then as
// written, each once.
func keys[T any](a, b map[string]T) []string {
	var out []string
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, byName)
	return out
}

// byName orders names case-insensitively, then as written.
func byName(a, b string) int {
	return cmp.Or(strings.Compare(strings.ToLower(a), strings.ToLower(b)), strings.Compare(a, b))
}

// change returns a Change when from and to differ, else nil.
func change(from, to string) *Change {
	if from == to {
		return nil
	}
	return &Change{From: from, To: to}
}

// kind is Added, Removed or Changed for a thing present in base (inBase)
// and head (inHead).
func kind(inBase, inHead bool) string {
	switch {
	case !inBase:
		return Added
	case !inHead:
		return Removed
	}
	return Changed
}
