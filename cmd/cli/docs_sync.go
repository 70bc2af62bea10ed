package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/aymanbagabas/go-udiff"
	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
)

// docSync is one doc compared with what the YAML generates.
type docSync struct {
	doc *site.Doc
	// out is the doc with every block regenerated; stale lists the blocks
	// whose text differs.
	out   []byte
	stale []blocks.StaleBlock
	// lines indexes the lines of doc.Source for blockDiff; nil until it
	// is first needed.
	lines *finding.LineIndex
	// diagrams are the SVGs the doc's diagram blocks link to.
	diagrams []diagramSync
}

// diagramSync is one SVG beside a doc and whether it is current.
type diagramSync struct {
	asset blocks.DiagramAsset
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
	docs, docFindings, err := site.LoadDocs(s, blocks.Vocabulary())
	if err != nil {
		return nil, err
	}
	rep := &syncReport{repo: r, site: s}
	all := append(findings, docFindings...)
	var drift []site.Finding
	for _, d := range docs {
		out, stale, err := blocks.RegenerateDoc(s, d, blocks.DocOptions{})
		if err != nil {
			return nil, err
		}
		ds := &docSync{doc: d, out: out, stale: stale}
		for _, sb := range stale {
			drift = append(drift, sb.Finding())
		}
		assets, diagFindings, err := blocks.DocDiagrams(s, d)
		if err != nil {
			return nil, err
		}
		all = append(all, diagFindings...)
		for _, a := range assets {
			dg := diagramSync{asset: a}
			svg, err := site.ReadInput(r.FS, a.Path, s.Config.ReadLimit())
			if msg := site.InputProblem(err, s.Config.ReadLimit()); msg != "" && !errors.Is(err, fs.ErrNotExist) {
				// A diagram linked out of the root, or not a file: neither
				// read nor replaced (fix writes nothing while it stands).
				rule := "input-file"
				if errors.Is(err, site.ErrOutsideRoot) {
					rule = "outside-root"
				}
				all = append(all, site.Finding{Pos: site.Pos{File: a.File}, Rule: rule, Message: a.File + " " + msg})
				continue
			}
			switch {
			case errors.Is(err, fs.ErrNotExist):
				dg.problem = fmt.Sprintf("diagram %s: %s does not exist", a.Name, a.File)
			case err != nil:
				return nil, err
			case graphviz.SVGDOTHash(svg) != a.Hash:
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
	return filepath.Join(rep.repo.Dir, filepath.FromSlash(p))
}

// blockDiff returns the unified diff, shown as displayText shows a doc,
// of regenerating just block sb: the hunks a diff of the whole doc with
// only sb regenerated gives, with the doc's line numbers. Only the block's
// lines and diffMargin lines around them are diffed, so the diffs of all
// of a doc's stale blocks cost the size of the blocks, not the size of the
// doc times the number of stale blocks.
func (ds *docSync) blockDiff(sb blocks.StaleBlock) string {
	src := ds.doc.Source
	if ds.lines == nil {
		ds.lines = finding.NewLineIndex(ds.doc.File, src)
	}
	li := ds.lines
	first := max(li.Line(sb.Block.Start)-diffMargin, 0)
	last := li.Line(sb.Block.End) + diffMargin // inclusive
	from, to := li.LineStart(first), len(src)
	if last+1 < li.Lines() {
		to = li.LineStart(last + 1)
	}
	before := src[from:to]
	after := make([]byte, 0, len(before)-(sb.Block.End-sb.Block.Start)+len(sb.New))
	after = append(after, src[from:sb.Block.Start]...)
	after = append(after, sb.New...)
	after = append(after, src[sb.Block.End:to]...)
	return windowDiff(ds.doc.File, displayText(before, from == 0), displayText(after, from == 0), first)
}

// diffMargin is how many unchanged lines around a block's lines blockDiff
// diffs with them: the context lines of a hunk. The diff of these lines
// is the whole doc's diff (the doc's other lines are equal before and
// after) unless the whole doc's diff would align the block's changes with
// equal lines further away; it would then differ only in which of the
// equal lines it shows as removed and added.
// TestBlockDiffMatchesWholeDocDiff finds no such doc among random ones.
const diffMargin = udiff.DefaultContextLines
