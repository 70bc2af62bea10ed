package rules

import "github.com/infradoc/infradoc/site"

var rulePromotionCriteria = &Rule{ID: "promotion-criteria", Severity: site.SeverityError, Summary: "a PROMOTED obligation has every promotion criterion true", Check: checkPromotionCriteria}

func checkPromotionCriteria(s *site.Site, fs *findings) {
	for _, o := range s.Obligations {
		if o.Status != site.StatusPromoted {
			continue
		}
		if len(o.PromotionCriteria.List) == 0 {
			fs.AddAbout(o.ID, o.Of("status"), "promotion-criteria", "%s is PROMOTED but lists no promotion criteria", o.ID)
		}
		for _, c := range o.PromotionCriteria.List {
			if !c.Met {
				fs.AddAbout(o.ID, c.Pos, "promotion-criteria", "%s is PROMOTED but criterion %s is false", o.ID, c.Name)
			}
		}
	}
}
