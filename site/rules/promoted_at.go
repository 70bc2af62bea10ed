package rules

import "github.com/infradoc/infradoc/site"

var rulePromotedAt = &Rule{ID: "promoted-at", Severity: site.SeverityError, Summary: "a PROMOTED obligation has promoted_at, not before created; UNFULFILLED and PARTIAL ones have none", Check: checkPromotedAt}

func checkPromotedAt(s *site.Site, fs *findings) {
	for _, o := range s.Obligations {
		if o.Invalid("promoted_at") || o.Invalid("created") {
			continue // the malformed date is reported already
		}
		switch o.Status {
		case site.StatusPromoted:
			if o.PromotedAt == nil || *o.PromotedAt == "" {
				fs.AddAbout(o.ID, o.Of("status"), "promoted-at", "%s is PROMOTED but has no promoted_at date", o.ID)
			} else if o.Created != "" && *o.PromotedAt < o.Created {
				fs.AddAbout(o.ID, o.Of("promoted_at"), "promoted-at", "%s was promoted on %s, before it was created on %s", o.ID, *o.PromotedAt, o.Created)
			}
		case site.StatusUnfulfilled, site.StatusPartial:
			if o.PromotedAt != nil && *o.PromotedAt != "" {
				fs.AddAbout(o.ID, o.Of("promoted_at"), "promoted-at", "%s is %s but has promoted_at %s; set it to null or promote it", o.ID, o.Status, *o.PromotedAt)
			}
		}
	}
}
