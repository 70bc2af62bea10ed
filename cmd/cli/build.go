package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/render/diagram"
	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/render/html"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rules"
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
	SVG *graphviz.Renderer
	// Force loads and renders even when the stamp of the last build says
	// nothing it read has changed.
	Force bool
	// NoStamp neither reads nor writes a build stamp (serve's temporary
	// output).
	NoStamp bool
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
	// Skipped is true when nothing the last build read had changed, so
	// this one loaded and rendered nothing (see buildStamp).
	Skipped bool
}

// htmlSite is parsed once per process: templates and goldmark are reused
// by every build (serve rebuilds on each change).
var htmlSite = sync.OnceValues(html.NewHTMLSite)

func runBuild(c *Command, args []string) int {
	flags := c.newFlags("build")
	var in inputFlags
	var format formatFlag
	var opts buildOptions
	in.add(flags)
	flags.StringVar(&opts.Out, "out", "", "output folder (default: site.output of the config, relative to the repository root)")
	flags.BoolVar(&opts.WarnLinks, "warn-links", false, "report broken internal links and anchors as warnings instead of failing")
	flags.BoolVar(&opts.Force, "force", false, "load and render even when nothing the last build read has changed")
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
	if errors.Is(err, errOutputRefused) {
		fmt.Fprintf(c.Stderr, "infradoc build: %v\n", err)
		return ExitUsage
	}
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
	if res.Skipped {
		fmt.Fprintf(c.Stderr, "built %s: up to date, %d files unchanged (nothing the last build read has changed; --force rebuilds)\n", res.Out, res.Unchanged)
		return ExitOK
	}
	fmt.Fprintf(c.Stderr, "built %s: %d files written, %d removed, %d unchanged\n", res.Out, res.Written, res.Removed, res.Unchanged)
	return ExitOK
}

// buildSite validates the repository and, when there is no error finding,
// renders the site and writes it: only files whose bytes changed are
// written, and files an earlier build wrote that are no longer part of
// the site are removed. When the stamp of the last build shows that
// nothing it read or wrote has changed, it stops there instead (see
// buildStamp). The error is for failures of infradoc itself.
func (c *Command) buildSite(in *inputFlags, opts buildOptions) (*buildResult, error) {
	r, err := c.resolve(in)
	if err != nil {
		return nil, err
	}
	cfg, cfgFindings, err := site.LoadConfig(r.opts)
	if err != nil {
		return nil, err
	}
	out := c.outputDir(r, cfg, opts.Out)
	key := ""
	if !site.HasErrors(cfgFindings) {
		key = stampKey(r, opts, out)
	}
	stamp := ""
	if !opts.NoStamp {
		stamp = c.stampPath(out)
	}
	// The stamp lists the manifest among the outputs: without it (a first
	// or cleaned build) the stamp cannot hold, and is not worth decoding.
	if _, err := os.Lstat(filepath.Join(out, manifestName)); err == nil && !opts.Force {
		if st := readStamp(stamp); st.current(key, r.fsys, out) {
			return &buildResult{Findings: st.Findings, Sources: st.sources(), Unchanged: len(st.Outputs) - 1, Out: out, Skipped: true}, nil
		}
	}
	// The templates are parsed while the repository loads.
	go htmlSite()
	rec := newRecordingFS(r.fsys)
	r.opts.FS = rec
	if rel, ok := insideDir(r.dir, out); ok {
		r.opts.SkipDirs = append(r.opts.SkipDirs, rel)
	}
	s, findings, err := rules.Validate(r.opts)
	if err != nil {
		return nil, err
	}
	// The rules were the last readers of the objects parsed from the
	// migrations: a large repository's would otherwise stay in memory
	// while the pages render.
	s.Evidence.DropMigrationObjects()
	defer c.limitBuildMemory()()
	res := &buildResult{Sources: s.Sources}
	docs, docFindings, err := site.LoadDocs(s, blocks.Vocabulary())
	if err != nil {
		return nil, err
	}
	findings = append(findings, docFindings...)
	res.Findings = site.SortFindings(findings)
	res.Sources = s.Sources
	if site.HasErrors(res.Findings) {
		return res, nil
	}
	if err := checkOutput(r, s, docs, out); err != nil {
		return nil, err
	}
	input := html.SiteInput{
		Site:             s,
		DocsChecked:      true,
		LiveReloadScript: opts.LiveReloadScript,
		RepoFileExists: func(p string) bool {
			_, err := fs.Stat(rec, p)
			return err == nil
		},
	}
	drift := map[string]int{}
	for _, d := range docs {
		out, stale, err := blocks.RegenerateDoc(s, d, blocks.DocOptions{})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.File, err)
		}
		input.Docs = append(input.Docs, html.SiteDoc{Path: d.Path, Display: d.File, Source: out, Drifted: len(stale) > 0})
		drift[d.Path] = len(stale)
		drift[d.File] = len(stale)
	}
	svg := opts.SVG
	if svg == nil {
		svg = newSVGRenderer(c)
		defer svg.Close()
	}
	leftOut, err := c.siteDiagrams(s, &input, drift, svg)
	if err != nil {
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
	res.Out = out
	// From here on the sources serve only to quote the findings: let the
	// bytes of every other file read go before the pages are rendered.
	res.Sources = sourcesOf(res.Findings, s.Sources)
	s.Sources = res.Sources
	removeStamp(stamp)
	// What the stamp says of the inputs and findings is known now: it is
	// encoded while the site is written.
	var draft *stampDraft
	drafted := make(chan struct{})
	go func() {
		defer close(drafted)
		if key != "" && stamp != "" {
			draft = draftStamp(key, rec, res.Findings, res.Sources)
		}
	}()
	stats, err := writeSite(res.Out, plan)
	<-drafted
	if err != nil {
		return nil, err
	}
	res.Written, res.Removed, res.Unchanged = stats.written, stats.removed, stats.unchanged
	// A stamp is written only when the next build may trust it: every
	// diagram made it in, and no input changed too close to this build to
	// be told apart by its modification time.
	if draft != nil && !leftOut.Load() {
		if draft.refresh(rec); !draft.racy {
			if err := draft.write(stamp, out, append(slices.Clone(plan.Paths()), manifestName)); err != nil {
				fmt.Fprintf(c.Stderr, "infradoc build: warning: the next build will not know this one: %v\n", err)
			}
		}
	}
	return res, nil
}

