package evidence

import (
	"github.com/infradoc/infradoc/site/yamlstrict"
)

// Config says how tests and migrations are scanned (evidence: in
// infradoc.yaml). Every pattern is a Go regexp; empty lists take the
// defaults.
type Config struct {
	yamlstrict.Positions `json:"-"`
	// TestFunctionPatterns match one test function per match.
	TestFunctionPatterns []string `json:"test_function_patterns,omitempty" yaml:"test_function_patterns"`
	// RequiresInfraPatterns have one capture group: the infra name.
	RequiresInfraPatterns []string `json:"requires_infra_patterns,omitempty" yaml:"requires_infra_patterns"`
	// SkipPatterns mark a test that skips.
	SkipPatterns []string `json:"skip_patterns,omitempty" yaml:"skip_patterns"`
}
