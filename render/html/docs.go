package html

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// docPage is a parsed doc and what the site needs of it.
type docPage struct {
	doc   SiteDoc
	page  string // site path: docs/<name>.html
	url   string // page, percent-encoded for links
	title string
	// summary is the doc's first paragraph, as plain text (docSummary).
	summary string
	root    ast.Node
	ids     map[string]bool
	toc     []tocEntry
	// sections split the doc at its headings, for search and mentions.
	sections []docSection
	// words are the lower-case words of the doc, to find mentions fast.
	words map[string]bool
	// lines indexes the doc's lines for the positions of its broken
	// links; nil until the first.
	lines *finding.LineIndex
}

type tocEntry struct {
	Level    int
	ID, Text string
}

type docSection struct {
	id, title string
	lower     string
}

type docBody struct {
	Path    string
	Drifted bool
	// TOC is the doc's level-2 and level-3 headings, for the "on this
	// page" rail.
	TOC  []tocEntry
	HTML template.HTML
	// Nav is every doc with its sections (the sidebar; see docNav),
	// Current the URL of this doc's page among them, CurrentSections this
	// doc's sections, always listed.
	Nav             []docNavEntry
	Current         string
	CurrentSections []tocEntry
	Prev, Next      *docLink
}

// docIndexEntry is one doc on the docs index.
type docIndexEntry struct {
	URL, Title, Summary, Path string
	// Managed says the doc holds markers (SiteDoc.Managed).
	Drifted, Managed bool
}

// prepareDocs parses every doc, collects its headings, then resolves and
// checks every link: links to other docs become links to their pages,
// anchors must exist, links to other repository files must point at a
// file that exists.
func (b *builder) prepareDocs() error {
	docs := slices.Clone(b.in.Docs)
	slices.SortFunc(docs, func(x, y SiteDoc) int { return strings.Compare(x.Path, y.Path) })
	prefix := commonDir(docs)
	byPath := map[string]*docPage{}
	for _, d := range docs {
		p := &docPage{doc: d, page: "docs/" + strings.TrimSuffix(strings.TrimPrefix(d.Path, prefix), ".md") + ".html", ids: map[string]bool{}}
		p.url = pageURL(p.page)
		ids := newGitHubIDs()
		p.root = b.h.md.Parser().Parse(text.NewReader(d.Source), parser.WithContext(parser.NewContext(parser.WithIDs(ids))))
		p.collect()
		b.docs = append(b.docs, p)
		byPath[d.Path] = p
	}
	for _, p := range b.docs {
		b.resolveLinks(p, byPath)
	}
	return nil
}

// commonDir is the folder all docs share ("docs/"), dropped from page paths.
func commonDir(docs []SiteDoc) string {
	if len(docs) == 0 {
		return ""
	}
	dir := path.Dir(docs[0].Path) + "/"
	for _, d := range docs[1:] {
		for dir != "./" && !strings.HasPrefix(d.Path, dir) {
			dir = path.Dir(strings.TrimSuffix(dir, "/")) + "/"
		}
	}
	if dir == "./" || dir == "/" {
		return ""
	}
	return dir
}

// collect walks the doc's headings: title, table of contents, anchors,
// sections and words.
func (p *docPage) collect() {
	src := p.doc.Source
	cur := docSection{}
	var text strings.Builder
	flush := func() {
		cur.lower = strings.ToLower(text.String())
		p.sections = append(p.sections, cur)
		text.Reset()
	}
	// fileTitled: the h1 is the file's name, so the next heading titles
	// the doc.
	fileTitled := false
	for n := p.root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			flush()
			t := nodeText(h, src)
			id := ""
			if v, ok := h.AttributeString("id"); ok {
				if bs, ok := v.([]byte); ok {
					id = string(bs)
				}
			}
			p.ids[id] = true
			switch {
			case h.Level == 1 && p.title == "" && !fileTitled && namesFile(t, p.doc.Path):
				fileTitled = true
			case h.Level == 1 && p.title == "":
				p.title = t
			case h.Level <= 3:
				if fileTitled && p.title == "" {
					p.title = t
				}
				p.toc = append(p.toc, tocEntry{Level: h.Level, ID: id, Text: t})
			}
			cur = docSection{id: id, title: t}
		}
		text.WriteString(nodeText(n, src))
		text.WriteByte('\n')
	}
	flush()
	if p.title == "" {
		p.title = strings.TrimSuffix(path.Base(p.doc.Path), ".md")
	}
	p.summary = docSummary(p.root, src)
	p.words = map[string]bool{}
	for _, s := range p.sections {
		for _, w := range splitWords(s.lower) {
			p.words[w] = true
		}
	}
}

