package rules

import "github.com/infradoc/infradoc/site"

// MaxPageName is the longest item name or obligation id, in bytes, that
// the site can turn into a page: a page's file name is the name's slug
// plus ".html", and file systems hold names of at most 255 bytes; the
// rest is room for a "-2" suffix and for letters that grow when they are
// lower-cased.
const MaxPageName = 200

var rulePageName = &Rule{ID: "page-name", Severity: site.SeverityError, Summary: "item names and obligation ids fit in a page's file name (at most 200 bytes)", Check: checkPageNames}

func checkPageNames(s *site.Site, fs *findings) {
	for _, it := range s.Registry.Items {
		if len(it.Name) > MaxPageName {
			fs.AddAbout(it.Name, it.Of("name"), "page-name", "item name is %d bytes long: the site names a page after it, and holds names of at most %d bytes", len(it.Name), MaxPageName)
		}
	}
	for _, o := range s.Obligations {
		if len(o.ID) > MaxPageName {
			fs.AddAbout(o.ID, o.Of("id"), "page-name", "obligation id is %d bytes long: the site names a page after it, and holds names of at most %d bytes", len(o.ID), MaxPageName)
		}
	}
}
