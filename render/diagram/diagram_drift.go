package diagram

import (
	"fmt"
	"path"
	"strings"

	"github.com/infradoc/infradoc/site"
)

// Limits of the drift map before it summarises.
const (
	maxDriftDocs  = 60
	maxDriftTests = 30
)

// driftDOT draws the seed's "CI truth derivation": the registry YAML as the
// root, every governance artifact deriving from it (following
// Artifact.DerivesFrom), the other checked docs, and the test files that
// declare requires_infra. With opts.Drift each artifact and doc is marked
// in sync or drifted (N findings).
func driftDOT(s *site.Site, opts Options) string {
	r := s.Registry
	w := newDOT("Drift map: what derives from the registry",
		driftDescription(s, opts), a("rankdir", "LR"), a("nodesep", "0.25"), a("ranksep", "0.4"))
	root := registryPath(s)
	w.node("registry", lbl(root, "ground truth"), a("shape", "box"), a("style", "filled,bold"), a("penwidth", "2"),
		a("class", "root"), a("tooltip", "The registry YAML: every table, count and diagram derives from it."))

	byName := map[string]string{}
	for i, art := range r.Artifacts {
		byName[strings.ToLower(strings.TrimSpace(art.Name))] = artifactNodeID(i)
	}
	covered := map[string]bool{}
	undeclared := map[string]string{}
	for i, art := range r.Artifacts {
		id := artifactNodeID(i)
		covered[art.Name] = true
		if art.Path != "" {
			covered[art.Path] = true
		}
		lines := []string{art.Name}
		if art.Role != "" {
			lines = append(lines, "("+art.Role+")")
		}
		class := "artifact"
		fill := colorPaper
		if opts.Drift != nil {
			n, ok := driftCount(opts.Drift, art)
			class, fill = driftVerdict(n, ok)
			lines = append(lines, driftText(n, ok))
		}
		tip := art.Name
		if art.Owns != "" {
			tip += ": owns " + art.Owns
		}
		w.node(id, attr{"label", dotLines(lines...)}, a("class", class), a("fillcolor", fill), a("tooltip", tip))
		from := "registry"
		edgeLabel := "derives"
		switch {
		case art.Self:
			edgeLabel = "generated"
		case art.DerivesFrom != "":
			key := strings.ToLower(strings.TrimSpace(art.DerivesFrom))
			if parent, ok := byName[key]; ok {
				from = parent
			} else {
				if _, ok := undeclared[key]; !ok {
					uid := fmt.Sprintf("undeclared_%d", len(undeclared))
					undeclared[key] = uid
					w.node(uid, lbl(art.DerivesFrom, "(not declared as an artifact)"), a("style", "dashed"),
						a("class", classUnknown), a("tooltip", art.DerivesFrom+" is named in derives_from but not declared"))
					w.edge("registry", uid, a("style", "dashed"))
				}
				from = undeclared[key]
			}
		}
		// Edge labels at the nodes' size: the smallest text sets how far the
		// site may shrink the map (12 px on screen at the least).
		w.edge(from, id, a("label", edgeLabel), a("fontsize", "11"))
	}

	// Docs that were checked but are not declared artifacts also read the
	// registry. Their edges are not labelled: one "read by" per doc made
	// a column of its own and the map wider than a page.
	var docs []string
	for _, k := range sortedKeys(opts.Drift) {
		if !covered[k] {
			docs = append(docs, k)
		}
	}
	if len(docs) > maxDriftDocs {
		drifted := 0
		for _, d := range docs {
			if opts.Drift[d] > 0 {
				drifted++
			}
		}
		class, fill := driftVerdict(drifted, true)
		w.node("docs", lbl(plural(len(docs), "doc", "docs"), fmt.Sprintf("%d drifted", drifted)),
			a("shape", "note"), a("class", class), a("fillcolor", fill))
		w.edge("registry", "docs", a("label", "read by"))
	} else {
		for i, d := range docs {
			n := opts.Drift[d]
			class, fill := driftVerdict(n, true)
			id := fmt.Sprintf("doc_%d", i)
			w.node(id, lbl(d, driftText(n, true)), a("shape", "note"), a("class", class), a("fillcolor", fill))
			w.edge("registry", id)
		}
	}

	// Test files that declare requires_infra read the registry at run time.
	var tests []*site.TestFileEvidence
	refs := 0
	if s.Evidence != nil {
		for _, t := range s.Evidence.TestFiles {
			if len(t.Infra) > 0 {
				tests = append(tests, t)
				refs += len(t.Infra)
			}
		}
	}
	switch {
	case len(tests) > maxDriftTests:
		w.node("tests", lbl(plural(len(tests), "test file", "test files"), plural(refs, "requires_infra reference", "requires_infra references")),
			a("shape", "component"), a("class", "test"))
		w.edge("registry", "tests", a("label", "requires_infra"), a("style", "dotted"))
	case len(tests) > 0:
		w.beginCluster("tests", a("label", "tests that declare requires_infra"), a("style", "rounded,dashed"),
			a("color", colorLine), a("labeljust", "l"), a("margin", "12"))
		for i, t := range tests {
			w.node(fmt.Sprintf("test_%d", i), lbl(t.Path, plural(len(t.Infra), "requires_infra", "requires_infra")),
				a("shape", "component"), a("class", "test"), a("tooltip", testFileTooltip(s, t)))
		}
		w.end()
		for i := range tests {
			w.edge("registry", fmt.Sprintf("test_%d", i), a("style", "dotted"))
		}
	}
	return w.String()
}

