package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/baseline"
)

// Rules reported while accepting findings (Accept): waivers and the
// baseline.
var (
	ruleWaiverExpired = &Rule{ID: "waiver-expired", Severity: site.SeverityError, Summary: "a waiver in infradoc.yaml is past its until date: renew it, with a new approval, or fix what it waived"}
	ruleWaiverUnused  = &Rule{ID: "waiver-unused", Severity: site.SeverityWarning, Summary: "every waiver in infradoc.yaml matches a finding (remove the waivers of fixed findings)"}
	ruleBaselineStale = &Rule{ID: "baseline-stale", Severity: site.SeverityInfo, Summary: "findings recorded in the baseline file are fixed: run 'infradoc baseline' to shrink the file"}
	ruleBaselineFile  = &Rule{ID: "baseline-file", Severity: site.SeverityError, Summary: "the baseline file the config or --baseline names exists and is one 'infradoc baseline' wrote"}
)

// acceptRules are the rules Accept reports; their findings are never
// accepted, baselined or fingerprinted themselves.
var acceptRules = []string{"waiver-expired", "waiver-unused", "baseline-stale", "baseline-file"}

// AcceptOptions say what Accept compares the findings with.
type AcceptOptions struct {
	// Today is the date waivers are checked against.
	Today time.Time
	// Baseline is the baseline file's path inside s.FS, overriding the
	// config's baseline:; "" uses the config's (none when it has none).
	Baseline string
	// NoBaseline reads no baseline file: the findings are about to be
	// recorded in one.
	NoBaseline bool
	// Unchecked are the rules the command did not run (validate reads no
	// docs, only build checks links): their recorded findings are not
	// reported gone (see DocRules, LinkRules, HistoryRules).
	Unchecked []string
}

// Rules that only some commands run, for AcceptOptions.Unchecked.
var (
	// DocRules are reported while reading the docs (check, build, fix).
	DocRules = []string{"docs-glob", "doc-name-case", "marker", "marker-syntax", "stale-block", "stale-diagram"}
	// LinkRules are reported while rendering the site (build).
	LinkRules = []string{"broken-link"}
	// HistoryRules are reported by the history check against git
	// (validate and check, when it runs).
	HistoryRules = []string{"history-missing", "history-date"}
)

// Accept marks the findings that a waiver of the config (Finding.Waived)
// or the baseline file (Finding.Baselined) accepts, and adds what they
// say themselves: expired waivers (waiver-expired), waivers that match no
// finding (waiver-unused), baselined findings that are gone
// (baseline-stale) and a baseline file that cannot be read
// (baseline-file). Accepted findings stay in the list, sorted, with the
// severities they had: reports show them as accepted, and they fail no
// command.
func Accept(s *site.Site, all []site.Finding, opts AcceptOptions) ([]site.Finding, error) {
	all = slices.DeleteFunc(slices.Clone(all), func(f site.Finding) bool { return slices.Contains(acceptRules, f.Rule) })
	var out findings
	cfg := s.Config
	for _, w := range cfg.Waivers {
		if w == nil || w.Rule == "" || w.Reason == "" || w.ApprovedBy == "" || w.Until == "" || !known(w.Rule) {
			continue // reported while loading the config
		}
		what := waiverWhat(w)
		if w.Expired(opts.Today) {
			out.Add(w.Of("until"), "waiver-expired", "the waiver of %s expired on %s (approved by %s: %s); renew it with a new approval, or fix what it waived",
				what, w.Until, w.ApprovedBy, w.Reason)
			continue
		}
		used := false
		for i := range all {
			if all[i].Waived == nil && w.Matches(all[i], s.Root) {
				all[i].Waived = w.Shown()
				used = true
			}
		}
		if !used {
			out.Add(w.Of("rule"), "waiver-unused", "the waiver of %s matches no finding: remove it", what)
		}
	}
	path, at := cfg.Baseline, cfg.Of("baseline")
	if opts.Baseline != "" {
		path, at = opts.Baseline, site.Pos{File: s.DisplayPath(opts.Baseline)}
	}
	if path != "" && !opts.NoBaseline {
		b, err := readBaseline(s, path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			out.Add(at, "baseline-file", "baseline file %s does not exist: run 'infradoc baseline' to write it", s.DisplayPath(path))
		case errors.Is(err, errBaseline):
			out.Add(site.Pos{File: s.DisplayPath(path)}, "baseline-file", "%s", strings.TrimPrefix(err.Error(), errBaseline.Error()+": "))
		case err != nil:
			return nil, err
		default:
			markBaselined(s, all, b, at, opts.Unchecked, &out)
		}
	}
	// Only Accept's own findings are graded here: the others keep the
	// severity their stage gave them (build --warn-links lowers some).
	return site.SortFindings(append(all, cfg.ApplySeverities(out.List)...)), nil
}

// errBaseline marks a baseline file that is not one.
var errBaseline = errors.New("baseline")

// readBaseline reads and parses the baseline file at p inside s.FS.
func readBaseline(s *site.Site, p string) (*baseline.File, error) {
	data, err := fs.ReadFile(s.FS, p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%w: %s cannot be read: %v", errBaseline, s.DisplayPath(p), pe.Err)
		}
		return nil, err
	}
	b, err := baseline.Parse(data, s.DisplayPath(p))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errBaseline, err)
	}
	return b, nil
}

// markBaselined marks the findings b records and reports, once, at at
// (where the baseline is named), how many of b's findings are gone, but
// for those of rules this run did not check.
func markBaselined(s *site.Site, all []site.Finding, b *baseline.File, at site.Pos, unchecked []string, out *findings) {
	recorded := map[string]bool{}
	for _, e := range b.Findings {
		if !slices.Contains(unchecked, e.Rule) {
			recorded[e.Fingerprint] = true
		}
	}
	matched := map[string]bool{}
	every := b.Fingerprints()
	for i, k := range baseline.Key(all, s.Root) {
		if !every[k.Fingerprint] {
			continue
		}
		if recorded[k.Fingerprint] {
			matched[k.Fingerprint] = true
		}
		if all[i].Waived == nil {
			all[i].Baselined = true
		}
	}
	gone := len(recorded) - len(matched)
	if gone == 0 {
		return
	}
	noun := "finding is"
	if gone > 1 {
		noun = "findings are"
	}
	out.Add(at, "baseline-stale", "%d baselined %s fixed: run 'infradoc baseline' to shrink the file", gone, noun)
}

// waiverWhat names what a waiver accepts: "rule R" or "rule R for T".
func waiverWhat(w *site.Waiver) string {
	if w.Target == "" {
		return w.Rule
	}
	return w.Rule + " for " + w.Target
}

// known reports whether id is a rule's.
func known(id string) bool {
	return slices.ContainsFunc(all, func(r *Rule) bool { return r.ID == id })
}
