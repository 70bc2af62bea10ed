package importmd

import (
	"regexp"
	"strings"

	"github.com/infradoc/infradoc/site"
	gast "github.com/yuin/goldmark/ast"
)

// blockLines returns the plain text of a paragraph or heading, one string
// per source line, markup removed.
func blockLines(n gast.Node, src []byte) []string {
	var lines []string
	var cur strings.Builder
	_ = gast.Walk(n, func(c gast.Node, entering bool) (gast.WalkStatus, error) {
		if !entering {
			return gast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *gast.Text:
			cur.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				lines = append(lines, collapseSpace(cur.String()))
				cur.Reset()
			}
		case *gast.String:
			cur.Write(c.Value)
		case *gast.CodeSpan:
			cur.WriteString(inlineString(c, src))
			return gast.WalkSkipChildren, nil
		}
		return gast.WalkContinue, nil
	})
	if s := collapseSpace(cur.String()); s != "" {
		lines = append(lines, s)
	}
	return lines
}

// lineField returns the value of a "Key: value" line, key compared
// case-insensitively, e.g. lineField(lines, "status") for "**Status:** CANONICAL".
func lineField(lines []string, keys ...string) (string, bool) {
	for _, l := range lines {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		for _, key := range keys {
			if strings.EqualFold(strings.TrimSpace(k), key) {
				return strings.TrimSpace(v), true
			}
		}
	}
	return "", false
}

// refPattern matches references such as PIN-270.
var refPattern = regexp.MustCompile(`\b[A-Z][A-Z0-9]*-\d+\b`)

// wideGap separates the columns of a plain-text sketch.
var wideGap = regexp.MustCompile(`\s{2,}`)

// readMetadata takes the title from the first level-1 heading (unless it is
// just a file name) and the status and references from the first paragraph
// that has a "Status:" line.
func (im *importer) readMetadata(doc gast.Node, reg *site.Registry) {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *gast.Heading:
			if n.Level == 1 && reg.Title == "" {
				title := collapseSpace(inlineString(n, im.src))
				if !strings.HasSuffix(strings.ToLower(title), ".md") {
					reg.Title = title
				}
			}
		case *gast.Paragraph:
			lines := blockLines(n, im.src)
			status, ok := lineField(lines, "status")
			if !ok || reg.Status != "" {
				continue
			}
			reg.Status = status
			if refs, ok := lineField(lines, "reference", "references"); ok {
				reg.References = refPattern.FindAllString(refs, -1)
			}
		}
	}
}

// fillStateCI reads the CI consequence of each state from the state
// transitions sketch:
//
//	A (Conceptual) → B (Substitute) → C (Fully Wired)
//	     ↓                ↓                ↓
//	  Skip (B1/B2)     Run tests      Required
func (im *importer) fillStateCI(reg *site.Registry) {
	_ = gast.Walk(im.doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		if !entering {
			return gast.WalkContinue, nil
		}
		code, ok := n.(*gast.FencedCodeBlock)
		if !ok {
			return gast.WalkContinue, nil
		}
		var lines []string
		for i := 0; i < code.Lines().Len(); i++ {
			seg := code.Lines().At(i)
			if l := strings.TrimSpace(string(seg.Value(im.src))); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) < 3 {
			return gast.WalkSkipChildren, nil
		}
		chain := strings.Split(lines[0], "→")
		labels := wideGap.Split(lines[2], -1)
		if len(chain) < 2 || len(chain) != len(labels) || strings.Trim(lines[1], "↓ ") != "" {
			return gast.WalkSkipChildren, nil
		}
		for i, part := range chain {
			id, _, _ := strings.Cut(strings.TrimSpace(part), " ")
			if st := reg.State(id); st != nil && st.CI == "" {
				st.CI = strings.TrimSpace(labels[i])
			}
		}
		return gast.WalkStop, nil
	})
}
