package html

import (
	"errors"
	"sync"

	"github.com/infradoc/infradoc/render/diagram"
	"github.com/infradoc/infradoc/site"
)

// SiteDiagramSources returns the diagrams of the site, SVG still empty for
// the caller to render: the fixed diagrams for the home page with their
// DOT, and each obligation's diagram by obligation id with a MakeDOT that
// generates its DOT when its page is rendered. It walks the obligations
// once, so it stays linear on 10,000 obligations.
func SiteDiagramSources(s *site.Site, opts diagram.Options) (home []SiteDiagram, obligations map[string]SiteDiagram, err error) {
	// The home diagrams each walk the whole model: they are drawn side by
	// side.
	names := []string{diagram.States, diagram.Drift, diagram.Layers, diagram.Obligations}
	home = make([]SiteDiagram, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			dot, err := diagram.DOT(s, name, opts)
			home[i], errs[i] = SiteDiagram{Name: name, Title: capitalizeFirst(diagram.Description(name)), DOT: dot}, err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	obligations = make(map[string]SiteDiagram, len(s.Obligations))
	for i, slug := range diagram.ObligationSlugs(s) {
		o := s.Obligations[i]
		if _, dup := obligations[o.ID]; dup {
			continue
		}
		obligations[o.ID] = SiteDiagram{Name: diagram.ObligationPrefix + slug, Title: o.ID + ": required objects by schema and their evidence",
			MakeDOT: func() string { return diagram.ObligationDOT(s, o) }}
	}
	return home, obligations, nil
}

func capitalizeFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
