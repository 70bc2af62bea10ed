// Package githistory checks the registry's history: entries against git:
// every state change a commit made to an item in the registry file needs
// an entry with the same from and to (history-missing), dated near the
// commit that made the change (history-date).
//
// Each commit that changed the registry file (gitrepo.FileLog: merges
// left out, renames not followed) is compared with its first parent, item
// by item. A change that later commits undid (a promotion reverted) needs
// no entry: per item, a change back to a state the item had passed through
// drops the changes since, and what remains is the path the item really
// took. Commits are dated by their author date, in the author's own time
// zone: it is when the change was written, and rebases and cherry-picks
// keep it. Changes not committed yet are not seen.
package githistory

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/gitrepo"
	"github.com/infradoc/infradoc/site/rootfs"
)

// Rule ids of the findings.
const (
	RuleMissing = "history-missing"
	RuleDate    = "history-date"
)

// change is one state change a commit made to an item.
type change struct {
	from, to string
	commit   gitrepo.Commit
}

// Check compares the history: entries of s's registry with the commits of
// repo that changed the registry file, and returns the findings with the
// severities s's config gives them. The registry file's path inside the
// work tree is s.Config.Registry under repo.Prefix() (repo is opened at the
// folder s was loaded from). The error is for failures of git.
func Check(repo *gitrepo.Repo, s *site.Site) ([]site.Finding, error) {
	return check(repo, s, "")
}

// check is Check with the state changes kept in cacheDir (none when "").
func check(repo *gitrepo.Repo, s *site.Site, cacheDir string) ([]site.Finding, error) {
	cfg := s.Config
	if cfg.SeverityOf(RuleMissing) == site.SeverityOff && cfg.SeverityOf(RuleDate) == site.SeverityOff {
		return nil, nil
	}
	if s.Registry == nil || s.Registry.Unreadable || cfg.Registry == "" {
		// Nothing to compare the commits with: the load says why.
		return nil, nil
	}
	file := path.Join(repo.Prefix(), cfg.Registry)
	if file == ".." || strings.HasPrefix(file, "../") {
		return nil, nil // a registry named outside the work tree has no history in it
	}
	limit := cfg.ReadLimit()
	changes, ok := readCache(cacheDir, repo, file, limit)
	if !ok {
		var err error
		if changes, err = stateChanges(repo, file, limit); err != nil {
			return nil, err
		}
		writeCache(cacheDir, repo, file, limit, changes)
	}
	var out finding.List
	tolerance := cfg.HistoryToleranceDays()
	for _, it := range s.Registry.Items {
		used := map[*site.Promotion]bool{}
		for _, c := range netPath(changes[strings.ToLower(it.Name)]) {
			entries := match(it.History, used, c.from, c.to)
			if entries == nil {
				out.Add(it.Of("state"), RuleMissing, "%s: commit %s (%s) changed its state from %s to %s, but its history has no %s -> %s entry",
					it.Name, short(c.commit.Hash), day(c.commit.Author), c.from, c.to, c.from, c.to)
				continue
			}
			for _, e := range entries {
				d, err := time.Parse(time.DateOnly, string(e.Date))
				if err != nil {
					continue // the format rule reports it
				}
				committed, _ := time.Parse(time.DateOnly, day(c.commit.Author))
				apart := int(max(d.Sub(committed), committed.Sub(d)).Hours() / 24)
				if apart > tolerance {
					addWarning(&out, e.Of("date"), RuleDate, "%s: history dates the %s -> %s change %s, but commit %s made it on %s, %s apart (git.history_tolerance_days: %d)",
						it.Name, e.From, e.To, e.Date, short(c.commit.Hash), day(c.commit.Author), days(apart), tolerance)
				}
			}
		}
	}
	return cfg.ApplySeverities(out.List), nil
}

// stateChanges returns the state changes of every item (by lower-cased
// name) that the commits of file made, oldest first.
func stateChanges(repo *gitrepo.Repo, file string, limit int64) (map[string][]change, error) {
	commits, err := repo.FileLog(file)
	if err != nil {
		return nil, err
	}
	versions := map[string]map[string]itemState{}
	read := func(id string) (map[string]itemState, error) {
		if id == "" {
			return nil, nil
		}
		if v, ok := versions[id]; ok {
			return v, nil
		}
		data, err := repo.ReadBlob(id, limit)
		if errors.Is(err, rootfs.ErrTooLarge) {
			versions[id] = nil
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		v := parseStates(file, data)
		versions[id] = v
		return v, nil
	}
	changes := map[string][]change{}
	for _, c := range commits {
		before, err := read(c.Before)
		if err != nil {
			return nil, err
		}
		after, err := read(c.After)
		if err != nil {
			return nil, err
		}
		for key, a := range after {
			b, ok := before[key]
			if ok && validState(a.state) && validState(b.state) && a.state != b.state {
				changes[key] = append(changes[key], change{from: b.state, to: a.state, commit: c})
			}
		}
	}
	return changes, nil
}

// netPath drops from an item's changes, oldest first, those a later change
// undid: a change back to a state the path passed through cuts the path
// back to where it was in that state.
func netPath(changes []change) []change {
	var p []change
	for _, c := range changes {
		cut := -1
		for i, prev := range p {
			if prev.from == c.to {
				cut = i
				break
			}
		}
		if cut >= 0 {
			p = p[:cut]
			continue
		}
		p = append(p, c)
	}
	return p
}

// match returns the history entries that record a change from → to and
// marks them used: one entry with that from and to, else consecutive
// entries that go from `from` to `to` step by step (A -> B, B -> C for a
// commit that moved A to C). Nil when none do.
func match(history []*site.Promotion, used map[*site.Promotion]bool, from, to string) []*site.Promotion {
	usable := func(e *site.Promotion) bool { return e != nil && !used[e] }
	for _, e := range history {
		if usable(e) && e.From == from && e.To == to {
			used[e] = true
			return []*site.Promotion{e}
		}
	}
	for i, e := range history {
		if !usable(e) || e.From != from {
			continue
		}
		chain := []*site.Promotion{e}
		for j := i + 1; j < len(history) && usable(history[j]) && history[j].From == chain[len(chain)-1].To; j++ {
			chain = append(chain, history[j])
			if history[j].To == to {
				for _, c := range chain {
					used[c] = true
				}
				return chain
			}
		}
	}
	return nil
}

func validState(s string) bool { return s == "A" || s == "B" || s == "C" }

// short is the abbreviated hash findings show.
func short(hash string) string { return hash[:min(12, len(hash))] }

// day is t's calendar date in its own time zone.
func day(t time.Time) string { return t.Format(time.DateOnly) }

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// addWarning adds a finding whose severity is a warning unless the config
// or the rules' defaults say otherwise (history-date's default).
func addWarning(l *finding.List, pos site.Pos, rule, format string, args ...any) {
	l.Add(pos, rule, format, args...)
	l.List[len(l.List)-1].Severity = site.SeverityWarning
}
