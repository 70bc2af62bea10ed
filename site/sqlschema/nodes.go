package sqlschema

import (
	"cmp"
	"encoding/json"
)

// The shapes below are the parts of libpg_query's JSON parse tree this
// package reads; encoding/json skips every other field.

// parseResult is what parser.ParseToJSON returns.
type parseResult struct {
	Stmts []rawStmt `json:"stmts"`
}

// rawStmt is one top-level statement: Location and Len are byte offsets
// into the input; Location starts right after the previous statement's
// semicolon (comments and blanks included) and a Len of 0 means "to the
// end of the input".
type rawStmt struct {
	Stmt     node `json:"stmt"`
	Location int  `json:"stmt_location"`
	Len      int  `json:"stmt_len"`
}

// node is a statement node of the parse tree: one of its fields is set,
// named after the node's type; statements of other types (SELECT, INSERT,
// GRANT …) leave them all nil and are skipped while decoding.
type node struct {
	VariableSetStmt        *variableSetStmt        `json:"VariableSetStmt"`
	CreateSchemaStmt       *createSchemaStmt       `json:"CreateSchemaStmt"`
	CreateStmt             *createStmt             `json:"CreateStmt"`
	CreateForeignTableStmt *createForeignTableStmt `json:"CreateForeignTableStmt"`
	ViewStmt               *viewStmt               `json:"ViewStmt"`
	CreateTableAsStmt      *createTableAsStmt      `json:"CreateTableAsStmt"`
	IndexStmt              *indexStmt              `json:"IndexStmt"`
	CreateFunctionStmt     *createFunctionStmt     `json:"CreateFunctionStmt"`
	CreateTrigStmt         *createTrigStmt         `json:"CreateTrigStmt"`
	AlterTableStmt         *alterTableStmt         `json:"AlterTableStmt"`
	RenameStmt             *renameStmt             `json:"RenameStmt"`
	AlterObjectSchemaStmt  *alterObjectSchemaStmt  `json:"AlterObjectSchemaStmt"`
	DropStmt               *dropStmt               `json:"DropStmt"`
	DoStmt                 *doStmt                 `json:"DoStmt"`
	SelectStmt             *selectStmt             `json:"SelectStmt"`
	CallStmt               *struct {
		Funccall funcCall `json:"funccall"`
	} `json:"CallStmt"`
	// BEGIN, COMMIT, SAVEPOINT …: kind is TRANS_STMT_BEGIN and so on.
	TransactionStmt *struct {
		Kind string `json:"kind"`
	} `json:"TransactionStmt"`
	// User types: only their names are kept.
	CreateEnumStmt *struct {
		TypeName []str `json:"typeName"`
	} `json:"CreateEnumStmt"`
	CreateRangeStmt *struct {
		TypeName []str `json:"typeName"`
	} `json:"CreateRangeStmt"`
	CreateDomainStmt *struct {
		Domainname []str `json:"domainname"`
	} `json:"CreateDomainStmt"`
	CompositeTypeStmt *struct {
		Typevar rangeVar `json:"typevar"`
	} `json:"CompositeTypeStmt"`
	DefineStmt *struct {
		Kind     string `json:"kind"`
		Defnames []str  `json:"defnames"`
	} `json:"DefineStmt"`
	// Statements PostgreSQL runs only outside a transaction block (see
	// outsideTransaction); only that is read of them.
	ReindexStmt *struct {
		Kind   string `json:"kind"`
		Params []struct {
			DefElem *struct {
				Defname string `json:"defname"`
			} `json:"DefElem"`
		} `json:"params"`
	} `json:"ReindexStmt"`
	VacuumStmt *struct {
		IsVacuumcmd bool `json:"is_vacuumcmd"`
	} `json:"VacuumStmt"`
	ClusterStmt *struct {
		Relation *rangeVar `json:"relation"`
	} `json:"ClusterStmt"`
	CreatedbStmt         *struct{} `json:"CreatedbStmt"`
	DropdbStmt           *struct{} `json:"DropdbStmt"`
	AlterSystemStmt      *struct{} `json:"AlterSystemStmt"`
	CreateTableSpaceStmt *struct{} `json:"CreateTableSpaceStmt"`
	DropTableSpaceStmt   *struct{} `json:"DropTableSpaceStmt"`
}

