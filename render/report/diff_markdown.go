package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/infradoc/infradoc/site/regdiff"
)

// WriteDiffMarkdown writes d as GitHub-flavoured markdown for a
// pull-request comment or a job summary: a heading, a line naming the two
// sides and what changed, every demotion on a line of its own starting
// "**Demotion**", the notes and load problems of each side, and a table of
// the infra items and one of the obligations that changed; "No registry or
// obligation changes." when nothing did. Text from the repositories is
// escaped (mdText), so no name can open a link, a tag or a table cell.
func WriteDiffMarkdown(w io.Writer, d *regdiff.Diff) error {
	var b bytes.Buffer
	b.WriteString("### infradoc: registry and obligation changes\n\n")
	fmt.Fprintf(&b, "%s → %s: %s\n", mdText(sideText(d.Base), 0), mdText(sideText(d.Head), 0), mdText(diffSummary(d), 0))
	if dem := demotionLines(d, "→"); len(dem) > 0 {
		b.WriteString("\n")
		for _, l := range dem {
			fmt.Fprintf(&b, "- **Demotion**: %s\n", mdText(l, 0))
		}
	}
	var notes []string
	for _, side := range []regdiff.SideInfo{d.Base, d.Head} {
		for _, n := range side.Notes {
			notes = append(notes, "- Note: "+mdText(n, 0)+"\n")
		}
		for _, f := range side.Findings {
			notes = append(notes, "- "+mdText(f.String(), 0)+"\n")
		}
	}
	if len(notes) > 0 {
		b.WriteString("\n")
		b.WriteString(strings.Join(notes, ""))
	}
	if len(d.Items) > 0 {
		b.WriteString("\n#### Infra items\n\n| item | change | state | bucket | owner | layer |\n|---|---|---|---|---|---|\n")
		for _, it := range d.Items {
			state := cellOf(it.State, it.Change) + listed(when(it.Promotion, "promotion"), when(it.Demotion, "demotion"))
			mdRow(&b, it.Name, it.Change, state, cellOf(it.Bucket, it.Change), cellOf(it.Owner, it.Change), cellOf(it.Layer, it.Change))
		}
	}
	if len(d.Obligations) > 0 {
		b.WriteString("\n#### Obligations\n\n| obligation | title | change | status | required objects | declared tests |\n|---|---|---|---|---|---|\n")
		for _, o := range d.Obligations {
			status := cellOf(o.Status, o.Change) + listed(when(o.Promotion, "promotion"), when(o.Demotion, "demotion"), when(o.Deprecation, "deprecation"))
			mdRow(&b, o.ID, o.Title, o.Change, status, requiresCell(o), testsCell(o))
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// DiffSection is d's markdown as an io.WriterTo, for a job summary's
// sections (Summary.Sections).
func DiffSection(d *regdiff.Diff) io.WriterTo { return diffSection{d} }

type diffSection struct{ d *regdiff.Diff }

func (s diffSection) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	if err := WriteDiffMarkdown(&b, s.d); err != nil {
		return 0, err
	}
	return b.WriteTo(w)
}

// mdRow writes a table row of cells, each escaped.
func mdRow(b *bytes.Buffer, cells ...string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" " + mdText(c, 0) + " |")
	}
	b.WriteString("\n")
}

// cellOf is a change as a cell: the value of an added or removed thing,
// "A → B" for a changed one, "" when unchanged.
func cellOf(c *regdiff.Change, kind string) string {
	switch {
	case c == nil:
		return ""
	case kind != regdiff.Changed:
		return valueOf(c, kind)
	}
	return changeText(c, "→")
}

// requiresCell lists the required objects added and removed; for an added
// or removed obligation, how many it has.
func requiresCell(o regdiff.ObligationChange) string {
	switch o.Change {
	case regdiff.Added:
		return objectCount(len(o.RequiresAdded))
	case regdiff.Removed:
		return objectCount(len(o.RequiresRemoved))
	}
	var parts []string
	for _, r := range o.RequiresAdded {
		parts = append(parts, "+ "+r)
	}
	for _, r := range o.RequiresRemoved {
		parts = append(parts, "− "+r)
	}
	return strings.Join(parts, ", ")
}

// testsCell is the declared test counts' change; for an added or removed
// obligation, its total.
func testsCell(o regdiff.ObligationChange) string {
	switch o.Change {
	case regdiff.Added:
		return testTotal(o.TestCount, true)
	case regdiff.Removed:
		return testTotal(o.TestCount, false)
	}
	return strings.TrimPrefix(testsText(o, "→"), "declared tests ")
}
