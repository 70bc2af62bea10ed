package importmd

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/infradoc/infradoc/site"
	gast "github.com/yuin/goldmark/ast"
)

// The seed draws what derives from the registry as a tree in a code block:
//
//	│   INFRA_REGISTRY.md (Ground Truth)                     │
//	│         ├──► CI_NORTH_STAR.md (Invariants that protect truth)
//	│         ├──► tests/helpers/infra.py (Mechanical enforcement)
//	│         │         └──► @requires_infra("X") decorators
//
// readArtifactMap takes each artifact's role (the words in parentheses) and
// what it derives from (its parent in the tree). Nodes the matrix does not
// list become artifacts of their own. A code block counts as the map only
// when its root is the registry doc ("(this file)" in the matrix).

// branchPattern matches a tree branch: "├──► text" or "└──► text".
var branchPattern = regexp.MustCompile(`[├└]─*[►>]\s*(.+)$`)

// artifactNamePattern is a file name or path: a node of the tree the
// matrix does not list becomes an artifact only when it names a file.
var artifactNamePattern = regexp.MustCompile(`^[\w.-]+(?:/[\w.-]+)*\.[A-Za-z0-9]{1,8}$`)

// listed reports whether the matrix lists an artifact named name.
func listed(reg *site.Registry, name string) bool {
	for _, a := range reg.Artifacts {
		if sameName(a.Name, name) {
			return true
		}
	}
	return false
}

type mapNode struct {
	col  int
	name string
}

func (im *importer) readArtifactMap(reg *site.Registry) {
	var self *site.Artifact
	for _, a := range reg.Artifacts {
		if a.Self {
			self = a
		}
	}
	if self == nil {
		return
	}
	_ = gast.Walk(im.doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		code, ok := n.(*gast.FencedCodeBlock)
		if !entering || !ok {
			return gast.WalkContinue, nil
		}
		var lines []string
		for i := 0; i < code.Lines().Len(); i++ {
			seg := code.Lines().At(i)
			lines = append(lines, unframe(string(seg.Value(im.src))))
		}
		if applyArtifactMap(lines, self, reg) {
			return gast.WalkStop, nil
		}
		return gast.WalkSkipChildren, nil
	})
}

// unframe removes a box's side borders from a line of a code block.
func unframe(line string) string {
	line = strings.TrimRight(line, " \t\r\n")
	if strings.HasPrefix(strings.TrimLeft(line, " "), "│") && strings.HasSuffix(line, "│") && utf8.RuneCountInString(line) > 1 {
		line = strings.Replace(line, "│", " ", 1)
		line = strings.TrimSuffix(line, "│")
	}
	return strings.TrimRight(line, " ")
}

// applyArtifactMap reads one code block as the map; false when it is not.
func applyArtifactMap(lines []string, self *site.Artifact, reg *site.Registry) bool {
	rootAt := -1
	var stack []mapNode
	type edge struct{ name, role, parent string }
	var edges []edge
	for i, l := range lines {
		text := strings.TrimSpace(l)
		if rootAt < 0 {
			if name, role := nameAndRole(text); sameName(name, self.Name) {
				rootAt = i
				if self.Role == "" {
					self.Role = role
				}
				stack = []mapNode{{col: runeIndex(l, text), name: self.Name}}
			}
			continue
		}
		m := branchPattern.FindStringSubmatchIndex(l)
		if m == nil {
			continue
		}
		col := utf8.RuneCountInString(l[:m[0]])
		for len(stack) > 1 && stack[len(stack)-1].col >= col {
			stack = stack[:len(stack)-1]
		}
		name, role := nameAndRole(strings.TrimSpace(l[m[2]:m[3]]))
		parent := stack[len(stack)-1].name
		if !listed(reg, name) && !artifactNamePattern.MatchString(name) {
			// Prose under an artifact ("@requires_infra("X") decorators")
			// says what it holds; it is no artifact, and what hangs below
			// it derives from the artifact above.
			stack = append(stack, mapNode{col: col, name: parent})
			continue
		}
		edges = append(edges, edge{name, role, parent})
		stack = append(stack, mapNode{col: col, name: name})
	}
	matched := 0
	for _, e := range edges {
		for _, a := range reg.Artifacts {
			if sameName(a.Name, e.name) {
				matched++
			}
		}
	}
	if rootAt < 0 || matched == 0 {
		return false
	}
	for _, e := range edges {
		var art *site.Artifact
		for _, a := range reg.Artifacts {
			if sameName(a.Name, e.name) {
				art = a
			}
		}
		if art == nil {
			art = &site.Artifact{Name: e.name}
			reg.Artifacts = append(reg.Artifacts, art)
		}
		if art.Role == "" {
			art.Role = e.role
		}
		if art.DerivesFrom == "" && !art.Self {
			art.DerivesFrom = e.parent
		}
	}
	return true
}

// nameAndRole splits "CI_NORTH_STAR.md (Invariants that protect truth)".
func nameAndRole(text string) (name, role string) {
	if i := strings.LastIndex(text, " ("); i > 0 && strings.HasSuffix(text, ")") {
		return strings.TrimSpace(text[:i]), strings.TrimSpace(text[i+2 : len(text)-1])
	}
	return text, ""
}

// runeIndex is the column, in characters, where sub starts in s.
func runeIndex(s, sub string) int {
	if i := strings.Index(s, sub); i >= 0 {
		return utf8.RuneCountInString(s[:i])
	}
	return 0
}
