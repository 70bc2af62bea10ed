package serve

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// buildOutcome is what one build of the site produced, as serve needs it.
type buildOutcome struct {
	// out is the output folder; empty when the build failed before
	// knowing it (serve then keeps the previous one).
	out string
	// failed is true when the build stopped on errors; report says why,
	// as the command line prints it.
	failed  bool
	summary string
	report  string
	// warnings are the findings of a successful build, as printed.
	warnings string
	// written, removed and unchanged count the output files.
	written, removed, unchanged int
	// sitePath is the path the site is published under (html.SitePath of
	// site.base_url), "/" or "" for none: the site is served there too,
	// so that root-relative links (those of 404.html) work under serve.
	sitePath string
}

// siteBuilder builds the site once.
type siteBuilder func() buildOutcome

// devServer serves the output folder of the latest build, shows the
// problems of a failed build in the page, and tells open pages to reload
// after every build.
type devServer struct {
	build  siteBuilder
	events *broker
	log    io.Writer
	// hosts says which Host and Origin headers are answered; the zero
	// value answers loopback hosts only. Set it before serving.
	hosts hostPolicy

	mu    sync.RWMutex
	state buildOutcome
	gen   int
}

func newDevServer(build siteBuilder, log io.Writer) *devServer {
	return &devServer{build: build, events: newBroker(), log: log}
}

// rebuild runs one build, makes it current and announces it.
func (s *devServer) rebuild() buildOutcome {
	start := time.Now()
	o := s.build()
	s.mu.Lock()
	if o.out == "" {
		o.out = s.state.out
		o.sitePath = s.state.sitePath
	}
	s.state = o
	s.gen++
	gen := s.gen
	s.mu.Unlock()
	elapsed := time.Since(start).Round(time.Millisecond)
	if o.failed {
		fmt.Fprintf(s.log, "build failed in %s: %s (shown in the browser)\n%s", elapsed, o.summary, o.report)
	} else {
		fmt.Fprintf(s.log, "built in %s: %d written, %d removed, %d unchanged\n", elapsed, o.written, o.removed, o.unchanged)
	}
	s.events.publish(gen)
	return o
}

// current returns the latest build and its generation.
func (s *devServer) current() (buildOutcome, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.state, s.gen
}

// ServeHTTP refuses requests for hosts (or from origins) the policy does
// not allow, routes the event stream and serves everything else from the
// output folder, or the build-failed page for pages while the build fails.
func (s *devServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// First, before anything is read: a refused request learns nothing
	// about the site, not even whether a path exists.
	if !s.hosts.guard(w, r) {
		return
	}
	if r.URL.Path == EventsPath {
		s.events.ServeHTTP(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	st, gen := s.current()
	setPageHeaders := func(h http.Header) {
		h.Add("Set-Cookie", (&http.Cookie{Name: BuildCookie, Value: strconv.Itoa(gen), Path: "/", SameSite: http.SameSiteStrictMode}).String())
	}
	r = underSitePath(r, st.sitePath)
	name, ok := requestedFile(r.URL.Path, r.URL.EscapedPath())
	if st.failed && (!ok || isPageRequest(name)) || st.out == "" {
		serveOverlay(w, r, st, setPageHeaders)
		return
	}
	serveOutput(w, r, st.out, setPageHeaders)
}

// underSitePath returns r with the site's path (e.g. "/gov/") taken off
// the front of its URL path, so that /gov/static/site.css is
// static/site.css; requests outside that path are served from the root.
func underSitePath(r *http.Request, sitePath string) *http.Request {
	if sitePath == "" || sitePath == "/" {
		return r
	}
	escaped := r.URL.EscapedPath()
	if !strings.HasPrefix(escaped, sitePath) && escaped+"/" != sitePath {
		return r
	}
	rest := "/" + strings.TrimPrefix(strings.TrimPrefix(escaped, strings.TrimSuffix(sitePath, "/")), "/")
	u, err := url.Parse(rest)
	if err != nil {
		return r
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path, r2.URL.RawPath = u.Path, u.RawPath
	return r2
}
