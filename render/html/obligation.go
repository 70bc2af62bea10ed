package html

import (
	"html/template"
	"strings"

	"github.com/infradoc/infradoc/site"
)

type requirementItem struct {
	Name  string
	Found bool
	At    string
	// Check is the verification report's verdict, nil without one.
	Check *objectCheck
}

// requirementSchema is the requirements that live in one schema, by type.
type requirementSchema struct {
	Schema string
	Types  []requirementType
}

// requirementType is the requirements of one type within a schema.
type requirementType struct {
	Type  string
	Items []requirementItem
}

type obligationTest struct {
	Path                      string
	Declared, Found           int
	Exists, Scanned, Mismatch bool
	Functions                 []string
}

// criterion is a promotion criterion and whether it is met.
type criterion struct {
	Name string
	Met  bool
}

// verdict is the box an obligation's page opens with: its status, its
// promotion criteria as declared, its evidence counts and the findings of
// this build about it.
type verdict struct {
	Status string
	// CriteriaMet of Criteria are declared met in the YAML.
	CriteriaMet int
	// RequirementsFound of Requirements exist in the migrations (when
	// Scanned); TestsFound of TestsDeclared exist.
	Requirements, RequirementsFound int
	// MigrationFiles is how many files the migration folder holds.
	MigrationFiles int
	// Findings lists at most maxObligationFindings of the build's
	// findings about the obligation; FindingsTotal counts them all.
	Findings                    []obligationFinding
	FindingsTotal, FindingsMore int
}

// obligationBody is the template "page-obligation". MigrationMissing says
// the migrations were scanned and the obligation's folder is not there.
type obligationBody struct {
	Verdict                                       verdict
	ID, Title, Status, LayerID, LayerName, Schema string
	Created, PromotedAt, Source, MigrationPath    string
	Pins                                          []pinLink
	Purpose                                       template.HTML
	Scanned, MigrationMissing                     bool
	TestsDeclared, TestsFound                     int
	MigrationFiles                                []string
	Diagram                                       *diagramFigure
	Schemas                                       []requirementSchema
	Tests                                         []obligationTest
	Criteria                                      []criterion
	// Verification is what the report of infradoc verify proved; nil
	// when the build has none.
	Verification *obligationVerification
}

// obligationJobs renders one page per obligation.
func (b *builder) obligationJobs() []pageJob {
	jobs := make([]pageJob, 0, len(b.s.Obligations))
	findings := obligationFindings(b.s, b.in.Findings)
	seen := map[string]bool{}
	for _, o := range b.s.Obligations {
		if o.ID == "" || seen[o.ID] {
			continue
		}
		seen[o.ID] = true
		jobs = append(jobs, pageJob{path: obligationPath(o.ID), run: func(root string) (string, page, error) {
			body, err := b.obligationBody(o, findings[o.ID])
			return "page-obligation", page{Title: o.ID + " " + o.Title, Section: "obligations", EditURL: b.editURL(o.File), Source: o.File, Body: &body}, err
		}})
	}
	return jobs
}

func (b *builder) obligationBody(o *site.Obligation, findings []obligationFinding) (obligationBody, error) {
	body := obligationBody{
		ID: o.ID, Title: o.Title, Status: o.Status, LayerID: site.LayerID(o.Layer), Schema: o.Schema,
		Created: string(o.Created), Source: o.Of("id").String(), MigrationPath: o.MigrationPath,
		Pins: b.pinLinks(o.RelatedPins), TestsDeclared: o.TestCount(),
	}
	body.Criteria = declaredCriteria(o)
	if o.PromotedAt != nil {
		body.PromotedAt = string(*o.PromotedAt)
	}
	if l := b.s.Registry.Layer(o.Layer); l != nil {
		body.LayerName = l.Name
	}
	purpose, err := b.h.markdownHTML(o.SemanticPurpose, b.in.Highlighter)
	if err != nil {
		return body, err
	}
	body.Purpose = purpose
	ev := b.oblEvidence[o.ID]
	body.Scanned = ev != nil
	if ev != nil {
		body.MigrationMissing, body.MigrationFiles, body.TestsFound = !ev.MigrationExists, ev.MigrationFiles, ev.TestsFound
		if ev.MigrationDir != "" {
			body.MigrationPath = ev.MigrationDir
		}
	}
	body.Schemas = b.requirementSchemas(o, ev)
	var tests []obligationTest
	for _, tf := range o.TestFiles {
		if tf == nil {
			continue
		}
		t := obligationTest{Path: tf.Path, Declared: tf.Count, Exists: true}
		if fe := b.testEvidence[tf.Path]; fe != nil {
			t.Scanned, t.Exists, t.Found = true, fe.Exists, len(fe.Functions)
			for _, fn := range fe.Functions {
				t.Functions = append(t.Functions, fn.Name)
			}
			t.Mismatch = !t.Exists || t.Found != t.Declared
		}
		tests = append(tests, t)
	}
	body.Tests = tests
	body.Verdict = obligationVerdict(&body, findings)
	body.Verification = b.obligationVerification(o, body.Criteria)
	if d, ok := b.in.ObligationDiagrams[o.ID]; ok {
		if v, ok := b.diagram(d.Name); ok {
			body.Diagram = &diagramFigure{diagramView: v, ShowDOT: true}
		}
	}
	return body, nil
}

// requirementSchemas groups an obligation's requirements by schema, then by
// type within each schema, both in first-appearance order, with the
// evidence of each requirement.
func (b *builder) requirementSchemas(o *site.Obligation, ev *site.ObligationEvidence) []requirementSchema {
	defSchema := defaultSchema(o)
	var schemas []requirementSchema
	schemaIndex := map[string]int{}
	typeIndex := map[[2]string]int{}
	for i, r := range o.Requires {
		if r == nil {
			continue
		}
		q := r.QualifiedName(defSchema)
		schema := q
		if r.Type != "schema" {
			schema, _, _ = strings.Cut(q, ".")
			if !strings.Contains(q, ".") {
				schema = "(unqualified)"
			}
		}
		item := requirementItem{Name: q, Check: b.objectCheck(o.ID, r.Type, q)}
		if ev != nil && i < len(ev.Requirements) {
			re := ev.Requirements[i]
			item.Found = re.Found
			if re.Found && re.At.File != "" {
				item.At = re.At.String()
			}
		}
		si, ok := schemaIndex[schema]
		if !ok {
			si = len(schemas)
			schemaIndex[schema] = si
			schemas = append(schemas, requirementSchema{Schema: schema})
		}
		s := &schemas[si]
		key := [2]string{schema, r.Type}
		ti, ok := typeIndex[key]
		if !ok {
			ti = len(s.Types)
			typeIndex[key] = ti
			s.Types = append(s.Types, requirementType{Type: r.Type})
		}
		s.Types[ti].Items = append(s.Types[ti].Items, item)
	}
	return schemas
}

// obligationVerdict sums up the page's body for its verdict box.
func obligationVerdict(body *obligationBody, findings []obligationFinding) verdict {
	v := verdict{Status: body.Status, MigrationFiles: len(body.MigrationFiles), FindingsTotal: len(findings)}
	for _, c := range body.Criteria {
		if c.Met {
			v.CriteriaMet++
		}
	}
	for _, s := range body.Schemas {
		for _, t := range s.Types {
			for _, it := range t.Items {
				v.Requirements++
				if it.Found {
					v.RequirementsFound++
				}
			}
		}
	}
	v.Findings = findings[:min(len(findings), maxObligationFindings)]
	v.FindingsMore = len(findings) - len(v.Findings)
	return v
}
