package importmd

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdownTables parses markdown with the GFM table extension; built on
// first use, so that commands that import nothing do not pay for it.
var markdownTables = sync.OnceValue(func() goldmark.Markdown { return goldmark.New(goldmark.WithExtensions(extension.Table)) })

// ImportMarkdown reads a hand-written registry doc shaped like the seed's
// INFRA_REGISTRY.md and returns the registry its tables describe. Tables are
// recognised by their headers (case, spacing and bold ignored): the Full
// Registry Table, State Definitions, Bucket B1 and B2, the Artifact
// Responsibility Matrix and Ownership. Promotions are taken from the prose
// where it says plainly which item reached which state on which date, and
// the artifacts' roles and derivation from the tree drawn under the matrix.
//
// Findings point into file (the display name of src) at the cell that
// could not be mapped; the registry is nil when any finding is an error.
func ImportMarkdown(file string, src []byte) (*site.Registry, []site.Finding) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	im := &importer{file: file, src: src, lines: finding.NewLineIndex(file, src)}
	doc := markdownTables().Parser().Parse(text.NewReader(src))
	im.doc = doc
	reg := &site.Registry{File: file}
	im.readMetadata(doc, reg)
	tables := im.findTables(doc)
	if !im.sawRegistry {
		im.add(site.Pos{File: file, Line: 1, Col: 1}, "import-registry-table",
			"no registry table found: expected a table with the columns %s", strings.Join(kindRegistry.headers(), " | "))
	}
	for _, t := range tables[kindRegistry] {
		im.readItems(t, reg)
	}
	readLayers(reg)
	for _, t := range tables[kindStates] {
		im.readStates(t, reg)
	}
	im.readBuckets(tables[kindB1], tables[kindB2], reg)
	for _, t := range tables[kindSummary] {
		im.checkSummary(t, reg)
	}
	for _, t := range tables[kindArtifacts] {
		im.readArtifacts(t, reg)
	}
	im.readArtifactMap(reg)
	for _, t := range tables[kindRoles] {
		im.readRoles(t, reg)
	}
	if !site.HasErrors(im.findings) {
		im.readHistory(doc, reg)
	}
	findings := site.SortFindings(im.findings)
	if site.HasErrors(findings) {
		return nil, findings
	}
	return reg, findings
}

// importer holds one ImportMarkdown run.
type importer struct {
	file     string
	src      []byte
	lines    *finding.LineIndex
	doc      gast.Node
	findings []site.Finding
	// sawRegistry is set when a table had the registry's headers, even if
	// it could not be read.
	sawRegistry bool
	// rowOf remembers the registry-table row each item came from.
	rowOf map[*site.Item]site.Pos
	// byName finds items by lowercased name while the table is read.
	byName map[string]*site.Item
}

