package html

import (
	"path"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// Docs navigation: what every doc page shows around its text (the tree of
// docs and their sections, previous and next) and what the docs index
// says of each doc (its title and summary).

// docNavEntry is one doc in the sidebar tree: its page, title and
// sections (its level-2 headings).
type docNavEntry struct {
	URL, Title string
	Sections   []tocEntry
}

// docLink is a link to another doc page.
type docLink struct {
	URL, Title string
}

// maxNavSections is the most sections, over all docs, that every doc
// page's sidebar lists. Past it each page lists only its own doc's
// sections beside every doc's title: every page repeats the sidebar, so
// the sections of many docs would make every page, and the build, large.
const maxNavSections = 250

// docNav lists every doc for the sidebar, in page order; built once per
// build and shared by every doc page. Each entry holds its doc's sections
// while all of them together are at most maxNavSections; else none does,
// and a page takes its own from docSections.
func (b *builder) docNav() []docNavEntry {
	out := make([]docNavEntry, 0, len(b.docs))
	total := 0
	for _, p := range b.docs {
		e := docNavEntry{URL: p.url, Title: p.title, Sections: docSections(p)}
		total += len(e.Sections)
		out = append(out, e)
	}
	if total > maxNavSections {
		for i := range out {
			out[i].Sections = nil
		}
	}
	return out
}

// docSections are a doc's level-2 headings: its sections in the sidebar.
func docSections(p *docPage) []tocEntry {
	var out []tocEntry
	for _, t := range p.toc {
		if t.Level == 2 {
			out = append(out, t)
		}
	}
	return out
}

// docNeighbours returns the docs before and after the i-th, in the
// sidebar's order; nil at either end.
func (b *builder) docNeighbours(i int) (prev, next *docLink) {
	if i > 0 {
		p := b.docs[i-1]
		prev = &docLink{URL: p.url, Title: p.title}
	}
	if i+1 < len(b.docs) {
		p := b.docs[i+1]
		next = &docLink{URL: p.url, Title: p.title}
	}
	return prev, next
}

// namesFile reports whether a heading's text is only the doc's file name
// ("INFRA_REGISTRY.md", or "INFRA_REGISTRY"): such a heading names the
// file, not the subject, so the doc's title is taken from its next
// heading instead.
func namesFile(heading, docPath string) bool {
	h := strings.TrimSpace(heading)
	base := path.Base(docPath)
	return strings.EqualFold(h, base) || strings.EqualFold(h, strings.TrimSuffix(base, path.Ext(base)))
}

// summaryRunes is the longest summary on the docs index, in characters.
const summaryRunes = 220

// docSummary returns the doc's first paragraph as plain text, shortened
// at a word to summaryRunes. A paragraph of "**Field:** value" lines (a
// status block under the title) is not a summary: its Purpose field is,
// when it has one; else the next paragraph is taken.
func docSummary(root ast.Node, src []byte) string {
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		para, ok := n.(*ast.Paragraph)
		if !ok {
			continue
		}
		fields, isFields := paragraphFields(para, src)
		if isFields {
			if purpose := fields["purpose"]; purpose != "" {
				return shorten(purpose, summaryRunes)
			}
			continue
		}
		if s := strings.Join(strings.Fields(nodeText(para, src)), " "); s != "" {
			return shorten(s, summaryRunes)
		}
	}
	return ""
}

// paragraphFields reads a paragraph whose every line starts with a bold
// label ending in a colon ("**Status:** ACTIVE") as fields, by lower-case
// label; isFields is false for any other paragraph.
func paragraphFields(para *ast.Paragraph, src []byte) (fields map[string]string, isFields bool) {
	fields = map[string]string{}
	var label string
	var value strings.Builder
	lineStart := true
	flush := func() {
		if label != "" {
			fields[label] = strings.Join(strings.Fields(value.String()), " ")
		}
		label = ""
		value.Reset()
	}
	for c := para.FirstChild(); c != nil; c = c.NextSibling() {
		if lineStart {
			e, ok := c.(*ast.Emphasis)
			if !ok || e.Level != 2 {
				return nil, false
			}
			l := strings.TrimSpace(nodeText(e, src))
			if !strings.HasSuffix(l, ":") {
				return nil, false
			}
			flush()
			label = strings.ToLower(strings.TrimSuffix(l, ":"))
			lineStart = false
			continue
		}
		if _, ok := c.(*ast.RawHTML); !ok {
			value.WriteString(nodeText(c, src))
		}
		if t, ok := c.(*ast.Text); ok && (t.SoftLineBreak() || t.HardLineBreak()) {
			lineStart = true
		}
	}
	flush()
	return fields, len(fields) > 0
}

// shorten cuts s to at most n characters at a word boundary, marking the
// cut with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, end, runes := 0, 0, 0
	for i := range s {
		if runes == n-1 {
			end = i
			break
		}
		if s[i] == ' ' {
			cut = i
		}
		runes++
	}
	if cut == 0 {
		return s[:end] + "…"
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}
