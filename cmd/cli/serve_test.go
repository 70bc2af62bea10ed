package cli

import (
	"bytes"
	"context"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/infradoc/infradoc/site/serve"
	"github.com/infradoc/infradoc/site/serve/servetest"
)

// TestServeRebuildsOnChange runs serve on a copy of content/ over HTTP,
// without a browser: an editor-style save of an obligation must reach an
// open event stream as a new build, and the page must show the change; a
// broken file must give the error page, and fixing it the page again.
func TestServeRebuildsOnChange(t *testing.T) {
	repo := copyTree(t, filepath.Join("..", "..", "content"))
	url := startServe(t, repo)
	resp, err := http.Get(url + serve.EventsPath[1:])
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := servetest.SSEEvents(t, resp.Body)
	first, _ := servetest.Next(t, events)

	code, h, body := servetest.Get(t, url+"obligations/PB-S1.html")
	if code != 200 || !strings.Contains(body, "Retry State Is Append-Only") || !strings.Contains(body, serve.EventsPath) {
		t.Fatalf("PB-S1 page: status %d, or no title or live reload script", code)
	}
	if !strings.HasPrefix(h.Get("Set-Cookie"), serve.BuildCookie+"="+first) {
		t.Errorf("page cookie %q, want build %s", h.Get("Set-Cookie"), first)
	}
	obligation := filepath.Join(repo, "obligations", "PB-S1.yaml")
	saveLikeAnEditor(t, obligation, func(s string) string {
		return strings.Replace(s, "title: Retry State Is Append-Only", "title: Retries Never Rewrite History", 1)
	})
	if gen, _ := servetest.Next(t, events); gen == first {
		t.Fatalf("no new build after the edit")
	}
	if _, _, body := servetest.Get(t, url+"obligations/PB-S1.html"); !strings.Contains(body, "Retries Never Rewrite History") {
		t.Error("the page does not show the edited title")
	}

	saveLikeAnEditor(t, obligation, func(s string) string { return strings.Replace(s, "status: PROMOTED", "status: DONE", 1) })
	servetest.Next(t, events)
	code, _, body = servetest.Get(t, url+"obligations/PB-S1.html")
	if code != http.StatusInternalServerError || !strings.Contains(body, "PB-S1.yaml:") || !strings.Contains(body, "DONE") {
		t.Errorf("broken input: status %d, want the error page naming the file:\n%s", code, body)
	}
	saveLikeAnEditor(t, obligation, func(s string) string { return strings.Replace(s, "status: DONE", "status: PROMOTED", 1) })
	servetest.Next(t, events)
	if code, _, body := servetest.Get(t, url+"obligations/PB-S1.html"); code != 200 || !strings.Contains(body, "Retries Never Rewrite History") {
		t.Errorf("after the fix: status %d, want the page again", code)
	}

	// A doc in a folder created after serve started is watched too.
	if err := os.MkdirAll(filepath.Join(repo, "docs", "guides"), 0o755); err != nil {
		t.Fatal(err)
	}
	servetest.Next(t, events)
}

func TestServeUsage(t *testing.T) {
	var out, errs bytes.Buffer
	c := &Command{Stdout: &out, Stderr: &errs}
	if got := c.Main([]string{"serve", "extra"}); got != ExitUsage {
		t.Errorf("serve extra: exit %d, want %d", got, ExitUsage)
	}
	if got := c.Main([]string{"serve", "--no-open", "--addr", "256.0.0.1:99999"}); got != ExitFailure || !strings.Contains(errs.String(), "--addr") {
		t.Errorf("serve on a bad address: exit %d, stderr %q", got, errs.String())
	}
	out.Reset()
	if got := c.Main([]string{"serve", "--help"}); got != ExitOK || !strings.Contains(out.String(), "--no-open") {
		t.Errorf("serve --help: exit %d:\n%s", got, out.String())
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{"127.0.0.1": true, "localhost": true, "::1": true, "0.0.0.0": false, "": false, "192.168.1.2": false} {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q) = %v", host, got)
		}
	}
}

