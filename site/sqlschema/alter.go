package sqlschema

import (
	"slices"
	"strings"
)

// alterTable applies ALTER TABLE's column and constraint actions; ALTER
// INDEX, VIEW … reach here too with actions that change no object kept.
// Without ONLY, what changes columns and CHECK constraints reaches the
// table's partitions and inheritance children too, as on a server.
func (a *applier) alterTable(s *alterTableStmt) {
	t := a.resolveRelation(s.Relation)
	if t == nil || t.Kind != "table" {
		return
	}
	for _, c := range s.Cmds {
		if c.AlterTableCmd != nil {
			a.alterCmd(t, c.AlterTableCmd, s.Relation.Inh)
		}
	}
}

// alterCmd applies one ALTER TABLE action to t and, when recurse, to its
// descendants.
func (a *applier) alterCmd(t *entry, cmd *alterTableCmd, recurse bool) {
	made := len(a.c.entries)
	switch cmd.Subtype {
	case "AT_AddColumn":
		cd := cmd.Def.ColumnDef
		if cd == nil || a.c.get("column", t.Schema, t.Name, cd.Colname) != nil {
			return // IF NOT EXISTS, or an error on a server
		}
		a.c.add(Object{Kind: "column", Schema: t.Schema, Table: t.Name, Name: cd.Colname, Type: a.formatType(cd.TypeName), At: a.at}, "")
		for _, cn := range cd.Constraints {
			if cn.Constraint != nil {
				a.addConstraint(t, cn.Constraint, cd.Colname)
			}
		}
	case "AT_AddConstraint":
		if cmd.Def.Constraint != nil {
			a.addConstraint(t, cmd.Def.Constraint, "")
		}
	case "AT_AttachPartition", "AT_DetachPartition":
		if cmd.Def.PartitionCmd == nil {
			return
		}
		child := a.resolveRelation(cmd.Def.PartitionCmd.Name)
		switch {
		case child == nil || child.Kind != "table":
		case cmd.Subtype == "AT_AttachPartition":
			a.inherit(t, child, true)
		case child.partOf == t:
			child.partOf = nil // its indexes and constraints stay
		}
		return
	}
	if recurse {
		for _, child := range a.c.children(t) {
			a.alterChild(t, child, cmd, a.c.entries[made:])
		}
	}
	switch cmd.Subtype {
	case "AT_DropColumn":
		a.dropColumn(t, cmd.Name)
	case "AT_DropConstraint":
		a.c.drop(a.c.get("constraint", t.Schema, t.Name, cmd.Name))
	case "AT_AlterColumnType":
		col := a.c.get("column", t.Schema, t.Name, cmd.Name)
		if cd := cmd.Def.ColumnDef; col != nil && cd != nil && cd.TypeName != nil {
			col.Type = a.formatType(cd.TypeName)
			col.At = a.at
		}
	}
}

// alterChild repeats on a descendant what an ALTER TABLE action did to its
// parent: the columns and the CHECK constraints (and, for a partition,
// foreign keys) it made, under the same names, and the drops and type
// changes by name. (Keys reach partitions through their indexes.)
func (a *applier) alterChild(parent, child *entry, cmd *alterTableCmd, made []*entry) {
	switch cmd.Subtype {
	case "AT_AddColumn", "AT_AddConstraint":
		var again []*entry
		for _, e := range made {
			if e.dead || e.Table != parent.Name || e.Schema != parent.Schema || a.c.get(e.Kind, child.Schema, child.Name, e.Name) != nil {
				continue
			}
			if e.Kind == "column" || e.Kind == "constraint" && (e.label == "check" || e.label == "fkey" && child.partOf == parent) {
				n := a.c.add(Object{Kind: e.Kind, Schema: child.Schema, Table: child.Name, Name: e.Name, Type: e.Type, At: a.at}, "")
				n.label, n.cols, n.expr = e.label, e.cols, e.expr
				again = append(again, n)
			}
		}
		for _, grandchild := range a.c.children(child) {
			a.alterChild(child, grandchild, cmd, again)
		}
	case "AT_DropColumn", "AT_DropConstraint", "AT_AlterColumnType":
		a.alterCmd(child, cmd, true)
	}
}