// testFileTooltip is a test file's path from the repository root: unlike
// its display path it does not depend on the folder infradoc runs from, so
// the DOT (and the hash a doc's SVG records) is the same everywhere.
func testFileTooltip(s *site.Site, t *site.TestFileEvidence) string {
	if s.Config == nil {
		return t.Path
	}
	return path.Join(s.Config.TestsRoot, t.Path)
}

func artifactNodeID(i int) string { return fmt.Sprintf("artifact_%d", i) }

// registryPath is the registry file relative to the repository root.
func registryPath(s *site.Site) string {
	if s.Config != nil && s.Config.Registry != "" {
		return s.Config.Registry
	}
	if s.Registry.File != "" {
		return path.Base(s.Registry.File)
	}
	return "registry"
}

// driftCount looks an artifact up in the drift results by name, then path.
func driftCount(drift map[string]int, art *site.Artifact) (int, bool) {
	if n, ok := drift[art.Name]; ok {
		return n, true
	}
	if art.Path != "" {
		if n, ok := drift[art.Path]; ok {
			return n, true
		}
	}
	return 0, false
}

// driftVerdict returns the class and fill for n findings (ok: checked).
func driftVerdict(n int, ok bool) (class, fill string) {
	switch {
	case !ok, n < 0:
		return classUnknown, verdictFill(classUnknown)
	case n == 0:
		return classGood, verdictFill(classGood)
	}
	return classBad, verdictFill(classBad)
}

// driftText is "in sync", "drifted (3)", "not managed" or "not checked".
func driftText(n int, ok bool) string {
	switch {
	case !ok:
		return "not checked"
	case n < 0:
		return "not managed"
	case n == 0:
		return "in sync"
	}
	return fmt.Sprintf("drifted (%d)", n)
}

func driftDescription(s *site.Site, opts Options) string {
	d := fmt.Sprintf("%s is the ground truth; %s derive from it.", registryPath(s),
		plural(len(s.Registry.Artifacts), "artifact", "artifacts"))
	if opts.Drift == nil {
		return d + " Drift was not checked."
	}
	drifted := 0
	for _, art := range s.Registry.Artifacts {
		if n, ok := driftCount(opts.Drift, art); ok && n > 0 {
			drifted++
		}
	}
	return d + fmt.Sprintf(" %d drifted.", drifted)
}
