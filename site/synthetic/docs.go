package synthetic

import (
	"fmt"
	"path"
	"strings"
)

// docFolders spread the docs over a few folders so links between them use
// relative paths such as ../runbooks/doc-0003.md.
var docFolders = []string{"", "guides", "runbooks", "decisions"}

// docPath returns the path of doc i relative to the repository root.
func docPath(i int) string {
	return path.Join(DocsDir, docFolders[i%len(docFolders)], fmt.Sprintf("doc-%04d.md", i))
}

// relLink returns the link from the doc at from to the doc at to.
func relLink(from, to string) string {
	fromDir := strings.Split(path.Dir(from), "/")
	toParts := strings.Split(to, "/")
	common := 0
	for common < len(fromDir) && common < len(toParts)-1 && fromDir[common] == toParts[common] {
		common++
	}
	up := strings.Repeat("../", len(fromDir)-common)
	return up + strings.Join(toParts[common:], "/")
}

func (g *generator) writeDocs() error {
	for i := range g.opts.Docs {
		if err := g.write(docPath(i), g.doc(i)); err != nil {
			return err
		}
	}
	return nil
}

// doc returns a markdown doc with headings, a table, mentions of items and
// obligations, and links to other docs' headings.
func (g *generator) doc(i int) string {
	self := docPath(i)
	topic := g.pick(titleWords)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s handbook %d\n\n", topic, i)
	fmt.Fprintf(&b, "This page explains how the %s area is governed. Jump to [the details](#details).\n\n", strings.ToLower(topic))
	b.WriteString("## Overview\n\n")
	it := g.items[g.rnd.IntN(len(g.items))]
	fmt.Fprintf(&b, "The %s item is in state %s and owned by %s.", it.name, it.state, it.owner)
	if len(g.obligations) > 0 {
		o := g.obligations[g.rnd.IntN(len(g.obligations))]
		fmt.Fprintf(&b, " Obligation %s (%s) is %s.", o.id, o.title, o.status)
	}
	b.WriteString("\n\n")
	b.WriteString("| Item | State | Owner |\n|------|-------|-------|\n")
	for range 3 {
		it := g.items[g.rnd.IntN(len(g.items))]
		fmt.Fprintf(&b, "| %s | %s | %s |\n", it.name, it.state, it.owner)
	}
	b.WriteString("\n## Details\n\n")
	b.WriteString("- Every change goes through review.\n- Tests declare the infra they need with `@requires_infra`.\n- State transitions are approved by a human.\n\n")
	b.WriteString("```sql\nSELECT count(*) FROM pg_catalog.pg_tables;\n```\n\n")
	b.WriteString("## Related\n\n")
	if g.opts.Docs > 1 {
		for k := 1; k <= 3; k++ {
			j := (i + k*7 + g.rnd.IntN(5)) % g.opts.Docs
			if j == i {
				continue
			}
			anchor := []string{"overview", "details", "related"}[g.rnd.IntN(3)]
			fmt.Fprintf(&b, "- [Doc %d, %s](%s#%s)\n", j, anchor, relLink(self, docPath(j)), anchor)
		}
	}
	b.WriteString("- [External reference](https://example.org/governance)\n")
	return b.String()
}
