package synthetic

import (
	"fmt"
	"strings"
)

// obligation is one generated obligation.
type obligation struct {
	id, title, layer, schema, status, created, promotedAt string
	// requires are the required objects in requirementKinds order; when
	// missing is set the migrations leave out the last one.
	requires []string
	missing  bool
	// tests is the number of test functions (0 for DEPRECATED).
	tests    int
	infra    []string
	criteria bool // list form of promotion_criteria
	pins     []string
}

// requirementKinds are the objects an obligation may require, in the order
// a migration creates them. Schema and table are always required.
var requirementKinds = []string{"schema", "table", "column", "constraint", "index", "function", "trigger", "view"}

var titleWords = []string{"Audit", "Ledger", "Session", "Retry", "Outbox", "Archive", "Tenant", "Quota", "Billing", "Recovery", "Idempotency", "Snapshot"}

func (g *generator) makeObligations() []obligation {
	var testable []string // state B and C items: what tests may require
	for _, it := range g.items {
		if it.state != "A" {
			testable = append(testable, it.name)
		}
	}
	out := make([]obligation, g.opts.Obligations)
	for i := range out {
		o := &out[i]
		o.id = fmt.Sprintf("OB-%05d", i+1)
		o.schema = fmt.Sprintf("ob%05d", i+1)
		o.title = fmt.Sprintf("%s %s guarantee %d", g.pick(titleWords), strings.ToLower(g.pick(titleWords)), i+1)
		n := 1 + g.rnd.IntN(8)
		o.layer = fmt.Sprintf("L%d (%s)", n, layerNames[n-1])
		o.requires = []string{"schema", "table"}
		for _, k := range requirementKinds[2:] {
			if g.chance(55) {
				o.requires = append(o.requires, k)
			}
		}
		switch r := g.rnd.IntN(100); {
		case r < 40:
			o.status = "PROMOTED"
		case r < 65:
			o.status, o.missing = "PARTIAL", true
		case r < 90:
			o.status = "UNFULFILLED"
		default:
			o.status = "DEPRECATED"
		}
		day := g.rnd.IntN(400)
		o.created = date(day)
		if o.status == "PROMOTED" {
			o.promotedAt = date(day + 1 + g.rnd.IntN(200))
		}
		if o.status != "DEPRECATED" {
			o.tests = 2 + g.rnd.IntN(5)
			o.infra = []string{"PostgreSQL"}
			if g.chance(50) {
				o.infra = append(o.infra, g.pick(testable))
			}
		}
		o.criteria = g.chance(50)
		for range g.rnd.IntN(3) {
			o.pins = append(o.pins, fmt.Sprintf("PIN-%d", 300+g.rnd.IntN(5000)))
		}
	}
	return out
}

func (o *obligation) migrationDir() string { return "migrations/obligations/" + o.id + "/" }
func (o *obligation) testFile() string {
	return "tests/obligations/test_" + strings.ToLower(strings.ReplaceAll(o.id, "-", "_")) + ".py"
}

func (g *generator) writeObligations() error {
	var index strings.Builder
	index.WriteString("title: Synthetic Infra Obligation Registry\nobligations:\n")
	for i := range g.obligations {
		o := &g.obligations[i]
		fmt.Fprintf(&index, "  - %s\n", o.id)
		if err := g.write(ObligationsDir+"/"+o.id+".yaml", o.yaml()); err != nil {
			return err
		}
		if o.status != "UNFULFILLED" {
			if err := g.write(MigrationsRoot+"/"+o.migrationDir()+"001_schema.sql", o.migration()); err != nil {
				return err
			}
		}
		if o.tests > 0 {
			if err := g.write(TestsRoot+"/"+o.testFile(), o.testSource()); err != nil {
				return err
			}
		}
	}
	return g.write(ObligationsDir+"/index.yaml", index.String())
}

// requirementName returns the qualified name of a required object.
func (o *obligation) requirementName(kind string) string {
	s := o.schema
	switch kind {
	case "schema":
		return s
	case "table":
		return s + ".records"
	case "column":
		return s + ".records.created_at"
	case "constraint":
		return "records_positive_amount"
	case "index":
		return s + ".idx_records_created"
	case "function":
		return s + ".touch_updated_at"
	case "trigger":
		return "trg_" + s + "_touch"
	case "view":
		return s + ".recent_records"
	}
	panic("synthetic: unknown requirement kind " + kind)
}

