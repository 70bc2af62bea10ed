package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/infradoc/infradoc/render"
	"github.com/infradoc/infradoc/site"
)

func init() {
	register(subcommand{
		name:    "build",
		summary: "validate, then build the governance site (static HTML) into the configured output folder",
		usage:   "[flags]",
		run:     runBuild,
	})
}

// buildOptions tune buildSite.
type buildOptions struct {
	// Out is the output folder, relative to the working directory; empty
	// means the config's site.output, relative to the repository root
	// ("public" in the working directory for the embedded content/).
	Out string
	// WarnLinks reports broken internal links and anchors as warnings
	// instead of errors.
	WarnLinks bool
	// LiveReloadScript is JavaScript source placed in a <script> element
	// at the end of every page when non-empty (infradoc serve).
	LiveReloadScript string
	// SVG renders the diagrams; nil means a renderer of this build, closed
	// when it ends (serve keeps one, and its worker children, across
	// rebuilds).
	SVG *svgRenderer
}

// buildResult says what a build did.
type buildResult struct {
	// Findings are every problem found, sorted: validation, doc markers,
	// broken links. When one is an error nothing was written.
	Findings []site.Finding
	// Sources are the bytes of the files read, to quote in reports.
	Sources map[string][]byte
	// Written, Removed and Unchanged count the output files created or
	// rewritten, deleted as stale, and left alone because their bytes
	// were already right.
	Written, Removed, Unchanged int
	// Out is the output folder.
	Out string
}

// htmlSite is parsed once per process: templates and goldmark are reused
// by every build (serve rebuilds on each change).
var htmlSite = sync.OnceValues(render.NewHTMLSite)

func runBuild(c *Command, args []string) int {
	flags := c.newFlags("build")
	var in inputFlags
	var format formatFlag
	var opts buildOptions
	in.add(flags)
	flags.StringVar(&opts.Out, "out", "", "output folder (default: site.output of the config, relative to the repository root)")
	flags.BoolVar(&opts.WarnLinks, "warn-links", false, "report broken internal links and anchors as warnings instead of failing")
	format.add(flags)
	if status, ok := c.parseFlags(flags, args); !ok {
		return status
	}
	if flags.NArg() > 0 {
		return c.usageError("build", "unexpected argument %q", flags.Arg(0))
	}
	if !format.valid() {
		return c.usageError("build", "unknown --format %q: use text, json or github", format.value)
	}
	res, err := c.buildSite(&in, opts)
	if err != nil {
		return c.failure("build", err)
	}
	status := c.report(format.value, res.Findings, res.Sources)
	if status != ExitOK {
		if site.HasErrors(res.Findings) {
			fmt.Fprintf(c.Stderr, "infradoc build: nothing written: fix the errors above\n")
		}
		return status
	}
	fmt.Fprintf(c.Stderr, "built %s: %d files written, %d removed, %d unchanged\n", res.Out, res.Written, res.Removed, res.Unchanged)
	return ExitOK
}

// buildSite validates the repository and, when there is no error finding,
// renders the site and writes it: only files whose bytes changed are
// written, and files an earlier build wrote that are no longer part of
// the site are removed. The error is for failures of infradoc itself.
func (c *Command) buildSite(in *inputFlags, opts buildOptions) (*buildResult, error) {
	r, s, findings, err := c.load(in)
	if err != nil {
		return nil, err
	}
	res := &buildResult{Sources: s.Sources}
	docs, docFindings, err := site.LoadDocs(s)
	if err != nil {
		return nil, err
	}
	findings = append(findings, docFindings...)
	res.Findings = site.SortFindings(findings)
	res.Sources = s.Sources
	if site.HasErrors(res.Findings) {
		return res, nil
	}
	input := render.SiteInput{
		Site:             s,
		DocsChecked:      true,
		LiveReloadScript: opts.LiveReloadScript,
		RepoFileExists: func(p string) bool {
			_, err := fs.Stat(r.fsys, p)
			return err == nil
		},
	}
	drift := map[string]int{}
	for _, d := range docs {
		out, stale, err := render.RegenerateDoc(s, d, render.DocOptions{})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.File, err)
		}
		input.Docs = append(input.Docs, render.SiteDoc{Path: d.Path, Display: d.File, Source: out, Drifted: len(stale) > 0})
		drift[d.Path] = len(stale)
		drift[d.File] = len(stale)
	}
	svg := opts.SVG
	if svg == nil {
		svg = newSVGRenderer(c)
		defer svg.Close()
	}
	if err := c.siteDiagrams(s, &input, drift, svg); err != nil {
		return nil, err
	}
	h, err := htmlSite()
	if err != nil {
		return nil, err
	}
	plan, linkFindings, err := h.Plan(input)
	if err != nil {
		return nil, err
	}
	linkFindings = s.Config.ApplySeverities(linkFindings)
	if opts.WarnLinks {
		for i := range linkFindings {
			linkFindings[i].Severity = site.SeverityWarning
		}
	}
	res.Findings = site.SortFindings(append(res.Findings, linkFindings...))
	if site.HasErrors(res.Findings) {
		return res, nil
	}
	res.Out = c.outputDir(r, s, opts.Out)
	stats, err := writeSite(res.Out, plan)
	if err != nil {
		return nil, err
	}
	res.Written, res.Removed, res.Unchanged = stats.written, stats.removed, stats.unchanged
	return res, nil
}

