package serve

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/rootfs/rootfstest"
)

// secret is what a file outside the output folder holds; no response may
// ever contain it.
const secret = "TOP SECRET outside the output"

// servedTree builds an output folder with pages, assets and symlinks (some
// pointing outside it) next to a secret file, and returns the output path.
func servedTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	files := map[string]string{
		"index.html":     "<h1>home</h1>",
		"404.html":       "<h1>custom not found</h1>",
		"style.css":      "body{}",
		"app.js":         "1",
		"search.json":    "{}",
		"diagram.svg":    "<svg/>",
		"sitemap.xml":    "<urlset/>",
		"favicon.ico":    "\x00\x00\x01\x00",
		"page.html":      "<h1>pretty url</h1>",
		"sub/index.html": "<h1>sub</h1>",
	}
	rootfstest.WriteTree(t, out, files)
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"leak.txt":        "../secret.txt",
		"abs.txt":         filepath.Join(dir, "secret.txt"),
		"updir":           "..",
		"sub/leak.html":   "../../secret.txt",
		"inside.html":     "index.html",
		"sub/inside.html": "../page.html",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(out, filepath.FromSlash(name))); err != nil {
			t.Skipf("symlinks unavailable: %v", err)
		}
	}
	return out
}

// rawGet sends target exactly as written (no client-side cleaning) and
// returns the status and body.
func rawGet(t *testing.T, addr, method, target string) (*http.Response, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", method, target, addr)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func staticServer(t *testing.T, out string) *httptest.Server {
	t.Helper()
	s := newDevServer(func() buildOutcome { return buildOutcome{out: out} }, io.Discard)
	s.rebuild()
	ts := httptest.NewServer(s)
	t.Cleanup(func() { s.events.close(); ts.Close() })
	return ts
}

func TestServeRefusesPathsOutsideTheOutput(t *testing.T) {
	out := servedTree(t)
	ts := staticServer(t, out)
	addr := ts.Listener.Addr().String()
	for _, target := range []string{
		"/../secret.txt",
		"/sub/../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/.%2e/secret.txt",
		"/..%2fsecret.txt",
		"/sub%2f..%2f..%2fsecret.txt",
		"/..%5csecret.txt",
		"/..\\secret.txt",
		"//../secret.txt",
		"/leak.txt",
		"/abs.txt",
		"/updir/secret.txt",
		"/updir/",
		"/sub/leak.html",
		"/sub/leak",
		"/%00",
	} {
		resp, body := rawGet(t, addr, "GET", target)
		if strings.Contains(body, secret) {
			t.Errorf("GET %s served the file outside the output folder", target)
		}
		if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 404 (or 400)", target, resp.StatusCode)
		}
	}
}

