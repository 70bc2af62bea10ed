package html

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// parseDoc parses markdown as prepareDocs does and collects the doc.
func parseDoc(t *testing.T, docPath, src string) *docPage {
	t.Helper()
	p := &docPage{doc: SiteDoc{Path: docPath, Display: docPath, Source: []byte(src)}, ids: map[string]bool{}}
	p.root = newMarkdown().Parser().Parse(text.NewReader(p.doc.Source), parser.WithContext(parser.NewContext(parser.WithIDs(newGitHubIDs()))))
	p.collect()
	return p
}

// A doc's title is its h1, unless the h1 is only the file's name: then it
// is the next heading. Its summary is the first paragraph, or the Purpose
// of a status block.
func TestDocTitleAndSummary(t *testing.T) {
	for _, c := range []struct {
		name, path, src, title, summary string
	}{
		{"h1 and paragraph", "docs/GUIDE.md", "# Governance guide\n\nStart with the [registry](R.md) and `its` *state*.\nSecond line.\n\nMore.\n",
			"Governance guide", "Start with the registry and its state. Second line."},
		{"file name h1", "docs/INFRA_REGISTRY.md", "# INFRA_REGISTRY.md\n\n## Infrastructure Declaration\n\n**Status:** CANONICAL\n**Created:** 2026-01-01\n\n---\n\n## Purpose\n\nThis document is the **single source of truth**.\n",
			"Infrastructure Declaration", "This document is the single source of truth."},
		{"file name h1 without extension", "docs/notes.md", "# notes\n\n## Real title\n\nText.\n", "Real title", "Text."},
		{"status block with a purpose", "docs/S.md", "# Schema\n\n**Status:** ACTIVE\n**Purpose:** Define the structure of obligations\n\n## What\n\nOther text.\n",
			"Schema", "Define the structure of obligations"},
		{"markers are not text", "docs/M.md", "# M\n\n**Items:** <!-- infradoc:value registry.items.total -->11<!-- infradoc:end -->\n\nReal summary.\n", "M", "Real summary."},
		{"no heading, no paragraph", "docs/empty-doc.md", "```\ncode\n```\n", "empty-doc", ""},
		{"a paragraph that starts in bold is text", "docs/B.md", "# B\n\n**Bold** start of a sentence.\n", "B", "Bold start of a sentence."},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := parseDoc(t, c.path, c.src)
			if p.title != c.title {
				t.Errorf("title %q, want %q", p.title, c.title)
			}
			if p.summary != c.summary {
				t.Errorf("summary %q, want %q", p.summary, c.summary)
			}
		})
	}
}

// The h2 that titles a doc whose h1 is its file name stays in its
// contents; the file-name h1 is not listed.
func TestFileTitledDocKeepsSections(t *testing.T) {
	p := parseDoc(t, "docs/X.md", "# X.md\n\n## Title\n\n## Part\n\n### Sub\n")
	var got []string
	for _, e := range p.toc {
		got = append(got, e.Text)
	}
	if strings.Join(got, "|") != "Title|Part|Sub" {
		t.Errorf("contents %v", got)
	}
}

func TestShorten(t *testing.T) {
	long := strings.Repeat("word ", 60)
	got := shorten(long, 40)
	if !strings.HasSuffix(got, "word…") || len([]rune(got)) > 40 {
		t.Errorf("shorten cut %q", got)
	}
	if got := shorten("short", 40); got != "short" {
		t.Errorf("shorten changed a short text: %q", got)
	}
	one := strings.Repeat("é", 50)
	if got := shorten(one, 10); got != strings.Repeat("é", 9)+"…" {
		t.Errorf("a text without spaces is cut at %q", got)
	}
}

