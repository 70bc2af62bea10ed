package verification

import "testing"

// Objects are found as requirements name them, case aside, and by type.
func TestObligationResultObject(t *testing.T) {
	o := &ObligationResult{Objects: []*ObjectResult{
		nil,
		{Type: "table", Name: "audit.event_log", Verdict: Exists},
		{Type: "index", Name: "audit.event_log", Verdict: Missing},
	}}
	if got := o.Object("TABLE", "Audit.Event_Log"); got == nil || got.Verdict != Exists {
		t.Errorf("table: got %+v", got)
	}
	if got := o.Object("index", "audit.event_log"); got == nil || got.Verdict != Missing {
		t.Errorf("index: got %+v", got)
	}
	if got := o.Object("view", "audit.event_log"); got != nil {
		t.Errorf("view: got %+v, want none", got)
	}
	var none *ObligationResult
	if none.Object("table", "x") != nil {
		t.Error("a nil obligation has an object")
	}
	var v *Report
	if v.Obligation("OB-1") != nil {
		t.Error("a nil report has an obligation")
	}
}

// Index makes Obligation a map lookup; the first result of an id wins, and
// an index changes no answer.
func TestReportIndex(t *testing.T) {
	first, second := &ObligationResult{ID: "OB-1", Status: "PROMOTED"}, &ObligationResult{ID: "OB-1"}
	r := &Report{Obligations: []*ObligationResult{nil, first, second, {ID: "OB-2"}}}
	before := []*ObligationResult{r.Obligation("OB-1"), r.Obligation("OB-2"), r.Obligation("OB-3")}
	r.Index()
	after := []*ObligationResult{r.Obligation("OB-1"), r.Obligation("OB-2"), r.Obligation("OB-3")}
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("lookup %d: %p before Index, %p after", i, before[i], after[i])
		}
	}
	if after[0] != first || after[2] != nil {
		t.Errorf("OB-1 gives %+v, OB-3 gives %+v", after[0], after[2])
	}
}

// Proven holds only when all four criteria are proven true.
func TestCriteriaProven(t *testing.T) {
	yes, no := true, false
	all := Criteria{&yes, &yes, &yes, &yes}
	if !all.Proven() {
		t.Error("four true criteria are not proven")
	}
	for i := range CriterionNames {
		c := all
		*[]**bool{&c.AllObjectsExist, &c.AllTestsPass, &c.NoSchemaDrift, &c.MigrationsExist}[i] = nil
		if c.Proven() {
			t.Errorf("proven with %s unknown", CriterionNames[i])
		}
		if c.Get(CriterionNames[i]) != nil {
			t.Errorf("Get(%s) is not the field List puts at %d", CriterionNames[i], i)
		}
		*[]**bool{&c.AllObjectsExist, &c.AllTestsPass, &c.NoSchemaDrift, &c.MigrationsExist}[i] = &no
		if c.Proven() {
			t.Errorf("proven with %s false", CriterionNames[i])
		}
		if c.List()[i] != &no {
			t.Errorf("List()[%d] is not %s", i, CriterionNames[i])
		}
	}
}
