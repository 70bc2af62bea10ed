package rules

import (
	"slices"

	"github.com/infradoc/infradoc/site"
)

// readingRules are the findings of an input infradoc could not read or
// parse at all: what is left of the model would say nothing true.
var readingRules = []string{"yaml-syntax", "alias-limit", "multiple-documents", "empty-file", "input-file", "file-missing", "outside-root"}

// Unreadable reports whether an input of s could not be read or parsed:
// the registry, the obligations or the config is missing, not YAML, or
// not a file infradoc reads (findings are those Validate returned). Any
// other finding leaves a model worth building a site, an export or a
// diagram from; these stop a command, since that model would lack what
// the unreadable file holds.
func Unreadable(s *site.Site, findings []site.Finding) bool {
	if s == nil || s.Registry == nil || s.Registry.Unreadable {
		return true
	}
	return slices.ContainsFunc(findings, func(f site.Finding) bool { return slices.Contains(readingRules, f.Rule) })
}