// splitWords splits lower-case text at everything but letters and digits.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
}

// resolveLinks rewrites the doc's links for the site and records a
// finding for each broken one.
func (b *builder) resolveLinks(p *docPage, byPath map[string]*docPage) {
	for _, n := range collectLinks(p.root) {
		if dropUnsafeAutoLink(n, p.doc.Source) {
			continue
		}
		dest := strings.TrimSpace(linkDestination(n))
		switch {
		case dest == "":
			continue
		case hasScheme(dest) || strings.HasPrefix(dest, "//"):
			if !isSafeExternal(dest) && !strings.HasPrefix(dest, "//") {
				unlink(n)
			}
			continue
		}
		target, frag, _ := strings.Cut(dest, "#")
		target, _, _ = strings.Cut(target, "?")
		if unescaped, err := url.PathUnescape(target); err == nil {
			target = unescaped
		}
		if unescaped, err := url.PathUnescape(frag); err == nil {
			frag = unescaped
		}
		if target == "" {
			if frag != "" && !p.ids[frag] {
				b.brokenLink(p, n, "link to #%s: %s has no heading with that anchor", frag, p.doc.Display)
			}
			continue
		}
		var repoPath string
		if strings.HasPrefix(target, "/") {
			repoPath = path.Clean(strings.TrimPrefix(target, "/"))
		} else {
			repoPath = path.Join(path.Dir(p.doc.Path), target)
		}
		if name, ok := strings.CutSuffix(path.Base(repoPath), ".svg"); ok && n.Kind() == ast.KindImage {
			if v, ok := b.diagram(name); ok && path.Dir(repoPath) == path.Dir(p.doc.Path) {
				b.diagramFiles[name] = true
				setDestination(n, relURL(p.page, diagramFilePath(name)))
				// As inline diagrams do, the image shrinks only as far as its
				// smallest text stays legible (site.css scrolls its paragraph).
				if v.MinWidth > 0 {
					n.SetAttributeString("class", []byte("diagram-img"))
					n.SetAttributeString("style", []byte(fmt.Sprintf("--diagram-min-width: %dpx", v.MinWidth)))
				}
				continue
			}
		}
		if other, ok := byPath[repoPath]; ok {
			if frag != "" && !other.ids[frag] {
				b.brokenLink(p, n, "link to %s#%s: %s has no heading with that anchor", target, frag, other.doc.Display)
			}
			u := relURL(p.page, other.url)
			if frag != "" {
				u += "#" + url.PathEscape(frag)
			}
			setDestination(n, u)
			continue
		}
		if strings.HasPrefix(repoPath, "../") || repoPath == ".." || b.in.RepoFileExists == nil || !b.in.RepoFileExists(repoPath) {
			b.brokenLink(p, n, "link to %s: %s is neither a published doc nor a file in the repository", target, repoPath)
			unlink(n)
			continue
		}
		if u := b.blobURL(repoPath); u != "" {
			setDestination(n, u)
		} else {
			unlink(n)
		}
	}
}

// blobURL links a repository file on the configured repository host.
func (b *builder) blobURL(repoPath string) string {
	base := safeBaseURL(b.s.Config.Site.RepoURL)
	if base == "" {
		return ""
	}
	p := b.s.DisplayPath(repoPath)
	if strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") {
		return ""
	}
	return base + "/blob/" + b.s.Config.Site.EditBranch + "/" + p
}

