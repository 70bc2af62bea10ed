package sqlschema

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// createTable applies CREATE [FOREIGN] TABLE, with INHERITS, PARTITION OF
// and LIKE; a temporary table is left out.
func (a *applier) createTable(s *createStmt) {
	schema, name := a.schemaFor(s.Relation.Schemaname), s.Relation.Relname
	if s.IfNotExists && a.c.relation(schema, name) != nil || s.Relation.Relpersistence == "t" {
		return // a temporary table is gone when the migration's session ends
	}
	t := a.c.add(Object{Kind: "table", Schema: schema, Name: name, At: a.at}, "")
	partition := s.Partbound != nil
	// Inherited columns come first, a partition's are its parent's.
	var parents []*entry
	for _, inh := range s.InhRelations {
		if inh.RangeVar == nil {
			continue
		}
		p := a.resolveRelation(*inh.RangeVar)
		if p == nil || p.Kind != "table" {
			t.columnsUnknown = true
			continue
		}
		t.columnsUnknown = t.columnsUnknown || p.columnsUnknown
		parents = append(parents, p)
		a.copyColumns(p, t)
	}
	for _, el := range s.TableElts {
		switch {
		case el.ColumnDef != nil:
			cd := el.ColumnDef
			if cd.TypeName != nil && a.c.get("column", schema, name, cd.Colname) == nil {
				a.c.add(Object{Kind: "column", Schema: schema, Table: name, Name: cd.Colname, Type: a.formatType(cd.TypeName), At: a.at}, "")
			}
		case el.TableLikeClause != nil:
			if src := a.resolveRelation(el.TableLikeClause.Relation); src != nil {
				a.copyColumns(src, t)
				t.columnsUnknown = t.columnsUnknown || src.columnsUnknown
			} else {
				t.columnsUnknown = true
			}
		}
	}
	// Constraints once every column is there: a CHECK's name depends on
	// the columns it reads.
	var cons []columnConstraint
	for _, el := range s.TableElts {
		switch {
		case el.ColumnDef != nil:
			for _, cn := range el.ColumnDef.Constraints {
				if cn.Constraint != nil {
					cons = append(cons, columnConstraint{cn.Constraint, el.ColumnDef.Colname})
				}
			}
		case el.Constraint != nil:
			cons = append(cons, columnConstraint{el.Constraint, ""})
		}
	}
	for _, cc := range dedupeKeys(cons) {
		a.addConstraint(t, cc.con, cc.column)
	}
	for _, p := range parents {
		a.inherit(p, t, partition)
	}
	for _, el := range s.TableElts {
		if el.TableLikeClause != nil {
			if src := a.resolveRelation(el.TableLikeClause.Relation); src != nil {
				a.copyLike(src, t, el.TableLikeClause.Options)
			}
		}
	}
}

// copyLike gives table t what LIKE src INCLUDING CONSTRAINTS and INDEXES
// copy: src's CHECK constraints under their names, and its indexes (with
// their key constraints) under names PostgreSQL chooses for t.
func (a *applier) copyLike(src, t *entry, options int) {
	for _, m := range a.c.members(src.Schema, src.Name) {
		switch {
		case m.Kind == "constraint" && m.label == "check" && options&likeConstraints != 0:
			if a.c.get("constraint", t.Schema, t.Name, m.Name) == nil {
				e := a.c.add(Object{Kind: "constraint", Schema: t.Schema, Table: t.Name, Name: m.Name, At: a.at}, "")
				e.label, e.cols, e.expr = m.label, m.cols, m.expr
			}
		case m.Kind == "index" && options&likeIndexes != 0:
			a.copyIndex(m, t)
		}
	}
}

// columnConstraint is a constraint of a CREATE TABLE and the column it is
// written on ("" for a table constraint).
type columnConstraint struct {
	con    *constraint
	column string
}

// keyColumns returns the columns of a primary key or unique constraint.
func (cc columnConstraint) keyColumns() []string {
	if cols := strs(cc.con.Keys); len(cols) > 0 {
		return cols
	}
	return []string{cc.column}
}