// The doc page: the sidebar lists every doc and marks the current one,
// the doc's h1 is the first heading of the page, the rail comes after the
// text, and previous/next link the neighbours.
func TestDocPageNavigation(t *testing.T) {
	nav := []docNavEntry{
		{URL: "docs/A.html", Title: "Alpha", Sections: []tocEntry{{Level: 2, ID: "one", Text: "One"}}},
		{URL: "docs/B.html", Title: "Beta", Sections: []tocEntry{{Level: 2, ID: "two", Text: "Two"}}},
		{URL: "docs/C.html", Title: "Gamma"},
	}
	body := docBody{
		Path: "docs/B.md", TOC: []tocEntry{{Level: 2, ID: "two", Text: "Two"}, {Level: 3, ID: "deep", Text: "Deep"}},
		HTML: `<h1 id="beta">Beta</h1><h2 id="two">Two</h2>`, Nav: nav, Current: "docs/B.html", CurrentSections: nav[1].Sections,
		Prev: &docLink{URL: "docs/A.html", Title: "Alpha"}, Next: &docLink{URL: "docs/C.html", Title: "Gamma"},
	}
	html := renderPage(t, "page-doc", page{Root: "../", Title: "Beta", Section: "docs", Body: body})
	checkContains(t, "doc page", html, []string{
		`<a href="../docs/B.html" aria-current="page">Beta</a>`,
		`<a href="../docs/A.html">Alpha</a>`,
		`<ul id="nav.docs.0" hidden>`,
		`<li><a href="../docs/A.html#one">One</a></li>`,
		`<ul id="nav.docs.1">`,
		`<li><a href="#two">Two</a></li>`,
		`<a class="prev" rel="prev" href="../docs/A.html"><span class="label">Previous</span> Alpha</a>`,
		`<a class="next" rel="next" href="../docs/C.html"><span class="label">Next</span> Gamma</a>`,
		`<li class="toc-3"><a href="#deep">Deep</a></li>`,
	}, []string{`aria-current="page">Alpha`, `aria-current="page">Gamma`, "Contents"})
	if n := strings.Count(html, `aria-current="page"`); n != 2 {
		// the Docs tab of the header and the doc in the sidebar
		t.Errorf("%d links marked current, want 2", n)
	}
	main := html[strings.Index(html, "<main"):]
	if h := firstHeading(main); h != "<h1" {
		t.Errorf("the first heading of the page is %s, want the doc's h1", h)
	}
	if strings.Index(main, `class="doc-rail"`) < strings.Index(main, "</article>") {
		t.Error("the rail comes before the text")
	}
	// Past maxNavSections the entries hold no sections: the current doc
	// still lists its own, the others none.
	bare := []docNavEntry{{URL: "docs/A.html", Title: "Alpha"}, {URL: "docs/B.html", Title: "Beta"}}
	body.Nav = bare
	html = renderPage(t, "page-doc", page{Root: "../", Title: "Beta", Section: "docs", Body: body})
	checkContains(t, "doc page of a large docs set", html, []string{`<ul id="nav.docs.1">`, `<li><a href="#two">Two</a></li>`},
		[]string{`nav.docs.0`, `A.html#one`})
	// A doc without neighbours has no pager; one without sections no toggle.
	alone := docBody{Path: "docs/C.md", HTML: `<h1 id="c">C</h1>`, Nav: nav[2:], Current: "docs/C.html"}
	html = renderPage(t, "page-doc", page{Root: "../", Title: "C", Section: "docs", Body: alone})
	checkContains(t, "lone doc page", html, []string{`aria-current="page">Gamma</a></div>`}, []string{"doc-pager", "doc-rail", "data-doc-tree-toggle"})
}

// firstHeading returns the opening tag name of the first h1…h6 in s.
func firstHeading(s string) string {
	best, at := "", len(s)
	for _, h := range []string{"<h1", "<h2", "<h3", "<h4", "<h5", "<h6"} {
		if i := strings.Index(s, h); i >= 0 && i < at {
			best, at = h, i
		}
	}
	return best
}

// The docs index shows each doc's title and summary.
func TestDocsIndexSummaries(t *testing.T) {
	html := renderPage(t, "page-docs", page{Title: "Docs", Section: "docs", Body: []docIndexEntry{
		{URL: "docs/A.html", Title: "Alpha <doc>", Summary: "What alpha is & does.", Path: "docs/A.md"},
		{URL: "docs/B.html", Title: "Beta", Path: "docs/B.md", Drifted: true},
	}})
	checkContains(t, "docs index", html, []string{
		`<a href="docs/A.html">Alpha &lt;doc&gt;</a>`, `<p>What alpha is &amp; does.</p>`,
		`<a href="docs/B.html">Beta</a> <span class="badge bad">out of sync</span>`,
	}, []string{"<p></p>"})
}

// The sidebar lists every doc's sections while they are few; past
// maxNavSections in all it lists none of them (each page adds its own).
func TestDocNavSectionsBound(t *testing.T) {
	build := func(docs, sections int) []docNavEntry {
		b := &builder{}
		for i := range docs {
			var src strings.Builder
			fmt.Fprintf(&src, "# Doc %d\n\n", i)
			for j := range sections {
				fmt.Fprintf(&src, "## Part %d\n\n### Sub\n\n", j)
			}
			b.docs = append(b.docs, parseDoc(t, fmt.Sprintf("docs/d%d.md", i), src.String()))
		}
		return b.docNav()
	}
	small := build(10, 3)
	if len(small) != 10 || len(small[9].Sections) != 3 || small[9].Sections[2].Text != "Part 2" {
		t.Errorf("a small docs set: %+v", small[9])
	}
	large := build(maxNavSections/3+1, 3)
	for _, e := range large {
		if e.Sections != nil {
			t.Fatalf("%d docs of 3 sections: %s still lists its sections", len(large), e.Title)
		}
	}
}
