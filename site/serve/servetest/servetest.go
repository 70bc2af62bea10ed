// Package servetest reads what `infradoc serve` sends, for the tests of
// the server and of the command.
package servetest

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// SSEEvents reads the "build" events of a server-sent event stream into a
// channel, closed when the stream ends.
func SSEEvents(t *testing.T, body io.Reader) <-chan string {
	ch := make(chan string, 16)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(body)
		event := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && event == "build":
				ch <- strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return ch
}

// Next returns the next event of ch, failing the test after 10 s.
func Next(t *testing.T, ch <-chan string) (string, bool) {
	t.Helper()
	select {
	case v, ok := <-ch:
		return v, ok
	case <-time.After(10 * time.Second):
		t.Fatal("no server-sent event within 10 s")
		return "", false
	}
}

// Get fetches url and returns its status, headers and body.
func Get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// Send makes one real HTTP request to the server at addr with the Host
// header host, as a browser sends it for the name in its address bar (for
// a DNS-rebinding page, the attacker's name), and the extra headers given
// as name/value pairs. Redirects are not followed. The caller closes the
// body.
func Send(t *testing.T, addr, method, target, host string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, "http://"+addr+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{
		// A stream that should have been refused must not hang the test.
		Timeout:       30 * time.Second,
		Transport:     &http.Transport{DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s (Host %s): %v", method, target, host, err)
	}
	return resp
}

// SendAndRead is Send for a response that ends: it returns the status,
// headers and body.
func SendAndRead(t *testing.T, addr, method, target, host string, header ...string) (int, http.Header, string) {
	t.Helper()
	resp := Send(t, addr, method, target, host, header...)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// WantRefused checks a 403 that explains itself in plain text and shows
// nothing of the site.
func WantRefused(t *testing.T, what string, code int, h http.Header, body string, mentions ...string) {
	t.Helper()
	if code != http.StatusForbidden {
		t.Errorf("%s: status %d, want 403", what, code)
		return
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("%s: Content-Type %q, want plain text", what, ct)
	}
	// A refusal is plain text: any markup in it would be a page of the site.
	if strings.ContainsRune(body, '<') {
		t.Errorf("%s: the refusal holds markup, a page of the site:\n%s", what, body)
	}
	for _, leak := range []string{"private", "event: build"} {
		if strings.Contains(body, leak) {
			t.Errorf("%s: the refusal leaks the site (%q):\n%s", what, leak, body)
		}
	}
	for _, want := range append([]string{"403 Forbidden", "DNS rebinding"}, mentions...) {
		if !strings.Contains(body, want) {
			t.Errorf("%s: the refusal does not say %q:\n%s", what, want, body)
		}
	}
}

// OpenEvents opens the event stream and, when it is accepted, checks that
// it streams the current build, then closes it.
func OpenEvents(t *testing.T, addr, host string, header ...string) (int, http.Header, string) {
	t.Helper()
	// serve.EventsPath: serve's own tests use this package, so it cannot
	// import serve.
	resp := Send(t, addr, "GET", "/_infradoc/events", host, header...)
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, string(body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("events (Host %s): Content-Type %q", host, ct)
	}
	if gen, _ := Next(t, SSEEvents(t, resp.Body)); gen != "1" {
		t.Errorf("events (Host %s): first generation %q, want 1", host, gen)
	}
	return resp.StatusCode, resp.Header, ""
}