// dedupeKeys orders a CREATE TABLE's constraints as PostgreSQL makes them
// (the primary key first) and drops a unique constraint on the columns of
// an earlier key: PostgreSQL makes one index for both, named after the
// first of them that has a name.
func dedupeKeys(cons []columnConstraint) []columnConstraint {
	isKey := func(cc columnConstraint) bool {
		return cc.con.Contype == "CONSTR_PRIMARY" || cc.con.Contype == "CONSTR_UNIQUE"
	}
	out := make([]columnConstraint, 0, len(cons))
	for _, cc := range cons {
		if cc.con.Contype == "CONSTR_PRIMARY" {
			out = append(out, cc)
		}
	}
	for _, cc := range cons {
		if cc.con.Contype == "CONSTR_PRIMARY" {
			continue
		}
		dup := false
		if isKey(cc) && cc.con.Indexname == "" {
			for i, prior := range out {
				if isKey(prior) && prior.con.Indexname == "" && slices.Equal(prior.keyColumns(), cc.keyColumns()) {
					if prior.con.Conname == "" && cc.con.Conname != "" {
						renamed := *prior.con
						renamed.Conname = cc.con.Conname
						out[i].con = &renamed
					}
					dup = true
					break
				}
			}
		}
		if !dup {
			out = append(out, cc)
		}
	}
	return out
}

// copyColumns gives table to the columns of table from that it lacks.
func (a *applier) copyColumns(from, to *entry) {
	for _, col := range a.c.members(from.Schema, from.Name) {
		if col.Kind == "column" && a.c.get("column", to.Schema, to.Name, col.Name) == nil {
			a.c.add(Object{Kind: "column", Schema: to.Schema, Table: to.Name, Name: col.Name, Type: col.Type, At: a.at}, "")
		}
	}
}

// inherit gives a child table its parent's CHECK constraints (same names)
// and, for a partition, a copy of each of the parent's indexes with its
// constraint, named after the partition.
func (a *applier) inherit(parent, child *entry, partition bool) {
	if partition {
		child.partOf = parent
	} else {
		child.parents = append(child.parents, parent)
	}
	for _, m := range a.c.members(parent.Schema, parent.Name) {
		switch {
		case m.Kind == "constraint" && m.pair == nil && (m.label == "check" || partition && m.label == "fkey"):
			if a.c.get("constraint", child.Schema, child.Name, m.Name) == nil {
				e := a.c.add(Object{Kind: "constraint", Schema: child.Schema, Table: child.Name, Name: m.Name, At: a.at}, "")
				e.label, e.cols, e.expr = m.label, m.cols, m.expr
			}
		case m.Kind == "index" && partition:
			a.indexOnPartition(m, child)
		}
	}
}

// indexOnPartition copies the partitioned table's index ix onto partition
// t, as PostgreSQL does when it attaches or creates a partition; an index
// of the partition on the same columns serves instead.
func (a *applier) indexOnPartition(ix, t *entry) {
	for _, m := range a.c.members(t.Schema, t.Name) {
		if m.Kind == "index" && m.label == ix.label && slices.Equal(m.cols, ix.cols) {
			return
		}
	}
	e := a.copyIndex(ix, t)
	for _, p := range a.c.partitions(t) {
		a.indexOnPartition(e, p)
	}
}

// copyIndex makes a copy of index ix (and of its key constraint) on table
// t, named as PostgreSQL names an index it makes for t.
func (a *applier) copyIndex(ix, t *entry) *entry {
	isCon := ix.pair != nil
	name := a.c.chooseRelationName(t.Schema, t.Name, indexAddition(ix.label, ix.cols), ix.label, isCon)
	e := a.c.add(Object{Kind: "index", Schema: t.Schema, Table: t.Name, Name: name, At: a.at}, "")
	e.cols, e.label = ix.cols, ix.label
	if isCon {
		con := a.c.add(Object{Kind: "constraint", Schema: t.Schema, Table: t.Name, Name: name, At: a.at}, "")
		con.label = ix.label
		e.pair, con.pair = con, e
	}
	return e
}

// children returns the live partitions and inheritance children of t.
func (c *Catalog) children(t *entry) []*entry {
	var out []*entry
	for _, e := range c.entries {
		if !e.dead && (e.partOf == t || slices.Contains(e.parents, t)) {
			out = append(out, e)
		}
	}
	return out
}

