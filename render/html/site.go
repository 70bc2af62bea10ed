package html

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/templates"
	"github.com/yuin/goldmark"
)

// SiteInput is everything the governance site is built from. The caller
// (the build command) reads the disk; Build only turns this into bytes.
type SiteInput struct {
	Site *site.Site
	// Docs are the markdown docs to publish, with their generated blocks
	// already regenerated, in any order (pages are sorted by path).
	Docs []SiteDoc
	// DocsChecked says whether Docs[i].Drifted was computed (by the same
	// comparison as `infradoc check`); the home page says "not checked"
	// otherwise.
	DocsChecked bool
	// Diagrams are drawn on the home page, in this order.
	Diagrams []SiteDiagram
	// ObligationDiagrams holds each obligation's diagram by obligation id.
	ObligationDiagrams map[string]SiteDiagram
	// RepoFileExists reports whether a repository-relative path exists; it
	// lets the link checker accept links from docs to other files. Nil
	// means no other file exists.
	RepoFileExists func(p string) bool
	// Logo is the image site.logo names, nil when none: the site
	// publishes it and shows it in the header.
	Logo *SiteLogo
	// Findings are the build's findings; each obligation's and item's page
	// lists the open ones (neither waived nor baselined) about it, the
	// Findings page lists them all (see SitePlan.SetFindings).
	Findings []site.Finding
	// Highlighter colours the fenced code blocks that name a language;
	// nil leaves them plain (see CodeHighlighter).
	Highlighter CodeHighlighter
	// LiveReloadScript is JavaScript source placed in a <script> element at
	// the end of every page; empty for a published build. It is trusted
	// (it comes from infradoc serve, never from the input).
	LiveReloadScript string
}

// SiteDoc is one markdown doc of the repository.
type SiteDoc struct {
	// Path is relative to the repository root, with forward slashes.
	Path string
	// Display is the path shown in findings (prefixed with the root).
	Display string
	// Source is the markdown to publish.
	Source []byte
	// Drifted is true when the doc on disk disagrees with the YAML.
	Drifted bool
	// Managed is true when the doc holds generated blocks or values: a
	// doc without markers is not managed, neither in sync nor drifted.
	Managed bool
}

// SiteDiagram is a Graphviz diagram rendered to SVG from DOT that infradoc
// generated itself.
type SiteDiagram struct {
	// Name is a stable identifier (used as an HTML id).
	Name  string
	Title string
	// DOT is the source infradoc generated (diagram.DOT).
	DOT string
	// SVG is Graphviz's output (render.SVG); Build inlines it only when it
	// records DOT's hash and holds no active content.
	SVG []byte
	// MakeDOT, when DOT is empty, generates the DOT on demand.
	MakeDOT func() string
	// LoadSVG, when SVG is nil, makes the DOT (if need be) and the SVG on
	// demand, so that a build renders 10,000 obligation pages without
	// holding 10,000 diagrams. An error leaves the diagram out.
	LoadSVG func() (dot string, svg []byte, err error)
}

// SiteFile is one file of the built site.
type SiteFile struct {
	// Path is relative to the output folder, with forward slashes.
	Path string
	Data []byte
}

// BrokenLinkRule is the id of the finding for a broken internal link or
// anchor in a doc (listed with every rule in package rules).
const BrokenLinkRule = "broken-link"

// HTMLSite renders the governance site. Build it once with NewHTMLSite and
// reuse it: the templates are parsed and goldmark is configured only there.
type HTMLSite struct {
	tmpl   *template.Template
	md     goldmark.Markdown
	assets []SiteFile
	// badge draws the SVG badges (badge.go).
	badge *template.Template
}

// NewHTMLSite parses the embedded templates and loads the static assets.
func NewHTMLSite() (*HTMLSite, error) { return NewHTMLSiteFS(templates.FS) }

// NewHTMLSiteFS parses the templates and loads the static assets of fsys,
// laid out as templates.FS is: every *.html at its top is parsed (a page
// kind is the template "page-KIND", in a file of its own, made of the
// layout in layout.html and the parts in partials.html), badges/badge.svg
// draws the badges, and every file under static/ is published as
// static/NAME, but static/favicon.svg, published as favicon.svg. To let a user override some of them, pass
// OverlayFS(theirs, templates.FS).
func NewHTMLSiteFS(fsys fs.FS) (*HTMLSite, error) {
	t, err := template.New("site").Funcs(template.FuncMap{
		"lower": strings.ToLower,
	}).ParseFS(fsys, "*.html")
	if err != nil {
		return nil, fmt.Errorf("parsing the site templates: %w", err)
	}
	h := &HTMLSite{tmpl: t, md: newMarkdown()}
	if h.badge, err = parseBadgeTemplate(fsys); err != nil {
		return nil, err
	}
	// static/code.css (generated from chroma's styles, see
	// render/graphviz/engine/highlight) is published inside site.css.
	codeCSS, err := fs.ReadFile(fsys, "static/code.css")
	if err != nil {
		return nil, fmt.Errorf("reading the site assets: %w", err)
	}
	err = fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "static/code.css" {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		out := p
		switch p {
		case "static/favicon.svg":
			out = "favicon.svg"
		case "static/site.css":
			data = append(append(append(slices.Clip(data), '\n'), diagramThemeCSS()...), codeCSS...)
		}
		h.assets = append(h.assets, SiteFile{Path: out, Data: data})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the site assets: %w", err)
	}
	return h, nil
}