// sourcesOf keeps the sources that findings quote.
func sourcesOf(findings []site.Finding, sources map[string][]byte) map[string][]byte {
	kept := map[string][]byte{}
	for _, f := range findings {
		if data, ok := sources[f.File]; ok {
			kept[f.File] = data
		}
	}
	return kept
}

// insideDir returns p relative to dir, with forward slashes, when p is a
// folder strictly inside dir.
func insideDir(dir, p string) (string, bool) {
	if dir == "" {
		return "", false
	}
	rel, err := filepath.Rel(dir, p)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// outputDir resolves the output folder: --out relative to the working
// directory, else site.output relative to the repository root, else (for
// the embedded content/) "public" in the working directory.
func (c *Command) outputDir(r *repo, cfg *site.Config, flag string) string {
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
	case filepath.IsAbs(cfg.Site.Output):
		return filepath.Clean(cfg.Site.Output)
	default:
		return filepath.Join(r.dir, filepath.FromSlash(cfg.Site.Output))
	}
}

// siteCachedSVG reads the renderer's cache for dot without its full XML
// check: html.HTMLSite.Build inlines or publishes an SVG only after its
// own check (the SVG records dot's hash and holds no active content), which
// is a byte scan, so a warm build of 10,000 obligation diagrams does not
// parse 10,000 SVGs twice. Nil means not cached: render it.
func siteCachedSVG(r *graphviz.Renderer, dot string) []byte {
	return r.CachedUnchecked(dot)
}

// siteDiagrams gives the site its diagrams: the home diagrams rendered now,
// each obligation's diagram rendered when its page is (LoadSVG), through
// the shared renderer (cache, lock, child process). A diagram that fails to
// render is left out of the site with a warning on stderr: the pages are
// still worth publishing.
func (c *Command) siteDiagrams(s *site.Site, input *html.SiteInput, drift map[string]int, renderer *graphviz.Renderer) (leftOut *atomic.Bool, err error) {
	home, obls, err := html.SiteDiagramSources(s, diagram.DiagramOptions{Drift: drift})
	if err != nil {
		return nil, err
	}
	leftOut = new(atomic.Bool)
	var warnMu sync.Mutex
	load := func(d html.SiteDiagram) func() (string, []byte, error) {
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
				leftOut.Store(true)
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
	input.ObligationDiagrams = make(map[string]html.SiteDiagram, len(obls))
	for id, d := range obls {
		d.LoadSVG = load(d)
		input.ObligationDiagrams[id] = d
	}
	return leftOut, nil
}
