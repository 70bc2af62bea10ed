package cli

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site"
)

func init() {
	register(subcommand{
		name:    "serve",
		summary: "build the site, serve it on 127.0.0.1, rebuild on every change and reload open pages",
		usage:   "[flags]",
		run:     runServe,
	})
}

// serveOptions are serve's flags, and hooks for tests.
type serveOptions struct {
	addr      string
	out       string
	noOpen    bool
	warnLinks bool
	// debounce is how long the inputs must be quiet before a rebuild.
	debounce time.Duration
	// ready, when set, is called with the site's URL once it is served.
	ready func(url string)
}

func runServe(c *Command, args []string) int {
	flags := c.newFlags("serve")
	var in inputFlags
	o := serveOptions{debounce: 150 * time.Millisecond}
	in.add(flags)
	flags.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free one); the default keeps the site private to this machine. Only requests naming localhost or this address's host are answered, against DNS rebinding; 0.0.0.0:PORT answers any name")
	flags.StringVar(&o.out, "out", "", "output folder, kept between runs (default: a temporary folder removed on exit; serve never writes the published site.output)")
	flags.BoolVar(&o.noOpen, "no-open", false, "do not open the site in a browser")
	flags.BoolVar(&o.warnLinks, "warn-links", false, "report broken internal links and anchors as warnings instead of failing the build")
	if status, ok := c.parseFlags(flags, args); !ok {
		return status
	}
	if flags.NArg() > 0 {
		return c.usageError("serve", "unexpected argument %q", flags.Arg(0))
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return c.failure("serve", fmt.Errorf("%v (choose another address with --addr, e.g. --addr 127.0.0.1:0)", err))
	}
	if host, _, _ := net.SplitHostPort(o.addr); !isLoopback(host) {
		fmt.Fprintf(c.Stderr, "serve: warning: listening on %s: anyone who can reach this machine can read the site\n", o.addr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := c.serve(ctx, ln, &in, o); err != nil {
		return c.failure("serve", err)
	}
	return ExitOK
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// serve builds the site into its output folder and serves it on ln until
// ctx ends, rebuilding whenever an input changes. It takes the listener so
// that tests can serve on a free port.
func (c *Command) serve(ctx context.Context, ln net.Listener, in *inputFlags, o serveOptions) error {
	defer ln.Close()
	r, err := c.resolve(in)
	if err != nil {
		return err
	}
	out := o.out
	if out == "" {
		if out, err = os.MkdirTemp("", "infradoc-serve-"); err != nil {
			return err
		}
		defer os.RemoveAll(out)
	} else if out, err = filepath.Abs(filepath.Join(cmp.Or(c.Dir, "."), out)); err != nil {
		return err
	}
	// One renderer for every rebuild: its worker children stay warm.
	svg := newSVGRenderer(c)
	defer svg.Close()
	var lastWarnings string
	srv := newDevServer(func() buildOutcome {
		// A temporary output goes with the server: a stamp of it would
		// only be litter in the cache.
		res := c.buildForServe(in, buildOptions{Out: out, WarnLinks: o.warnLinks, LiveReloadScript: liveReloadScript, SVG: svg, NoStamp: o.out == ""})
		// Warnings are printed when they change, not on every rebuild.
		if res.warnings != lastWarnings {
			fmt.Fprint(c.Stderr, res.warnings)
			lastWarnings = res.warnings
		}
		return res
	}, c.Stderr)
	// Answer only the names of this machine and of --addr, so that a page
	// that rebinds its own name to this address cannot read the site.
	srv.hosts = newHostPolicy(o.addr, ln.Addr())
	srv.rebuild()
	url := "http://" + ln.Addr().String() + "/"

	var wg sync.WaitGroup
	defer wg.Wait()
	watchCtx, stopWatching := context.WithCancel(ctx)
	defer stopWatching()
	if r.Dir == "" {
		fmt.Fprintf(c.Stderr, "serve: serving the built-in content/; there are no files to watch\n")
	} else {
		configFile := filepath.Join(r.Dir, filepath.FromSlash(cmp.Or(r.Opts.ConfigFile, site.ConfigFileName)))
		w, err := newWatcher(c.watchDirs(in, r.Dir, configFile), []string{out}, c.Stderr)
		if err != nil {
			return err
		}
		defer w.close()
		changed := make(chan string)
		wg.Add(2)
		go func() { defer wg.Done(); w.run(watchCtx, changed) }()
		go func() {
			defer wg.Done()
			debounce(watchCtx, changed, o.debounce, time.After, func(paths []string) {
				if slices.Contains(paths, configFile) {
					for _, d := range c.watchDirs(in, r.Dir, configFile) {
						w.add(d.path, d.recursive)
					}
				}
				fmt.Fprintf(c.Stderr, "changed: %s\n", describeChanges(r.Dir, paths))
				srv.rebuild()
			})
		}()
	}

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	fmt.Fprintf(c.Stderr, "serving %s at %s (Ctrl+C to stop)\n", out, url)
	if o.ready != nil {
		o.ready(url)
	}
	if !o.noOpen {
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
	fmt.Fprintf(c.Stderr, "serve: stopped\n")
	return nil
}

// buildForServe builds the site once (opts carry the live reload script)
// and turns the result into what the server shows.
func (c *Command) buildForServe(in *inputFlags, opts buildOptions) buildOutcome {
	res, err := c.buildSite(in, opts)
	if err != nil {
		return buildOutcome{failed: true, summary: "infradoc could not build the site.", report: err.Error() + "\n"}
	}
	o := buildOutcome{out: res.Out, written: res.Written, removed: res.Removed, unchanged: res.Unchanged}
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
// folder, the registry's, the obligations, the docs, the tests root and the
// migrations root (the last four with their subfolders).
func (c *Command) watchDirs(in *inputFlags, root, configFile string) []watchDir {
	dirs := []watchDir{{root, false}, {filepath.Dir(configFile), false}}
	_, s, _, err := c.load(in)
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
