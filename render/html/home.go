package html

type homeDoc struct {
	URL, Title, Path string
	Drifted, Managed bool
}

// diagramFigure is a diagram to inline in a page, with Href, relative to
// the page, to its published SVG file when it has one, and DOTHref to its
// published DOT source; ShowDOT shows the DOT source in the page instead
// (a diagram with no files of its own).
type diagramFigure struct {
	diagramView
	Href, DOTHref string
	ShowDOT       bool
}

type homeBody struct {
	States                  []stateCount
	Items                   int
	Statuses                []statusCount
	Obligations, Tests      int
	DocsChecked, DocsInSync bool
	// DocsManaged counts the docs that hold markers, DocsUnmanaged the
	// others, DocsDrifted the managed ones that disagree with the YAML.
	DocsDrifted, DocsManaged, DocsUnmanaged int
	Docs                                    []homeDoc
	// Findings counts the build's findings (findings.html lists them).
	Findings findingCounts
	Diagrams []diagramFigure
}

// homeJobs renders index.html: the state summary, the obligation counts,
// the findings counts, whether the managed docs are in sync, and the
// diagrams.
func (b *builder) homeJobs() []pageJob {
	return []pageJob{{path: "index.html", run: func(string) (string, page, error) {
		body := homeBody{
			States: b.stateCounts(), Items: len(b.s.Registry.Items), Statuses: b.statusCounts(),
			Obligations: len(b.s.Obligations), DocsChecked: b.in.DocsChecked, Docs: b.docList(),
		}
		for _, o := range b.s.Obligations {
			body.Tests += o.TestCount()
		}
		for _, d := range body.Docs {
			if d.Drifted {
				body.DocsDrifted++
			}
			if d.Managed {
				body.DocsManaged++
			} else {
				body.DocsUnmanaged++
			}
		}
		body.DocsInSync = body.DocsDrifted == 0 && body.DocsManaged > 0
		body.Findings = b.findingCounts()
		for _, d := range b.in.Diagrams {
			if v, ok := b.diagram(d.Name); ok {
				f := diagramFigure{diagramView: v, DOTHref: diagramDOTPath(d.Name)}
				if b.diagramFiles[d.Name] {
					// index.html is at the root, so the file's path is relative to it.
					f.Href = diagramFilePath(d.Name)
				}
				body.Diagrams = append(body.Diagrams, f)
			}
		}
		return "page-home", page{Title: "", Section: "home", EditURL: b.editURL(b.s.Config.File), Body: body}, nil
	}}}
}

func (b *builder) docList() []homeDoc {
	out := make([]homeDoc, 0, len(b.docs))
	for _, d := range b.docs {
		out = append(out, homeDoc{URL: d.url, Title: d.title, Path: d.doc.Display, Drifted: d.doc.Drifted, Managed: d.doc.Managed})
	}
	return out
}
