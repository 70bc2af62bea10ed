// Package serve is `infradoc serve`: it builds the site, serves the
// output on a local address, rebuilds whenever an input changes and tells
// open pages to reload; a failed build shows its findings in the page.
package serve

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/infradoc/infradoc/render/html"
	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/build"
	"github.com/infradoc/infradoc/site/rules"
)

// Options are serve's settings.
type Options struct {
	// Addr is the address to listen on (the listener given to Run is
	// already on it; it also says which Host names are answered).
	Addr string
	// Out keeps the built pages in this folder, relative to Env.Dir;
	// "" builds into a temporary folder removed when Run returns.
	Out string
	// NoOpen does not open the site in a browser.
	NoOpen bool
	// WarnLinks reports broken internal links as warnings.
	WarnLinks bool
	// Debounce is how long the inputs must be quiet before a rebuild.
	Debounce time.Duration
	// Ready, when set, is called with the site's URL once it is served.
	Ready func(url string)
}

// Run builds the site into its output folder and serves it on ln until
// ctx ends, rebuilding whenever an input changes. It takes the listener so
// that tests can serve on a free port.
func Run(ctx context.Context, ln net.Listener, resolve func() (*build.Repo, error), o Options, env build.Env) error {
	defer ln.Close()
	r, err := resolve()
	if err != nil {
		return err
	}
	out := o.Out
	if out == "" {
		if out, err = os.MkdirTemp("", "infradoc-serve-"); err != nil {
			return err
		}
		defer os.RemoveAll(out)
	} else if out, err = filepath.Abs(filepath.Join(cmp.Or(env.Dir, "."), out)); err != nil {
		return err
	}
	// One renderer for every rebuild: its worker children stay warm.
	svg := env.Renderer()
	defer svg.Close()
	var lastWarnings string
	srv := newDevServer(func() buildOutcome {
		// A temporary output goes with the server: a stamp of it would
		// only be litter in the cache.
		res := buildForServe(resolve, build.Options{Out: out, WarnLinks: o.WarnLinks, LiveReloadScript: liveReloadScript, SVG: svg, NoStamp: o.Out == ""}, env)
		// Warnings are printed when they change, not on every rebuild.
		if res.warnings != lastWarnings {
			fmt.Fprint(env.Stderr, res.warnings)
			lastWarnings = res.warnings
		}
		return res
	}, env.Stderr)
	// Answer only the names of this machine and of --addr, so that a page
	// that rebinds its own name to this address cannot read the site.
	srv.hosts = newHostPolicy(o.Addr, ln.Addr())
	srv.rebuild()
	url := "http://" + ln.Addr().String() + "/"

	var wg sync.WaitGroup
	defer wg.Wait()
	watchCtx, stopWatching := context.WithCancel(ctx)
	defer stopWatching()
	if r.Dir == "" {
		fmt.Fprintf(env.Stderr, "serve: serving the built-in content/; there are no files to watch\n")
	} else {
		configFile := filepath.Join(r.Dir, filepath.FromSlash(cmp.Or(r.Opts.ConfigFile, site.ConfigFileName)))
		w, err := newWatcher(watchDirs(resolve, r.Dir, configFile), []string{out}, env.Stderr)
		if err != nil {
			return err
		}
		defer w.close()
		changed := make(chan string)
		wg.Add(2)
		go func() { defer wg.Done(); w.run(watchCtx, changed) }()
		go func() {
			defer wg.Done()
			debounce(watchCtx, changed, o.Debounce, time.After, func(paths []string) {
				if slices.Contains(paths, configFile) {
					for _, d := range watchDirs(resolve, r.Dir, configFile) {
						w.add(d.path, d.recursive)
					}
				}
				fmt.Fprintf(env.Stderr, "changed: %s\n", describeChanges(r.Dir, paths))
				srv.rebuild()
			})
		}()
	}

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	fmt.Fprintf(env.Stderr, "serving %s at %s (Ctrl+C to stop)\n", out, url)
	if o.Ready != nil {
		o.Ready(url)
	}
	if !o.NoOpen {
		openBrowser(url)
	}
	select {
	case <-ctx.Done():
	case err := <-served:
		return err
	}
	stopWatching()
	srv.events.close()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "serve: stopped\n")
	return nil
}

