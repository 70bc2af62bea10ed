package html

import "github.com/infradoc/infradoc/site"

// indexDiagrams indexes the diagrams by name. The home diagrams are
// checked now (only safe ones are shown or published); obligation diagrams
// are loaded and checked when their page is rendered.
func (b *builder) indexDiagrams() {
	b.diagrams, b.diagramFiles = map[string]SiteDiagram{}, map[string]bool{}
	for _, d := range b.in.Diagrams {
		if _, ok := b.diagrams[d.Name]; !ok {
			b.diagrams[d.Name] = d
		}
	}
	for _, d := range b.in.ObligationDiagrams {
		if _, ok := b.diagrams[d.Name]; !ok {
			b.diagrams[d.Name] = d
		}
	}
	for _, d := range b.in.Diagrams {
		if _, ok := b.diagram(d.Name); ok {
			b.diagramFiles[d.Name] = true
		}
	}
}

// diagram returns diagram name ready to inline, loading its SVG if need
// be, or false when there is none or it is not safe.
func (b *builder) diagram(name string) (diagramView, bool) {
	d, ok := b.diagrams[name]
	if !ok {
		return diagramView{}, false
	}
	// A diagram loaded now is this page's alone: unless it is also
	// published as a file, its bytes may become the inline SVG in place.
	reusable := false
	if d.SVG == nil && d.LoadSVG != nil {
		dot, svg, err := d.LoadSVG()
		if err != nil {
			return diagramView{}, false
		}
		d.DOT, d.SVG = dot, svg
		reusable = !b.diagramFiles[name]
	}
	return safeDiagram(d, reusable)
}

// diagramFilePath is where diagram name is published as a file.
func diagramFilePath(name string) string { return "diagrams/" + name + ".svg" }

// indexEvidence builds the lookup tables of the evidence scan.
func (b *builder) indexEvidence() {
	b.oblEvidence = map[string]*site.ObligationEvidence{}
	b.testEvidence = map[string]*site.TestFileEvidence{}
	if b.s.Evidence == nil {
		return
	}
	for _, e := range b.s.Evidence.Obligations {
		if e != nil {
			if _, dup := b.oblEvidence[e.ID]; !dup {
				b.oblEvidence[e.ID] = e
			}
		}
	}
	for _, t := range b.s.Evidence.TestFiles {
		if t != nil {
			if _, dup := b.testEvidence[t.Path]; !dup {
				b.testEvidence[t.Path] = t
			}
		}
	}
}
