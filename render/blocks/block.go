package blocks

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/markers"
)

// Kind is one kind of generated block: the spec its begin marker is
// checked against (name, summary, options) and its renderer, which
// returns markdown with "\n" line endings, ending with a newline. Each
// kind is a file of its own (block_registry_table.go holds
// registry-table); kinds is the list of them.
type Kind struct {
	Spec   markers.BlockKind
	Render func(s *site.Site, b *site.Block) (string, error)
}

// kinds is every block kind. A new kind is a file of its own and a line
// here.
var kinds = []*Kind{
	kindArtifactMatrix,
	kindBlockKinds,
	kindBucketB1,
	kindBucketB2,
	kindDiagram,
	kindObligationCounts,
	kindObligationStatuses,
	kindObligationsTable,
	kindOwnership,
	kindRegistryTable,
	kindRules,
	kindStateDefinitions,
	kindStateSummary,
}

// Specs returns every block kind's spec, sorted by name.
func Specs() []markers.BlockKind {
	out := make([]markers.BlockKind, len(kinds))
	for i, k := range kinds {
		out[i] = k.Spec
	}
	slices.SortFunc(out, func(a, b markers.BlockKind) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Vocabulary is what the docs' markers may name: every block kind and
// inline value name (see ValueNames).
func Vocabulary() *markers.Vocabulary {
	v := &markers.Vocabulary{Kinds: Specs()}
	for _, n := range ValueNames() {
		v.Values = append(v.Values, n.Name)
	}
	return v
}

// RenderBlock returns the generated text of a block (a table, an image
// link) or of an inline value, with "\n" line endings. Blocks end with a
// newline; values do not.
func RenderBlock(s *site.Site, b *site.Block) (string, error) {
	if b.Inline() {
		return RenderValue(s, b.Value)
	}
	for _, k := range kinds {
		if k.Spec.Name == b.Kind {
			return k.Render(s, b)
		}
	}
	return "", fmt.Errorf("unknown block kind %q", b.Kind)
}

// mdTable renders a markdown table in the seed docs' shape: a separator of
// dashes as wide as each header cell plus two. Cells are escaped.
func mdTable(header []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString("|")
	for _, h := range header {
		b.WriteString(" " + mdCell(h) + " |")
	}
	b.WriteString("\n|")
	for _, h := range header {
		b.WriteString(strings.Repeat("-", utf8.RuneCountInString(mdCell(h))+2) + "|")
	}
	b.WriteString("\n")
	for _, row := range rows {
		b.WriteString("|")
		for _, c := range row {
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// mdCell escapes text for a table cell: "|" is escaped, "<!--" is written
// "&lt;!--" (so no YAML text can open a comment or a marker), line breaks
// become <br>, and surrounding blanks are trimmed. An empty cell is "—".
func mdCell(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" {
		return "—"
	}
	s = strings.ReplaceAll(s, `|`, `\|`)
	// A comment opener in YAML text must not become a marker in the doc.
	s = strings.ReplaceAll(s, "<!--", "&lt;!--")
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.Join(lines, "<br>")
}

// cells escapes each of values.
func cells(values ...string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = mdCell(v)
	}
	return out
}

// bold wraps escaped text in ** **.
func bold(s string) string { return "**" + mdCell(s) + "**" }

// placeholderRow is the row of an empty table: "*(text)*" then dashes.
func placeholderRow(text string, width int) []string {
	row := []string{"*(" + mdCell(text) + ")*"}
	for range width - 1 {
		row = append(row, "—")
	}
	return row
}

// inFilter reports whether value passes a list option: true when the
// option is unset, else a case-insensitive match of any listed value.
func inFilter(filter []string, value string) bool {
	if filter == nil {
		return true
	}
	return slices.ContainsFunc(filter, func(f string) bool { return strings.EqualFold(f, strings.TrimSpace(value)) })
}