// outputDir resolves the output folder: --out relative to the working
// directory, else site.output relative to the repository root, else (for
// the embedded content/) "public" in the working directory.
func (c *Command) outputDir(r *repo, s *site.Site, flag string) string {
	wd := c.Dir
	if wd == "" {
		wd, _ = filepath.Abs(".")
	}
	switch {
	case flag != "":
		if filepath.IsAbs(flag) {
			return filepath.Clean(flag)
		}
		return filepath.Join(wd, flag)
	case r.dir == "":
		return filepath.Join(wd, "public")
	case filepath.IsAbs(s.Config.Site.Output):
		return filepath.Clean(s.Config.Site.Output)
	default:
		return filepath.Join(r.dir, filepath.FromSlash(s.Config.Site.Output))
	}
}

// siteCachedSVG reads the renderer's cache for dot without its full XML
// check: render.HTMLSite.Build inlines or publishes an SVG only after its
// own check (the SVG records dot's hash and holds no active content), which
// is a byte scan, so a warm build of 10,000 obligation diagrams does not
// parse 10,000 SVGs twice. Nil means not cached: render it.
func siteCachedSVG(r *svgRenderer, dot string) []byte {
	if r.cacheDir == "" {
		return nil
	}
	hash := render.DOTHash(dot)
	svg, err := os.ReadFile(filepath.Join(r.cacheDir, hash+".svg"))
	if err != nil || render.SVGDOTHash(svg) != hash {
		return nil
	}
	return svg
}

// siteDiagrams gives the site its diagrams: the home diagrams rendered now,
// each obligation's diagram rendered when its page is (LoadSVG), through
// the shared renderer (cache, lock, child process). A diagram that fails to
// render is left out of the site with a warning on stderr: the pages are
// still worth publishing.
func (c *Command) siteDiagrams(s *site.Site, input *render.SiteInput, drift map[string]int, renderer *svgRenderer) error {
	home, obls, err := render.SiteDiagramSources(s, render.DiagramOptions{Drift: drift})
	if err != nil {
		return err
	}
	var warnMu sync.Mutex
	load := func(d render.SiteDiagram) func() (string, []byte, error) {
		return func() (string, []byte, error) {
			dot := d.DOT
			if dot == "" && d.MakeDOT != nil {
				dot = d.MakeDOT()
			}
			if svg := siteCachedSVG(renderer, dot); svg != nil {
				return dot, svg, nil
			}
			svg, err := renderer.Render(dot)
			if err != nil {
				warnMu.Lock()
				fmt.Fprintf(c.Stderr, "infradoc build: warning: diagram %s left out: %v\n", d.Name, err)
				warnMu.Unlock()
			}
			return dot, svg, err
		}
	}
	var wg sync.WaitGroup
	for i := range home {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, home[i].SVG, _ = load(home[i])()
		}()
	}
	wg.Wait()
	input.Diagrams = home
	input.ObligationDiagrams = make(map[string]render.SiteDiagram, len(obls))
	for id, d := range obls {
		d.LoadSVG = load(d)
		input.ObligationDiagrams[id] = d
	}
	return nil
}
