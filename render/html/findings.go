package html

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"sync"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rules"
)

// findingsPath is the Findings page.
const findingsPath = "findings.html"

// findingView is one finding on the Findings page or an item's page.
type findingView struct {
	Severity, Rule, Message, At, File string
	// Owners are the obligations and items the finding is about, each
	// linked to its page (see findingOwners).
	Owners []findingOwner
	// Accepted says why an accepted finding does not fail a command:
	// "waived" or "baselined"; "" for an open finding. Reason,
	// ApprovedBy and Until are the waiver's.
	Accepted, Reason, ApprovedBy, Until string
}

// findingOwner is an obligation or item a finding is about, with the URL
// of its page from the page that shows it.
type findingOwner struct {
	Name, Path string
}

// findingGroup is the findings of one rule, one file or one subject.
type findingGroup struct {
	// ID is unique among the groups of one view (an HTML id).
	ID, Title, Summary, Severity, Path string
	Findings                           []findingView
}

// findingCounts counts a build's open findings by severity, and its
// accepted ones.
type findingCounts struct {
	Errors, Warnings, Notes, Accepted int
}

// Open is the number of open findings.
func (c findingCounts) Open() int { return c.Errors + c.Warnings + c.Notes }

// findingsBody is the template "page-findings": the open findings grouped
// three ways (the page shows one view at a time, ?by=rule|file|subject),
// the accepted ones apart, and the values the filters offer.
type findingsBody struct {
	Counts                    findingCounts
	ByRule, ByFile, BySubject []findingGroup
	Accepted                  []findingView
	Severities, Rules         []string
}

// severityRank orders severities from most to least severe.
func severityRank(s string) int {
	switch site.Severity(s) {
	case site.SeverityError:
		return 0
	case site.SeverityWarning:
		return 1
	}
	return 2
}

// SetFindings replaces the findings the Findings page and the item pages
// show by fs: the build's findings once the plan's own (broken links) are
// graded and accepted. Call it before Render. Without it they show the
// input's findings and the plan's broken links as Plan returned them.
func (p *SitePlan) SetFindings(fs []site.Finding) {
	p.b.finalFindings = fs
	p.b.finalSet = true
}

// allFindings returns the findings the Findings page and the item pages
// show, sorted.
func (b *builder) allFindings() []site.Finding {
	b.findingsOnce.Do(func() {
		fs := b.finalFindings
		if !b.finalSet {
			fs = append(slices.Clone(b.in.Findings), b.findings...)
		}
		b.sortedFindings = site.SortFindings(slices.Clone(fs))
		b.owners = newFindingOwners(b.s)
		b.itemFindings = map[string][]obligationFinding{}
		for _, f := range b.sortedFindings {
			name := b.owners.item(f)
			if name == "" || f.Accepted() {
				continue
			}
			of := obligationFinding{Severity: string(f.Severity), Rule: f.Rule, Message: f.Message}
			if f.File != "" {
				of.At = f.Pos.String()
			}
			b.itemFindings[name] = append(b.itemFindings[name], of)
		}
	})
	return b.sortedFindings
}

// openItemFindings returns the open findings about the item named name.
func (b *builder) openItemFindings(name string) []obligationFinding {
	b.allFindings()
	return b.itemFindings[name]
}

// findingsState is what the builder keeps of the findings to show.
type findingsState struct {
	finalFindings  []site.Finding
	finalSet       bool
	findingsOnce   sync.Once
	sortedFindings []site.Finding
	owners         *findingOwners
	// itemFindings are the open findings about each item, by name.
	itemFindings map[string][]obligationFinding
}

// findingView turns f into what a page at root shows of it.
func (b *builder) findingView(f site.Finding, itemPath map[string]string, root string) findingView {
	v := findingView{Severity: string(f.Severity), Rule: f.Rule, Message: f.Message, File: f.File}
	if f.File != "" {
		v.At = f.Pos.String()
	}
	for _, id := range b.owners.obligations(f) {
		v.Owners = append(v.Owners, findingOwner{Name: id, Path: root + pageURL(obligationPath(id))})
	}
	if name := b.owners.item(f); name != "" {
		o := findingOwner{Name: name}
		if p := itemPath[name]; p != "" {
			o.Path = root + pageURL(p)
		}
		v.Owners = append(v.Owners, o)
	}
	switch {
	case f.Waived != nil:
		v.Accepted, v.Reason, v.ApprovedBy, v.Until = "waived", f.Waived.Reason, f.Waived.ApprovedBy, f.Waived.Until
	case f.Baselined:
		v.Accepted = "baselined"
	}
	return v
}