// page is what every page template receives.
type page struct {
	// Root is the relative path from the page to the site root: "" or
	// "../" repeated, so the site works from disk and under any sub-path.
	Root       string
	Title      string
	SiteTitle  string
	Section    string
	Source     string
	EditURL    string
	LiveReload template.JS
	Body       any
	// Partials renders the parts many pages share once per build.
	Partials *partials
	// Theme is the configured stylesheet and logo (theme.go).
	Theme themeView
}

// pageJob makes one file of the site: a page rendered through a template
// (run) or bytes made directly (data).
type pageJob struct {
	path string
	// absolute makes the page's links root-relative (notFoundRoot):
	// 404.html is served at any depth.
	absolute bool
	// run returns the page and the template that renders it.
	run  func(root string) (tmpl string, p page, err error)
	data func() ([]byte, error)
}

// builder holds what every page of one build shares.
type builder struct {
	h     *HTMLSite
	in    SiteInput
	s     *site.Site
	items []itemRef
	docs  []*docPage
	// itemSlugs maps item name to page path.
	itemPaths map[*site.Item]string
	// mentions lists, per item, the doc sections that name it.
	mentions map[*site.Item][]mention
	// oblEvidence and testEvidence index the evidence for lookups.
	oblEvidence  map[string]*site.ObligationEvidence
	testEvidence map[string]*site.TestFileEvidence
	// infraTests maps a lower-case infra name to the tests declaring it.
	infraTests map[string][]itemTest
	findings   []site.Finding
	// diagrams are the safe diagrams by name; diagramFiles the ones
	// written as diagrams/<name>.svg (home diagrams and those docs show).
	diagrams     map[string]SiteDiagram
	diagramFiles map[string]bool
	partials     *partials
	// theme is the same on every page.
	theme themeView
	// findingsState holds the findings the Findings page and the item
	// pages show (findings.go).
	findingsState
}

// SitePlan is a site ready to render: the docs are parsed, the links
// checked and the list of files known.
type SitePlan struct {
	b     *builder
	jobs  []pageJob
	paths []string
}

// Plan prepares the build: it indexes the model, parses the docs and
// checks their links. Findings are broken links and anchors (rule
// broken-link, severity error); the error is for failures of infradoc
// itself. Nothing is rendered yet.
func (h *HTMLSite) Plan(in SiteInput) (*SitePlan, []site.Finding, error) {
	if in.Site == nil || in.Site.Registry == nil || in.Site.Config == nil {
		return nil, nil, fmt.Errorf("build: the site is not loaded")
	}
	b := &builder{h: h, in: in, s: in.Site, partials: &partials{tmpl: h.tmpl}}
	// Only the pages read the evidence indexes: they are built while the
	// docs are parsed.
	var indexes sync.WaitGroup
	indexes.Go(b.indexEvidence)
	indexes.Go(b.indexInfraTests)
	b.indexItems()
	b.indexDiagrams()
	err := b.prepareDocs()
	if err == nil {
		b.findMentions()
	}
	indexes.Wait()
	if err != nil {
		return nil, nil, err
	}

	// The data files go first so that they overlap with the pages; the
	// pages that list the whole repository (megabytes at 10,000
	// obligations) are spread among the small ones, neither left for the
	// end, where one worker would render one alone while the others have
	// nothing to do, nor rendered all at once beside the data files, which
	// would add up their memory.
	obligations := b.obligationJobs()
	half := len(obligations) / 2
	var pages []pageJob
	pages = append(pages, b.homeJobs()...)
	pages = append(pages, b.registryJobs()...)
	pages = append(pages, b.itemJobs()...)
	pages = append(pages, b.obligationListJobs()...)
	pages = append(pages, obligations[:half]...)
	pages = append(pages, b.findingsJobs()...)
	pages = append(pages, obligations[half:]...)
	pages = append(pages, b.docJobs()...)
	pages = append(pages, b.miscJobs()...)
	jobs := b.dataJobs(pages)
	jobs = append(jobs, pages...)
	for _, a := range h.assets {
		jobs = append(jobs, pageJob{path: a.Path, data: func() ([]byte, error) { return a.Data, nil }})
	}
	jobs = append(jobs, b.badgeJobs()...)
	for _, name := range slices.Sorted(maps.Keys(b.diagramFiles)) {
		jobs = append(jobs, pageJob{path: diagramFilePath(name), data: func() ([]byte, error) {
			v, ok := b.diagram(name)
			if !ok {
				return nil, fmt.Errorf("diagram %s could not be loaded again", name)
			}
			return v.file, nil
		}})
	}
	jobs = append(jobs, b.diagramDOTJobs()...)
	var themeJobs []pageJob
	b.theme, themeJobs = b.themeFiles()
	jobs = append(jobs, themeJobs...)
	p := &SitePlan{b: b, jobs: jobs, paths: make([]string, len(jobs))}
	for i, j := range jobs {
		p.paths[i] = j.path
	}
	slices.Sort(p.paths)
	for i := 1; i < len(p.paths); i++ {
		if p.paths[i] == p.paths[i-1] {
			return nil, nil, fmt.Errorf("build: two pages want the path %s", p.paths[i])
		}
	}
	return p, site.SortFindings(b.findings), nil
}

