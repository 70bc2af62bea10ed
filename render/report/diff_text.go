package report

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/infradoc/infradoc/site/regdiff"
)

// DiffFormat is how a registry diff is printed.
type DiffFormat string

// Diff formats.
const (
	DiffText     DiffFormat = "text"
	DiffJSON     DiffFormat = "json"
	DiffMarkdown DiffFormat = "markdown"
)

// DiffFormats lists the valid diff formats.
var DiffFormats = []DiffFormat{DiffText, DiffJSON, DiffMarkdown}

// WriteDiff writes d in format.
func WriteDiff(w io.Writer, format DiffFormat, d *regdiff.Diff) error {
	switch format {
	case DiffJSON:
		return WriteDiffJSON(w, d)
	case DiffMarkdown:
		return WriteDiffMarkdown(w, d)
	}
	return WriteDiffText(w, d)
}

// WriteDiffText writes d for a terminal: a line naming the two sides and
// what changed, a line per demotion, the notes and load problems of each side,
// then a line per item and per obligation ("+" added, "-" removed, "~"
// changed), or "No registry or obligation changes.".
func WriteDiffText(w io.Writer, d *regdiff.Diff) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s -> %s: %s\n", sideText(d.Base), sideText(d.Head), diffSummary(d))
	for _, l := range demotionLines(d, "->") {
		fmt.Fprintf(&b, "Demotion: %s\n", l)
	}
	for _, side := range []regdiff.SideInfo{d.Base, d.Head} {
		for _, n := range side.Notes {
			fmt.Fprintf(&b, "note: %s\n", n)
		}
		for _, f := range side.Findings {
			fmt.Fprintf(&b, "%s\n", f)
		}
	}
	if len(d.Items) > 0 {
		fmt.Fprintf(&b, "\nInfra items:\n")
		for _, it := range d.Items {
			fmt.Fprintf(&b, "  %s %s: %s\n", changeMark(it.Change), it.Name, itemText(it))
		}
	}
	if len(d.Obligations) > 0 {
		fmt.Fprintf(&b, "\nObligations:\n")
		for _, o := range d.Obligations {
			fmt.Fprintf(&b, "  %s %s: %s\n", changeMark(o.Change), o.ID, obligationText(o))
		}
	}
	_, err := io.WriteString(w, terminalSafe(b.String()))
	return err
}

// terminalSafe turns the control characters of s, but for line ends, into
// spaces (a name in the YAML must not send escape sequences to a terminal)
// and invalid UTF-8 into U+FFFD.
func terminalSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// sideText names a side: "main (0123456789ab)" or "work tree".
func sideText(s regdiff.SideInfo) string {
	if s.Commit == "" || s.Commit == s.Ref {
		return s.Name()
	}
	return s.Name() + " (" + s.Commit[:min(12, len(s.Commit))] + ")"
}

// diffSummary says in a sentence what changed: "2 infra items and 1
// obligation changed: 1 demotion, 1 promotion." or "No registry or
// obligation changes.".
func diffSummary(d *regdiff.Diff) string {
	if d.Empty() {
		return "No registry or obligation changes."
	}
	var what []string
	if n := len(d.Items); n > 0 {
		what = append(what, countWords(n, "infra item", "infra items"))
	}
	if n := len(d.Obligations); n > 0 {
		what = append(what, countWords(n, "obligation", "obligations"))
	}
	s := joinAnd(what) + " changed"
	var promotions, deprecations int
	for _, it := range d.Items {
		if it.Promotion {
			promotions++
		}
	}
	for _, o := range d.Obligations {
		if o.Promotion {
			promotions++
		}
		if o.Deprecation {
			deprecations++
		}
	}
	var flags []string
	if n := d.Demotions(); n > 0 {
		flags = append(flags, countWords(n, "demotion", "demotions"))
	}
	if promotions > 0 {
		flags = append(flags, countWords(promotions, "promotion", "promotions"))
	}
	if deprecations > 0 {
		flags = append(flags, countWords(deprecations, "deprecation", "deprecations"))
	}
	if len(flags) > 0 {
		s += ": " + strings.Join(flags, ", ")
	}
	return s + "."
}

// demotionLines describes each demotion, with arrow between the states.
func demotionLines(d *regdiff.Diff, arrow string) []string {
	var out []string
	for _, it := range d.Items {
		if it.Demotion {
			out = append(out, fmt.Sprintf("infra item %s, state %s %s %s", it.Name, it.State.From, arrow, it.State.To))
		}
	}
	for _, o := range d.Obligations {
		if o.Demotion {
			out = append(out, fmt.Sprintf("obligation %s, status %s %s %s", o.ID, o.Status.From, arrow, o.Status.To))
		}
	}
	return out
}