func TestServeFilesWithTheirTypes(t *testing.T) {
	out := servedTree(t)
	ts := staticServer(t, out)
	addr := ts.Listener.Addr().String()
	for _, c := range []struct {
		target, status, ctype, body string
	}{
		{"/", "200", "text/html; charset=utf-8", "<h1>home</h1>"},
		{"/index.html", "200", "text/html; charset=utf-8", "<h1>home</h1>"},
		{"/style.css", "200", "text/css; charset=utf-8", "body{}"},
		{"/app.js", "200", "text/javascript; charset=utf-8", "1"},
		{"/search.json", "200", "application/json", "{}"},
		{"/diagram.svg", "200", "image/svg+xml", "<svg/>"},
		{"/sitemap.xml", "200", "application/xml", "<urlset/>"},
		{"/favicon.ico", "200", "image/x-icon", "\x00\x00\x01\x00"},
		{"/page", "200", "text/html; charset=utf-8", "<h1>pretty url</h1>"},
		{"/sub/", "200", "text/html; charset=utf-8", "<h1>sub</h1>"},
		{"/sub/index.html", "200", "text/html; charset=utf-8", "<h1>sub</h1>"},
		{"/inside.html", "200", "text/html; charset=utf-8", "<h1>home</h1>"},
		{"/sub/inside.html", "200", "text/html; charset=utf-8", "<h1>pretty url</h1>"},
		{"/s%75b/", "200", "text/html; charset=utf-8", "<h1>sub</h1>"},
		{"/missing.html", "404", "text/html; charset=utf-8", "<h1>custom not found</h1>"},
		{"/sub/missing/", "404", "text/html; charset=utf-8", "<h1>custom not found</h1>"},
	} {
		resp, body := rawGet(t, addr, "GET", c.target)
		if got := fmt.Sprint(resp.StatusCode); got != c.status {
			t.Errorf("GET %s: status %s, want %s", c.target, got, c.status)
		}
		if got := resp.Header.Get("Content-Type"); got != c.ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", c.target, got, c.ctype)
		}
		if body != c.body {
			t.Errorf("GET %s: body %q, want %q", c.target, body, c.body)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no X-Content-Type-Options: nosniff", c.target)
		}
	}
	resp, _ := rawGet(t, addr, "GET", "/sub?q=1")
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/sub/?q=1" {
		t.Errorf("GET /sub: %d to %q, want a redirect to /sub/?q=1", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, _ = rawGet(t, addr, "POST", "/")
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: status %d, want 405", resp.StatusCode)
	}
	resp, body := rawGet(t, addr, "HEAD", "/missing")
	if resp.StatusCode != http.StatusNotFound || body != "" {
		t.Errorf("HEAD /missing: status %d body %q, want 404 and no body", resp.StatusCode, body)
	}
	if c := resp.Header.Get("Set-Cookie"); !strings.HasPrefix(c, BuildCookie+"=1") {
		t.Errorf("404 page: Set-Cookie %q, want the build generation", c)
	}
}

