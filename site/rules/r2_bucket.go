package rules

import "github.com/infradoc/infradoc/site"

var ruleR2Bucket = &Rule{ID: "R2-bucket", Severity: site.SeverityError, Summary: "every state-A item has a bucket (B1 with risk and priority, B2 with justification and review trigger) and only state-A items have one", Check: checkBuckets}

func checkBuckets(s *site.Site, fs *findings) {
	for _, it := range s.Registry.Items {
		switch {
		case it.State == "A" && it.Bucket == nil && !it.Invalid("bucket"):
			fs.AddAbout(it.Name, it.Of("state"), "R2-bucket", "%s is in state A but has no bucket: add bucket: {id: B1, …} or {id: B2, …} to justify its skipped tests", it.Name)
		case it.State != "A" && it.State != "" && it.Bucket != nil:
			fs.AddAbout(it.Name, it.Of("bucket"), "R2-bucket", "%s is in state %s; only state-A items have a bucket", it.Name, it.State)
		case it.Bucket != nil:
			checkBucketFields(it, fs)
		}
	}
}

func checkBucketFields(it *site.Item, fs *findings) {
	b := it.Bucket
	need := map[string][]struct{ key, value string }{
		"B1": {{"risk", b.Risk}, {"priority", b.Priority}},
		"B2": {{"justification", b.Justification}, {"review_trigger", b.ReviewTrigger}},
	}
	for _, f := range need[b.ID] {
		if f.value == "" {
			fs.AddAbout(it.Name, b.At, "R2-bucket", "bucket %s of %s needs %s", b.ID, it.Name, f.key)
		}
	}
}