func changeMark(kind string) string {
	switch kind {
	case regdiff.Added:
		return "+"
	case regdiff.Removed:
		return "-"
	}
	return "~"
}

// itemText lists what changed of an item, or what it is when it was added
// or removed.
func itemText(it regdiff.ItemChange) string {
	switch it.Change {
	case regdiff.Added:
		return "added in state " + it.State.To + listed(
			prefixed("bucket ", valueOf(it.Bucket, it.Change)), prefixed("owner ", valueOf(it.Owner, it.Change)), prefixed("layer ", valueOf(it.Layer, it.Change)))
	case regdiff.Removed:
		return "removed (was in state " + it.State.From + ")"
	}
	var parts []string
	if it.State != nil {
		parts = append(parts, "state "+changeText(it.State, "->")+listed(when(it.Promotion, "promotion"), when(it.Demotion, "demotion")))
	}
	for _, c := range []struct {
		name string
		c    *regdiff.Change
	}{{"bucket", it.Bucket}, {"owner", it.Owner}, {"layer", it.Layer}} {
		if c.c != nil {
			parts = append(parts, c.name+" "+changeText(c.c, "->"))
		}
	}
	return strings.Join(parts, "; ")
}

// obligationText lists what changed of an obligation, or what it is when
// it was added or removed.
func obligationText(o regdiff.ObligationChange) string {
	switch o.Change {
	case regdiff.Added:
		return "added, " + o.Status.To + listed(objectCount(len(o.RequiresAdded)), testTotal(o.TestCount, true))
	case regdiff.Removed:
		return "removed (was " + o.Status.From + ")"
	}
	var parts []string
	if o.Status != nil {
		parts = append(parts, "status "+changeText(o.Status, "->")+listed(when(o.Promotion, "promotion"), when(o.Demotion, "demotion"), when(o.Deprecation, "deprecation")))
	}
	if len(o.RequiresAdded) > 0 {
		parts = append(parts, "requires + "+strings.Join(o.RequiresAdded, ", "))
	}
	if len(o.RequiresRemoved) > 0 {
		parts = append(parts, "requires - "+strings.Join(o.RequiresRemoved, ", "))
	}
	if t := testsText(o, "->"); t != "" {
		parts = append(parts, t)
	}
	return strings.Join(parts, "; ")
}

// testsText is "declared tests 3 -> 5 (tests/a.py 2 -> 4, tests/b.py
// removed, tests/c.py added with 1)", or "" when no count changed.
func testsText(o regdiff.ObligationChange, arrow string) string {
	if len(o.Tests) == 0 {
		return ""
	}
	var files []string
	for _, t := range o.Tests {
		switch {
		case t.From == nil:
			files = append(files, fmt.Sprintf("%s added with %d", t.Path, *t.To))
		case t.To == nil:
			files = append(files, fmt.Sprintf("%s removed (was %d)", t.Path, *t.From))
		default:
			files = append(files, fmt.Sprintf("%s %d %s %d", t.Path, *t.From, arrow, *t.To))
		}
	}
	total := "declared tests"
	if o.TestCount != nil {
		total += fmt.Sprintf(" %d %s %d", o.TestCount.From, arrow, o.TestCount.To)
	}
	return total + " (" + strings.Join(files, ", ") + ")"
}

// changeText is "A -> B", with "none" for a missing side.
func changeText(c *regdiff.Change, arrow string) string {
	return cmp.Or(c.From, "none") + " " + arrow + " " + cmp.Or(c.To, "none")
}

// valueOf is the value an added (its new value) or removed (its old
// value) thing has, "" when none.
func valueOf(c *regdiff.Change, kind string) string {
	switch {
	case c == nil:
		return ""
	case kind == regdiff.Removed:
		return c.From
	}
	return c.To
}

func prefixed(prefix, v string) string {
	if v == "" {
		return ""
	}
	return prefix + v
}

// listed is " (a, b)" of the non-empty parts, "" when none.
func listed(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		return ""
	}
	return " (" + strings.Join(kept, ", ") + ")"
}

// when is what when on, else "".
func when(on bool, what string) string {
	if on {
		return what
	}
	return ""
}

func objectCount(n int) string {
	if n == 0 {
		return ""
	}
	return countWords(n, "required object", "required objects")
}

// testTotal is "3 declared tests" of an added (head true: the count after)
// or removed (the count before) obligation.
func testTotal(c *regdiff.CountChange, head bool) string {
	if c == nil {
		return ""
	}
	n := c.From
	if head {
		n = c.To
	}
	return countWords(n, "declared test", "declared tests")
}