// buildForServe builds the site once (opts carry the live reload script)
// and turns the result into what the server shows.
func buildForServe(resolve func() (*build.Repo, error), opts build.Options, env build.Env) buildOutcome {
	r, err := resolve()
	var res *build.Result
	if err == nil {
		res, err = build.Site(r, opts, env)
	}
	if err != nil {
		return buildOutcome{failed: true, summary: "infradoc could not build the site.", report: err.Error() + "\n"}
	}
	o := buildOutcome{out: res.Out, written: res.Written, removed: res.Removed, unchanged: res.Unchanged}
	if res.Config != nil {
		o.sitePath = html.SitePath(res.Config.Site.BaseURL)
	}
	if !site.HasErrors(res.Findings) {
		if len(res.Findings) > 0 {
			var buf bytes.Buffer
			report.WriteFindings(&buf, report.FormatText, res.Findings, report.TextOptions{Sources: res.Sources})
			o.warnings = buf.String()
		}
		return o
	}
	var errs, warns []site.Finding
	for _, f := range res.Findings {
		if f.Severity == site.SeverityError {
			errs = append(errs, f)
		} else {
			warns = append(warns, f)
		}
	}
	text := func(fs []site.Finding) string {
		var buf bytes.Buffer
		report.WriteFindings(&buf, report.FormatText, fs, report.TextOptions{Sources: res.Sources})
		return buf.String()
	}
	o.failed, o.report = true, text(errs)
	if len(warns) > 0 {
		o.warnings = text(warns)
	}
	o.summary = fmt.Sprintf("%d errors stop the build.", len(errs))
	if len(errs) == 1 {
		o.summary = "1 error stops the build."
	}
	return o
}

// watchDirs lists the folders whose changes rebuild the site: the config's
// folder, the registry's, the obligations, the docs, the site's template
// overrides, the tests root and the migrations root (all but the first two
// with their subfolders), and the verification report's folder.
func watchDirs(resolve func() (*build.Repo, error), root, configFile string) []watchDir {
	dirs := []watchDir{{root, false}, {filepath.Dir(configFile), false}}
	var s *site.Site
	r, err := resolve()
	if err == nil {
		s, _, err = rules.Validate(r.Opts)
	}
	if err != nil || s == nil || s.Config == nil {
		return append(dirs, watchDir{root, true})
	}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		return filepath.Join(root, filepath.FromSlash(p))
	}
	cfg := s.Config
	dirs = append(dirs, watchDir{filepath.Dir(abs(cfg.Registry)), false})
	if st, err := os.Stat(abs(cfg.Obligations)); err == nil && st.IsDir() {
		dirs = append(dirs, watchDir{abs(cfg.Obligations), true})
	} else {
		dirs = append(dirs, watchDir{filepath.Dir(abs(cfg.Obligations)), false})
	}
	for _, g := range cfg.Docs {
		dirs = append(dirs, watchDir{abs(globBase(g)), true})
	}
	if cfg.Site.Templates != "" {
		dirs = append(dirs, watchDir{abs(cfg.Site.Templates), true})
	}
	// A verification report (--verification or verification:) may lie
	// anywhere: rerunning verify rewrites it.
	if p := cmp.Or(r.Opts.Verification, cfg.Verification); p != "" {
		dirs = append(dirs, watchDir{filepath.Dir(abs(p)), false})
	}
	return append(dirs, watchDir{abs(cfg.TestsRoot), true}, watchDir{abs(cfg.MigrationsRoot), true})
}

// globBase returns the folder part of a glob before its first wildcard:
// "docs/**/*.md" gives "docs", "*.md" gives ".".
func globBase(pattern string) string {
	parts := strings.Split(pattern, "/")
	for i, p := range parts {
		if strings.ContainsAny(p, "*?[{") {
			return cmp.Or(strings.Join(parts[:i], "/"), ".")
		}
	}
	if len(parts) <= 1 {
		return "."
	}
	return strings.Join(parts[:len(parts)-1], "/")
}

// describeChanges names the changed files relative to the root, at most a
// few of them.
func describeChanges(root string, paths []string) string {
	var names []string
	for _, p := range paths {
		if rel, err := filepath.Rel(root, p); err == nil {
			p = rel
		}
		names = append(names, filepath.ToSlash(p))
	}
	if len(names) > 3 {
		return fmt.Sprintf("%s and %d more", strings.Join(names[:3], ", "), len(names)-3)
	}
	return strings.Join(names, ", ")
}

// openBrowser opens url in the desktop's browser; without one it does
// nothing (the URL is printed anyway).
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}
