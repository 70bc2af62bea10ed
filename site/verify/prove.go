package verify

import (
	"context"
	"time"

	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/junit"
	"github.com/infradoc/infradoc/site/verification"
)

// Prove is what verify and promote share: Run's evidence from the
// database when one is given (with neither DatabaseURL nor Migrate the
// report lists the obligations with nothing proven of the database), the
// test results of the JUnit files (ApplyTests), and Judge's comparison of
// the computed criteria with the declared ones. The findings of all three
// take the severities infradoc.yaml's rules: sets.
func Prove(ctx context.Context, opts Options) (*Report, error) {
	var rep *Report
	if opts.DatabaseURL != "" || opts.Migrate {
		r, err := Run(ctx, opts)
		if err != nil {
			return nil, err
		}
		rep = r
	} else {
		obligations, err := selectObligations(opts.Site, opts.Obligation)
		if err != nil {
			return nil, err
		}
		rep = &Report{Version: verification.Version, Time: opts.Now.UTC().Format(time.RFC3339), Obligations: []*ObligationResult{}}
		for _, o := range obligations {
			rep.Obligations = append(rep.Obligations, &ObligationResult{ID: o.ID, Status: o.Status, File: o.File, Objects: []*ObjectResult{}, Declared: declaredCriteria(o)})
		}
	}
	if len(opts.JUnit) > 0 {
		res, err := junit.Read(opts.Site, opts.Dir, opts.JUnit)
		if err != nil {
			return nil, err
		}
		ApplyTests(rep, opts.Site, res)
	}
	rep.Findings = configuredSeverities(opts.Site, finding.Sort(append(rep.Findings, Judge(rep, opts.Site)...)))
	return rep, nil
}