// outsideTransaction reports whether PostgreSQL refuses to run the
// statement inside a transaction block ("… cannot run inside a
// transaction block"): CREATE and DROP INDEX CONCURRENTLY, REINDEX
// CONCURRENTLY and of a whole system or database, VACUUM (ANALYZE alone
// can), CLUSTER of every table, CREATE and DROP DATABASE and TABLESPACE
// and ALTER SYSTEM. TestOutsideTransactionOnPostgreSQL holds the list to
// what PostgreSQL refuses.
func (n node) outsideTransaction() bool {
	switch {
	case n.IndexStmt != nil:
		return n.IndexStmt.Concurrent
	case n.DropStmt != nil:
		return n.DropStmt.Concurrent
	case n.ReindexStmt != nil:
		if n.ReindexStmt.Kind == "REINDEX_OBJECT_SYSTEM" || n.ReindexStmt.Kind == "REINDEX_OBJECT_DATABASE" {
			return true
		}
		for _, p := range n.ReindexStmt.Params {
			if p.DefElem != nil && p.DefElem.Defname == "concurrently" {
				return true
			}
		}
		return false
	case n.VacuumStmt != nil:
		return n.VacuumStmt.IsVacuumcmd
	case n.ClusterStmt != nil:
		return n.ClusterStmt.Relation == nil
	}
	return n.CreatedbStmt != nil || n.DropdbStmt != nil || n.AlterSystemStmt != nil ||
		n.CreateTableSpaceStmt != nil || n.DropTableSpaceStmt != nil
}

type createForeignTableStmt struct {
	Base createStmt `json:"base"`
}

// str is a String node; an empty value stands for none (names are never
// empty). A value, not a pointer: names are most of a parse tree's nodes.
type str struct {
	String struct {
		Sval string `json:"sval"`
	} `json:"String"`
}

// strs returns the values of a list of String nodes.
func strs(l []str) []string {
	out := make([]string, 0, len(l))
	for _, s := range l {
		if s.String.Sval != "" {
			out = append(out, s.String.Sval)
		}
	}
	return out
}

// list is a List node of String nodes (a qualified name).
type list struct {
	List *struct {
		Items []str `json:"items"`
	} `json:"List"`
	str
	ObjectWithArgs *objectWithArgs `json:"ObjectWithArgs"`
	TypeName       *typeName       `json:"TypeName"`
}

type objectWithArgs struct {
	Objname         []str      `json:"objname"`
	Objargs         []typeNode `json:"objargs"`
	ArgsUnspecified bool       `json:"args_unspecified"`
}

type rangeVar struct {
	Schemaname string `json:"schemaname"`
	Relname    string `json:"relname"`
	// Relpersistence is "t" for a temporary table.
	Relpersistence string `json:"relpersistence"`
	// Inh is false for ONLY t: the statement leaves t's partitions and
	// children alone.
	Inh bool `json:"inh"`
}

type typeNode struct {
	TypeName *typeName `json:"TypeName"`
}

type typeName struct {
	Names       []str      `json:"names"`
	Typmods     []typmod   `json:"typmods"`
	ArrayBounds []struct{} `json:"arrayBounds"`
	PctType     bool       `json:"pct_type"`
	Setof       bool       `json:"setof"`
}

// typmod is one type modifier: an integer constant in practice.
type typmod struct {
	AConst *struct {
		Ival *struct {
			Ival int `json:"ival"`
		} `json:"ival"`
		Sval *struct {
			Sval string `json:"sval"`
		} `json:"sval"`
	} `json:"A_Const"`
	ColumnRef *struct {
		Fields []str `json:"fields"`
	} `json:"ColumnRef"`
}

type columnDef struct {
	Colname     string           `json:"colname"`
	TypeName    *typeName        `json:"typeName"`
	Constraints []constraintNode `json:"constraints"`
}

type constraintNode struct {
	Constraint *constraint `json:"Constraint"`
}

type constraint struct {
	Contype string `json:"contype"`
	Conname string `json:"conname"`
	Keys    []str  `json:"keys"`
	// Including are INCLUDE\'s columns of a key: they name its index too.
	Including []str `json:"including"`
	FkAttrs   []str `json:"fk_attrs"`
	// Exclusions are an EXCLUDE constraint's (element, operators) pairs.
	Exclusions []struct {
		List struct {
			Items []struct {
				IndexElem *indexElem `json:"IndexElem"`
			} `json:"items"`
		} `json:"List"`
	} `json:"exclusions"`
	RawExpr   json.RawMessage `json:"raw_expr"`
	Indexname string          `json:"indexname"`
	// IsNoInherit marks CHECK … NO INHERIT: children do not get it.
	IsNoInherit bool `json:"is_no_inherit"`
}

// tableElt is a CREATE TABLE element: a column, a table constraint or LIKE.
type tableElt struct {
	ColumnDef       *columnDef       `json:"ColumnDef"`
	Constraint      *constraint      `json:"Constraint"`
	TableLikeClause *tableLikeClause `json:"TableLikeClause"`
}

// tableLikeClause is LIKE source [INCLUDING …]; Options is a bit set.
type tableLikeClause struct {
	Relation rangeVar `json:"relation"`
	Options  int      `json:"options"`
}

// LIKE's options that bring objects along (PostgreSQL's TableLikeOption).
const (
	likeConstraints = 1 << 2
	likeIndexes     = 1 << 6
)

type createStmt struct {
	Relation     rangeVar   `json:"relation"`
	TableElts    []tableElt `json:"tableElts"`
	InhRelations []struct {
		RangeVar *rangeVar `json:"RangeVar"`
	} `json:"inhRelations"`
	// Partbound is set for a partition (PARTITION OF); its content
	// does not matter here.
	Partbound   *struct{} `json:"partbound"`
	IfNotExists bool      `json:"if_not_exists"`
}

