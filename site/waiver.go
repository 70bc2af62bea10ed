package site

import (
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/yamlstrict"
)

// Waiver is an entry of infradoc.yaml's waivers: findings of Rule about
// Target are accepted, for Reason, approved by ApprovedBy, until the day
// Until (inclusive). A waived finding is still reported, as waived, and
// does not fail a command; once Until has passed the waiver is itself a
// finding (waiver-expired), and so is a waiver that matches nothing
// (waiver-unused).
type Waiver struct {
	Positions `json:"-"`
	// Rule is the id of the rule whose findings it accepts.
	Rule string `json:"rule" yaml:"rule" infradoc:"required"`
	// Target narrows it to the findings about one infra item or
	// obligation (by name or id), or in one file or folder (a path from
	// the root); "" accepts every finding of Rule.
	Target string `json:"target,omitempty" yaml:"target"`
	// Reason says why the findings are accepted.
	Reason string `json:"reason" yaml:"reason" infradoc:"required"`
	// ApprovedBy names who accepted them.
	ApprovedBy string `json:"approved_by" yaml:"approved_by" infradoc:"required"`
	// Until is the last day the waiver holds.
	Until Date `json:"until" yaml:"until" infradoc:"required"`
}

// checkWaivers reports waivers naming a rule infradoc does not know: a
// typo would otherwise waive nothing and only say so as waiver-unused.
func (c *Config) checkWaivers(fs *findings) {
	if c.defaults == nil {
		return
	}
	ids := slices.Sorted(maps.Keys(c.defaults))
	for _, w := range c.Waivers {
		if w == nil || w.Rule == "" || c.defaults[w.Rule] != "" {
			continue
		}
		fs.Add(w.Of("rule"), "enum", "waiver of unknown rule %q%s (infradoc rules lists them)", w.Rule, yamlstrict.DidYouMean(w.Rule, ids))
	}
}

// Expired reports whether the waiver no longer holds on today (a date
// whose clock time is ignored).
func (w *Waiver) Expired(today time.Time) bool {
	until := w.Until.Time()
	if until.IsZero() {
		return false
	}
	y, m, d := today.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(until)
}

// Matches reports whether the waiver accepts f: same rule, and no target,
// or a target that is f's subject (an item name, compared without regard
// to letter case, or an obligation id), f's file, or a folder holding it.
// Files are compared by their path from the root (root is the prefix
// findings' paths carry, as Site.Root).
func (w *Waiver) Matches(f finding.Finding, root string) bool {
	if w == nil || w.Rule != f.Rule {
		return false
	}
	if w.Target == "" {
		return true
	}
	if f.Subject != "" && strings.EqualFold(strings.TrimSpace(f.Subject), strings.TrimSpace(w.Target)) {
		return true
	}
	file := f.File
	if root != "" && root != "." {
		rel, ok := strings.CutPrefix(file, strings.TrimSuffix(root, "/")+"/")
		if !ok {
			return false
		}
		file = rel
	}
	target := path.Clean(strings.TrimSpace(w.Target))
	return file == target || target == "." || strings.HasPrefix(file, target+"/")
}

// Shown is what a report shows of the waiver on a finding it accepts.
func (w *Waiver) Shown() *finding.Waiver {
	return &finding.Waiver{Reason: w.Reason, ApprovedBy: w.ApprovedBy, Until: string(w.Until)}
}
