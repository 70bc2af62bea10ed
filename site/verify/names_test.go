package verify

import (
	"context"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
)

// TestLookupNames: the ways a requirement may name an object, looked up
// in the catalog of acme's migrated database: schema-qualified or not,
// quoted parts keeping their case and unquoted ones folded, a trigger or
// constraint by bare name, table.name, schema.name or schema.table.name,
// a function with or without an argument list.
func TestLookupNames(t *testing.T) {
	s := loadSite(t, "testdata/verify/acme")
	conn := connect(t, migrateAcme(t, s))
	for _, c := range []struct {
		kind, name, schema, def string
		want                    string // "" for none
	}{
		{"schema", "audit", "", "", "audit"},
		{"schema", "AUDIT", "", "", "audit"},
		{"schema", `"AUDIT"`, "", "", ""},
		{"table", "event_log", "", "audit", "audit.event_log"},
		{"table", "event_log", "audit", "public", "audit.event_log"},
		{"table", "Audit.Event_Log", "", "", "audit.event_log"},
		{"table", `billing."InvoiceLedger"`, "", "", "billing.InvoiceLedger"},
		{"table", `"billing"."InvoiceLedger"`, "", "", "billing.InvoiceLedger"},
		{"table", "billing.InvoiceLedger", "", "", ""},
		{"table", "audit.recent_events", "", "", ""}, // a view, not a table
		{"view", "audit.recent_events", "", "", "audit.recent_events"},
		{"index", "audit.idx_event_log_tenant", "", "", "audit.idx_event_log_tenant"},
		{"index", "public.idx_event_log_tenant", "", "", ""},
		{"column", `billing."InvoiceLedger"."PostedAt"`, "", "", "billing.InvoiceLedger.PostedAt"},
		{"column", `billing."InvoiceLedger".postedat`, "", "", ""},
		{"column", "session.expires_at", "", "sessions", "sessions.session.expires_at"},
		{"column", "event_log.id", "", "public", ""},
		{"function", "audit.reject_mutation", "", "", "audit.reject_mutation()"},
		{"function", "audit.reject_mutation()", "", "", "audit.reject_mutation()"},
		{"function", "audit.reject_mutation(integer, text)", "", "", "audit.reject_mutation()"},
		{"function", "public.reject_mutation", "", "", ""},
		{"trigger", "trg_event_log_no_update", "", "", "audit.event_log.trg_event_log_no_update"},
		{"trigger", "audit.trg_event_log_no_update", "", "", "audit.event_log.trg_event_log_no_update"},
		{"trigger", "event_log.trg_event_log_no_update", "", "", "audit.event_log.trg_event_log_no_update"},
		{"trigger", "audit.event_log.trg_event_log_no_update", "", "", "audit.event_log.trg_event_log_no_update"},
		{"trigger", "sessions.trg_event_log_no_update", "", "", ""},
		{"constraint", "session_expiry_after_start", "", "", "sessions.session.session_expiry_after_start"},
		{"constraint", "session_expiry_after_start", "sessions", "", "sessions.session.session_expiry_after_start"},
		{"constraint", "session_expiry_after_start", "audit", "", ""},
		{"constraint", "session.session_expiry_after_start", "", "", "sessions.session.session_expiry_after_start"},
	} {
		r := &site.Requirement{Type: c.kind, Name: c.name, Schema: c.schema}
		found, err := lookup(context.Background(), conn, targetOf(r, c.def))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(found, ", "); got != c.want {
			t.Errorf("%s %s (schema %q, default %q) found %q, want %q", c.kind, c.name, c.schema, c.def, got, c.want)
		}
	}
}

func TestRedact(t *testing.T) {
	for _, c := range []struct{ s, url, want string }{
		{"postgres://app:s3cret@db.example:5432/prod?sslmode=require", "postgres://app:s3cret@db.example:5432/prod?sslmode=require", "postgres://app@db.example:5432/prod?sslmode=require"},
		{"postgresql://app@db/prod?password=s3cret&sslmode=disable", "postgresql://app@db/prod?password=s3cret&sslmode=disable", "postgresql://app@db/prod?sslmode=disable"},
		{"host=db user=app password='s3 cret' dbname=prod", "host=db user=app password='s3 cret' dbname=prod", "host=db user=app dbname=prod"},
		{"failed to connect: password s3cret rejected", "postgres://app:s3cret@db/prod", "failed to connect: password xxxxx rejected"},
		{"postgres://app@db/prod", "postgres://app@db/prod", "postgres://app@db/prod"},
	} {
		if got := Redact(c.s, c.url); got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.s, got, c.want)
		}
	}
}