// partitions returns the live partitions of table t.
func (c *Catalog) partitions(t *entry) []*entry {
	var out []*entry
	for _, e := range c.entries {
		if !e.dead && e.partOf == t {
			out = append(out, e)
		}
	}
	return out
}

// indexAddition is the middle of an index's generated name: its columns,
// but nothing for a primary key ("orders_pkey").
func indexAddition(label string, cols []string) string {
	if label == "pkey" {
		return ""
	}
	return nameAddition(cols)
}

// addConstraint records a constraint of table t; column is the column a
// column constraint is written on ("" for a table constraint). Unnamed
// constraints get the name PostgreSQL would give them; a primary key,
// unique or exclusion constraint comes with its index of the same name.
func (a *applier) addConstraint(t *entry, con *constraint, column string) {
	cols := strs(con.Keys)
	if len(cols) == 0 && column != "" {
		cols = []string{column}
	}
	var label string
	switch con.Contype {
	case "CONSTR_PRIMARY":
		label = "pkey"
	case "CONSTR_UNIQUE":
		label = "key"
		cols = append(cols, strs(con.Including)...)
	case "CONSTR_EXCLUSION":
		label = "excl"
		cols = exclusionColumns(con)
	case "CONSTR_CHECK":
		name := con.Conname
		if name == "" {
			refs := columnRefs(con.RawExpr)
			one := ""
			if len(refs) == 1 {
				one = refs[0]
			}
			name = a.c.chooseConstraintName(t.Schema, t.Name, one, "check")
		}
		e := a.c.add(Object{Kind: "constraint", Schema: t.Schema, Table: t.Name, Name: name, At: a.at}, "")
		e.label, e.expr = "check", con.RawExpr
		if con.IsNoInherit {
			e.label = "check no inherit" // stays on t
		}
		return
	case "CONSTR_FOREIGN":
		fk := strs(con.FkAttrs)
		if len(fk) == 0 && column != "" {
			fk = []string{column}
		}
		name := con.Conname
		if name == "" {
			name = a.c.chooseConstraintName(t.Schema, t.Name, nameAddition(fk), "fkey")
		}
		e := a.c.add(Object{Kind: "constraint", Schema: t.Schema, Table: t.Name, Name: name, At: a.at}, "")
		e.label, e.cols = "fkey", fk
		return
	default:
		return // NOT NULL, DEFAULT, GENERATED …: no pg_constraint row of their own
	}
	var ix *entry
	if con.Indexname != "" {
		// ADD CONSTRAINT … USING INDEX: the index becomes the
		// constraint's and takes its name.
		ix = a.c.relation(t.Schema, con.Indexname)
		if ix != nil && ix.Kind == "index" && con.Conname != "" && con.Conname != ix.Name {
			a.c.rekey(ix, func(e *entry) { e.Name = con.Conname; e.At = a.at })
		}
	}
	if ix == nil || ix.Kind != "index" {
		name := con.Conname
		if name == "" {
			name = a.c.chooseRelationName(t.Schema, t.Name, indexAddition(label, cols), label, true)
		}
		ix = a.c.add(Object{Kind: "index", Schema: t.Schema, Table: t.Name, Name: name, At: a.at}, "")
		ix.cols, ix.label = cols, label
	}
	e := a.c.add(Object{Kind: "constraint", Schema: t.Schema, Table: t.Name, Name: ix.Name, At: a.at}, "")
	e.label = label
	e.pair, ix.pair = ix, e
	for _, p := range a.c.partitions(t) {
		a.indexOnPartition(ix, p)
	}
}

// columnRefs returns the distinct column names an expression reads, in
// order of first use.
func columnRefs(raw json.RawMessage) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if cr, ok := v["ColumnRef"].(map[string]any); ok {
				if fields, ok := cr["fields"].([]any); ok && len(fields) > 0 {
					if s, ok := fields[len(fields)-1].(map[string]any)["String"].(map[string]any); ok {
						if name, ok := s["sval"].(string); ok && !slices.Contains(out, name) {
							out = append(out, name)
						}
					}
				}
				return
			}
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				walk(v[k])
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	var v any
	if len(raw) > 0 && json.Unmarshal(raw, &v) == nil {
		walk(v)
	}
	return out
}

