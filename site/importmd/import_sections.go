package importmd

import (
	"io/fs"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/yamlstrict"
)

// readStates maps the State Definitions table.
func (im *importer) readStates(t *mdTable, reg *site.Registry) {
	for _, row := range t.rows {
		st := site.StateDef{
			Name:         t.get(row, "name").Plain,
			Meaning:      t.get(row, "meaning").Text,
			TestBehavior: t.get(row, "test behavior").Text,
		}
		ok := im.requireCells(t, row, "state", "name")
		ok = im.mapState(t.get(row, "state"), &st.ID) && ok
		if ok && reg.State(st.ID) != nil {
			im.add(t.get(row, "state").Pos, "import-cell", "state %s is defined twice", st.ID)
			ok = false
		}
		if ok {
			reg.States = append(reg.States, st)
		}
	}
	im.fillStateCI(reg)
}

// readBuckets attaches the rows of the bucket tables to the items they
// name, compared ignoring case and spaces ("LLM APIs" is LLMAPIs).
func (im *importer) readBuckets(b1, b2 []*mdTable, reg *site.Registry) {
	byKey := map[string]*site.Item{}
	for _, it := range reg.Items {
		byKey[nameKey(it.Name)] = it
	}
	placed := map[*site.Item]site.Pos{}
	read := func(t *mdTable, id string) {
		for _, row := range t.rows {
			name := t.get(row, "infra")
			if isPlaceholderRow(t, row) {
				continue
			}
			it := byKey[nameKey(name.Plain)]
			if it == nil {
				im.add(name.Pos, "import-bucket", "the %s names %q, which is not in the registry table%s",
					t.kind.name, name.Plain, yamlstrict.DidYouMean(name.Plain, itemNames(reg)))
				continue
			}
			if prev, dup := placed[it]; dup {
				im.add(name.Pos, "import-bucket", "%s is already in bucket %s at line %d", it.Name, it.Bucket.ID, prev.Line)
				continue
			}
			b := &site.Bucket{ID: id}
			if id == "B1" {
				b.Risk, b.Priority = t.get(row, "risk if not tested").Text, t.get(row, "promotion priority").Text
			} else {
				b.Justification, b.ReviewTrigger = t.get(row, "justification").Text, t.get(row, "review trigger").Text
			}
			if name.Plain != it.Name {
				// The doc's own name for the item: the bucket table keeps it,
				// and tests may use it in requires_infra(...).
				b.Label = name.Plain
				it.Aliases = append(it.Aliases, name.Plain)
			}
			it.Bucket = b
			placed[it] = name.Pos
		}
	}
	for _, t := range b1 {
		read(t, "B1")
	}
	for _, t := range b2 {
		read(t, "B2")
	}
}

// isPlaceholderRow recognises rows that say the table is empty, such as
// "*(None currently — Clerk promoted to State B)* | — | —".
func isPlaceholderRow(t *mdTable, row []cell) bool {
	name := strings.TrimSpace(t.get(row, "infra").Plain)
	if isBlankCell(name) || (strings.HasPrefix(name, "(") && strings.HasSuffix(name, ")")) {
		return true
	}
	lower := strings.ToLower(name)
	return lower == "none" || lower == "n/a" || strings.HasPrefix(lower, "none ")
}

func itemNames(reg *site.Registry) []string {
	out := make([]string, len(reg.Items))
	for i, it := range reg.Items {
		out[i] = it.Name
	}
	return out
}

// readArtifacts maps the Artifact Responsibility Matrix; "(this file)"
// marks the registry doc itself.
func (im *importer) readArtifacts(t *mdTable, reg *site.Registry) {
	for _, row := range t.rows {
		if !im.requireCells(t, row, "artifact") {
			continue
		}
		name := t.get(row, "artifact")
		a := &site.Artifact{
			Name:           name.Plain,
			Responsibility: t.get(row, "responsibility").Text,
			Owns:           t.get(row, "owns").Text,
		}
		if i := strings.Index(strings.ToLower(a.Name), "(this file)"); i >= 0 {
			a.Name = strings.TrimSpace(a.Name[:i] + a.Name[i+len("(this file)"):])
			a.Self = true
			// The doc is one of the docs infradoc keeps: its path makes the
			// drift map draw it once, as the doc and as the ground truth.
			if fs.ValidPath(im.file) && strings.HasSuffix(strings.ToLower(im.file), ".md") {
				a.Path = im.file
			}
		}
		for _, prev := range reg.Artifacts {
			if sameName(prev.Name, a.Name) {
				im.add(name.Pos, "import-cell", "artifact %s is listed twice", a.Name)
				a = nil
				break
			}
		}
		if a != nil {
			reg.Artifacts = append(reg.Artifacts, a)
		}
	}
}

// readRoles maps the Ownership table.
func (im *importer) readRoles(t *mdTable, reg *site.Registry) {
	for _, row := range t.rows {
		if im.requireCells(t, row, "role", "responsibility") {
			reg.Roles = append(reg.Roles, site.Role{Role: t.get(row, "role").Plain, Responsibility: t.get(row, "responsibility").Text})
		}
	}
}