// itemPathsByName maps each item's name to its page.
func (b *builder) itemPathsByName() map[string]string {
	out := make(map[string]string, len(b.items))
	for _, ref := range b.items {
		out[ref.item.Name] = ref.path
	}
	return out
}

// findingCounts counts the findings to show.
func (b *builder) findingCounts() findingCounts {
	var c findingCounts
	for _, f := range b.allFindings() {
		switch {
		case f.Accepted():
			c.Accepted++
		case f.Severity == site.SeverityError:
			c.Errors++
		case f.Severity == site.SeverityWarning:
			c.Warnings++
		case f.Severity == site.SeverityInfo:
			c.Notes++
		}
	}
	return c
}

// findingsJobs renders findings.html.
func (b *builder) findingsJobs() []pageJob {
	return []pageJob{{path: findingsPath, run: func(root string) (string, page, error) {
		body := b.findingsBody(root)
		return "page-findings", page{Title: "Findings", Section: "findings", Body: &body}, nil
	}}}
}

func (b *builder) findingsBody(root string) findingsBody {
	all := b.allFindings()
	itemPath := b.itemPathsByName()
	summaries := map[string]*rules.Rule{}
	for _, r := range rules.All() {
		summaries[r.ID] = r
	}
	body := findingsBody{Counts: b.findingCounts()}
	byRule := map[string]*findingGroup{}
	byFile := map[string]*findingGroup{}
	bySubject := map[string]*findingGroup{}
	var none findingGroup
	severities := map[string]bool{}
	for _, f := range all {
		v := b.findingView(f, itemPath, root)
		if v.Accepted != "" {
			body.Accepted = append(body.Accepted, v)
			continue
		}
		severities[v.Severity] = true
		g := byRule[f.Rule]
		if g == nil {
			g = &findingGroup{ID: "rule-" + f.Rule, Title: f.Rule, Severity: v.Severity}
			if r := summaries[f.Rule]; r != nil {
				g.Summary = r.Summary
			}
			byRule[f.Rule] = g
		}
		// A rule's findings share its severity unless the config grades
		// some apart: the group shows the most severe.
		if severityRank(v.Severity) < severityRank(g.Severity) {
			g.Severity = v.Severity
		}
		g.Findings = append(g.Findings, v)
		file := cmp.Or(f.File, "(no file)")
		if byFile[file] == nil {
			byFile[file] = &findingGroup{Title: file}
		}
		byFile[file].Findings = append(byFile[file].Findings, v)
		if len(v.Owners) == 0 {
			none.Findings = append(none.Findings, v)
		}
		for _, o := range v.Owners {
			if bySubject[o.Name] == nil {
				bySubject[o.Name] = &findingGroup{Title: o.Name, Path: o.Path}
			}
			bySubject[o.Name].Findings = append(bySubject[o.Name].Findings, v)
		}
	}
	body.ByRule = sortedGroups(byRule, "rule-")
	body.ByFile = sortedGroups(byFile, "file-")
	body.BySubject = sortedGroups(bySubject, "subject-")
	if len(none.Findings) > 0 {
		none.ID, none.Title = "subject-none", "About no obligation or item"
		body.BySubject = append(body.BySubject, none)
	}
	for _, g := range body.ByRule {
		body.Rules = append(body.Rules, g.Title)
	}
	for _, s := range []string{string(site.SeverityError), string(site.SeverityWarning), string(site.SeverityInfo)} {
		if severities[s] {
			body.Severities = append(body.Severities, s)
		}
	}
	return body
}

// sortedGroups returns the groups sorted by title, each given an id made
// of prefix and its position (titles are paths and names, not ids).
func sortedGroups(m map[string]*findingGroup, prefix string) []findingGroup {
	keys := slices.Sorted(maps.Keys(m))
	out := make([]findingGroup, 0, len(keys))
	for i, k := range keys {
		g := *m[k]
		if prefix != "rule-" {
			g.ID = prefix + strconv.Itoa(i+1)
		}
		out = append(out, g)
	}
	return out
}
