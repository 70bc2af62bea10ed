package build

import (
	"slices"

	"github.com/infradoc/infradoc/site"
)

// unwritableRules are the findings about names a site cannot be written
// under: a page named after an item or obligation too long for a file
// name, two docs whose pages differ only in letter case (one overwrites
// the other on macOS and Windows). A waiver does not change that.
var unwritableRules = []string{"page-name", "doc-name-case"}

// Reasons a build writes nothing (Result.Stopped).
const (
	stoppedUnreadable = "an input could not be read or parsed"
	stoppedUnwritable = "a page cannot be written under the name it would have (page-name, doc-name-case)"
)

// unwritable reports whether findings name a page the site cannot hold.
func unwritable(findings []site.Finding) bool {
	return slices.ContainsFunc(findings, func(f site.Finding) bool {
		return f.Severity != site.SeverityOff && slices.Contains(unwritableRules, f.Rule)
	})
}
