package rules

import "github.com/infradoc/infradoc/site"

var ruleHistory = &Rule{ID: "history", Severity: site.SeverityError, Summary: "an item's history is in date order, each step moves one state forward (A->B, B->C) from where the last ended, and the last ends at the current state", Check: checkHistory}

var nextState = map[string]string{"A": "B", "B": "C"}

func checkHistory(s *site.Site, fs *findings) {
	for _, it := range s.Registry.Items {
		var prev *site.Promotion
		for _, p := range it.History {
			if p.From == "" || p.To == "" {
				continue
			}
			if nextState[p.From] != p.To {
				fs.AddAbout(it.Name, p.Of("to"), "history", "%s: transition %s -> %s does not follow A -> B -> C", it.Name, p.From, p.To)
			}
			if prev != nil {
				if p.Date != "" && prev.Date != "" && p.Date < prev.Date {
					fs.AddAbout(it.Name, p.Of("date"), "history", "%s: transition on %s is listed after the one on %s; keep history oldest first", it.Name, p.Date, prev.Date)
				}
				if p.From != prev.To {
					fs.AddAbout(it.Name, p.Of("from"), "history", "%s: transition starts at %s but the previous one ended at %s", it.Name, p.From, prev.To)
				}
			}
			prev = p
		}
		if prev != nil && it.State != "" && prev.To != it.State {
			fs.AddAbout(it.Name, prev.Of("to"), "history", "%s: history ends at state %s but the item is in state %s", it.Name, prev.To, it.State)
		}
	}
}
