// Package verify checks an infradoc repository's obligations against a real
// PostgreSQL: the objects each obligation requires are looked up in
// pg_catalog, the tables' columns are compared with what the migrations
// declare, and the migrations themselves can be applied to a throwaway
// database first. What it finds is a verification.Report; the names below
// let this package speak of it briefly.
package verify

import "github.com/infradoc/infradoc/site/verification"

// The report's types, defined in package verification (which site, and so
// the site's pages, read without linking pgx).
type (
	Report           = verification.Report
	ObligationResult = verification.ObligationResult
	ObjectResult     = verification.ObjectResult
	TestResult       = verification.TestResult
	TestCase         = verification.TestCase
	Criteria         = verification.Criteria
)

// Verdicts of an ObjectResult.
const (
	Exists  = verification.Exists
	Missing = verification.Missing
	Drifted = verification.Drifted
)

// CriterionNames are the four promotion criteria verify computes, as
// promotion_criteria names them.
var CriterionNames = verification.CriterionNames
