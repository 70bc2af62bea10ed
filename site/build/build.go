// Package build is the pipeline of `infradoc build`: load the repository,
// check it, render the site and write it. Only files whose bytes changed
// are written, files an earlier build wrote and the site no longer has
// are removed, and a build whose inputs and outputs did not change since
// the last one stops after comparing them (see the stamp).
package build

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/render/diagram"
	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/render/html"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rules"
	"github.com/infradoc/infradoc/templates"
)

// Repo is a resolved repository: what to read and how to show its paths.
type Repo struct {
	// FS reads the repository; Dir is its folder on disk, "" when it is
	// the embedded content/.
	FS  fs.FS
	Dir string
	// Display prefixes file names in output.
	Display string
	// Opts are the load options (FS and Root are FS and Display).
	Opts site.Options
	// Baseline is the baseline file inside FS that --baseline names,
	// overriding the config's baseline:; "" for the config's.
	Baseline string
}

// Options tune a build.
type Options struct {
	// Out is the output folder, absolute or relative to Env.Dir; empty
	// means the config's site.output, relative to the repository root
	// ("public" in Env.Dir for the embedded content/).
	Out string
	// WarnLinks reports broken internal links and anchors as warnings
	// instead of errors.
	WarnLinks bool
	// LiveReloadScript is JavaScript source placed in a <script> element
	// at the end of every page when non-empty (infradoc serve).
	LiveReloadScript string
	// SVG renders the diagrams; nil means Env.Renderer's, closed when the
	// build ends (serve keeps one, and its workers, across rebuilds).
	SVG *graphviz.Renderer
	// Force loads and renders even when the stamp of the last build says
	// nothing it read has changed.
	Force bool
	// NoStamp neither reads nor writes a build stamp (serve's temporary
	// output).
	NoStamp bool
}

// Env is what a build needs of the process running it.
type Env struct {
	// Stderr receives warnings (a diagram left out, a stamp not written).
	Stderr io.Writer
	// Dir is the working directory --out is relative to.
	Dir string
	// CacheDir holds the build stamps; "" keeps none.
	CacheDir string
	// Getenv reads the environment (GOMEMLIMIT); nil reads nothing.
	Getenv func(string) string
	// Renderer makes the diagram renderer when Options.SVG is nil.
	Renderer func() *graphviz.Renderer
	// Today is the day waivers are checked against (see rules.Accept).
	Today time.Time
}

// Result says what a build did.
type Result struct {
	// Findings are every problem found, sorted: validation, doc markers,
	// broken links, with those the waivers and the baseline accept marked
	// (rules.Accept). Errors do not stop the build: only an input that
	// cannot be read or parsed (rules.Unreadable), or a page that cannot
	// be named, does: then Stopped says which, Out is "" and nothing was
	// written.
	Findings []site.Finding
	// Counts are the totals of the registry and the obligations; nil when
	// the build stopped before loading them (Skipped).
	Counts *site.Counts
	// Config is the repository's config (its defaults when there is none).
	Config *site.Config
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
	// Stopped says why nothing was written, when a finding leaves no site
	// to write; "" otherwise.
	Stopped string
}

// embeddedSite is parsed once per process: templates and goldmark are
// reused by every build (serve rebuilds on each change).
var embeddedSite = sync.OnceValues(html.NewHTMLSite)

// htmlSite returns the site renderer of cfg: the embedded templates, or
// them with the repository's site.templates laid over them, read through
// repo (the build's recording FS, so that the stamp knows them).
func htmlSite(repo fs.FS, cfg *site.Config) (*html.HTMLSite, error) {
	if cfg.Site.Templates == "" {
		return embeddedSite()
	}
	theirs, err := fs.Sub(repo, filepath.ToSlash(filepath.Clean(cfg.Site.Templates)))
	if err != nil {
		return nil, err
	}
	return html.NewHTMLSiteFS(html.OverlayFS(theirs, templates.FS))
}

