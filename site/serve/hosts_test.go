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

	"github.com/infradoc/infradoc/site/serve/servetest"
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
			code, h, body := servetest.SendAndRead(t, addr, "GET", target, host)
			servetest.WantRefused(t, fmt.Sprintf("GET %s with Host %s", target, host), code, h, body, fmt.Sprintf("%q", host), "--addr")
		}
		code, h, body := servetest.OpenEvents(t, addr, host)
		servetest.WantRefused(t, "events with Host "+host, code, h, body)
	}
	code, h, body := servetest.SendAndRead(t, addr, "GET", "/registry.json", "evil.example:"+port)
	servetest.WantRefused(t, "the explanation", code, h, body,
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
	servetest.WantRefused(t, "no Host", resp.StatusCode, resp.Header, string(body), "no Host header")
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
		if code, _, body := servetest.SendAndRead(t, addr, "GET", "/", host); code != 200 || body != "<h1>home</h1>" {
			t.Errorf("GET / with Host %s: %d %q, want the home page", host, code, body)
		}
		if code, _, body := servetest.SendAndRead(t, addr, "GET", "/registry.json", host); code != 200 || !strings.Contains(body, "private") {
			t.Errorf("GET /registry.json with Host %s: %d %q", host, code, body)
		}
		if code, _, body := servetest.OpenEvents(t, addr, host); code != 200 {
			t.Errorf("events with Host %s: %d %q, want the stream", host, code, body)
		}
	}
	// The same server refuses other names: what it accepts above is
	// the loopback rule, not an open door.
	code, h, body := servetest.SendAndRead(t, addr, "GET", "/", "evil.example:"+port)
	servetest.WantRefused(t, "Host evil.example", code, h, body)
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
		code, h, body := servetest.OpenEvents(t, addr, host, "Origin", origin)
		servetest.WantRefused(t, fmt.Sprintf("events from Origin %q", origin), code, h, body, fmt.Sprintf("%q", origin))
	}
	for _, origin := range []string{
		"http://127.0.0.1:" + port,
		"http://localhost:" + port,
		"https://localhost",
		"http://[::1]:" + port,
	} {
		if code, _, body := servetest.OpenEvents(t, addr, host, "Origin", origin); code != 200 {
			t.Errorf("events from Origin %q: %d %q, want the stream", origin, code, body)
		}
	}
	// Any other method is refused from a foreign page before it is
	// refused as not allowed.
	code, h, body := servetest.SendAndRead(t, addr, "POST", "/", host, "Origin", "http://evil.example")
	servetest.WantRefused(t, "POST from evil.example", code, h, body)
	for _, header := range [][]string{{"Origin", "http://127.0.0.1:" + port}, nil} {
		if code, _, _ := servetest.SendAndRead(t, addr, "POST", "/", host, header...); code != http.StatusMethodNotAllowed {
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
				if code, _, body := servetest.SendAndRead(t, addr, "GET", "/", host); code != 200 || body != "<h1>home</h1>" {
					t.Errorf("GET / with Host %s: %d %q, want the home page", host, code, body)
				}
				if code, _, body := servetest.OpenEvents(t, addr, host, "Origin", "http://"+host); code != 200 {
					t.Errorf("events with Host %s: %d %q, want the stream", host, code, body)
				}
			}
			// Still only from web pages.
			code, h, body := servetest.OpenEvents(t, addr, "mybox.lan:"+port, "Origin", "null")
			servetest.WantRefused(t, "events from Origin null", code, h, body)
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
				if code, _, body := servetest.SendAndRead(t, addr, "GET", "/registry.json", host); code != 200 {
					t.Errorf("Host %s: %d %q, want the file", host, code, body)
				}
			}
			for _, host := range c.refuse {
				code, h, body := servetest.SendAndRead(t, addr, "GET", "/registry.json", host)
				servetest.WantRefused(t, "Host "+host, code, h, body)
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
