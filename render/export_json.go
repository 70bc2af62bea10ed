package render

import (
	"github.com/infradoc/infradoc/site"
)

// exportedObligations is the document of obligations.json.
type exportedObligations struct {
	Obligations []*site.Obligation `json:"obligations"`
	Evidence    *site.Evidence     `json:"evidence,omitempty"`
}

// ExportJSON returns the registry and the obligations as indented JSON:
// registry.json is the registry model, obligations.json the obligations
// with the evidence found for them. Both end with a newline and are
// deterministic (the model keeps the files' order; maps are sorted by
// encoding/json).
func ExportJSON(s *site.Site) (registry, obligations []byte, err error) {
	registry, err = jsonIndent(s.Registry)
	if err != nil {
		return nil, nil, err
	}
	obligations, err = jsonIndent(exportedObligations{Obligations: s.Obligations, Evidence: s.Evidence})
	if err != nil {
		return nil, nil, err
	}
	return registry, obligations, nil
}
