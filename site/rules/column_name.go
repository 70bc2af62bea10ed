package rules

import (
	"strings"

	"github.com/infradoc/infradoc/site"
)

var ruleColumnName = &Rule{ID: "column-name", Severity: site.SeverityError, Summary: "a column requirement names its table: table.column or schema.table.column", Check: checkColumnNames}

func checkColumnNames(s *site.Site, fs *findings) {
	for _, o := range s.Obligations {
		for _, r := range o.Requires {
			if r.Type != "column" || r.Name == "" {
				continue
			}
			parts := strings.Split(r.Name, ".")
			bad := len(parts) < 2 || len(parts) > 3
			for _, p := range parts {
				bad = bad || strings.TrimSpace(p) == ""
			}
			if bad {
				fs.AddAbout(o.ID, r.Of("name"), "column-name", "%s: column %q must be written table.column or schema.table.column", o.ID, r.Name)
			}
		}
	}
}
