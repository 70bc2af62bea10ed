package blocks

import (
	"strconv"

	"github.com/infradoc/infradoc/site"
)

// RenderValue returns the text of inline value name (see ValueNames).
func RenderValue(s *site.Site, name string) (string, error) {
	n, err := s.Count(name)
	if err != nil {
		return "", err
	}
	return strconv.Itoa(n), nil
}

// ValueName describes one inline value.
type ValueName = site.ValueName

// ValueNames lists every inline value name, in a stable order: the counts
// site.Count knows, which summaries: patterns of infradoc.yaml name too.
func ValueNames() []ValueName { return site.ValueNames() }
