package site

import (
	"github.com/infradoc/infradoc/site/sqlschema"
	"github.com/infradoc/infradoc/site/yamlstrict"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Obligation statuses.
const (
	StatusUnfulfilled = "UNFULFILLED"
	StatusPartial     = "PARTIAL"
	StatusPromoted    = "PROMOTED"
	StatusDeprecated  = "DEPRECATED"
)

// Statuses lists the obligation statuses in lifecycle order.
var Statuses = []string{StatusUnfulfilled, StatusPartial, StatusPromoted, StatusDeprecated}

// Requirement types an obligation may name.
var RequirementTypes = []string{"schema", "table", "column", "trigger", "function", "constraint", "index", "view"}

// Obligation is a test-proven promise that certain database objects exist.
type Obligation struct {
	Positions `json:"-"`
	// File is the display path of the file that declares the obligation.
	File  string `json:"file" yaml:"-"`
	ID    string `json:"id" yaml:"id" infradoc:"required" pattern:"obligation-id"`
	Title string `json:"title" yaml:"title" infradoc:"required"`
	// Layer is L1..L8, optionally with its name: "L5 (Execution & Workers)".
	Layer string `json:"layer" yaml:"layer" infradoc:"required" pattern:"layer"`
	// Schema is one database schema or several separated by commas.
	Schema            string            `json:"schema,omitempty" yaml:"schema"`
	Requires          []*Requirement    `json:"requires" yaml:"requires"`
	SemanticPurpose   string            `json:"semantic_purpose,omitempty" yaml:"semantic_purpose"`
	Status            string            `json:"status" yaml:"status" infradoc:"required" enum:"UNFULFILLED,PARTIAL,PROMOTED,DEPRECATED"`
	MigrationPath     string            `json:"migration_path,omitempty" yaml:"migration_path"`
	TestFiles         []*TestFile       `json:"test_files" yaml:"test_files"`
	PromotionCriteria PromotionCriteria `json:"promotion_criteria" yaml:"promotion_criteria"`
	Created           Date              `json:"created" yaml:"created" infradoc:"required"`
	PromotedAt        *Date             `json:"promoted_at" yaml:"promoted_at"`
	RelatedPins       []string          `json:"related_pins" yaml:"related_pins"`
}

// Schemas returns the obligation's schema field split on commas.
func (o *Obligation) Schemas() []string {
	var out []string
	for _, s := range strings.Split(o.Schema, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// TestCount is the sum of the declared test counts.
func (o *Obligation) TestCount() int {
	n := 0
	for _, t := range o.TestFiles {
		n += t.Count
	}
	return n
}

// Requirement is one database object an obligation needs.
type Requirement struct {
	Positions `json:"-"`
	Type      string `json:"type" yaml:"type" infradoc:"required" enum:"schema,table,column,trigger,function,constraint,index,view"`
	// Name may be schema-qualified ("audit.event_log"); a column is
	// table.column or schema.table.column.
	Name string `json:"name" yaml:"name" infradoc:"required"`
	// Schema is where the object lives when Name is not qualified.
	Schema string `json:"schema,omitempty" yaml:"schema"`
}

// QualifiedName returns the object's name with its schema: for a column
// "schema.table.column", for a schema just its name, otherwise
// "schema.name". Unqualified names take the requirement's schema field, else
// defaultSchema (usually the obligation's first schema, else "public").
// Triggers and constraints are not qualified by PostgreSQL and are returned
// as written.
func (r *Requirement) QualifiedName(defaultSchema string) string {
	name := strings.TrimSpace(r.Name)
	schema := strings.TrimSpace(r.Schema)
	if schema == "" {
		schema = strings.TrimSpace(defaultSchema)
	}
	if schema == "" {
		schema = "public"
	}
	// Dots inside "quoted identifiers" or a function's (arguments) do not
	// separate parts.
	parts := sqlschema.SeparatingDots(name)
	switch r.Type {
	case "schema":
		return name
	case "column":
		if parts >= 2 {
			return name
		}
		return schema + "." + name
	case "trigger", "constraint":
		if parts >= 1 {
			return name
		}
		if s := strings.TrimSpace(r.Schema); s != "" {
			return s + "." + name
		}
		return name
	}
	if parts >= 1 {
		return name
	}
	return schema + "." + name
}

// TestFile is a test file an obligation names, relative to the tests root.
type TestFile struct {
	Positions `json:"-"`
	Path      string `json:"path" yaml:"path" infradoc:"required"`
	// Count is the number of tests the file is declared to hold.
	Count int `json:"count" yaml:"count" infradoc:"required"`
}

// Criterion is one promotion criterion and whether it is met.
type Criterion struct {
	Pos  Pos    `json:"-"`
	Name string `json:"name"`
	Met  bool   `json:"met"`
}

// PromotionCriteria are the criteria written either as a mapping
// (all_objects_exist: true) or, as in the schema seed, as a list of
// one-key mappings (- all_objects_exist: true). Order is kept.
type PromotionCriteria struct {
	Positions `json:"-"`
	List      []Criterion `json:"list"`
}

// AllMet reports whether every criterion is true (vacuously true if none).
func (pc PromotionCriteria) AllMet() bool {
	for _, c := range pc.List {
		if !c.Met {
			return false
		}
	}
	return true
}

func (pc *PromotionCriteria) DecodeYAML(d *yamlstrict.Decoder, n *yaml.Node) bool {
	pc.At = d.Pos(n)
	var pairs []*yaml.Node
	switch {
	case yamlstrict.IsNull(n):
		return true
	case n.Kind == yaml.MappingNode:
		pairs = n.Content
	case n.Kind == yaml.SequenceNode:
		for _, item := range n.Content {
			item = d.Resolve(item)
			if item == nil {
				return false
			}
			if item.Kind != yaml.MappingNode || len(item.Content) != 2 {
				d.Errorf(item, "type", "expected a one-key mapping such as \"all_objects_exist: true\", found %s", yamlstrict.KindName(item))
				return false
			}
			pairs = append(pairs, item.Content...)
		}
	default:
		d.Errorf(n, "type", "expected a mapping of criteria to true/false, found %s", yamlstrict.KindName(n))
		return false
	}
	ok := true
	for i := 0; i+1 < len(pairs); i += 2 {
		k, v := pairs[i], d.Resolve(pairs[i+1])
		if v == nil {
			return false
		}
		if pc.Has(k.Value) {
			d.Errorf(k, "duplicate-key", "criterion %q is already defined at line %d", k.Value, pc.Of(k.Value).Line)
			ok = false
			continue
		}
		pc.SetKey(k.Value, d.Pos(v))
		if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
			d.Errorf(v, "type", "criterion %q must be true or false, found %s", k.Value, yamlstrict.KindName(v))
			ok = false
			continue
		}
		pc.List = append(pc.List, Criterion{Pos: d.Pos(v), Name: k.Value, Met: strings.EqualFold(v.Value, "true")})
	}
	return ok
}