// dropColumn drops a column and, as PostgreSQL does, the indexes and
// constraints on it (alone or with other columns). An index on an
// expression reading it stays: infradoc keeps no index expressions.
func (a *applier) dropColumn(t *entry, name string) {
	col := a.c.get("column", t.Schema, t.Name, name)
	if col == nil {
		return
	}
	a.c.drop(col)
	for _, m := range a.c.members(t.Schema, t.Name) {
		if slices.Contains(m.cols, name) || m.expr != nil && slices.Contains(columnRefs(m.expr), name) {
			a.c.drop(m)
		}
	}
}

// rename applies ALTER … RENAME: a renamed object counts under its new
// name only, and what belongs to a renamed table or schema follows it.
func (a *applier) rename(s *renameStmt) {
	switch s.RenameType {
	case "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_INDEX", "OBJECT_FOREIGN_TABLE":
		if s.Relation == nil {
			return
		}
		if e := a.resolveRelation(*s.Relation); e != nil {
			a.renameRelation(e, e.Schema, s.Newname)
		}
	case "OBJECT_COLUMN", "OBJECT_TABCONSTRAINT", "OBJECT_TRIGGER":
		if s.Relation == nil {
			return
		}
		t := a.resolveRelation(*s.Relation)
		if t == nil {
			return
		}
		kind := map[string]string{"OBJECT_COLUMN": "column", "OBJECT_TABCONSTRAINT": "constraint", "OBJECT_TRIGGER": "trigger"}[s.RenameType]
		a.renameIn(t, kind, s.Subname, s.Newname, s.Relation.Inh)
	case "OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE":
		for _, e := range a.resolveFunctions(s.Object) {
			a.c.rekey(e, func(e *entry) { e.Name = s.Newname; e.At = a.at })
		}
	case "OBJECT_SCHEMA":
		sc := a.c.get("schema", "", "", s.Subname)
		if sc == nil {
			return
		}
		for _, e := range a.c.entries {
			if !e.dead && e.Kind != "schema" && e.Schema == s.Subname {
				a.c.rekey(e, func(e *entry) { e.Schema = s.Newname })
			}
		}
		a.c.rekey(sc, func(e *entry) { e.Schema, e.Name, e.At = s.Newname, s.Newname, a.at })
	}
}

// renameIn renames a column, constraint or trigger of table t; a column,
// unless ONLY, in t's descendants too.
func (a *applier) renameIn(t *entry, kind, old, name string, recurse bool) {
	e := a.c.get(kind, t.Schema, t.Name, old)
	if e == nil {
		return
	}
	a.renameMember(e, name)
	if kind != "column" {
		return
	}
	for _, m := range a.c.members(t.Schema, t.Name) {
		for i, c := range m.cols {
			if c == old {
				m.cols[i] = name
			}
		}
	}
	if recurse {
		for _, child := range a.c.children(t) {
			a.renameIn(child, kind, old, name, true)
		}
	}
}

// renameMember renames a column, constraint or trigger; a primary key or
// unique constraint and its index are renamed together.
func (a *applier) renameMember(e *entry, name string) {
	a.c.rekey(e, func(e *entry) { e.Name = name; e.At = a.at })
	if p := e.pair; p != nil {
		a.c.rekey(p, func(p *entry) { p.Name = name; p.At = a.at })
	}
}

// renameRelation moves table, view or index e to schema.name; a table's
// columns, indexes, triggers and constraints follow it.
func (a *applier) renameRelation(e *entry, schema, name string) {
	oldSchema, oldName := e.Schema, e.Name
	members := []*entry(nil)
	if e.Kind == "table" || e.Kind == "view" {
		members = a.c.members(oldSchema, oldName)
	}
	a.c.rekey(e, func(e *entry) { e.Schema, e.Name, e.At = schema, name, a.at })
	if e.Kind == "index" && e.pair != nil {
		a.c.rekey(e.pair, func(p *entry) { p.Name = name; p.At = a.at })
	}
	for _, m := range members {
		a.c.rekey(m, func(m *entry) { m.Schema, m.Table = schema, name })
	}
}

