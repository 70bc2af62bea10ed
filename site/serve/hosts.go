package serve

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// hostPolicy decides which Host headers, and which Origin headers, serve
// answers. It is the dev server's protection against DNS rebinding: a web
// page on evil.example can make its own name resolve to 127.0.0.1, and the
// browser then lets it read whatever answers there, because to the browser
// it is still evil.example. The request, though, still says
// "Host: evil.example"; refusing hosts that are not this machine's own
// names is what closes the hole (Vite's and webpack-dev-server's
// allowedHosts do the same).
//
// The zero value answers loopback hosts only, so a devServer is safe even
// when nobody configured it.
type hostPolicy struct {
	// anyHost is set when serve listens on every interface (--addr
	// 0.0.0.0:8080, [::]:8080 or :8080): the user asked for the site to
	// be reachable from the network under whatever name the others use
	// for this machine, and the startup warning says so.
	anyHost bool
	// names are host names accepted besides the loopback ones (the host
	// of --addr when it is a name), lower-case without a trailing dot.
	names []string
	// ips are addresses accepted besides the loopback ones: the host of
	// --addr and the address actually listened on. A browser that sends
	// an IP address as the Host went to that address itself, which no
	// rebinding can fake.
	ips []net.IP
}

// newHostPolicy returns the policy for a server started with --addr addr
// (empty when serve was not started from the command line) that listens
// on listening.
func newHostPolicy(addr string, listening net.Addr) hostPolicy {
	var p hostPolicy
	if tcp, ok := listening.(*net.TCPAddr); ok {
		if tcp.IP.IsUnspecified() {
			p.anyHost = true
		} else if tcp.IP != nil && !tcp.IP.IsLoopback() {
			p.addIP(tcp.IP)
		}
	}
	if addr == "" {
		return p
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return p
	}
	if ip := net.ParseIP(host); ip != nil {
		if ip.IsUnspecified() {
			p.anyHost = true
		} else if !ip.IsLoopback() {
			p.addIP(ip)
		}
		return p
	}
	switch name := normalizeHostName(host); {
	case name == "":
		// ":8080" listens on every interface.
		p.anyHost = true
	case !isLoopbackName(name):
		p.names = append(p.names, name)
	}
	return p
}

// addIP accepts ip, once: --addr and the listener usually name the same.
func (p *hostPolicy) addIP(ip net.IP) {
	for _, have := range p.ips {
		if have.Equal(ip) {
			return
		}
	}
	p.ips = append(p.ips, ip)
}

// allowsHost reports whether a Host header (with or without a port) names
// this server.
func (p hostPolicy) allowsHost(hostHeader string) bool {
	host, ok := splitHostHeader(hostHeader)
	if !ok {
		return false
	}
	if p.anyHost {
		return true
	}
	if ip := net.ParseIP(host); ip != nil {
		if ip.IsLoopback() {
			return true
		}
		for _, allowed := range p.ips {
			if allowed.Equal(ip) {
				return true
			}
		}
		return false
	}
	name := normalizeHostName(host)
	if isLoopbackName(name) {
		return true
	}
	for _, allowed := range p.names {
		if name == allowed {
			return true
		}
	}
	return false
}

// allowsOrigin reports whether an Origin header names a page this server
// may take requests from: an http or https origin whose host passes
// allowsHost. "null" (sandboxed frames, file:// pages) and other schemes
// (browser extensions) do not.
func (p hostPolicy) allowsOrigin(origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Opaque != "" || u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.Host == "" {
		return false
	}
	if !strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https") {
		return false
	}
	return p.allowsHost(u.Host)
}

// isLoopbackName reports whether a normalized host name always means this
// machine: localhost, and the names under .localhost, which RFC 6761
// reserves for loopback so no attacker can register one.
func isLoopbackName(name string) bool {
	return name == "localhost" || strings.HasSuffix(name, ".localhost")
}

// normalizeHostName lower-cases a host name and drops the trailing dot of
// a fully qualified one ("LocalHost." is localhost).
func normalizeHostName(name string) string {
	return strings.TrimSuffix(strings.ToLower(name), ".")
}

// splitHostHeader returns the host of a Host header or of an origin's
// authority: "example:8080" and "example" give "example", "[::1]:8080" and
// "[::1]" give "::1". A malformed value (empty, an unbracketed IPv6
// address, a port that is not a number) is not ok.
func splitHostHeader(h string) (host string, ok bool) {
	port := ""
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return "", false
		}
		host, rest := h[1:end], h[end+1:]
		// Brackets hold an IPv6 address and nothing else.
		if !strings.Contains(host, ":") || net.ParseIP(host) == nil {
			return "", false
		}
		if rest != "" {
			if rest[0] != ':' {
				return "", false
			}
			port = rest[1:]
		}
		if !validPort(port) {
			return "", false
		}
		return host, true
	}
	if strings.Count(h, ":") > 1 {
		return "", false
	}
	host, port, _ = strings.Cut(h, ":")
	if host == "" || !validPort(port) {
		return "", false
	}
	return host, true
}

