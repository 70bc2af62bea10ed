package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spf13/pflag"
)

// Exit statuses.
const (
	// ExitOK means no findings (warnings allowed).
	ExitOK = 0
	// ExitFindings means invalid input or drift.
	ExitFindings = 1
	// ExitUsage means the command line was wrong.
	ExitUsage = 2
	// ExitFailure means infradoc itself failed.
	ExitFailure = 3
)

// Version is set at build time with -ldflags "-X …cli.Version=v1.2.3".
var Version = "dev"

// Command holds the process's streams and environment.
type Command struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads the environment (os.Getenv in production).
	Getenv func(string) string
	// Dir is the working directory; "" means the process's.
	Dir string
	// summary is the --summary flag of the command running (summary.go).
	summary summaryFlag
}

// subcommand is one `infradoc NAME`.
type subcommand struct {
	name    string
	summary string
	usage   string // arguments after the name, e.g. "[flags] FILE.md"
	// run parses its own flags from args and returns an exit status.
	run func(c *Command, args []string) int
	// hidden keeps an internal subcommand out of the help.
	hidden bool
}

var subcommands = map[string]subcommand{}

func register(sc subcommand) {
	if _, dup := subcommands[sc.name]; dup {
		panic("cli: subcommand registered twice: " + sc.name)
	}
	subcommands[sc.name] = sc
}

// Main runs infradoc with the process's streams.
func Main(args []string) int {
	c := &Command{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	return c.Main(args)
}

// Main runs one infradoc command line (without the program name) and
// returns the exit status. A panic is reported as an internal failure, so a
// bug never prints a stack trace at a user.
func (c *Command) Main(args []string) (status int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(c.Stderr, "infradoc: internal error: %v\nplease report this with the input that caused it\n", r)
			status = ExitFailure
		}
	}()
	if c.Getenv == nil {
		c.Getenv = func(string) string { return "" }
	}
	if len(args) == 0 {
		c.printHelp(c.Stderr)
		return ExitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help":
		if len(args) > 1 {
			if sc, ok := subcommands[args[1]]; ok {
				return sc.run(c, []string{"--help"})
			}
			fmt.Fprintf(c.Stderr, "infradoc: unknown command %q\n", args[1])
			return ExitUsage
		}
		c.printHelp(c.Stdout)
		return ExitOK
	case "version", "--version":
		fmt.Fprintf(c.Stdout, "infradoc %s\n", Version)
		return ExitOK
	}
	sc, ok := subcommands[name]
	if !ok {
		fmt.Fprintf(c.Stderr, "infradoc: unknown command %q\nRun 'infradoc help' for the list of commands.\n", name)
		return ExitUsage
	}
	return sc.run(c, args[1:])
}

func (c *Command) printHelp(w io.Writer) {
	fmt.Fprintf(w, "infradoc keeps infrastructure-governance docs true to their YAML.\n\nUsage:\n  infradoc COMMAND [flags]\n\nCommands:\n")
	names := make([]string, 0, len(subcommands)+2)
	for n := range subcommands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if subcommands[n].hidden {
			continue
		}
		fmt.Fprintf(w, "  %-10s %s\n", n, subcommands[n].summary)
	}
	fmt.Fprintf(w, "  %-10s %s\n  %-10s %s\n", "help", "show help for infradoc or a command", "version", "print the version")
	fmt.Fprintf(w, "\nRun 'infradoc COMMAND --help' for a command's flags.\n"+
		"Exit status: 0 clean, 1 findings or drift, 2 bad usage, 3 internal failure.\n")
}

// newFlags returns a flag set for subcommand name whose errors and help go
// to the command's streams.
func (c *Command) newFlags(sc string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(sc, pflag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	fs.SortFlags = false
	return fs
}

// parseFlags parses args, printing help on --help. It returns ok=false and
// the status to exit with when the command should stop.
func (c *Command) parseFlags(fs *pflag.FlagSet, args []string) (status int, ok bool) {
	sc := subcommands[fs.Name()]
	fs.Usage = func() {
		fmt.Fprintf(c.Stdout, "Usage: infradoc %s %s\n\n%s\n\nFlags:\n%s", sc.name, sc.usage, capitalize(sc.summary), fs.FlagUsages())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK, false
		}
		fmt.Fprintf(c.Stderr, "infradoc %s: %v\nRun 'infradoc %s --help' for usage.\n", fs.Name(), err, fs.Name())
		return ExitUsage, false
	}
	return 0, true
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// usageError prints a usage problem and returns ExitUsage.
func (c *Command) usageError(sc, format string, args ...any) int {
	fmt.Fprintf(c.Stderr, "infradoc %s: %s\nRun 'infradoc %s --help' for usage.\n", sc, fmt.Sprintf(format, args...), sc)
	return ExitUsage
}

// failure prints an internal failure and returns ExitFailure.
func (c *Command) failure(sc string, err error) int {
	fmt.Fprintf(c.Stderr, "infradoc %s: %v\n", sc, err)
	return ExitFailure
}