type createSchemaStmt struct {
	Schemaname string `json:"schemaname"`
	Authrole   *struct {
		Rolename string `json:"rolename"`
	} `json:"authrole"`
	SchemaElts  []node `json:"schemaElts"`
	IfNotExists bool   `json:"if_not_exists"`
}

type viewStmt struct {
	View    rangeVar `json:"view"`
	Replace bool     `json:"replace"`
}

type createTableAsStmt struct {
	Into struct {
		Rel rangeVar `json:"rel"`
	} `json:"into"`
	Objtype     string `json:"objtype"`
	IfNotExists bool   `json:"if_not_exists"`
}

type indexStmt struct {
	Idxname     string   `json:"idxname"`
	Relation    rangeVar `json:"relation"`
	IndexParams []struct {
		IndexElem *indexElem `json:"IndexElem"`
	} `json:"indexParams"`
	// IndexIncludingParams are INCLUDE's columns: they name the index too.
	IndexIncludingParams []struct {
		IndexElem *indexElem `json:"IndexElem"`
	} `json:"indexIncludingParams"`
	Unique      bool `json:"unique"`
	Primary     bool `json:"primary"`
	IfNotExists bool `json:"if_not_exists"`
	Concurrent  bool `json:"concurrent"`
}

// indexElem is a column of an index; Name is empty for an expression.
type indexElem struct {
	Name         string `json:"name"`
	Indexcolname string `json:"indexcolname"`
}

// column returns the name PostgreSQL gives the index column in generated
// names: the column's, or "expr" for an expression.
func (ie *indexElem) column() string {
	return cmp.Or(ie.Indexcolname, ie.Name, "expr")
}

type functionParameter struct {
	FunctionParameter *struct {
		ArgType *typeName `json:"argType"`
		Mode    string    `json:"mode"`
	} `json:"FunctionParameter"`
}

type createFunctionStmt struct {
	IsProcedure bool                `json:"is_procedure"`
	Replace     bool                `json:"replace"`
	Funcname    []str               `json:"funcname"`
	Parameters  []functionParameter `json:"parameters"`
	// Options hold LANGUAGE and AS (the body, one string; a C
	// function's is two).
	Options []struct {
		DefElem *struct {
			Defname string `json:"defname"`
			Arg     list   `json:"arg"`
		} `json:"DefElem"`
	} `json:"options"`
}

// funcCall is a call of a function: only its name is read.
type funcCall struct {
	Funcname []str `json:"funcname"`
}

// selectStmt is a SELECT: the functions its select list calls run during
// the migration (SELECT create_partitions()).
type selectStmt struct {
	TargetList []struct {
		ResTarget *struct {
			Val struct {
				FuncCall *funcCall `json:"FuncCall"`
			} `json:"val"`
		} `json:"ResTarget"`
	} `json:"targetList"`
}

type createTrigStmt struct {
	Replace      bool     `json:"replace"`
	Isconstraint bool     `json:"isconstraint"`
	Trigname     string   `json:"trigname"`
	Relation     rangeVar `json:"relation"`
}

type alterTableStmt struct {
	Relation  rangeVar `json:"relation"`
	Objtype   string   `json:"objtype"`
	MissingOk bool     `json:"missing_ok"`
	Cmds      []struct {
		AlterTableCmd *alterTableCmd `json:"AlterTableCmd"`
	} `json:"cmds"`
}

type alterTableCmd struct {
	Subtype string `json:"subtype"`
	Name    string `json:"name"`
	Def     struct {
		ColumnDef    *columnDef  `json:"ColumnDef"`
		Constraint   *constraint `json:"Constraint"`
		PartitionCmd *struct {
			Name rangeVar `json:"name"`
		} `json:"PartitionCmd"`
	} `json:"def"`
	MissingOk bool `json:"missing_ok"`
}

type renameStmt struct {
	RenameType string    `json:"renameType"`
	Relation   *rangeVar `json:"relation"`
	Object     *list     `json:"object"`
	Subname    string    `json:"subname"`
	Newname    string    `json:"newname"`
	MissingOk  bool      `json:"missing_ok"`
}

type alterObjectSchemaStmt struct {
	ObjectType string    `json:"objectType"`
	Relation   *rangeVar `json:"relation"`
	Object     *list     `json:"object"`
	Newschema  string    `json:"newschema"`
}

type dropStmt struct {
	Objects    []list `json:"objects"`
	RemoveType string `json:"removeType"`
	Concurrent bool   `json:"concurrent"`
}

type doStmt struct {
	Args []struct {
		DefElem *struct {
			Defname     string `json:"defname"`
			Arg         str    `json:"arg"`
			ArgLocation int    `json:"arg_location"`
		} `json:"DefElem"`
	} `json:"args"`
}

type variableSetStmt struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
	Args []struct {
		AConst *struct {
			Sval *struct {
				Sval string `json:"sval"`
			} `json:"sval"`
		} `json:"A_Const"`
	} `json:"args"`
}