// validPort reports whether a port is empty or decimal digits.
func validPort(port string) bool {
	for _, r := range port {
		if r < '0' || r > '9' {
			return false
		}
	}
	return len(port) <= 5
}

// needsOriginCheck reports whether a request must come from an allowed
// origin when it says where it comes from. Browsers send Origin with
// cross-origin fetches and EventSources and with every non-GET request, so
// checking it there keeps other sites' pages from listening to the
// rebuilds or sending anything but a plain page load.
func needsOriginCheck(r *http.Request) bool {
	return r.URL.Path == EventsPath || r.Method != http.MethodGet && r.Method != http.MethodHead
}

// guard answers 403 to requests whose Host, or Origin where it is
// checked, is not allowed, and reports whether the request may go on.
func (p hostPolicy) guard(w http.ResponseWriter, r *http.Request) bool {
	if !p.allowsHost(r.Host) {
		forbid(w, p.hostRefusal(r.Host, localPort(r)))
		return false
	}
	if !needsOriginCheck(r) {
		return true
	}
	origins, present := r.Header["Origin"]
	if !present {
		// Not from a browser page (curl, or a same-origin GET).
		return true
	}
	if len(origins) != 1 || !p.allowsOrigin(origins[0]) {
		forbid(w, p.originRefusal(strings.Join(origins, ", ")))
		return false
	}
	return true
}

// forbid writes a plain-text 403, never cached, so the user who typed a
// refused address sees why rather than an empty page. http.Error ends msg
// with a newline.
func forbid(w http.ResponseWriter, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, msg, http.StatusForbidden)
}

// acceptedHosts describes, for a refusal, which hosts are answered.
func (p hostPolicy) acceptedHosts() string {
	hosts := []string{"localhost", "*.localhost", "127.0.0.1 (any 127.x.y.z)", "[::1]"}
	for _, name := range p.names {
		hosts = append(hosts, name+" (given with --addr)")
	}
	for _, ip := range p.ips {
		s := ip.String()
		if strings.Contains(s, ":") {
			s = "[" + s + "]"
		}
		hosts = append(hosts, s+" (given with --addr)")
	}
	return strings.Join(hosts[:len(hosts)-1], ", ") + " and " + hosts[len(hosts)-1]
}

// localPort returns the port the request came in on, for the --addr a
// refusal suggests, or a placeholder when unknown.
func localPort(r *http.Request) string {
	if tcp, ok := r.Context().Value(http.LocalAddrContextKey).(*net.TCPAddr); ok {
		return fmt.Sprint(tcp.Port)
	}
	return "PORT"
}

// hostRefusal explains the refusal of a Host header to whoever typed it.
func (p hostPolicy) hostRefusal(hostHeader, port string) string {
	var b strings.Builder
	if hostHeader == "" {
		b.WriteString("403 Forbidden: the request has no Host header, and infradoc serve answers only requests addressed to this machine.\n\n")
	} else {
		fmt.Fprintf(&b, "403 Forbidden: infradoc serve does not answer requests for the host %q.\n\n", hostHeader)
	}
	fmt.Fprintf(&b, "It answers only %s. This is DNS rebinding protection: a web page on another site could otherwise make its own name point at this machine and read the preview through your browser.\n\n", p.acceptedHosts())
	name, ok := splitHostHeader(hostHeader)
	if ok && net.ParseIP(name) != nil && strings.Contains(name, ":") {
		name = "[" + name + "]"
	}
	if !ok {
		name = "NAME"
	}
	fmt.Fprintf(&b, "To open the site under this name, restart serve with --addr %s:%s (it then listens on that address and answers that host), or with --addr 0.0.0.0:%s to answer any name (anyone who can reach this machine can then read the site).", name, port, port)
	return b.String()
}

// originRefusal explains the refusal of an Origin header.
func (p hostPolicy) originRefusal(origin string) string {
	from := "http and https pages of " + p.acceptedHosts()
	if p.anyHost {
		from = "http and https pages"
	}
	return fmt.Sprintf("403 Forbidden: infradoc serve does not take this request from the origin %q.\n\n"+
		"Only %s may listen to its rebuilds or send it anything but GET. This is DNS rebinding and cross-site request protection: other web sites must not reach the preview through your browser.\n\n"+
		"Open the site at the address serve printed when it started.", origin, from)
}