// A site whose base URL has a path (https://example.org/gov) links its
// 404 page's assets under /gov/: serve answers there too, and at the root,
// and a miss at any depth under either gets the 404 page.
func TestServeUnderTheSitePath(t *testing.T) {
	out := servedTree(t)
	s := newDevServer(func() buildOutcome { return buildOutcome{out: out, sitePath: "/gov/"} }, io.Discard)
	s.rebuild()
	ts := httptest.NewServer(s)
	t.Cleanup(func() { s.events.close(); ts.Close() })
	addr := ts.Listener.Addr().String()
	for _, c := range []struct {
		target string
		status int
		body   string
	}{
		{"/gov/style.css", 200, "body{}"},
		{"/style.css", 200, "body{}"},
		{"/gov/", 200, "<h1>home</h1>"},
		{"/gov/sub/", 200, "<h1>sub</h1>"},
		{"/gov/s%75b/index.html", 200, "<h1>sub</h1>"},
		{"/gov/a/b/c/missing.html", 404, "<h1>custom not found</h1>"},
		{"/a/b/c/missing.html", 404, "<h1>custom not found</h1>"},
		// Only the whole segment is the site's path.
		{"/government/style.css", 404, "<h1>custom not found</h1>"},
		// Taking the prefix off opens no way out of the output folder.
		{"/gov/../secret.txt", 404, "<h1>custom not found</h1>"},
		{"/gov/%2e%2e/secret.txt", 404, "<h1>custom not found</h1>"},
		{"/gov/..%2fsecret.txt", 404, "<h1>custom not found</h1>"},
	} {
		resp, body := rawGet(t, addr, "GET", c.target)
		if resp.StatusCode != c.status && !(c.status == 404 && resp.StatusCode == http.StatusBadRequest) {
			t.Errorf("GET %s: status %d, want %d", c.target, resp.StatusCode, c.status)
		}
		if strings.Contains(body, secret) || resp.StatusCode != http.StatusBadRequest && body != c.body {
			t.Errorf("GET %s: body %q, want %q", c.target, body, c.body)
		}
	}
	resp, _ := rawGet(t, addr, "GET", "/gov/sub")
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/sub/" {
		t.Errorf("GET /gov/sub: %d to %q, want a redirect to /sub/", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestServeWithoutNotFoundPage(t *testing.T) {
	out := servedTree(t)
	if err := os.Remove(filepath.Join(out, "404.html")); err != nil {
		t.Fatal(err)
	}
	ts := staticServer(t, out)
	resp, body := rawGet(t, ts.Listener.Addr().String(), "GET", "/nothing")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "404") {
		t.Errorf("status %d body %q, want a plain 404", resp.StatusCode, body)
	}
}

func TestRequestedFile(t *testing.T) {
	for _, c := range []struct {
		path, escaped, want string
		ok                  bool
	}{
		{"/", "/", ".", true},
		{"/a/b.html", "/a/b.html", "a/b.html", true},
		{"/a//b/", "/a//b/", "a/b", true},
		{"/a/./b", "/a/./b", "a/b", true},
		{"/../x", "/../x", "", false},
		{"/a/../../x", "/a/../../x", "", false},
		{"/a/b", "/a%2Fb", "", false},
		{"/a\\b", "/a%5Cb", "", false},
		{"/a\x00", "/a%00", "", false},
		{"relative", "relative", "", false},
	} {
		got, ok := requestedFile(c.path, c.escaped)
		if got != c.want || ok != c.ok {
			t.Errorf("requestedFile(%q, %q) = %q, %v; want %q, %v", c.path, c.escaped, got, ok, c.want, c.ok)
		}
	}
}

// TestServePagesBeforeFolders serves an output shaped as the build writes
// it: a section is a page beside a folder of its sub-pages
// (registry.html and registry/state-A.html), with no index.html in the
// folder.
func TestServePagesBeforeFolders(t *testing.T) {
	out := t.TempDir()
	rootfstest.WriteTree(t, out, map[string]string{
		"index.html":            "<h1>home</h1>",
		"404.html":              "<h1>custom not found</h1>",
		"page.html":             "<h1>page</h1>",
		"registry.html":         "<h1>registry</h1>",
		"registry/state-A.html": "<h1>state A</h1>",
		"docs.html":             "<h1>docs</h1>",
		"docs/FORMAT.html":      "<h1>format</h1>",
		"both.html":             "<h1>both page</h1>",
		"both/index.html":       "<h1>both folder</h1>",
		"guide/index.html":      "<h1>guide</h1>",
		"a b/index.html":        "<h1>spaced</h1>",
		"empty/notes.txt":       "no index here",
	})
	ts := staticServer(t, out)
	addr := ts.Listener.Addr().String()
	const notFound = "<h1>custom not found</h1>"
	for _, c := range []struct {
		target   string
		status   int
		body     string
		location string
	}{
		{"/registry", 200, "<h1>registry</h1>", ""},
		{"/registry?x=1", 200, "<h1>registry</h1>", ""},
		{"/registry.html", 200, "<h1>registry</h1>", ""},
		{"/registry/state-A", 200, "<h1>state A</h1>", ""},
		{"/registry/state-A.html", 200, "<h1>state A</h1>", ""},
		{"/docs", 200, "<h1>docs</h1>", ""},
		{"/docs/FORMAT", 200, "<h1>format</h1>", ""},
		// A page and a folder of the same name: the slash tells which.
		{"/both", 200, "<h1>both page</h1>", ""},
		{"/both/", 200, "<h1>both folder</h1>", ""},
		// A folder with an index only: redirected, so its relative links work.
		{"/guide", 301, "", "/guide/"},
		{"/guide/", 200, "<h1>guide</h1>", ""},
		{"/a%20b", 301, "", "/a%20b/"},
		// A trailing slash names a folder: never a page, whose relative
		// links would resolve one folder too deep.
		{"/registry/", 404, notFound, ""},
		{"/page/", 404, notFound, ""},
		{"/page.html/", 404, notFound, ""},
		// A folder without an index is not redirected to a 404.
		{"/empty", 404, notFound, ""},
		{"/empty/", 404, notFound, ""},
		{"/empty/notes.txt", 200, "no index here", ""},
	} {
		resp, body := rawGet(t, addr, "GET", c.target)
		if resp.StatusCode != c.status {
			t.Errorf("GET %s: status %d, want %d", c.target, resp.StatusCode, c.status)
		}
		if c.body != "" && body != c.body {
			t.Errorf("GET %s: body %q, want %q", c.target, body, c.body)
		}
		if got := resp.Header.Get("Location"); got != c.location {
			t.Errorf("GET %s: Location %q, want %q", c.target, got, c.location)
		}
	}
}
