package serve

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/serve/servetest"
)

// scriptedBuilds returns a builder that replays outcomes, repeating the last.
func scriptedBuilds(outcomes ...buildOutcome) siteBuilder {
	i := 0
	return func() buildOutcome {
		o := outcomes[min(i, len(outcomes)-1)]
		i++
		return o
	}
}

func TestServeShowsBuildErrorsInThePageAndRecovers(t *testing.T) {
	out := servedTree(t)
	failed := buildOutcome{failed: true, summary: "1 error.",
		report: "content/INFRA_REGISTRY.yaml:3:8: error: state must be A, B or C <script>alert(1)</script> [enum]\n"}
	s := newDevServer(scriptedBuilds(buildOutcome{out: out}, failed, buildOutcome{out: out}), io.Discard)
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.events.close()

	s.rebuild()
	if code, _, body := servetest.Get(t, ts.URL+"/"); code != 200 || body != "<h1>home</h1>" {
		t.Fatalf("first build: %d %q", code, body)
	}
	s.rebuild()
	code, h, body := servetest.Get(t, ts.URL+"/")
	if code != http.StatusInternalServerError {
		t.Errorf("failed build: status %d, want 500", code)
	}
	for _, want := range []string{"Build failed", "INFRA_REGISTRY.yaml:3:8", "&lt;script&gt;alert(1)&lt;/script&gt;", EventsPath} {
		if !strings.Contains(body, want) {
			t.Errorf("error page lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "<script>alert(1)") {
		t.Error("the error page does not escape the report")
	}
	if !strings.HasPrefix(h.Get("Set-Cookie"), BuildCookie+"=2") {
		t.Errorf("error page: Set-Cookie %q, want generation 2", h.Get("Set-Cookie"))
	}
	for _, page := range []string{"/page", "/sub/", "/missing.html"} {
		if code, _, body := servetest.Get(t, ts.URL+page); code != 500 || !strings.Contains(body, "Build failed") {
			t.Errorf("GET %s while failing: %d, want the error page", page, code)
		}
	}
	if code, _, body := servetest.Get(t, ts.URL+"/style.css"); code != 200 || body != "body{}" {
		t.Errorf("assets of the last good build: %d %q", code, body)
	}
	s.rebuild()
	if code, _, body := servetest.Get(t, ts.URL+"/"); code != 200 || body != "<h1>home</h1>" {
		t.Errorf("after the fix: %d %q, want the page again", code, body)
	}
}

func TestServeFirstBuildFailing(t *testing.T) {
	s := newDevServer(scriptedBuilds(buildOutcome{failed: true, summary: "2 errors.", report: "x.yaml:1:1: error: bad\n"}), io.Discard)
	s.rebuild()
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.events.close()
	for _, p := range []string{"/", "/style.css"} {
		code, _, body := servetest.Get(t, ts.URL+p)
		if p == "/" && (code != 500 || !strings.Contains(body, "x.yaml:1:1")) {
			t.Errorf("GET %s: %d, want the error page", p, code)
		}
		if p != "/" && code != 500 && code != 404 {
			t.Errorf("GET %s without any build: status %d", p, code)
		}
	}
}

func TestServeSendsBuildEvents(t *testing.T) {
	out := servedTree(t)
	s := newDevServer(scriptedBuilds(buildOutcome{out: out}), io.Discard)
	s.rebuild()
	ts := httptest.NewServer(s)
	defer ts.Close()
	resp, err := http.Get(ts.URL + EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	events := servetest.SSEEvents(t, resp.Body)
	if gen, _ := servetest.Next(t, events); gen != "1" {
		t.Fatalf("first event: generation %q, want the current one, 1", gen)
	}
	if n := s.events.listeners(); n != 1 {
		t.Errorf("%d listeners, want 1", n)
	}
	s.rebuild()
	if gen, _ := servetest.Next(t, events); gen != "2" {
		t.Errorf("after a rebuild: generation %q, want 2", gen)
	}
	s.rebuild()
	s.rebuild()
	if gen, _ := servetest.Next(t, events); gen != "3" && gen != "4" {
		t.Errorf("after two rebuilds: generation %q", gen)
	}
	s.events.close()
	for {
		if _, ok := servetest.Next(t, events); !ok {
			break
		}
	}
	if n := s.events.listeners(); n != 0 {
		t.Errorf("%d listeners after close, want 0", n)
	}
	resp2, err := http.Get(ts.URL + EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("events after close: status %d, want 503", resp2.StatusCode)
	}
}

func TestLiveReloadScriptUsesTheEventsEndpoint(t *testing.T) {
	for _, want := range []string{`new EventSource("` + EventsPath + `")`, BuildCookie, "location.reload()"} {
		if !strings.Contains(liveReloadScript, want) {
			t.Errorf("live reload script lacks %q", want)
		}
	}
}
