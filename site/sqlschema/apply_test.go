package sqlschema

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// listing formats a catalog's live objects as "line kind qualified type".
func listing(c *Catalog) []string {
	var out []string
	for _, o := range c.Objects() {
		out = append(out, strings.TrimSpace(fmt.Sprintf("%d %s %s %s", o.At.Line, o.Kind, o.Qualified(), o.Type)))
	}
	return out
}

func TestApplyCreateTable(t *testing.T) {
	c := NewCatalog()
	fs := c.Apply("m.sql", []byte(`CREATE SCHEMA IF NOT EXISTS "Billing";
create table if not exists "Billing"."My.Table" (
  "Id" int primary key,
  amount numeric(10,2),
  at timestamptz,
  tags varchar(20)[]
);
SET search_path TO "$user", accounts;
CREATE TABLE users (id bigserial);
`))
	if len(fs) != 0 {
		t.Errorf("findings: %v", fs)
	}
	want := []string{
		"1 schema Billing",
		"2 table Billing.My.Table",
		"2 column Billing.My.Table.Id integer",
		"2 column Billing.My.Table.amount numeric(10,2)",
		"2 column Billing.My.Table.at timestamp with time zone",
		"2 column Billing.My.Table.tags character varying(20)[]",
		"9 table accounts.users",
		"9 column accounts.users.id bigint",
	}
	if got := listing(c); !slices.Equal(got, want) {
		t.Errorf("objects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
