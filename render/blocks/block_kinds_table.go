package blocks

import (
	"fmt"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/markers"
)

// renderBlockKinds renders the vocabulary of the markers from the lists
// the marker parser checks against: with list=kinds (the default) every
// block kind (Specs) with what it renders and its options, with
// list=values every inline value name (ValueNames).
func renderBlockKinds(_ *site.Site, b *site.Block) (string, error) {
	list, _ := b.Option("list")
	switch list {
	case "", "kinds":
		var rows [][]string
		for _, k := range Specs() {
			rows = append(rows, []string{code(k.Name), mdCell(k.Summary), kindOptions(k.Options)})
		}
		return mdTable([]string{"Kind", "Renders", "Options"}, rows), nil
	case "values":
		var rows [][]string
		for _, v := range ValueNames() {
			rows = append(rows, []string{code(v.Name), mdCell(v.Summary)})
		}
		return mdTable([]string{"Value", "Gives"}, rows), nil
	}
	return "", fmt.Errorf("block-kinds: unknown list %q", list)
}

// kindOptions describes a kind's options in one cell, one option a line:
// "`name` (required; comma list of A, B, C): summary"; "—" for none.
func kindOptions(opts []site.BlockOption) string {
	if len(opts) == 0 {
		return "—"
	}
	lines := make([]string, 0, len(opts))
	for _, o := range opts {
		var notes []string
		if o.Required {
			notes = append(notes, "required")
		}
		switch {
		case o.List && o.Values != nil:
			notes = append(notes, "comma list of "+strings.Join(o.Values, ", "))
		case o.List:
			notes = append(notes, "comma list")
		case o.Values != nil:
			notes = append(notes, "one of "+strings.Join(o.Values, ", "))
		}
		line := code(o.Name)
		if notes != nil {
			line += " (" + mdCell(strings.Join(notes, "; ")) + ")"
		}
		lines = append(lines, line+": "+mdCell(o.Summary))
	}
	return strings.Join(lines, "<br>")
}

// kindBlockKinds is the block-kinds block kind.
var kindBlockKinds = &Kind{Spec: markers.BlockKind{Name: "block-kinds", Summary: "every block kind with what it renders and its options, or every inline value name with what it counts", Options: []markers.BlockOption{
	{Name: "list", Summary: "kinds (the default) lists the block kinds, values the inline value names", Values: []string{"kinds", "values"}},
}}}

// The block-kinds table lists every kind, itself included: its renderer is
// set here rather than in its literal, which would make the list of kinds
// part of its own initialisation.
func init() { kindBlockKinds.Render = renderBlockKinds }