// TestServeCommandRefusesForgedHosts checks that serve itself, not only
// the handler, guards the site: a page, registry.json and the event
// stream answer the served address and refuse a forged Host.
func TestServeCommandRefusesForgedHosts(t *testing.T) {
	site, err := url.Parse(startServe(t, copyTree(t, filepath.Join("..", "..", "content"))))
	if err != nil {
		t.Fatal(err)
	}
	port := site.Port()
	for _, target := range []string{"/", "/registry.json"} {
		code, h, body := servetest.SendAndRead(t, site.Host, "GET", target, "evil.example:"+port)
		servetest.WantRefused(t, "GET "+target+" with Host evil.example", code, h, body)
	}
	code, h, body := servetest.OpenEvents(t, site.Host, "evil.example:"+port)
	servetest.WantRefused(t, "events with Host evil.example", code, h, body)
	for _, host := range []string{site.Host, "localhost:" + port} {
		if code, _, body := servetest.SendAndRead(t, site.Host, "GET", "/registry.json", host); code != 200 || !strings.HasPrefix(body, "{") {
			t.Errorf("GET /registry.json with Host %s: status %d", host, code)
		}
	}
	code, h, body = servetest.OpenEvents(t, site.Host, site.Host, "Origin", "http://evil.example")
	servetest.WantRefused(t, "events from Origin evil.example", code, h, body)
	if code, _, body := servetest.OpenEvents(t, site.Host, site.Host, "Origin", "http://"+site.Host); code != 200 {
		t.Errorf("events from the site's own origin: %d %q", code, body)
	}
}

// TestServeCommandOnAllInterfacesAcceptsAnyHost runs serve as
// `--addr 0.0.0.0:PORT` asks, on the built-in content; the test listens on
// 127.0.0.1 only, so the site is not exposed while it runs.
func TestServeCommandOnAllInterfacesAcceptsAnyHost(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c, _ := buildCommand(t.TempDir())
	logs := &syncBuffer{}
	c.Stdout, c.Stderr = logs, logs
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	opts := serveOptions{Addr: "0.0.0.0:" + port, NoOpen: true, Ready: func(u string) { ready <- u }}
	go func() { done <- c.serve(ctx, ln, &inputFlags{}, opts) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v\n%s", err, logs.String())
		}
	}()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("serve stopped: %v\n%s", err, logs.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not start within 30 s:\n%s", logs.String())
	}
	addr := ln.Addr().String()
	for _, host := range []string{"evil.example", "mybox.lan:" + port, "192.168.1.5:" + port} {
		if code, _, body := servetest.SendAndRead(t, addr, "GET", "/registry", host); code != 200 || !strings.Contains(body, "<html") {
			t.Errorf("GET /registry with Host %s: status %d, want the registry page", host, code)
		}
		if code, _, body := servetest.OpenEvents(t, addr, host); code != 200 {
			t.Errorf("events with Host %s: %d %q", host, code, body)
		}
	}
}

// siteLink matches the links of a built page and the URLs of the sitemap.
var siteLink = regexp.MustCompile(`(?:href|src)="([^"]*)"|<loc>([^<]*)</loc>`)

// TestServeEveryLinkOfTheBuiltSiteResolves serves what the build writes
// for content/ and follows every link of every page, the sitemap's too,
// from the home page and from the extension-less section URLs a user
// types (/registry, /obligations, /docs): each must answer 200.
func TestServeEveryLinkOfTheBuiltSiteResolves(t *testing.T) {
	root, err := url.Parse(startServe(t, copyTree(t, filepath.Join("..", "..", "content"))))
	if err != nil {
		t.Fatal(err)
	}
	for _, section := range []string{"registry", "obligations", "docs"} {
		code, _, pretty := servetest.Get(t, root.String()+section)
		if _, _, page := servetest.Get(t, root.String()+section+".html"); code != 200 || pretty != page {
			t.Errorf("GET /%s: status %d, want %s.html with 200", section, code, section)
		}
	}
	queue := []string{"/", "/registry", "/obligations", "/docs", "/sitemap.xml"}
	seen := map[string]string{}
	for _, p := range queue {
		seen[p] = "the test"
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		resp, err := http.Get(root.String() + strings.TrimPrefix(p, "/"))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s (linked from %s): status %d", p, seen[p], resp.StatusCode)
			continue
		}
		ct := resp.Header.Get("Content-Type")
		if !strings.HasPrefix(ct, "text/html") && !strings.HasPrefix(ct, "application/xml") {
			continue
		}
		base := &url.URL{Path: p}
		for _, m := range siteLink.FindAllStringSubmatch(string(body), -1) {
			ref, err := url.Parse(html.UnescapeString(m[1] + m[2]))
			if err != nil {
				t.Errorf("%s: bad link %q", p, m[0])
				continue
			}
			if ref.Scheme != "" || ref.Host != "" || ref.Path == "" {
				continue // another site, or an anchor in the page
			}
			target := base.ResolveReference(ref).Path
			if _, ok := seen[target]; !ok {
				seen[target] = p
				queue = append(queue, target)
			}
		}
	}
	if len(seen) < 20 {
		t.Errorf("only %d URLs reached; the crawl did not find the site's links", len(seen))
	}
}
