package importmd

import (
	"regexp"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/yamlstrict"
)

// readItems maps the rows of a Full Registry Table onto items.
func (im *importer) readItems(t *mdTable, reg *site.Registry) {
	if im.rowOf == nil {
		im.rowOf, im.byName = map[*site.Item]site.Pos{}, map[string]*site.Item{}
	}
	for _, row := range t.rows {
		name := t.get(row, "infra name")
		it := &site.Item{
			Name:             name.Plain,
			Category:         t.get(row, "category").Plain,
			Layer:            t.get(row, "layer").Plain,
			LocalStrategy:    t.get(row, "local strategy").Text,
			PromotionTrigger: t.get(row, "promotion trigger").Text,
			Owner:            t.get(row, "owner").Plain,
			UsedBy:           splitList(t.get(row, "used by").Plain),
		}
		ok := im.requireCells(t, row, "infra name", "category", "layer", "state", "failure mode", "owner")
		ok = im.mapState(t.get(row, "state"), &it.State) && ok
		ok = im.mapFailureMode(t.get(row, "failure mode"), &it.FailureMode) && ok
		ok = im.mapStub(t.get(row, "stub available"), &it.Stub) && ok
		if l := t.get(row, "layer"); l.Plain != "" {
			if valid, what := site.MatchesFormat("layer", l.Plain); !valid {
				im.add(l.Pos, "import-cell", "layer %q of %s is not %s", l.Plain, it.Name, what)
				ok = false
			}
		}
		it.Stub.Path = stubPath(it.LocalStrategy)
		key := strings.ToLower(strings.TrimSpace(it.Name))
		prev := im.byName[key]
		if prev != nil && it.Name != "" {
			im.add(name.Pos, "import-cell", "%s is already listed at line %d (names are compared ignoring case)", it.Name, im.rowOf[prev].Line)
			ok = false
		}
		// An item with a bad cell is kept (the import fails anyway) so
		// that bucket rows naming it are not reported as well.
		if ok || prev == nil {
			im.rowOf[it] = name.Pos
			im.byName[key] = it
			reg.Items = append(reg.Items, it)
		}
	}
}

// requireCells reports the empty cells of required columns.
func (im *importer) requireCells(t *mdTable, row []cell, keys ...string) bool {
	ok := true
	for _, k := range keys {
		if c := t.get(row, k); isBlankCell(c.Plain) {
			col := k
			for _, tc := range t.kind.columns {
				if tc.key == k {
					col = tc.title
				}
			}
			im.add(c.Pos, "import-cell", "the %s cell is empty; the %s needs a value in every row", col, t.kind.name)
			ok = false
		}
	}
	return ok
}

// isBlankCell reports whether a cell says nothing: empty or a dash.
func isBlankCell(s string) bool {
	switch strings.TrimSpace(s) {
	case "", "-", "–", "—":
		return true
	}
	return false
}

var stateIDs = []string{"A", "B", "C"}

// mapState reads "C", "**C**" or "State C" into A, B or C.
func (im *importer) mapState(c cell, out *string) bool {
	if isBlankCell(c.Plain) {
		return false // reported by requireCells
	}
	s := strings.ToUpper(strings.TrimSpace(c.Plain))
	s = strings.TrimSpace(strings.TrimPrefix(s, "STATE"))
	if !slices.Contains(stateIDs, s) {
		im.add(c.Pos, "import-cell", "unknown state %q: expected A, B or C", c.Plain)
		return false
	}
	*out = s
	return true
}

var failureModes = []string{"FAIL", "Skip", "XFail"}

// mapFailureMode reads a failure mode case-insensitively into FAIL, Skip
// or XFail.
func (im *importer) mapFailureMode(c cell, out *string) bool {
	if isBlankCell(c.Plain) {
		return false
	}
	for _, m := range failureModes {
		if strings.EqualFold(c.Plain, m) {
			*out = m
			return true
		}
	}
	im.add(c.Pos, "import-cell", "unknown failure mode %q: expected FAIL, Skip or XFail%s", c.Plain, yamlstrict.DidYouMean(c.Plain, failureModes))
	return false
}

// mapStub reads "Yes", "No" and "Yes (mock)"; an absent column means no stub.
func (im *importer) mapStub(c cell, out *site.Stub) bool {
	s := strings.TrimSpace(c.Plain)
	if isBlankCell(s) {
		return true
	}
	word, note, _ := strings.Cut(s, "(")
	note = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(note), ")"))
	switch strings.ToLower(strings.TrimSpace(word)) {
	case "yes":
		out.Available, out.Note = true, note
		return true
	case "no":
		out.Note = note
		return true
	}
	im.add(c.Pos, "import-cell", "stub availability %q is not Yes, No or Yes (note)", c.Plain)
	return false
}

// splitList reads "Tests, CI, Runtime" as a list; a blank cell is none.
func splitList(s string) []string {
	if isBlankCell(s) {
		return nil
	}
	var out []string
	for _, part := range strings.Split(s, ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// pathLike matches a file path: a folder separator or a file extension,
// and no spaces.
var pathLike = regexp.MustCompile(`^[^\s()]*(/[^\s()]+|\.[A-Za-z][A-Za-z0-9]*)$`)

// stubPath returns the path in "Stub (app/auth/stub.py)", or "".
func stubPath(localStrategy string) string {
	_, inner, ok := strings.Cut(localStrategy, "(")
	if !ok {
		return ""
	}
	inner, _, _ = strings.Cut(inner, ")")
	inner = strings.Trim(strings.TrimSpace(inner), "`")
	if pathLike.MatchString(inner) && strings.ContainsAny(inner, "/.") {
		return inner
	}
	return ""
}