// Site validates the repository and, when every input could be read and
// parsed, renders the site and writes it, findings or not: only files
// whose bytes changed are written, and files an earlier build wrote that
// are no longer part of the site are removed. When the stamp of the last
// build shows that nothing it read or wrote has changed, it stops there
// instead (see buildStamp). The error is for failures of infradoc itself,
// and for an output folder a build must not fill (ErrOutputRefused).
func Site(r *Repo, opts Options, env Env) (*Result, error) {
	cfg, cfgFindings, err := site.LoadConfig(r.Opts)
	if err != nil {
		return nil, err
	}
	out := OutputDir(r, cfg, opts.Out, env.Dir)
	// The key (which may hash the executable) is made while the last
	// stamp is read and decoded.
	keyMade := make(chan string, 1)
	go func() {
		if site.HasErrors(cfgFindings) {
			keyMade <- ""
			return
		}
		keyMade <- stampKey(r, opts, out, env.Today)
	}()
	stamp := ""
	if !opts.NoStamp {
		stamp = StampPath(env.CacheDir, out)
	}
	// The stamp lists the manifest among the outputs: without it (a first
	// or cleaned build) the stamp cannot hold, and is not worth decoding.
	var last *stampReader
	if _, err := os.Lstat(filepath.Join(out, ManifestName)); err == nil && !opts.Force {
		last = openStampFile(stamp)
	}
	key := <-keyMade
	if last.current(key, r.FS, out) {
		st := &last.head.Stamp
		return &Result{Findings: st.Findings, Sources: st.sources(), Unchanged: last.head.Outputs - 1, Out: out, Skipped: true, Config: cfg}, nil
	}
	// The embedded templates are parsed while the repository loads.
	go embeddedSite()
	rec := newRecordingFS(r.FS)
	loadOpts := r.Opts
	loadOpts.FS = rec
	if rel, ok := insideDir(r.Dir, out); ok {
		loadOpts.SkipDirs = append(slices.Clone(loadOpts.SkipDirs), rel)
	}
	s, findings, err := rules.Validate(loadOpts)
	if err != nil {
		return nil, err
	}
	accept := func(fs []site.Finding) ([]site.Finding, error) {
		// A build does not compare the history with git.
		return rules.Accept(s, fs, rules.AcceptOptions{Today: env.Today, Baseline: r.Baseline, Unchecked: rules.HistoryRules})
	}
	if rules.Unreadable(s, findings) {
		// A site of what could be read would leave out what could not.
		counts := s.Counts()
		res := &Result{Sources: s.Sources, Counts: &counts, Config: s.Config, Stopped: stoppedUnreadable}
		if res.Findings, err = accept(findings); err != nil {
			return nil, err
		}
		return res, nil
	}
	// The rules were the last readers of the objects parsed from the
	// migrations: a large repository's would otherwise stay in memory
	// while the pages render.
	s.Evidence.DropMigrationObjects()
	defer limitBuildMemory(env.Getenv)()
	counts := s.Counts()
	res := &Result{Sources: s.Sources, Counts: &counts, Config: s.Config}
	docs, docFindings, err := site.LoadDocs(s, blocks.Vocabulary())
	if err != nil {
		return nil, err
	}
	findings = append(findings, docFindings...)
	if t := s.Config.Site.Templates; t != "" {
		if info, err := fs.Stat(rec, t); err != nil || !info.IsDir() {
			findings = append(findings, site.Finding{Pos: s.Config.Site.Of("templates"), Severity: site.SeverityError, Rule: "file-missing",
				Message: fmt.Sprintf("site.templates %s is not a folder", s.DisplayPath(t))})
		}
	}
	logo, logoFindings := readLogo(rec, s)
	findings = append(findings, logoFindings...)
	if res.Findings, err = accept(findings); err != nil {
		return nil, err
	}
	res.Sources = s.Sources
	if unwritable(res.Findings) {
		res.Stopped = stoppedUnwritable
		return res, nil
	}
	if err := checkOutput(r, s, docs, out); err != nil {
		return nil, err
	}
	input := html.SiteInput{
		Site:             s,
		Findings:         res.Findings,
		Logo:             logo,
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
		input.Docs = append(input.Docs, html.SiteDoc{Path: d.Path, Display: d.File, Source: out, Drifted: len(stale) > 0, Managed: len(d.Blocks) > 0})
		// Keyed by the path from the root only (as artifacts' paths are):
		// the display path too would draw each doc twice in the drift map.
		drift[d.Path] = len(stale)
		if len(d.Blocks) == 0 {
			drift[d.Path] = diagram.NotManaged
		}
	}
	svg := opts.SVG
	if svg == nil {
		svg = env.Renderer()
		defer svg.Close()
	}
	leftOut, err := siteDiagrams(env.Stderr, s, &input, drift, svg)
	if err != nil {
		return nil, err
	}
	input.Highlighter = &codeHighlighter{renderer: svg, stderr: env.Stderr, leftOut: leftOut}
	h, err := htmlSite(rec, s.Config)
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
	if res.Findings, err = accept(append(res.Findings, linkFindings...)); err != nil {
		return nil, err
	}
	// The Findings page lists the broken links too, graded and accepted.
	plan.SetFindings(res.Findings)
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
			if err := draft.write(stamp, out, append(slices.Clone(plan.Paths()), ManifestName), stats.files); err != nil && env.Stderr != nil {
				fmt.Fprintf(env.Stderr, "infradoc build: warning: the next build will not know this one: %v\n", err)
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

// OutputDir resolves the output folder: flag (--out) relative to the
// working directory wd, else site.output relative to the repository root,
// else (for the embedded content/) "public" in wd.
func OutputDir(r *Repo, cfg *site.Config, flag, wd string) string {
	if wd == "" {
		wd, _ = filepath.Abs(".")
	}
	switch {
	case flag != "":
		if filepath.IsAbs(flag) {
			return filepath.Clean(flag)
		}
		return filepath.Join(wd, flag)
	case r.Dir == "":
		return filepath.Join(wd, "public")
	case filepath.IsAbs(cfg.Site.Output):
		return filepath.Clean(cfg.Site.Output)
	default:
		return filepath.Join(r.Dir, filepath.FromSlash(cfg.Site.Output))
	}
}

// siteDiagrams gives the site its diagrams: the home diagrams rendered now,
// each obligation's diagram rendered when its page is (LoadSVG), through
// the shared renderer (cache, worker processes). A diagram that fails to
// render is left out of the site with a warning on stderr: the pages are
// still worth publishing. The cache is read without its full XML check:
// html.HTMLSite.Build inlines or publishes an SVG only after its own check.
func siteDiagrams(stderr io.Writer, s *site.Site, input *html.SiteInput, drift map[string]int, renderer *graphviz.Renderer) (leftOut *atomic.Bool, err error) {
	home, obls, err := html.SiteDiagramSources(s, diagram.Options{Drift: drift})
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
			if svg := renderer.CachedUnchecked(dot); svg != nil {
				return dot, svg, nil
			}
			svg, err := renderer.Render(dot)
			if err != nil {
				leftOut.Store(true)
				if stderr != nil {
					warnMu.Lock()
					fmt.Fprintf(stderr, "infradoc build: warning: diagram %s left out: %v\n", d.Name, err)
					warnMu.Unlock()
				}
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