func (b *builder) brokenLink(p *docPage, n ast.Node, format string, args ...any) {
	pos := site.Pos{File: p.doc.Display, Line: 1, Col: 1}
	if off := nodeOffset(n); off >= 0 {
		if p.lines == nil {
			p.lines = finding.NewLineIndex(p.doc.Display, p.doc.Source)
		}
		pos = p.lines.Pos(off)
	}
	b.findings = append(b.findings, site.Finding{Pos: pos, Severity: site.SeverityError, Message: fmt.Sprintf(format, args...), Rule: BrokenLinkRule})
}

// nodeOffset returns the byte offset of an inline node in its source, or
// -1: the node's own position, else its first text, else its block's.
func nodeOffset(n ast.Node) int {
	if off := n.Pos(); off >= 0 {
		return off
	}
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return max(t.Segment.Start-1, 0)
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return -1
}

// findMentions finds, for every item, the doc sections naming it (or an
// alias) as whole words.
func (b *builder) findMentions() {
	b.mentions = map[*site.Item][]mention{}
	for _, ref := range b.items {
		it := ref.item
		var out []mention
		for _, p := range b.docs {
			for _, name := range append([]string{it.Name}, it.Aliases...) {
				lower := strings.ToLower(strings.TrimSpace(name))
				words := splitWords(lower)
				if len(words) == 0 || !allIn(words, p.words) {
					continue
				}
				for _, sec := range p.sections {
					if containsWord(sec.lower, lower) {
						u := p.url
						if sec.id != "" {
							u += "#" + sec.id
						}
						out = append(out, mention{URL: u, Doc: p.title, Section: sec.title})
					}
				}
				break
			}
		}
		b.mentions[it] = out
	}
}

func allIn(words []string, set map[string]bool) bool {
	for _, w := range words {
		if !set[w] {
			return false
		}
	}
	return true
}

// containsWord reports whether s contains w not preceded or followed by a
// letter or digit.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		if (start == 0 || !isWordByte(s[start-1])) && (end == len(s) || !isWordByte(s[end])) {
			return true
		}
		i = start + 1
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// docJobs renders docs.html (each doc's title and summary) and one page
// per doc, with the sidebar of every doc and its sections (made once, the
// current doc marked by the template), previous and next.
func (b *builder) docJobs() []pageJob {
	jobs := []pageJob{{path: "docs.html", run: func(string) (string, page, error) {
		return "page-docs", page{Title: "Docs", Section: "docs", Body: b.docIndex()}, nil
	}}}
	nav := b.docNav()
	for i, p := range b.docs {
		jobs = append(jobs, pageJob{path: p.page, run: func(string) (string, page, error) {
			highlightCode(p.root, p.doc.Source, b.in.Highlighter)
			var buf bytes.Buffer
			if err := b.h.md.Renderer().Render(&buf, p.doc.Source, p.root); err != nil {
				return "", page{}, err
			}
			body := docBody{Path: p.doc.Display, Drifted: p.doc.Drifted, TOC: p.toc, HTML: template.HTML(buf.String()), Nav: nav, Current: p.url, CurrentSections: docSections(p)}
			body.Prev, body.Next = b.docNeighbours(i)
			return "page-doc", page{Title: p.title, Section: "docs", EditURL: b.editURL(p.doc.Display), Source: p.doc.Display, Body: body}, nil
		}})
	}
	return jobs
}

// docIndex lists every doc for docs.html.
func (b *builder) docIndex() []docIndexEntry {
	out := make([]docIndexEntry, 0, len(b.docs))
	for _, p := range b.docs {
		out = append(out, docIndexEntry{URL: p.url, Title: p.title, Summary: p.summary, Path: p.doc.Display, Drifted: p.doc.Drifted, Managed: p.doc.Managed})
	}
	return out
}