func (im *importer) add(pos site.Pos, rule, format string, args ...any) {
	im.findings = append(im.findings, site.Finding{Pos: pos, Severity: site.SeverityError, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

func (im *importer) warn(pos site.Pos, rule, format string, args ...any) {
	im.add(pos, rule, format, args...)
	im.findings[len(im.findings)-1].Severity = site.SeverityWarning
}

// pos converts a byte offset of the source into file:line:col, the column
// counted in characters from 1.
func (im *importer) pos(offset int) site.Pos {
	if offset < 0 {
		return site.Pos{File: im.file}
	}
	return im.lines.Pos(offset)
}

// mdTable is a table of the doc with its cells' text and positions.
type mdTable struct {
	kind    *tableKind
	pos     site.Pos
	header  []cell
	rows    [][]cell
	columns map[string]int // normalized header -> column index
}

// cell is one table cell. Plain has every markup removed (for names,
// states and other identifiers); Text keeps inline code and links as
// markdown but drops bold and italic (for prose).
type cell struct {
	Plain string
	Text  string
	Pos   site.Pos
	// Missing is set for cells the row did not write at all.
	Missing bool
}

// get returns the cell of column key in row, or an empty cell when the
// table has no such column.
func (t *mdTable) get(row []cell, key string) cell {
	if i, ok := t.columns[key]; ok && i < len(row) {
		return row[i]
	}
	return cell{}
}

// has reports whether the table has the column key.
func (t *mdTable) has(key string) bool {
	_, ok := t.columns[key]
	return ok
}

// readTable collects the header and rows of a goldmark table.
func (im *importer) readTable(n *east.Table) *mdTable {
	t := &mdTable{pos: im.pos(n.Pos()), columns: map[string]int{}}
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		var row []cell
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			row = append(row, im.readCell(c, r))
		}
		if _, isHeader := r.(*east.TableHeader); isHeader {
			t.header = row
			continue
		}
		t.rows = append(t.rows, row)
	}
	for i, h := range t.header {
		key := normalizeHeader(h.Plain)
		if _, dup := t.columns[key]; !dup {
			t.columns[key] = i
		}
	}
	return t
}

func (im *importer) readCell(c, row gast.Node) cell {
	if c.Lines().Len() == 0 {
		return cell{Missing: true, Pos: im.pos(row.Pos())}
	}
	var plain, md strings.Builder
	for n := c.FirstChild(); n != nil; n = n.NextSibling() {
		inlineText(&plain, n, im.src, false)
		inlineText(&md, n, im.src, true)
	}
	seg := c.Lines().At(0)
	return cell{Plain: collapseSpace(plain.String()), Text: collapseSpace(md.String()), Pos: im.pos(seg.Start)}
}

// extraCells reports whether a row's source line writes more cells than
// its header (goldmark drops them silently).
func (im *importer) extraCells(row []cell) bool {
	last := row[len(row)-1]
	if last.Missing || last.Pos.Line < 1 || last.Pos.Line > im.lines.Lines() {
		return false
	}
	start := im.lines.LineStart(last.Pos.Line - 1)
	end := len(im.src)
	if last.Pos.Line < im.lines.Lines() {
		end = im.lines.LineStart(last.Pos.Line)
	}
	line := string(im.src[start:end])
	// Skip to the last cell's content, then past its closing pipe.
	rest := []rune(line)
	if last.Pos.Col-1 > len(rest) {
		return false
	}
	tail := string(rest[last.Pos.Col-1:])
	for i := 0; i < len(tail); i++ {
		switch tail[i] {
		case '\\':
			i++
		case '`':
			// A code span may hold pipes; skip to its end.
			if j := strings.IndexByte(tail[i+1:], '`'); j >= 0 {
				i += j + 1
			}
		case '|':
			return strings.Trim(tail[i+1:], " \t\r\n|") != ""
		}
	}
	return false
}

// inlineText appends the text of an inline node. With keepMarkdown, code
// spans, links and images stay markdown; emphasis is always dropped.
func inlineText(b *strings.Builder, n gast.Node, src []byte, keepMarkdown bool) {
	switch n := n.(type) {
	case *gast.Text:
		v := n.Segment.Value(src)
		if keepMarkdown {
			b.Write(bytes.ReplaceAll(v, []byte(`\|`), []byte("|")))
		} else {
			b.Write(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v))))
		}
		if n.SoftLineBreak() || n.HardLineBreak() {
			b.WriteByte(' ')
		}
	case *gast.String:
		b.Write(n.Value)
	case *gast.CodeSpan:
		var code strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*gast.Text); ok {
				code.Write(t.Segment.Value(src))
			} else if s, ok := c.(*gast.String); ok {
				code.Write(s.Value)
			}
		}
		if !keepMarkdown {
			b.WriteString(code.String())
			return
		}
		fence := "`"
		for strings.Contains(code.String(), fence) {
			fence += "`"
		}
		pad := ""
		if strings.HasPrefix(code.String(), "`") || strings.HasSuffix(code.String(), "`") {
			pad = " "
		}
		b.WriteString(fence + pad + code.String() + pad + fence)
	case *gast.Link:
		if !keepMarkdown {
			inlineChildren(b, n, src, false)
			return
		}
		b.WriteByte('[')
		inlineChildren(b, n, src, true)
		b.WriteString("](" + string(n.Destination))
		if len(n.Title) > 0 {
			b.WriteString(` "` + string(n.Title) + `"`)
		}
		b.WriteByte(')')
	case *gast.Image:
		if !keepMarkdown {
			inlineChildren(b, n, src, false)
			return
		}
		b.WriteString("![")
		inlineChildren(b, n, src, true)
		b.WriteString("](" + string(n.Destination) + ")")
	case *gast.AutoLink:
		if keepMarkdown {
			b.WriteString("<" + string(n.URL(src)) + ">")
		} else {
			b.Write(n.Label(src))
		}
	case *gast.RawHTML:
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			b.Write(seg.Value(src))
		}
	default:
		inlineChildren(b, n, src, keepMarkdown)
	}
}

func inlineChildren(b *strings.Builder, n gast.Node, src []byte, keepMarkdown bool) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		inlineText(b, c, src, keepMarkdown)
	}
}

// inlineString returns the plain text of a block's inline children.
func inlineString(n gast.Node, src []byte) string {
	var b strings.Builder
	inlineChildren(&b, n, src, false)
	return b.String()
}

// collapseSpace trims s and turns each run of white space into one space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// normalizeHeader lowercases a header and collapses its spaces, so
// "Infra  name" and "**Infra Name**" both read "infra name".
func normalizeHeader(s string) string {
	return strings.ToLower(collapseSpace(s))
}

// nameKey compares item names ignoring case and spaces: "LLM APIs" and
// LLMAPIs are the same item.
func nameKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

// sameName compares two names as the registry does: case and surrounding
// blanks aside.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}
