package rules

import (
	"strings"

	"github.com/infradoc/infradoc/site"
)

// testFilesOf calls fn for each named test file of the obligations that
// are neither DEPRECATED (the deprecated-tests rule covers those) nor
// without evidence.
func testFilesOf(s *site.Site, fn func(o *site.Obligation, tf *site.TestFile, te *site.TestFileEvidence)) {
	for _, o := range s.Obligations {
		if o.Status == site.StatusDeprecated {
			continue
		}
		for _, tf := range o.TestFiles {
			if tf == nil || tf.Path == "" {
				continue
			}
			if te := s.Evidence.TestFile(tf.Path); te != nil {
				fn(o, tf, te)
			}
		}
	}
}

// maxListed caps the names a message lists.
const maxListed = 20

// infraIndex maps lower-cased item names and aliases to their items.
func infraIndex(reg *site.Registry) (map[string]*site.Item, []string) {
	idx := map[string]*site.Item{}
	var names []string
	for _, it := range reg.Items {
		for _, n := range append([]string{it.Name}, it.Aliases...) {
			if k := strings.ToLower(strings.TrimSpace(n)); k != "" {
				if _, dup := idx[k]; !dup {
					idx[k] = it
				}
				names = append(names, n)
			}
		}
	}
	return idx, names
}
