package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
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
}

// SiteDiagram is a Graphviz diagram rendered to SVG from DOT that infradoc
// generated itself.
type SiteDiagram struct {
	// Name is a stable identifier (used as an HTML id).
	Name  string
	Title string
	// DOT is the source infradoc generated (render.DiagramDOT).
	DOT string
	// SVG is Graphviz's output (render.SVG); Build inlines it only when it
	// records DOT's hash and holds no active content.
	SVG []byte
}

// SiteFile is one file of the built site.
type SiteFile struct {
	// Path is relative to the output folder, with forward slashes.
	Path string
	Data []byte
}

// BrokenLinkRule is the id of the finding for a broken internal link or
// anchor in a doc.
const BrokenLinkRule = "broken-link"

func init() {
	site.RegisterRule(BrokenLinkRule, site.SeverityError, "links between docs, and their #anchors, point at a doc and a heading that exist (infradoc build)")
}

// HTMLSite renders the governance site. Build it once with NewHTMLSite and
// reuse it: the templates are parsed and goldmark is configured only there.
type HTMLSite struct {
	tmpl   *template.Template
	md     goldmark.Markdown
	assets []SiteFile
}

// NewHTMLSite parses the embedded templates and loads the static assets.
func NewHTMLSite() (*HTMLSite, error) {
	t, err := template.New("site").Funcs(template.FuncMap{
		"lower": strings.ToLower,
		"join":  strings.Join,
	}).ParseFS(templates.FS, "*.html")
	if err != nil {
		return nil, fmt.Errorf("parsing the site templates: %w", err)
	}
	h := &HTMLSite{tmpl: t, md: newMarkdown()}
	err = fs.WalkDir(templates.FS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			return err
		}
		out := p
		if p == "static/favicon.svg" {
			out = "favicon.svg"
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
}

// pageJob renders one page into bytes.
type pageJob struct {
	path string
	run  func(root string) (tmpl string, p page, err error)
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
	findings     []site.Finding
	// diagrams are the safe diagrams by name; diagramFiles the ones
	// written as diagrams/<name>.svg (home diagrams and those docs show).
	diagrams     map[string]diagramView
	diagramFiles map[string]bool
}

// Build renders every page, asset and data file of the site. The files are
// sorted by path and byte-for-byte the same for the same input. Findings
// are broken links and anchors in the docs (rule broken-link, severity
// error); the error is for failures of infradoc itself.
func (h *HTMLSite) Build(in SiteInput) ([]SiteFile, []site.Finding, error) {
	if in.Site == nil || in.Site.Registry == nil || in.Site.Config == nil {
		return nil, nil, fmt.Errorf("build: the site is not loaded")
	}
	b := &builder{h: h, in: in, s: in.Site}
	b.indexItems()
	b.indexEvidence()
	b.indexDiagrams()
	if err := b.prepareDocs(); err != nil {
		return nil, nil, err
	}
	b.findMentions()

	var jobs []pageJob
	jobs = append(jobs, b.homeJobs()...)
	jobs = append(jobs, b.registryJobs()...)
	jobs = append(jobs, b.itemJobs()...)
	jobs = append(jobs, b.obligationListJobs()...)
	jobs = append(jobs, b.obligationJobs()...)
	jobs = append(jobs, b.docJobs()...)
	jobs = append(jobs, b.miscJobs()...)

	files, err := h.runJobs(b, jobs)
	if err != nil {
		return nil, nil, err
	}
	files = append(files, h.assets...)
	for _, name := range slices.Sorted(maps.Keys(b.diagramFiles)) {
		files = append(files, SiteFile{Path: diagramFilePath(name), Data: []byte(b.diagrams[name].SVG)})
	}
	data, err := b.dataFiles(files)
	if err != nil {
		return nil, nil, err
	}
	files = append(files, data...)
	slices.SortFunc(files, func(a, b SiteFile) int { return strings.Compare(a.Path, b.Path) })
	for i := 1; i < len(files); i++ {
		if files[i].Path == files[i-1].Path {
			return nil, nil, fmt.Errorf("build: two pages want the path %s", files[i].Path)
		}
	}
	return files, site.SortFindings(b.findings), nil
}

// indexDiagrams keeps the diagrams that are safe to publish, by name.
func (b *builder) indexDiagrams() {
	b.diagrams, b.diagramFiles = map[string]diagramView{}, map[string]bool{}
	for _, d := range b.in.Diagrams {
		if v, ok := safeDiagram(d); ok {
			b.diagrams[d.Name] = v
			b.diagramFiles[d.Name] = true
		}
	}
	for _, d := range b.in.ObligationDiagrams {
		if _, dup := b.diagrams[d.Name]; dup {
			continue
		}
		if v, ok := safeDiagram(d); ok {
			b.diagrams[d.Name] = v
		}
	}
}

// diagramFilePath is where diagram name is published as a file.
func diagramFilePath(name string) string { return "diagrams/" + name + ".svg" }

// indexEvidence builds the lookup tables of the evidence scan.
func (b *builder) indexEvidence() {
	b.oblEvidence = map[string]*site.ObligationEvidence{}
	b.testEvidence = map[string]*site.TestFileEvidence{}
	if b.s.Evidence == nil {
		return
	}
	for _, e := range b.s.Evidence.Obligations {
		if e != nil {
			if _, dup := b.oblEvidence[e.ID]; !dup {
				b.oblEvidence[e.ID] = e
			}
		}
	}
	for _, t := range b.s.Evidence.TestFiles {
		if t != nil {
			if _, dup := b.testEvidence[t.Path]; !dup {
				b.testEvidence[t.Path] = t
			}
		}
	}
}

// runJobs renders the pages on GOMAXPROCS workers. Results keep the jobs'
// order, so the output does not depend on scheduling.
func (h *HTMLSite) runJobs(b *builder, jobs []pageJob) ([]SiteFile, error) {
	out := make([]SiteFile, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for i := range next {
				buf.Reset()
				errs[i] = b.render(&buf, jobs[i])
				out[i] = SiteFile{Path: jobs[i].path, Data: bytes.Clone(buf.Bytes())}
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("rendering %s: %w", jobs[i].path, err)
		}
	}
	return out, nil
}

func (b *builder) render(buf *bytes.Buffer, j pageJob) error {
	root := rootOf(j.path)
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

// relURL returns the URL of target (a site path) from page from.
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