// Paths returns the path of every file the plan renders, sorted.
func (p *SitePlan) Paths() []string { return p.paths }

// Render renders every file on GOMAXPROCS workers and hands each to emit as
// soon as it is ready, so the whole site is never held in memory. emit is
// called from several goroutines at once; the order of the calls varies,
// the bytes of each file do not. f.Data of a page is the worker's buffer,
// reused for its next page: emit must copy what it keeps beyond its
// return. Render stops at the first error.
func (p *SitePlan) Render(emit func(SiteFile) error) error {
	var (
		mu       sync.Mutex
		firstErr error
	)
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return firstErr != nil
	}
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
		}
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(renderWorkers(), max(len(p.jobs), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for i := range next {
				if failed() {
					continue
				}
				j := p.jobs[i]
				var data []byte
				if j.data != nil {
					d, err := j.data()
					if err != nil {
						fail(fmt.Errorf("rendering %s: %w", j.path, err))
						continue
					}
					data = d
				} else {
					buf.Reset()
					if err := p.b.render(&buf, j); err != nil {
						fail(fmt.Errorf("rendering %s: %w", j.path, err))
						continue
					}
					data = buf.Bytes()
				}
				if err := emit(SiteFile{Path: j.path, Data: data}); err != nil {
					fail(err)
				}
			}
		}()
	}
	for i := range p.jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	return firstErr
}

// Build renders every page, asset and data file of the site into memory,
// sorted by path; the files are byte-for-byte the same for the same input.
// Findings are as for Plan. The build command uses Plan and Render to
// write files as they are made.
func (h *HTMLSite) Build(in SiteInput) ([]SiteFile, []site.Finding, error) {
	plan, findings, err := h.Plan(in)
	if err != nil {
		return nil, nil, err
	}
	var (
		mu    sync.Mutex
		files []SiteFile
	)
	err = plan.Render(func(f SiteFile) error {
		f.Data = bytes.Clone(f.Data)
		mu.Lock()
		defer mu.Unlock()
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	slices.SortFunc(files, func(a, b SiteFile) int { return strings.Compare(a.Path, b.Path) })
	return files, findings, nil
}

func (b *builder) render(buf *bytes.Buffer, j pageJob) error {
	root := rootOf(j.path)
	if j.absolute {
		root = b.notFoundRoot()
	}
	name, p, err := j.run(root)
	if err != nil {
		return err
	}
	p.Root = root
	p.SiteTitle = b.s.Config.Site.Title
	p.LiveReload = template.JS(b.in.LiveReloadScript)
	if p.Source == "" {
		p.Source = b.sourceName()
	}
	p.Partials = b.partials
	p.Theme = b.theme
	return b.h.tmpl.ExecuteTemplate(buf, name, p)
}

// sourceName is the registry's display path, named in every footer.
func (b *builder) sourceName() string {
	if b.s.Config.File != "" {
		return b.s.Config.File
	}
	return b.s.Registry.File
}

// rootOf returns the relative path from a page to the site root.
func rootOf(p string) string {
	return strings.Repeat("../", strings.Count(p, "/"))
}

// pageURL is the URL path of the site file p: each segment
// percent-encoded, so that a doc named "a b#1?.md" links to its page and
// sitemap.xml holds a valid URL.
func pageURL(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// relURL returns the URL of target (a site URL path, see pageURL) from
// page from.
func relURL(from, target string) string {
	return rootOf(from) + target
}

// editURL returns the "edit this page" link for a repository file, or ""
// when no repository URL is configured or the file is outside the tree.
func (b *builder) editURL(display string) string {
	base := safeBaseURL(b.s.Config.Site.RepoURL)
	if base == "" || display == "" {
		return ""
	}
	p := path.Clean(display)
	if strings.HasPrefix(p, "../") || p == ".." || strings.HasPrefix(p, "/") {
		return ""
	}
	return base + "/edit/" + b.s.Config.Site.EditBranch + "/" + p
}

// safeBaseURL returns u without a trailing slash when it is an http(s) URL,
// else "".
func safeBaseURL(u string) string {
	u = strings.TrimSpace(u)
	if !isSafeExternal(u) || strings.HasPrefix(strings.ToLower(u), "mailto:") {
		return ""
	}
	return strings.TrimRight(u, "/")
}

// renderWorkers is the number of goroutines rendering files: two per CPU,
// because a worker also waits on the disk (the diagram cache, the caller's
// comparison with the file already written).
func renderWorkers() int { return 2 * runtime.GOMAXPROCS(0) }
