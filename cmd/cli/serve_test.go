package cli

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeRebuildsOnChange runs serve on a copy of content/ over HTTP,
// without a browser: an editor-style save of an obligation must reach an
// open event stream as a new build, and the page must show the change; a
// broken file must give the error page, and fixing it the page again.
func TestServeRebuildsOnChange(t *testing.T) {
	repo := copyTree(t, filepath.Join("..", "..", "content"))
	url := startServe(t, repo)
	resp, err := http.Get(url + eventsPath[1:])
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := sseEvents(t, resp.Body)
	first, _ := next(t, events)

	code, h, body := get(t, url+"obligations/PB-S1.html")
	if code != 200 || !strings.Contains(body, "Retry State Is Append-Only") || !strings.Contains(body, eventsPath) {
		t.Fatalf("PB-S1 page: status %d, or no title or live reload script", code)
	}
	if !strings.HasPrefix(h.Get("Set-Cookie"), buildCookie+"="+first) {
		t.Errorf("page cookie %q, want build %s", h.Get("Set-Cookie"), first)
	}
	obligation := filepath.Join(repo, "obligations", "PB-S1.yaml")
	saveLikeAnEditor(t, obligation, func(s string) string {
		return strings.Replace(s, "title: Retry State Is Append-Only", "title: Retries Never Rewrite History", 1)
	})
	if gen, _ := next(t, events); gen == first {
		t.Fatalf("no new build after the edit")
	}
	if _, _, body := get(t, url+"obligations/PB-S1.html"); !strings.Contains(body, "Retries Never Rewrite History") {
		t.Error("the page does not show the edited title")
	}

	saveLikeAnEditor(t, obligation, func(s string) string { return strings.Replace(s, "status: PROMOTED", "status: DONE", 1) })
	next(t, events)
	code, _, body = get(t, url+"obligations/PB-S1.html")
	if code != http.StatusInternalServerError || !strings.Contains(body, "PB-S1.yaml:") || !strings.Contains(body, "DONE") {
		t.Errorf("broken input: status %d, want the error page naming the file:\n%s", code, body)
	}
	saveLikeAnEditor(t, obligation, func(s string) string { return strings.Replace(s, "status: DONE", "status: PROMOTED", 1) })
	next(t, events)
	if code, _, body := get(t, url+"obligations/PB-S1.html"); code != 200 || !strings.Contains(body, "Retries Never Rewrite History") {
		t.Errorf("after the fix: status %d, want the page again", code)
	}

	// A doc in a folder created after serve started is watched too.
	if err := os.MkdirAll(filepath.Join(repo, "docs", "guides"), 0o755); err != nil {
		t.Fatal(err)
	}
	next(t, events)
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

func TestGlobBase(t *testing.T) {
	for pattern, want := range map[string]string{
		"docs/**/*.md": "docs", "docs/*.md": "docs", "*.md": ".", "**/*.md": ".",
		"README.md": ".", "a/b/c.md": "a/b", "a/[ab]/c.md": "a",
	} {
		if got := globBase(pattern); got != want {
			t.Errorf("globBase(%q) = %q, want %q", pattern, got, want)
		}
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{"127.0.0.1": true, "localhost": true, "::1": true, "0.0.0.0": false, "": false, "192.168.1.2": false} {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q) = %v", host, got)
		}
	}
}
