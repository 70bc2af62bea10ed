package site

func init() {
	register(Rule{ID: "promoted-at", Severity: SeverityError,
		Summary: "a PROMOTED obligation has promoted_at, not before created; UNFULFILLED and PARTIAL ones have none",
		check:   checkPromotedAt})
	register(Rule{ID: "promotion-criteria", Severity: SeverityError,
		Summary: "a PROMOTED obligation has every promotion criterion true",
		check:   checkPromotionCriteria})
	register(Rule{ID: "deprecated-tests", Severity: SeverityError,
		Summary: "a DEPRECATED obligation lists no test files (its tests should be removed)",
		check:   checkDeprecatedTests})
}

func checkPromotedAt(s *Site, fs *findings) {
	for _, o := range s.Obligations {
		if o.Invalid("promoted_at") || o.Invalid("created") {
			continue // the malformed date is reported already
		}
		switch o.Status {
		case StatusPromoted:
			if o.PromotedAt == nil || *o.PromotedAt == "" {
				fs.Add(o.Of("status"), "promoted-at", "%s is PROMOTED but has no promoted_at date", o.ID)
			} else if o.Created != "" && *o.PromotedAt < o.Created {
				fs.Add(o.Of("promoted_at"), "promoted-at", "%s was promoted on %s, before it was created on %s", o.ID, *o.PromotedAt, o.Created)
			}
		case StatusUnfulfilled, StatusPartial:
			if o.PromotedAt != nil && *o.PromotedAt != "" {
				fs.Add(o.Of("promoted_at"), "promoted-at", "%s is %s but has promoted_at %s; set it to null or promote it", o.ID, o.Status, *o.PromotedAt)
			}
		}
	}
}

func checkPromotionCriteria(s *Site, fs *findings) {
	for _, o := range s.Obligations {
		if o.Status != StatusPromoted {
			continue
		}
		if len(o.PromotionCriteria.List) == 0 {
			fs.Add(o.Of("status"), "promotion-criteria", "%s is PROMOTED but lists no promotion criteria", o.ID)
		}
		for _, c := range o.PromotionCriteria.List {
			if !c.Met {
				fs.Add(c.Pos, "promotion-criteria", "%s is PROMOTED but criterion %s is false", o.ID, c.Name)
			}
		}
	}
}

func checkDeprecatedTests(s *Site, fs *findings) {
	for _, o := range s.Obligations {
		if o.Status == StatusDeprecated && len(o.TestFiles) > 0 {
			fs.Add(o.Of("test_files"), "deprecated-tests", "%s is DEPRECATED but still lists %d test file(s); remove the tests and the list", o.ID, len(o.TestFiles))
		}
	}
}
