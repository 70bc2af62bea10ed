package html

import (
	"path"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/verification"
)

// Marks of an obligation in a verification report (obligationRow.Verified
// and obligationVerification.Mark).
const (
	markVerified = "verified"
	markFailed   = "failed"
)

// Computed verdicts of a criterion.
const (
	computedProven    = "proven"
	computedRefuted   = "refuted"
	computedNotProven = "not proven"
)

// obligationVerification is the template "verification-box": what the
// report of infradoc verify proved of one obligation. It is nil on a page
// built without a report, which then reads as it always did.
type obligationVerification struct {
	// Report is the report's display path; Server, Time and Database are
	// as the report writes them (the time is never reformatted, so the
	// same report gives the same page).
	Report, Server, Time, Database string
	Migrated                       bool
	// Listed is false when the report does not name the obligation (it
	// was verified with --obligation, or added since).
	Listed bool
	// Exists, Missing and Drifted count the required objects by verdict;
	// Unverified counts those the report does not name.
	Exists, Missing, Drifted, Unverified int
	// Criteria are the computed criteria beside the declared ones.
	Criteria []criterionCheck
	// Tests is nil when verify read no JUnit file.
	Tests *verifiedTests
	// Mark is markVerified, markFailed or "" (neither: not everything
	// was verified).
	Mark string
}

// criterionCheck is one row of the criteria table.
type criterionCheck struct {
	Name string
	// Declared is "true" or "false" as the YAML has it now, or "" when
	// the YAML does not declare the criterion.
	Declared string
	// Computed is computedProven, computedRefuted or computedNotProven.
	Computed string
	// Refutes is true when the YAML declares true what verify refuted.
	Refutes bool
}

// verifiedTests is what the JUnit files said of the obligation's tests.
type verifiedTests struct {
	JUnit                                       []string
	Declared, Executed, Passed, Failed, Skipped int
	// Cases are the failed and skipped cases, in the report's order.
	Cases []verification.TestCase
}

// objectCheck is the report's verdict on one required object, shown
// beside the object; Verdict is "" when the report does not name it.
type objectCheck struct {
	Verdict, Detail, Server, Time string
}

// obligationVerification returns the verification of o for its page, nil
// when the build has no report. declared are the criteria as the YAML
// declares them now.
func (b *builder) obligationVerification(o *site.Obligation, declared []criterion) *obligationVerification {
	v := b.verification()
	if v == nil {
		return nil
	}
	out := &obligationVerification{Report: reportName(v.File), Server: v.Server, Time: v.Time, Database: v.Database, Migrated: v.Migrated}
	vo := v.Obligation(o.ID)
	if vo == nil {
		return out
	}
	out.Listed = true
	defSchema := defaultSchema(o)
	for _, r := range o.Requires {
		if r == nil {
			continue
		}
		switch obj := vo.Object(r.Type, r.QualifiedName(defSchema)); {
		case obj == nil:
			out.Unverified++
		case obj.Verdict == verification.Exists:
			out.Exists++
		case obj.Verdict == verification.Drifted:
			out.Drifted++
		default:
			out.Missing++
		}
	}
	out.Criteria = criterionChecks(vo.Computed, declared)
	if t := vo.Tests; t != nil {
		out.Tests = &verifiedTests{JUnit: v.JUnit, Declared: t.Declared, Executed: t.Executed, Passed: t.Passed, Failed: t.Failed, Skipped: t.Skipped}
		for _, c := range t.Cases {
			if c.Result == "failed" || c.Result == "skipped" {
				out.Tests.Cases = append(out.Tests.Cases, c)
			}
		}
	}
	out.Mark = out.mark()
	return out
}

// mark says whether the report verified the obligation: failed when an
// object is missing or drifted, a test failed or a criterion is refuted;
// verified when every required object exists and nothing failed.
func (v *obligationVerification) mark() string {
	failed := v.Missing > 0 || v.Drifted > 0 || (v.Tests != nil && v.Tests.Failed > 0)
	for _, c := range v.Criteria {
		failed = failed || c.Computed == computedRefuted
	}
	switch {
	case failed:
		return markFailed
	case v.Listed && v.Unverified == 0:
		return markVerified
	}
	return ""
}

// criterionChecks lists the four computed criteria, then any other
// criterion the YAML declares (which verify does not compute).
func criterionChecks(computed verification.Criteria, declared []criterion) []criterionCheck {
	decl := map[string]string{}
	for _, c := range declared {
		decl[c.Name] = "false"
		if c.Met {
			decl[c.Name] = "true"
		}
	}
	var out []criterionCheck
	for i, p := range computed.List() {
		name := verification.CriterionNames[i]
		c := criterionCheck{Name: name, Declared: decl[name], Computed: computedNotProven}
		if p != nil {
			c.Computed = computedRefuted
			if *p {
				c.Computed = computedProven
			}
		}
		c.Refutes = c.Declared == "true" && c.Computed == computedRefuted
		out = append(out, c)
	}
	for _, c := range declared {
		if !slices.Contains(verification.CriterionNames, c.Name) {
			out = append(out, criterionCheck{Name: c.Name, Declared: decl[c.Name], Computed: computedNotProven})
		}
	}
	return out
}

// objectCheck returns the report's verdict on the required object typ
// named name of obligation id, nil when the build has no report or the
// report does not name the obligation.
func (b *builder) objectCheck(id, typ, name string) *objectCheck {
	v := b.verification()
	vo := v.Obligation(id)
	if vo == nil {
		return nil
	}
	c := &objectCheck{Server: v.Server, Time: v.Time}
	if obj := vo.Object(typ, name); obj != nil {
		c.Verdict, c.Detail = strings.ToLower(obj.Verdict), obj.Detail
	}
	return c
}

// verification is the build's report, nil when it has none.
func (b *builder) verification() *verification.Report {
	if b.s == nil {
		return nil
	}
	return b.s.Verification
}

// verificationMark is the obligations list's mark of obligation id: what
// its page's verification says, "" without a report.
func (b *builder) verificationMark(o *site.Obligation) string {
	if b.verification() == nil {
		return ""
	}
	v := b.obligationVerification(o, declaredCriteria(o))
	return v.Mark
}

// reportName is how a page names the report at display path p: the path
// inside the repository, or only the file's name for one outside it
// (--verification /tmp/…), whose path says nothing to a reader and would
// make the page depend on where the build ran.
func reportName(p string) string {
	if p == ".." || strings.HasPrefix(p, "../") || path.IsAbs(p) {
		return path.Base(p)
	}
	return p
}

// declaredCriteria are o's promotion criteria as its YAML declares them.
func declaredCriteria(o *site.Obligation) []criterion {
	var out []criterion
	for _, c := range o.PromotionCriteria.List {
		out = append(out, criterion{Name: c.Name, Met: c.Met})
	}
	return out
}

// defaultSchema is the schema an obligation's unqualified requirements
// are in: the first of its schema field.
func defaultSchema(o *site.Obligation) string {
	if ss := o.Schemas(); len(ss) > 0 {
		return ss[0]
	}
	return ""
}
