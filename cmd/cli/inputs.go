package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/infradoc/infradoc/content"
	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/build"
	"github.com/infradoc/infradoc/site/rules"
	"github.com/spf13/pflag"
)

// inputFlags are the flags every command that reads a repository takes.
type inputFlags struct {
	config      string
	registry    string
	obligations string
	root        string
	// baseline is --baseline, of the commands that accept findings
	// (addBaseline).
	baseline string
	// verification is --verification, of the commands that build the
	// site (addVerification).
	verification string
}

func (f *inputFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&f.config, "config", "", "config file (default: infradoc.yaml in --root, else content/infradoc.yaml, else the embedded content/)")
	fs.StringVar(&f.root, "root", "", "repository root that config paths are relative to (default: the config's folder)")
	fs.StringVar(&f.registry, "registry", "", "registry YAML file, overriding the config")
	fs.StringVar(&f.obligations, "obligations", "", "obligations file or folder, overriding the config")
}

// addBaseline adds --baseline FILE.
func (f *inputFlags) addBaseline(fs *pflag.FlagSet) {
	fs.StringVar(&f.baseline, "baseline", "", baselineUsage)
}

// addVerification adds --verification FILE.
func (f *inputFlags) addVerification(fs *pflag.FlagSet) {
	fs.StringVar(&f.verification, "verification", "", "report `FILE` that 'infradoc verify --format json' wrote: each obligation's page shows what it proved, overriding the config's verification:")
}

// baselineUsage is the help of --baseline.
const baselineUsage = "baseline `FILE` ('infradoc baseline' writes it) whose findings are accepted, overriding the config's baseline:"

// repo is a resolved repository location (see build.Repo).
type repo = build.Repo

// resolve finds the repository: --config and --root first, then
// ./infradoc.yaml, then ./content/infradoc.yaml, then the embedded content/.
func (c *Command) resolve(f *inputFlags) (*repo, error) {
	wd := c.Dir
	if wd == "" {
		var err error
		if wd, err = os.Getwd(); err != nil {
			return nil, err
		}
	}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(wd, p)
	}
	r := &repo{Opts: site.Options{Registry: f.registry, Obligations: f.obligations}}
	switch {
	case f.config != "":
		cfg := abs(f.config)
		if _, err := os.Stat(cfg); err != nil {
			return nil, fmt.Errorf("config: %w", errNoFile(f.config, err))
		}
		r.Dir = filepath.Dir(cfg)
		if f.root != "" {
			r.Dir = abs(f.root)
		}
		rel, err := filepath.Rel(r.Dir, cfg)
		if err != nil {
			return nil, err
		}
		r.Opts.ConfigFile = filepath.ToSlash(rel)
	case f.root != "":
		r.Dir = abs(f.root)
		if st, err := os.Stat(r.Dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("--root %s is not a folder", f.root)
		}
	case f.registry != "" || f.obligations != "" || exists(filepath.Join(wd, site.ConfigFileName)):
		r.Dir = wd
	case exists(filepath.Join(wd, "content", site.ConfigFileName)):
		r.Dir = filepath.Join(wd, "content")
	default:
		if f.verification != "" {
			return nil, fmt.Errorf("--verification reads a file beside a repository, and none was found: give --root or --config (the embedded content/ has no folder on disk)")
		}
		r.FS, r.Display = content.FS, "content"
	}
	if r.FS == nil {
		rfs, err := site.OpenRootFS(r.Dir)
		if err != nil {
			return nil, fmt.Errorf("--root: %w", err)
		}
		r.FS = rfs
		r.Display = displayPath(wd, r.Dir)
		// Overrides given on the command line are relative to the working
		// directory; the loader reads relative to the root. Files named on
		// the command line are read where they are, even outside the root
		// (a registry kept beside a repository one cannot write into);
		// everything the config names stays inside it.
		if r.Opts.ConfigFile != "" {
			rfs.AllowNamed(r.Opts.ConfigFile, abs(f.config))
		}
		r.Baseline, r.Opts.Verification = f.baseline, f.verification
		for _, p := range []*string{&r.Opts.Registry, &r.Opts.Obligations, &r.Baseline, &r.Opts.Verification} {
			if *p != "" {
				file := abs(*p)
				rel, err := filepath.Rel(r.Dir, file)
				if err != nil {
					return nil, err
				}
				*p = filepath.ToSlash(rel)
				rfs.AllowNamed(*p, file)
			}
		}
	}
	// Paths in findings, pages and exports are relative to the root,
	// whatever folder infradoc runs in; Display says where the root is.
	r.Opts.FS, r.Opts.Root = r.FS, "."
	return r, nil
}

// displayPath returns dir relative to wd when that is shorter, else dir.
func displayPath(wd, dir string) string {
	rel, err := filepath.Rel(wd, dir)
	if err != nil {
		return filepath.ToSlash(dir)
	}
	return filepath.ToSlash(rel)
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func errNoFile(name string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s does not exist", name)
	}
	return err
}

// load resolves and loads the repository. Its findings are not accepted
// yet (see accept).
func (c *Command) load(f *inputFlags) (*repo, *site.Site, []site.Finding, error) {
	r, err := c.resolve(f)
	if err != nil {
		return nil, nil, nil, err
	}
	s, findings, err := rules.Validate(r.Opts)
	return r, s, findings, err
}

// unreadable reports findings on stderr and says that command did nothing
// when an input could not be read or parsed (rules.Unreadable): what it
// would make of the rest would leave that input out. It reports whether
// it did, and the exit status to return then.
func (c *Command) unreadable(command, nothing string, s *site.Site, findings []site.Finding) (int, bool) {
	if !rules.Unreadable(s, findings) {
		return ExitOK, false
	}
	c.reportTo(c.Stderr, string(report.FormatText), findings, s.Sources, false)
	fmt.Fprintf(c.Stderr, "infradoc %s: %s: an input could not be read or parsed (see above)\n", command, nothing)
	return ExitFindings, true
}

// accept marks the findings that the config's waivers and the baseline
// accept, and adds the findings of the waivers and the baseline
// themselves (rules.Accept). unchecked are the rules the command did not
// run, whose recorded findings are not reported gone.
func (c *Command) accept(r *repo, s *site.Site, findings []site.Finding, unchecked ...[]string) ([]site.Finding, error) {
	return rules.Accept(s, findings, rules.AcceptOptions{Today: c.today(), Baseline: r.Baseline, Unchecked: slices.Concat(unchecked...)})
}

// envToday is the environment variable that sets the day waivers are
// checked against, as YYYY-MM-DD: for tests, which must not expire with
// the calendar. Unset, it is today's date in UTC.
const envToday = "INFRADOC_TODAY"

// today is the day waivers are checked against: $INFRADOC_TODAY, or the
// date of the clock in UTC.
func (c *Command) today() time.Time {
	if v := c.Getenv(envToday); v != "" {
		if t, err := time.Parse(time.DateOnly, v); err == nil {
			return t
		}
		fmt.Fprintf(c.Stderr, "infradoc: warning: $%s %q is not a YYYY-MM-DD date; using today's\n", envToday, v)
	}
	return time.Now().UTC()
}
