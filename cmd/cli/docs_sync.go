package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/infradoc/infradoc/render"
	"github.com/infradoc/infradoc/site"
)

// docSync is one doc compared with what the YAML generates.
type docSync struct {
	doc *site.Doc
	// out is the doc with every block regenerated; stale lists the blocks
	// whose text differs.
	out   []byte
	stale []render.StaleBlock
	// diagrams are the SVGs the doc's diagram blocks link to.
	diagrams []diagramSync
}

// diagramSync is one SVG beside a doc and whether it is current.
type diagramSync struct {
	asset render.DiagramAsset
	// current is the SVG's bytes, nil when missing.
	current []byte
	// problem is "" when the SVG is current, else why it is not.
	problem string
}

// syncReport is the state of every doc of a repository.
type syncReport struct {
	repo *repo
	site *site.Site
	docs []*docSync
	// findings are the validation, marker and drift findings, with
	// configured severities, sorted.
	findings []site.Finding
	// drift counts the stale blocks and SVGs.
	drift int
}

// syncDocs loads the repository and its docs and regenerates every block
// in memory. Diagram SVGs are judged by the DOT hash they record, never
// by rendering.
func (c *Command) syncDocs(in *inputFlags) (*syncReport, error) {
	r, s, findings, err := c.load(in)
	if err != nil {
		return nil, err
	}
	docs, docFindings, err := site.LoadDocs(s)
	if err != nil {
		return nil, err
	}
	rep := &syncReport{repo: r, site: s}
	all := append(findings, docFindings...)
	var drift []site.Finding
	for _, d := range docs {
		out, stale, err := render.RegenerateDoc(s, d, render.DocOptions{})
		if err != nil {
			return nil, err
		}
		ds := &docSync{doc: d, out: out, stale: stale}
		for _, sb := range stale {
			drift = append(drift, sb.Finding())
		}
		assets, diagFindings, err := render.DocDiagrams(s, d)
		if err != nil {
			return nil, err
		}
		all = append(all, diagFindings...)
		for _, a := range assets {
			dg := diagramSync{asset: a}
			svg, err := fs.ReadFile(r.fsys, a.Path)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				dg.problem = fmt.Sprintf("diagram %s: %s does not exist", a.Name, a.File)
			case err != nil:
				return nil, err
			case render.SVGDOTHash(svg) != a.Hash:
				dg.current = svg
				dg.problem = fmt.Sprintf("diagram %s: %s was drawn from other data than the YAML now gives", a.Name, a.File)
			default:
				dg.current = svg
			}
			if dg.problem != "" {
				drift = append(drift, site.Finding{Pos: a.Block.Pos, Rule: "stale-diagram", Message: dg.problem + " (run 'infradoc fix')"})
			}
			ds.diagrams = append(ds.diagrams, dg)
		}
		rep.docs = append(rep.docs, ds)
	}
	drift = s.Config.ApplySeverities(drift)
	rep.drift = len(drift)
	rep.findings = s.Config.ApplySeverities(append(all, drift...))
	return rep, nil
}

// diskPath returns where a path inside the repository lives on disk.
func (rep *syncReport) diskPath(p string) string {
	return filepath.Join(rep.repo.dir, filepath.FromSlash(p))
}

// onlyBlock returns the doc's source with just block sb regenerated, so a
// diff of one block carries the doc's real line numbers.
func (ds *docSync) onlyBlock(sb render.StaleBlock) []byte {
	src := ds.doc.Source
	var b bytes.Buffer
	b.Write(src[:sb.Block.Start])
	b.WriteString(sb.New)
	b.Write(src[sb.Block.End:])
	return b.Bytes()
}
