package site_test

import (
	"testing"

	"github.com/infradoc/infradoc/site"
)

func TestQualifiedName(t *testing.T) {
	for _, c := range []struct {
		r    site.Requirement
		def  string
		want string
	}{
		{site.Requirement{Type: "table", Name: "event_log"}, "audit", "audit.event_log"},
		{site.Requirement{Type: "table", Name: "event_log", Schema: " billing "}, "audit", "billing.event_log"},
		{site.Requirement{Type: "table", Name: `"My.Table"`}, "", `public."My.Table"`},
		{site.Requirement{Type: "function", Name: "f(numeric(10.2))"}, "audit", "audit.f(numeric(10.2))"},
		{site.Requirement{Type: "column", Name: "event_log.id"}, "audit", "audit.event_log.id"},
		{site.Requirement{Type: "column", Name: "x.event_log.id"}, "audit", "x.event_log.id"},
		{site.Requirement{Type: "schema", Name: "audit"}, "other", "audit"},
		{site.Requirement{Type: "trigger", Name: "trg"}, "audit", "trg"},
		{site.Requirement{Type: "constraint", Name: "c", Schema: "s"}, "audit", "s.c"},
	} {
		if got := c.r.QualifiedName(c.def); got != c.want {
			t.Errorf("%+v: QualifiedName(%q) = %q, want %q", c.r, c.def, got, c.want)
		}
	}
}
