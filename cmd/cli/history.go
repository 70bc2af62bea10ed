package cli

import (
	"fmt"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/githistory"
	"github.com/infradoc/infradoc/site/rules"
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

// historyCheck is the history check started beside the loading (see
// startHistory).
type historyCheck struct {
	g       *gitFlags
	done    chan struct{}
	pending *githistory.Pending
	// ran says the check ran to the end (finishHistory).
	ran bool
}

// unchecked returns the history rules when the check did not run, for
// accept.
func (h *historyCheck) unchecked() []string {
	if h.ran {
		return nil
	}
	return rules.HistoryRules
}

// startHistory starts the history check against git, unless --no-git: the
// git processes it needs start while the repository loads, so that their
// start-up costs no time of its own.
func (c *Command) startHistory(g *gitFlags, in *inputFlags) *historyCheck {
	h := &historyCheck{g: g, done: make(chan struct{})}
	if g.off {
		close(h.done)
		return h
	}
	dir := ""
	if r, err := c.resolve(in); err == nil {
		dir = r.Dir
	}
	go func() {
		defer close(h.done)
		h.pending = githistory.Start(dir, c.cacheDir)
	}()
	return h
}

// abandonHistory stops the history check when its site did not load.
func (c *Command) abandonHistory(h *historyCheck) {
	<-h.done
	if h.pending != nil {
		h.pending.Close()
	}
}

// finishHistory adds the findings of the history check to findings (sorted).
// When the check cannot run it prints one line on standard error saying
// why: always in a shallow clone or when git fails, otherwise only with
// --git.
func (c *Command) finishHistory(h *historyCheck, s *site.Site, findings []site.Finding) []site.Finding {
	<-h.done
	if h.pending == nil {
		return findings
	}
	res := h.pending.Finish(s)
	if res.Skipped != "" {
		if !res.Quiet || h.g.on {
			fmt.Fprintf(c.Stderr, "history not checked against git: %s\n", res.Skipped)
		}
		return findings
	}
	h.ran = true
	if len(res.Findings) == 0 {
		return findings
	}
	return site.SortFindings(append(findings, res.Findings...))
}
