package report

import (
	"encoding/json"
	"io"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/regdiff"
)

// diffJSON is the JSON form of a diff: the diff's fields, with the count
// of demotions a script checks first.
type diffJSON struct {
	Demotions int `json:"demotions"`
	*regdiff.Diff
}

// WriteDiffJSON writes d as one indented JSON object: "demotions" (a
// count), "base" and "head" (ref, commit, notes, findings), "items" and
// "obligations" (the changes; regdiff's types say every field). Lists are
// empty, never null.
func WriteDiffJSON(w io.Writer, d *regdiff.Diff) error {
	out := *d
	out.Base, out.Head = jsonSide(d.Base), jsonSide(d.Head)
	if out.Items == nil {
		out.Items = []regdiff.ItemChange{}
	}
	if out.Obligations == nil {
		out.Obligations = []regdiff.ObligationChange{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(diffJSON{Demotions: d.Demotions(), Diff: &out})
}

func jsonSide(s regdiff.SideInfo) regdiff.SideInfo {
	if s.Notes == nil {
		s.Notes = []string{}
	}
	if s.Findings == nil {
		s.Findings = []site.Finding{}
	}
	return s
}
