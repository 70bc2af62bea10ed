package sqlschema

import (
	"github.com/infradoc/infradoc/site/finding"
)

// applier replays one file's statements into a catalog.
type applier struct {
	c   *Catalog
	li  *finding.LineIndex
	src []byte // the file, which li indexes
	// path is the search_path: unqualified names are created in its first
	// schema and looked up along it.
	path []string
	// at is the position of the statement being applied.
	at  finding.Pos
	out []finding.Finding
	// calling holds the functions being run, so one that calls itself
	// runs once.
	calling map[*entry]bool
}

// Apply parses one migration file and applies its statements in order.
// search_path starts at "public" for each file (SET search_path changes it
// for the rest of the file). Findings: rule "migration-syntax" (error, at
// the parser's cursor; the statements before it are applied and the rest
// of the file is not, as when a server runs the file statement by
// statement) and rule "migration-dynamic" (info: a DO body, or a function
// a statement calls, runs an EXECUTE of a string, is in another language
// or does not parse as PL/pgSQL, so what it does is not verifiable
// statically).
func (c *Catalog) Apply(file string, src []byte) []finding.Finding {
	return c.ApplyFile(ParseFile(file, src))
}

// ApplyFile is Apply of a file already parsed.
func (c *Catalog) ApplyFile(f *File) []finding.Finding {
	a := &applier{c: c, li: f.li, src: f.src, path: []string{"public"}}
	stmts := f.stmts
	if f.syntax != nil {
		a.out = append(a.out, *f.syntax)
		stmts = parsedPrefix(f.src, f.errOff)
	}
	for i := range stmts {
		from, _ := stmts[i].span(f.src)
		a.at = a.li.Pos(from)
		if !a.stmt(&stmts[i].Stmt) {
			break
		}
	}
	return a.out
}

// stmt applies one statement; false stops the file (a DO body held a
// statement the parser rejects, which fails the migration).
func (a *applier) stmt(n *node) bool {
	switch {
	case n.VariableSetStmt != nil:
		a.setSearchPath(n.VariableSetStmt)
	case n.CreateSchemaStmt != nil:
		return a.createSchema(n.CreateSchemaStmt)
	case n.CreateStmt != nil:
		a.createTable(n.CreateStmt)
	case n.CreateForeignTableStmt != nil:
		a.createTable(&n.CreateForeignTableStmt.Base)
	case n.ViewStmt != nil:
		if s := n.ViewStmt; s.View.Relpersistence != "t" {
			a.c.add(Object{Kind: "view", Schema: a.schemaFor(s.View.Schemaname), Name: s.View.Relname, At: a.at}, "")
		}
	case n.CreateTableAsStmt != nil:
		if s := n.CreateTableAsStmt; s.Into.Rel.Relpersistence != "t" {
			kind := "table"
			if s.Objtype == "OBJECT_MATVIEW" {
				kind = "view"
			}
			schema := a.schemaFor(s.Into.Rel.Schemaname)
			if !(s.IfNotExists && a.c.relation(schema, s.Into.Rel.Relname) != nil) {
				// The query's columns and types are the server's to
				// work out: the table's are not known here.
				e := a.c.add(Object{Kind: kind, Schema: schema, Name: s.Into.Rel.Relname, At: a.at}, "")
				e.columnsUnknown = true
			}
		}
	case n.IndexStmt != nil:
		a.createIndex(n.IndexStmt)
	case n.CreateFunctionStmt != nil:
		a.createFunction(n.CreateFunctionStmt)
	case n.CreateTrigStmt != nil:
		a.createTrigger(n.CreateTrigStmt)
	case n.AlterTableStmt != nil:
		a.alterTable(n.AlterTableStmt)
	case n.RenameStmt != nil:
		a.rename(n.RenameStmt)
	case n.AlterObjectSchemaStmt != nil:
		a.setSchema(n.AlterObjectSchemaStmt)
	case n.DropStmt != nil:
		a.dropObjects(n.DropStmt)
	case n.DoStmt != nil:
		return a.do(n.DoStmt)
	case n.SelectStmt != nil:
		for _, t := range n.SelectStmt.TargetList {
			if t.ResTarget != nil && t.ResTarget.Val.FuncCall != nil {
				if !a.call(strs(t.ResTarget.Val.FuncCall.Funcname)) {
					return false
				}
			}
		}
	case n.CallStmt != nil:
		return a.call(strs(n.CallStmt.Funccall.Funcname))
	case n.CreateEnumStmt != nil:
		a.createType(strs(n.CreateEnumStmt.TypeName))
	case n.CreateRangeStmt != nil:
		a.createType(strs(n.CreateRangeStmt.TypeName))
	case n.CreateDomainStmt != nil:
		a.createType(strs(n.CreateDomainStmt.Domainname))
	case n.CompositeTypeStmt != nil:
		a.createType([]string{n.CompositeTypeStmt.Typevar.Schemaname, n.CompositeTypeStmt.Typevar.Relname})
	case n.DefineStmt != nil && n.DefineStmt.Kind == "OBJECT_TYPE":
		a.createType(strs(n.DefineStmt.Defnames))
	}
	return true
}

// createType records a user type, named by its (possibly qualified) name.
func (a *applier) createType(names []string) {
	if len(names) == 0 || names[len(names)-1] == "" {
		return
	}
	schema := ""
	if len(names) > 1 {
		schema = names[len(names)-2]
	}
	a.c.types[a.schemaFor(schema)+"\x00"+names[len(names)-1]] = true
}

// schemaFor returns the schema an object named with schema s is created in.
func (a *applier) schemaFor(s string) string {
	if s != "" {
		return s
	}
	return a.path[0]
}

// setSearchPath follows SET search_path: "$user" names a schema per role,
// which migrations do not create, so it is left out.
func (a *applier) setSearchPath(s *variableSetStmt) {
	if s.Name != "search_path" {
		return
	}
	path := []string{}
	if s.Kind == "VAR_SET_VALUE" {
		for _, arg := range s.Args {
			if arg.AConst != nil && arg.AConst.Sval != nil && arg.AConst.Sval.Sval != "$user" {
				path = append(path, arg.AConst.Sval.Sval)
			}
		}
	}
	if len(path) == 0 {
		path = []string{"public"}
	}
	a.path = path
}

func (a *applier) createSchema(s *createSchemaStmt) bool {
	name := s.Schemaname
	if name == "" && s.Authrole != nil {
		name = s.Authrole.Rolename
	}
	if name == "" {
		return true
	}
	if !(s.IfNotExists && a.c.get("schema", "", "", name) != nil) {
		a.c.add(Object{Kind: "schema", Schema: name, Name: name, At: a.at}, "")
	}
	// CREATE SCHEMA s CREATE TABLE t …: the elements are made in s.
	saved := a.path
	a.path = []string{name}
	defer func() { a.path = saved }()
	for i := range s.SchemaElts {
		if !a.stmt(&s.SchemaElts[i]) {
			return false
		}
	}
	return true
}
