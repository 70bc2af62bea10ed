package cli

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/infradoc/infradoc/site/build"
	"github.com/infradoc/infradoc/site/serve"
)

func init() {
	register(subcommand{
		name:    "serve",
		summary: "build the site, serve it on 127.0.0.1, rebuild on every change and reload open pages",
		usage:   "[flags]",
		run:     runServe,
	})
}

// serveOptions are serve's flags, and hooks for tests (see serve.Options).
type serveOptions = serve.Options

func runServe(c *Command, args []string) int {
	flags := c.newFlags("serve")
	var in inputFlags
	o := serveOptions{Debounce: 150 * time.Millisecond}
	in.add(flags)
	in.addVerification(flags)
	flags.StringVar(&o.Addr, "addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free one); the default keeps the site private to this machine. Only requests naming localhost or this address's host are answered, against DNS rebinding; 0.0.0.0:PORT answers any name")
	flags.StringVar(&o.Out, "out", "", "output folder, kept between runs (default: a temporary folder removed on exit; serve never writes the published site.output)")
	flags.BoolVar(&o.NoOpen, "no-open", false, "do not open the site in a browser")
	flags.BoolVar(&o.WarnLinks, "warn-links", false, "report broken internal links and anchors as warnings instead of failing the build")
	if status, ok := c.parseFlags(flags, args); !ok {
		return status
	}
	if flags.NArg() > 0 {
		return c.usageError("serve", "unexpected argument %q", flags.Arg(0))
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return c.failure("serve", fmt.Errorf("%v (choose another address with --addr, e.g. --addr 127.0.0.1:0)", err))
	}
	if host, _, _ := net.SplitHostPort(o.Addr); !isLoopback(host) {
		fmt.Fprintf(c.Stderr, "serve: warning: listening on %s: anyone who can reach this machine can read the site\n", o.Addr)
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

// serve serves the repository of in on ln until ctx ends (see serve.Run).
func (c *Command) serve(ctx context.Context, ln net.Listener, in *inputFlags, o serveOptions) error {
	return serve.Run(ctx, ln, func() (*build.Repo, error) { return c.resolve(in) }, o, c.buildEnv())
}
