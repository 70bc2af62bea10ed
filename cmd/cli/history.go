package cli

import (
	"fmt"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/githistory"
	"github.com/spf13/pflag"
)

// gitFlags are --git and --no-git: whether validate and check compare the
// registry's history: entries with the commits of the registry file
// (package githistory). Neither means on in a git work tree with its
// history, quietly off elsewhere.
type gitFlags struct{ on, off bool }

func (g *gitFlags) add(fs *pflag.FlagSet) {
	fs.BoolVar(&g.on, "git", false, "check the registry's history: entries against the commits that changed the registry file, and say why when it cannot (default: on in a git work tree with its history)")
	fs.BoolVar(&g.off, "no-git", false, "do not check the registry's history against git")
}

// valid refuses --git with --no-git; ok is false when the command should
// exit with status.
func (g *gitFlags) valid(c *Command, name string) (status int, ok bool) {
	if g.on && g.off {
		return c.usageError(name, "--git and --no-git contradict each other"), false
	}
	return 0, true
}

// checkHistory adds the findings of the history check against git to
// findings (sorted), unless --no-git. When it cannot run it prints one line
// on standard error saying why: always in a shallow clone or when git
// fails, otherwise only with --git.
func (c *Command) checkHistory(g *gitFlags, r *repo, s *site.Site, findings []site.Finding) []site.Finding {
	if g.off {
		return findings
	}
	res := githistory.Run(r.Dir, s)
	if res.Skipped != "" {
		if !res.Quiet || g.on {
			fmt.Fprintf(c.Stderr, "history not checked against git: %s\n", res.Skipped)
		}
		return findings
	}
	if len(res.Findings) == 0 {
		return findings
	}
	return site.SortFindings(append(findings, res.Findings...))
}
