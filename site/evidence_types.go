package site

import "github.com/infradoc/infradoc/site/evidence"

// What the tests and migrations on disk show, under the names the model
// has always used (see package evidence).
type (
	Evidence            = evidence.Evidence
	TestFileEvidence    = evidence.TestFileEvidence
	TestFunction        = evidence.TestFunction
	InfraRef            = evidence.InfraRef
	ObligationEvidence  = evidence.ObligationEvidence
	RequirementEvidence = evidence.RequirementEvidence
	MigrationSet        = evidence.MigrationSet
)
