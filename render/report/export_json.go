package report

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
	obligations, err = encodeObligationsExport(e)
	if err != nil {
		return nil, nil, err
	}
	return registry, obligations, nil
}

// encodeObligationsExport encodes obligationsExport{e.Obligations,
// e.Evidence, e.Counts} byte for byte as encodeExport would, but its three
// long lists one element at a time: encoding/json would otherwise build
// the whole document in a buffer of its own before copying it out, a
// transient of several times the file's size (tens of megabytes on a
// large repository) that set the build's peak memory.
func encodeObligationsExport(e *site.Export) ([]byte, error) {
	// One buffer for the whole file, sized from the first elements of each
	// list: growing it list by list copied what was already there, and
	// allocated twice the file's size.
	size := estimateJSONList(e.Obligations)
	if e.Evidence != nil {
		size += estimateJSONList(e.Evidence.TestFiles) + estimateJSONList(e.Evidence.Obligations)
	}
	out := make([]byte, 0, size*9/8+4096)
	var err error
	out = append(out, `{"obligations":`...)
	if out, err = appendJSONList(out, e.Obligations); err != nil {
		return nil, err
	}
	out = append(out, `,"evidence":`...)
	if e.Evidence == nil {
		out = append(out, "null"...)
	} else {
		out = append(out, `{"test_files":`...)
		if out, err = appendJSONList(out, e.Evidence.TestFiles); err != nil {
			return nil, err
		}
		out = append(out, `,"obligations":`...)
		if out, err = appendJSONList(out, e.Evidence.Obligations); err != nil {
			return nil, err
		}
		out = append(out, '}')
	}
	out = append(out, `,"counts":`...)
	counts, err := encodeExport(e.Counts)
	if err != nil {
		return nil, err
	}
	out = append(out, bytes.TrimSuffix(counts, []byte("\n"))...)
	return append(out, "}\n"...), nil
}

// appendJSONList appends the JSON array of items as encodeExport writes
// it (null for a nil slice), encoding one element at a time.
func appendJSONList[T any](out []byte, items []T) ([]byte, error) {
	if items == nil {
		return append(out, "null"...), nil
	}
	var one bytes.Buffer
	enc := json.NewEncoder(&one)
	enc.SetEscapeHTML(false)
	out = append(out, '[')
	for i, item := range items {
		one.Reset()
		if err := enc.Encode(item); err != nil {
			return nil, fmt.Errorf("encoding JSON: %w", err)
		}
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, bytes.TrimSuffix(one.Bytes(), []byte("\n"))...)
	}
	return append(out, ']'), nil
}

// estimateJSONList guesses the size of the JSON array of items from its
// first elements.
func estimateJSONList[T any](items []T) int {
	const sampleSize = 16
	sample := items[:min(len(items), sampleSize)]
	if len(sample) == 0 {
		return 4
	}
	encoded, err := appendJSONList(nil, sample)
	if err != nil {
		return 0 // reported when the list is encoded
	}
	return len(encoded) / len(sample) * len(items)
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
