package cli

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
	"time"
)

// hostTestServer serves servedTree (plus a registry.json, the file a
// rebinding page would be after) on 127.0.0.1 with the host policy serve
// builds for --addr addr; an empty addr keeps the zero policy, as tests
// and callers that configure nothing get. It returns the listening
// address and port.
func hostTestServer(t *testing.T, addr string) (listening, port string) {
	t.Helper()
	out := servedTree(t)
	if err := os.WriteFile(filepath.Join(out, "registry.json"), []byte(`{"items":["private"]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	s := newDevServer(func() buildOutcome { return buildOutcome{out: out} }, io.Discard)
	ts := httptest.NewUnstartedServer(s)
	if addr != "" {
		s.hosts = newHostPolicy(addr, ts.Listener.Addr())
	}
	s.rebuild()
	ts.Start()
	t.Cleanup(func() { s.events.close(); ts.Close() })
	listening = ts.Listener.Addr().String()
	_, port, _ = net.SplitHostPort(listening)
	return listening, port
}

// send makes one real HTTP request to the server at addr with the Host
// header host, as a browser sends it for the name in its address bar (for
// a DNS-rebinding page, the attacker's name), and the extra headers given
// as name/value pairs. Redirects are not followed. The caller closes the
// body.
func send(t *testing.T, addr, method, target, host string, header ...string) *http.Response {
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

// sendAndRead is send for a response that ends: it returns the status,
// headers and body.
func sendAndRead(t *testing.T, addr, method, target, host string, header ...string) (int, http.Header, string) {
	t.Helper()
	resp := send(t, addr, method, target, host, header...)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// wantRefused checks a 403 that explains itself in plain text and shows
// nothing of the site.
func wantRefused(t *testing.T, what string, code int, h http.Header, body string, mentions ...string) {
	t.Helper()
	if code != http.StatusForbidden {
		t.Errorf("%s: status %d, want 403", what, code)
		return
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("%s: Content-Type %q, want plain text", what, ct)
	}
	for _, leak := range []string{"<h1>", "private", "event: build"} {
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

// openEvents opens the event stream and, when it is accepted, checks that
// it streams the current build, then closes it.
func openEvents(t *testing.T, addr, host string, header ...string) (int, http.Header, string) {
	t.Helper()
	resp := send(t, addr, "GET", eventsPath, host, header...)
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, string(body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("events (Host %s): Content-Type %q", host, ct)
	}
	if gen, _ := next(t, sseEvents(t, resp.Body)); gen != "1" {
		t.Errorf("events (Host %s): first generation %q, want 1", host, gen)
	}
	return resp.StatusCode, resp.Header, ""
}

func TestServeRefusesForgedHosts(t *testing.T) {
	addr, port := hostTestServer(t, "")
	for _, host := range []string{
		"evil.example",
		"evil.example:" + port,
		// Names that resolve to 127.0.0.1 are exactly what rebinding uses.
		"127.0.0.1.nip.io:" + port,
		"localhost.evil.example:" + port,
		"evil.example.localhost.evil:" + port,
		// Addresses that are not this server's when it listens on loopback.
		"0.0.0.0:" + port,
		"192.168.1.5:" + port,
		"[2001:db8::1]:" + port,
	} {
		for _, target := range []string{"/", "/page", "/registry.json", "/missing"} {
			code, h, body := sendAndRead(t, addr, "GET", target, host)
			wantRefused(t, fmt.Sprintf("GET %s with Host %s", target, host), code, h, body, fmt.Sprintf("%q", host), "--addr")
		}
		code, h, body := openEvents(t, addr, host)
		wantRefused(t, "events with Host "+host, code, h, body)
	}
	code, h, body := sendAndRead(t, addr, "GET", "/registry.json", "evil.example:"+port)
	wantRefused(t, "the explanation", code, h, body,
		"localhost", "127.0.0.1", "[::1]",
		"--addr evil.example:"+port, "--addr 0.0.0.0:"+port)
}

func TestServeRefusesRequestsWithoutHost(t *testing.T) {
	addr, _ := hostTestServer(t, "")
	// HTTP/1.0 lets a client leave the Host out; no browser does.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "GET /registry.json HTTP/1.0\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	wantRefused(t, "no Host", resp.StatusCode, resp.Header, string(body), "no Host header")
}

func TestServeAcceptsLoopbackHosts(t *testing.T) {
	addr, port := hostTestServer(t, "")
	for _, host := range []string{
		"localhost:" + port,
		"127.0.0.1:" + port,
		"[::1]:" + port,
		"localhost",
		"127.0.0.1",
		"[::1]",
		"LocalHost.:" + port,
		"preview.localhost:" + port,
		"127.1.2.3:" + port,
		"[::ffff:127.0.0.1]:" + port,
	} {
		if code, _, body := sendAndRead(t, addr, "GET", "/", host); code != 200 || body != "<h1>home</h1>" {
			t.Errorf("GET / with Host %s: %d %q, want the home page", host, code, body)
		}
		if code, _, body := sendAndRead(t, addr, "GET", "/registry.json", host); code != 200 || !strings.Contains(body, "private") {
			t.Errorf("GET /registry.json with Host %s: %d %q", host, code, body)
		}
		if code, _, body := openEvents(t, addr, host); code != 200 {
			t.Errorf("events with Host %s: %d %q, want the stream", host, code, body)
		}
	}
	// The same server refuses other names: what it accepts above is
	// the loopback rule, not an open door.
	code, h, body := sendAndRead(t, addr, "GET", "/", "evil.example:"+port)
	wantRefused(t, "Host evil.example", code, h, body)
}

func TestServeEventsCheckTheOrigin(t *testing.T) {
	addr, port := hostTestServer(t, "")
	host := "127.0.0.1:" + port
	for _, origin := range []string{
		"http://evil.example",
		"https://evil.example:" + port,
		"http://127.0.0.1.nip.io:" + port,
		"null",
		"file://",
		"chrome-extension://abcdef",
		"ws://127.0.0.1:" + port,
		"http://127.0.0.1:" + port + "/path",
		"",
	} {
		code, h, body := openEvents(t, addr, host, "Origin", origin)
		wantRefused(t, fmt.Sprintf("events from Origin %q", origin), code, h, body, fmt.Sprintf("%q", origin))
	}
	for _, origin := range []string{
		"http://127.0.0.1:" + port,
		"http://localhost:" + port,
		"https://localhost",
		"http://[::1]:" + port,
	} {
		if code, _, body := openEvents(t, addr, host, "Origin", origin); code != 200 {
			t.Errorf("events from Origin %q: %d %q, want the stream", origin, code, body)
		}
	}
	// Any other method is refused from a foreign page before it is
	// refused as not allowed.
	code, h, body := sendAndRead(t, addr, "POST", "/", host, "Origin", "http://evil.example")
	wantRefused(t, "POST from evil.example", code, h, body)
	for _, header := range [][]string{{"Origin", "http://127.0.0.1:" + port}, nil} {
		if code, _, _ := sendAndRead(t, addr, "POST", "/", host, header...); code != http.StatusMethodNotAllowed {
			t.Errorf("POST / with %v: status %d, want 405", header, code)
		}
	}
}

// An --addr on every interface is the user's choice to share the site on
// the network under whatever name others reach this machine by.
func TestServeAcceptsAnyHostWhenListeningOnAllInterfaces(t *testing.T) {
	for _, listen := range []string{"0.0.0.0:8080", "[::]:8080", ":8080"} {
		t.Run(listen, func(t *testing.T) {
			addr, port := hostTestServer(t, listen)
			for _, host := range []string{"evil.example", "mybox.lan:" + port, "192.168.1.5:" + port, "localhost:" + port} {
				if code, _, body := sendAndRead(t, addr, "GET", "/", host); code != 200 || body != "<h1>home</h1>" {
					t.Errorf("GET / with Host %s: %d %q, want the home page", host, code, body)
				}
				if code, _, body := openEvents(t, addr, host, "Origin", "http://"+host); code != 200 {
					t.Errorf("events with Host %s: %d %q, want the stream", host, code, body)
				}
			}
			// Still only from web pages.
			code, h, body := openEvents(t, addr, "mybox.lan:"+port, "Origin", "null")
			wantRefused(t, "events from Origin null", code, h, body)
		})
	}
}

// A specific --addr adds its own host to the loopback ones, and nothing
// else.
func TestServeAcceptsTheHostOfAddr(t *testing.T) {
	for _, c := range []struct {
		addr           string
		accept, refuse []string
	}{
		{"192.168.1.5:8080", []string{"192.168.1.5:8080", "192.168.1.5", "localhost:8080"}, []string{"192.168.1.6:8080", "evil.example:8080", "mybox.lan:8080"}},
		{"[2001:db8::5]:8080", []string{"[2001:db8::5]:8080", "[2001:db8:0::5]", "[::1]:8080"}, []string{"[2001:db8::6]:8080", "evil.example"}},
		{"MyBox.lan:8080", []string{"mybox.lan:8080", "MYBOX.LAN.", "127.0.0.1:8080"}, []string{"evil.example:8080", "other.lan:8080", "192.168.1.5:8080"}},
		{"localhost:8080", []string{"localhost:8080", "127.0.0.1:8080"}, []string{"evil.example:8080"}},
	} {
		t.Run(c.addr, func(t *testing.T) {
			addr, _ := hostTestServer(t, c.addr)
			for _, host := range c.accept {
				if code, _, body := sendAndRead(t, addr, "GET", "/registry.json", host); code != 200 {
					t.Errorf("Host %s: %d %q, want the file", host, code, body)
				}
			}
			for _, host := range c.refuse {
				code, h, body := sendAndRead(t, addr, "GET", "/registry.json", host)
				wantRefused(t, "Host "+host, code, h, body)
			}
		})
	}
}

func TestHostPolicyParsesHostHeaders(t *testing.T) {
	for h, want := range map[string]string{
		"localhost": "localhost", "localhost:8080": "localhost", "[::1]": "::1", "[::1]:80": "::1",
		"127.0.0.1:0": "127.0.0.1", "localhost:": "localhost",
		"": "", "::1": "", "[::1": "", "[::1]x": "", "[127.0.0.1]": "", "[]": "", "host:port": "", ":8080": "",
		"localhost:123456": "", "[::1]:8080:1": "",
	} {
		got, ok := splitHostHeader(h)
		if got != want || ok != (want != "") {
			t.Errorf("splitHostHeader(%q) = %q, %v; want %q", h, got, ok, want)
		}
	}
}

func TestHostPolicyFromAddr(t *testing.T) {
	loopback := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}
	lan := &net.TCPAddr{IP: net.IPv4(192, 168, 1, 5), Port: 8080}
	for _, c := range []struct {
		addr      string
		listening net.Addr
		anyHost   bool
		accepted  string
	}{
		{"", loopback, false, "localhost, *.localhost, 127.0.0.1 (any 127.x.y.z) and [::1]"},
		{"127.0.0.1:8080", loopback, false, "localhost, *.localhost, 127.0.0.1 (any 127.x.y.z) and [::1]"},
		{"localhost:0", loopback, false, "localhost, *.localhost, 127.0.0.1 (any 127.x.y.z) and [::1]"},
		{"192.168.1.5:8080", lan, false, "localhost, *.localhost, 127.0.0.1 (any 127.x.y.z), [::1] and 192.168.1.5 (given with --addr)"},
		{"MyBox.Lan.:8080", lan, false, "localhost, *.localhost, 127.0.0.1 (any 127.x.y.z), [::1], mybox.lan (given with --addr) and 192.168.1.5 (given with --addr)"},
		{"0.0.0.0:8080", &net.TCPAddr{IP: net.IPv4zero, Port: 8080}, true, ""},
		{"[::]:8080", loopback, true, ""},
		{":8080", loopback, true, ""},
	} {
		p := newHostPolicy(c.addr, c.listening)
		if p.anyHost != c.anyHost {
			t.Errorf("newHostPolicy(%q): anyHost %v, want %v", c.addr, p.anyHost, c.anyHost)
		}
		if got := p.acceptedHosts(); !c.anyHost && got != c.accepted {
			t.Errorf("newHostPolicy(%q) accepts %s\nwant %s", c.addr, got, c.accepted)
		}
	}
}
