package render

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/infradoc/infradoc/site"
)

// registryExport is registry.json: the registry part of `infradoc export`.
type registryExport struct {
	Registry *site.Registry `json:"registry"`
	Counts   site.Counts    `json:"counts"`
}

// obligationsExport is obligations.json: the obligations part of
// `infradoc export`, with the evidence found for them.
type obligationsExport struct {
	Obligations []*site.Obligation `json:"obligations"`
	Evidence    *site.Evidence     `json:"evidence"`
	Counts      site.Counts        `json:"counts"`
}

// ExportJSON returns the site's registry.json and obligations.json: the
// model `infradoc export` prints (site.Export), split in two, encoded as
// `infradoc export --compact` does (one line, HTML characters kept: the
// obligations of a large repository take tens of megabytes, a third more
// when indented), each ending with a newline.
// Both are deterministic: the model keeps the files' order and
// encoding/json sorts map keys.
func ExportJSON(s *site.Site) (registry, obligations []byte, err error) {
	e := s.Export()
	registry, err = encodeExport(registryExport{Registry: e.Registry, Counts: e.Counts})
	if err != nil {
		return nil, nil, err
	}
	obligations, err = encodeExport(obligationsExport{Obligations: e.Obligations, Evidence: e.Evidence, Counts: e.Counts})
	if err != nil {
		return nil, nil, err
	}
	return registry, obligations, nil
}

func encodeExport(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding JSON: %w", err)
	}
	return buf.Bytes(), nil
}