// uniqueColumnNames numbers repeated index column names as PostgreSQL's
// ChooseIndexColumnNames does: (expr, expr) become expr, expr1.
func uniqueColumnNames(cols []string) []string {
	out := make([]string, 0, len(cols))
	for _, c := range cols {
		name := c
		for i := 1; slices.Contains(out, name); i++ {
			suffix := strconv.Itoa(i)
			name = clipRunes(c, maxNameLen-len(suffix)) + suffix
		}
		out = append(out, name)
	}
	return out
}

// exclusionColumns returns the columns of an EXCLUDE constraint's
// elements ("expr" for an expression, as PostgreSQL names it).
func exclusionColumns(con *constraint) []string {
	var out []string
	for _, pair := range con.Exclusions {
		if items := pair.List.Items; len(items) > 0 && items[0].IndexElem != nil {
			out = append(out, items[0].IndexElem.column())
		}
	}
	return uniqueColumnNames(out)
}

func (a *applier) createIndex(s *indexStmt) {
	t := a.resolveRelation(s.Relation)
	schema := a.schemaFor(s.Relation.Schemaname)
	table := s.Relation.Relname
	if t != nil {
		schema, table = t.Schema, t.Name
	}
	if s.IfNotExists && s.Idxname != "" && a.c.relation(schema, s.Idxname) != nil {
		return
	}
	var cols []string
	for _, p := range append(s.IndexParams, s.IndexIncludingParams...) {
		if p.IndexElem != nil {
			cols = append(cols, p.IndexElem.column())
		}
	}
	cols = uniqueColumnNames(cols)
	name := s.Idxname
	if name == "" {
		name = a.c.chooseRelationName(schema, table, nameAddition(cols), "idx", false)
	}
	e := a.c.add(Object{Kind: "index", Schema: schema, Table: table, Name: name, At: a.at}, "")
	e.cols, e.label = cols, "idx"
	if t != nil && s.Relation.Inh {
		for _, p := range a.c.partitions(t) {
			a.indexOnPartition(e, p)
		}
	}
}

func (a *applier) createFunction(s *createFunctionStmt) {
	names := strs(s.Funcname)
	if len(names) == 0 {
		return
	}
	schema := ""
	if len(names) > 1 {
		schema = names[len(names)-2]
	}
	var args []string
	for _, p := range s.Parameters {
		if fp := p.FunctionParameter; fp != nil && fp.Mode != "FUNC_PARAM_OUT" && fp.Mode != "FUNC_PARAM_TABLE" {
			args = append(args, a.formatType(fp.ArgType))
		}
	}
	// A function body runs only when the function is called: it is kept
	// for a migration that calls it.
	e := a.c.add(Object{Kind: "function", Schema: a.schemaFor(schema), Name: names[len(names)-1], At: a.at}, strings.Join(args, ","))
	e.lang, e.body = "sql", ""
	for _, o := range s.Options {
		switch d := o.DefElem; {
		case d == nil:
		case d.Defname == "language":
			e.lang = strings.ToLower(d.Arg.sval())
		case d.Defname == "as":
			e.body = d.Arg.sval()
		}
	}
}

func (a *applier) createTrigger(s *createTrigStmt) {
	schema, table := a.schemaFor(s.Relation.Schemaname), s.Relation.Relname
	if t := a.resolveRelation(s.Relation); t != nil {
		schema, table = t.Schema, t.Name
	}
	trg := a.c.add(Object{Kind: "trigger", Schema: schema, Table: table, Name: s.Trigname, At: a.at}, "")
	if s.Isconstraint {
		// A constraint trigger has a pg_constraint row of the same name,
		// dropped with it.
		con := a.c.add(Object{Kind: "constraint", Schema: schema, Table: table, Name: s.Trigname, At: a.at}, "")
		trg.pair, con.pair = con, trg
	}
}

// resolveRelation returns the live table, view or index a name refers to:
// a qualified name in its schema, an unqualified one along the search_path.
func (a *applier) resolveRelation(rv rangeVar) *entry {
	if rv.Schemaname != "" {
		return a.c.relation(rv.Schemaname, rv.Relname)
	}
	for _, s := range a.path {
		if e := a.c.relation(s, rv.Relname); e != nil {
			return e
		}
	}
	return nil
}
