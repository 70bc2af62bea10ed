package blocks

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/infradoc/infradoc/site"
)

// blockRenderer renders one block kind as markdown with "\n" line endings,
// ending with a newline.
type blockRenderer func(s *site.Site, b *site.Block) (string, error)

// blockRenderers maps every site.BlockKinds name to its renderer; a test
// checks the two lists agree.
var blockRenderers = map[string]blockRenderer{
	site.KindRegistryTable:        renderRegistryTable,
	site.KindStateSummary:         renderStateSummary,
	site.KindStateDefinitions:     renderStateDefinitions,
	site.KindBucketB1:             renderBucketB1,
	site.KindBucketB2:             renderBucketB2,
	site.KindArtifactMatrix:       renderArtifactMatrix,
	site.KindOwnership:            renderOwnership,
	site.KindObligationsTable:     renderObligationsTable,
	site.KindObligationCounts:     renderObligationCounts,
	site.KindObligationStatusDefs: renderObligationStatuses,
	site.KindDiagram:              renderDiagramBlock,
	site.KindRules:                renderRules,
	site.KindBlockKinds:           renderBlockKinds,
}

// RenderBlock returns the generated text of a block (a table, an image
// link) or of an inline value, with "\n" line endings. Blocks end with a
// newline; values do not.
func RenderBlock(s *site.Site, b *site.Block) (string, error) {
	if b.Inline() {
		return RenderValue(s, b.Value)
	}
	r, ok := blockRenderers[b.Kind]
	if !ok {
		return "", fmt.Errorf("unknown block kind %q", b.Kind)
	}
	return r(s, b)
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
