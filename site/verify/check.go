package verify

import (
	"context"
	"fmt"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/sqlschema"
)

// checkObligation looks up each object obligation o requires in the
// database, and compares the columns of its tables (required ones and
// those of required columns) with what the migrations declare.
func checkObligation(ctx context.Context, q querier, cat *sqlschema.Catalog, o *site.Obligation) (*ObligationResult, []finding.Finding, error) {
	res := &ObligationResult{ID: o.ID, Status: o.Status, File: o.File, Objects: []*ObjectResult{}, Declared: declaredCriteria(o)}
	// A PROMOTED obligation the database refutes is an error; the others
	// are not there yet (a warning), or retired, their objects perhaps
	// dropped on purpose (information).
	sev := finding.Warning
	switch o.Status {
	case site.StatusPromoted:
		sev = finding.Error
	case site.StatusDeprecated:
		sev = finding.Info
	}
	var findings []finding.Finding
	add := func(pos finding.Pos, rule, format string, args ...any) {
		findings = append(findings, finding.Finding{Pos: pos, Severity: sev, Rule: rule, Subject: o.ID, Message: fmt.Sprintf(format, args...)})
	}
	def := "public"
	if schemas := o.Schemas(); len(schemas) > 0 {
		def = schemas[0]
	}
	allExist, noDrift := true, true
	// tables holds the tables compared for drift, by schema.table, so each
	// is compared once per obligation.
	tables := map[string]*tableDrift{}
	for _, r := range o.Requires {
		if r == nil || strings.TrimSpace(r.Name) == "" || catalogQueries()[r.Type].sql == "" {
			continue // validate reports a requirement without a known type or a name
		}
		t := targetOf(r, def)
		qualified := r.QualifiedName(def)
		obj := &ObjectResult{Type: r.Type, Name: qualified, YAML: r.Of("name")}
		if created := cat.Find(r.Type, qualified); created != nil && t.names(created) {
			obj.Migration = created.At
		}
		res.Objects = append(res.Objects, obj)
		found, err := lookup(ctx, q, t)
		if err != nil {
			return nil, nil, err
		}
		if len(found) == 0 {
			obj.Verdict, obj.Detail = Missing, fmt.Sprintf("no %s %s in pg_catalog", r.Type, t)
			allExist = false
			add(obj.YAML, "verify-missing", "%s requires %s %s, but the database has none", o.ID, r.Type, t)
			continue
		}
		obj.Verdict, obj.Detail = Exists, "found "+strings.Join(found, ", ")
		switch r.Type {
		case "table":
			if obj.Migration == (finding.Pos{}) {
				// Made by hand, or by a migration outside migrations.apply
				// and the obligations' folders: the migrations do not
				// rebuild this database.
				noDrift = false
				obj.Verdict, obj.Detail = Drifted, fmt.Sprintf("table %s is in the database (%s), but no migration creates it", t, obj.Detail)
				add(obj.YAML, "verify-drift", "%s: table %s is in the database, but no migration creates it", o.ID, t)
				continue
			}
			td, err := compareTable(ctx, q, cat, tables, t.Schema, t.Name)
			if err != nil {
				return nil, nil, err
			}
			td.required = true
			if len(td.diffs) > 0 {
				noDrift = false
				obj.Verdict, obj.Detail = Drifted, strings.Join(td.diffs, "; ")
				add(obj.YAML, "verify-drift", "%s: table %s differs from its migrations: %s", o.ID, t, obj.Detail)
			} else if td.undeclared {
				obj.Detail += " (the migrations do not spell out its columns: CREATE TABLE AS, or LIKE or INHERITS of a table they do not make; only the server knows them)"
			}
		case "column":
			td, err := compareTable(ctx, q, cat, tables, t.Schema, t.Table)
			if err != nil {
				return nil, nil, err
			}
			if d := td.byColumn[t.Name]; d != "" {
				noDrift = false
				obj.Verdict, obj.Detail = Drifted, d
				add(obj.YAML, "verify-drift", "%s: column %s differs from its migrations: %s", o.ID, t, d)
			}
			td.columnAt = append(td.columnAt, obj.YAML)
			td.columns[t.Name] = true
		}
	}
	// The drift of a table reached only through a required column is
	// reported once, at its first column's entry.
	for _, td := range sortedTables(tables) {
		if td.required || len(td.columnAt) == 0 {
			continue
		}
		var other []string
		for _, c := range td.order {
			if d := td.byColumn[c]; d != "" && !td.requiredColumn(c) {
				other = append(other, d)
			}
		}
		if len(other) > 0 {
			noDrift = false
			add(td.columnAt[0], "verify-drift", "%s: table %s of a required column differs from its migrations: %s", o.ID, td.name, strings.Join(other, "; "))
		}
	}
	res.Computed.AllObjectsExist = &allExist
	// The tables compared whose columns the migrations do not spell out:
	// no drift in them can be seen, so no_schema_drift is not proven while
	// there are some.
	var uncompared []string
	for _, td := range sortedTables(tables) {
		if td.undeclared {
			uncompared = append(uncompared, td.name)
		}
	}
	if noDrift && len(uncompared) > 0 {
		res.Uncompared = uncompared
	} else {
		res.Computed.NoSchemaDrift = &noDrift
	}
	return res, findings, nil
}

// declaredCriteria reads the obligation's promotion_criteria.
func declaredCriteria(o *site.Obligation) Criteria {
	var c Criteria
	for _, cr := range o.PromotionCriteria.List {
		met := cr.Met
		switch cr.Name {
		case "all_objects_exist":
			c.AllObjectsExist = &met
		case "all_tests_pass":
			c.AllTestsPass = &met
		case "no_schema_drift":
			c.NoSchemaDrift = &met
		case "migrations_exist":
			c.MigrationsExist = &met
		}
	}
	return c
}