// setSchema applies ALTER … SET SCHEMA.
func (a *applier) setSchema(s *alterObjectSchemaStmt) {
	switch s.ObjectType {
	case "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE":
		if s.Relation == nil {
			return
		}
		if e := a.resolveRelation(*s.Relation); e != nil {
			a.renameRelation(e, s.Newschema, e.Name)
		}
	case "OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE":
		for _, e := range a.resolveFunctions(s.Object) {
			a.c.rekey(e, func(e *entry) { e.Schema = s.Newschema; e.At = a.at })
		}
	}
}

// resolveFunctions returns the live functions a (possibly qualified) name
// with argument types refers to; without argument types, all of that name.
func (a *applier) resolveFunctions(l *list) []*entry {
	if l == nil || l.ObjectWithArgs == nil {
		return nil
	}
	names := strs(l.ObjectWithArgs.Objname)
	if len(names) == 0 {
		return nil
	}
	name := names[len(names)-1]
	schemas := a.path
	if len(names) > 1 {
		schemas = []string{names[len(names)-2]}
	}
	var sig []string
	for _, t := range l.ObjectWithArgs.Objargs {
		sig = append(sig, a.formatType(t.TypeName))
	}
	for _, schema := range schemas {
		var out []*entry
		for _, e := range a.c.entries {
			if !e.dead && e.Kind == "function" && e.Schema == schema && e.Name == name &&
				(l.ObjectWithArgs.ArgsUnspecified || e.sig == strings.Join(sig, ",")) {
				out = append(out, e)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// dropObjects applies DROP. CASCADE is not followed beyond what belongs
// to the dropped object (a table's columns, indexes, triggers and
// constraints; a schema's objects).
func (a *applier) dropObjects(s *dropStmt) {
	for _, o := range s.Objects {
		switch s.RemoveType {
		case "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_INDEX", "OBJECT_FOREIGN_TABLE":
			if names := o.names(); len(names) > 0 {
				rv := rangeVar{Relname: names[len(names)-1]}
				if len(names) > 1 {
					rv.Schemaname = names[len(names)-2]
				}
				if e := a.resolveRelation(rv); e != nil {
					a.c.drop(e)
				}
			}
		case "OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE":
			for _, e := range a.resolveFunctions(&o) {
				a.c.drop(e)
			}
		case "OBJECT_TRIGGER":
			// DROP TRIGGER name ON table: the list is the table's name
			// followed by the trigger's.
			if names := o.names(); len(names) >= 2 {
				rv := rangeVar{Relname: names[len(names)-2]}
				if len(names) > 2 {
					rv.Schemaname = names[len(names)-3]
				}
				if t := a.resolveRelation(rv); t != nil {
					a.c.drop(a.c.get("trigger", t.Schema, t.Name, names[len(names)-1]))
				}
			}
		case "OBJECT_SCHEMA":
			if names := o.names(); len(names) == 1 {
				a.c.drop(a.c.get("schema", "", "", names[0]))
			}
		case "OBJECT_TYPE", "OBJECT_DOMAIN":
			if o.TypeName == nil {
				continue
			}
			if names := strs(o.TypeName.Names); len(names) > 1 {
				delete(a.c.types, names[len(names)-2]+"\x00"+names[len(names)-1])
			} else if len(names) == 1 {
				for _, s := range a.path {
					if k := s + "\x00" + names[0]; a.c.types[k] {
						delete(a.c.types, k)
						break
					}
				}
			}
		}
	}
}

// sval returns the string an option holds: a String, or the first String
// of a List (a function body).
func (l list) sval() string {
	switch {
	case l.String.Sval != "":
		return l.String.Sval
	case l.List != nil && len(l.List.Items) > 0:
		return l.List.Items[0].String.Sval
	}
	return ""
}

// names returns a dropped object's name parts.
func (l list) names() []string {
	switch {
	case l.List != nil:
		return strs(l.List.Items)
	case l.String.Sval != "":
		return []string{l.String.Sval}
	}
	return nil
}