func (o *obligation) yaml() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\ninfra_obligation:\n", o.id, o.title)
	fmt.Fprintf(&b, "  id: %s\n  title: %s\n  layer: %s\n  schema: %s\n\n  requires:\n", o.id, yamlString(o.title), yamlString(o.layer), o.schema)
	for _, k := range o.requires {
		fmt.Fprintf(&b, "    - type: %s\n      name: %s\n", k, o.requirementName(k))
		if k == "constraint" {
			fmt.Fprintf(&b, "      schema: %s\n", o.schema)
		}
	}
	fmt.Fprintf(&b, "\n  semantic_purpose: |\n    Keeps the **%s** data of `%s` consistent.\n    Rows are never lost; see [the schema doc](https://db.example.org/%s).\n\n", strings.ToLower(o.title), o.schema, o.schema)
	fmt.Fprintf(&b, "  status: %s\n", o.status)
	fmt.Fprintf(&b, "  migration_path: %s\n", o.migrationDir())
	if o.tests > 0 {
		fmt.Fprintf(&b, "  test_files:\n    - path: %s\n      count: %d\n", o.testFile(), o.tests)
	} else {
		b.WriteString("  test_files: []\n")
	}
	met := o.status == "PROMOTED"
	b.WriteString("  promotion_criteria:\n")
	for i, c := range []string{"all_objects_exist", "all_tests_pass", "no_schema_drift"} {
		v := met || (o.status == "PARTIAL" && i == 2)
		if o.criteria {
			fmt.Fprintf(&b, "    - %s: %t\n", c, v)
		} else {
			fmt.Fprintf(&b, "    %s: %t\n", c, v)
		}
	}
	fmt.Fprintf(&b, "  created: %s\n", o.created)
	if o.promotedAt != "" {
		fmt.Fprintf(&b, "  promoted_at: %s\n", o.promotedAt)
	} else {
		b.WriteString("  promoted_at: null\n")
	}
	fmt.Fprintf(&b, "  related_pins: [%s]\n", strings.Join(o.pins, ", "))
	return b.String()
}

// migration returns SQL that creates every required object, except the
// last one of a PARTIAL obligation.
func (o *obligation) migration() string {
	want := map[string]bool{}
	for _, k := range o.requires {
		want[k] = true
	}
	if o.missing && len(o.requires) > 0 {
		want[o.requires[len(o.requires)-1]] = false
	}
	s := o.schema
	var b strings.Builder
	fmt.Fprintf(&b, "-- %s: %s\n", o.id, o.title)
	if want["schema"] {
		fmt.Fprintf(&b, "CREATE SCHEMA IF NOT EXISTS %s;\n\n", s)
	}
	if want["table"] {
		fmt.Fprintf(&b, "CREATE TABLE %s.records (\n    id BIGSERIAL PRIMARY KEY,\n    amount NUMERIC NOT NULL", s)
		if want["column"] {
			b.WriteString(",\n    created_at TIMESTAMPTZ NOT NULL DEFAULT now()")
		}
		if want["constraint"] {
			b.WriteString(",\n    CONSTRAINT records_positive_amount CHECK (amount > 0)")
		}
		b.WriteString("\n);\n\n")
	}
	if want["index"] {
		fmt.Fprintf(&b, "CREATE INDEX idx_records_created ON %s.records (id);\n\n", s)
	}
	if want["function"] {
		fmt.Fprintf(&b, "CREATE OR REPLACE FUNCTION %s.touch_updated_at()\nRETURNS trigger AS $$\nBEGIN\n    RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n\n", s)
	}
	if want["trigger"] {
		fmt.Fprintf(&b, "CREATE TRIGGER trg_%s_touch\nBEFORE UPDATE ON %s.records\nFOR EACH ROW EXECUTE FUNCTION %s.touch_updated_at();\n\n", s, s, s)
	}
	if want["view"] {
		fmt.Fprintf(&b, "CREATE VIEW %s.recent_records AS\n    SELECT * FROM %s.records;\n", s, s)
	}
	return b.String()
}

// testSource returns a pytest module with o.tests test functions, each
// declaring the infra it needs.
func (o *obligation) testSource() string {
	var b strings.Builder
	b.WriteString("import pytest\n\nfrom tests.helpers.infra import requires_infra\n")
	for i := range o.tests {
		b.WriteString("\n\n")
		fmt.Fprintf(&b, "@requires_infra(%q)\n", o.infra[i%len(o.infra)])
		fmt.Fprintf(&b, "def test_%s_case_%d(db):\n    db.execute(\"SELECT 1 FROM %s.records\")\n", o.schema, i+1, o.schema)
	}
	return b.String()
}
