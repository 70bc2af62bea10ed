package site_test

import (
	"encoding/json"
	"testing"
)

// TestCounts checks the totals of the per-file-layout fixture by hand.
func TestCounts(t *testing.T) {
	var f *fixture
	for _, c := range loadFixtures(t) {
		if c.name == "ok/per-file-layout" {
			f = c
		}
	}
	if f == nil {
		t.Fatal("fixture ok/per-file-layout is missing")
	}
	s, _ := f.load(t)
	c := s.Counts()
	want := map[string]int{"items": 3, "obligations": 3, "required_objects": 11, "tests_declared": 2, "tests_found": 2}
	got := map[string]int{"items": c.Items, "obligations": c.Obligations, "required_objects": c.RequiredObjects, "tests_declared": c.TestsDeclared, "tests_found": c.TestsFound}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %d, want %d", k, got[k], v)
		}
	}
	for k, v := range map[string]int{"A": 1, "B": 1, "C": 1} {
		if c.ItemsPerState[k] != v {
			t.Errorf("items in state %s = %d, want %d", k, c.ItemsPerState[k], v)
		}
	}
	for k, v := range map[string]int{"PROMOTED": 1, "UNFULFILLED": 1, "DEPRECATED": 1, "PARTIAL": 0} {
		if n, ok := c.ObligationsPerStatus[k]; !ok || n != v {
			t.Errorf("obligations %s = %d (present %v), want %d", k, n, ok, v)
		}
	}
	if c.ItemsPerLayer["L1"] != 0 || c.ItemsPerLayer["L6"] != 2 || len(c.ItemsPerLayer) != 8 {
		t.Errorf("items per layer = %v", c.ItemsPerLayer)
	}
	if c.ItemsPerBucket["B2"] != 1 || c.ItemsPerBucket["B1"] != 0 {
		t.Errorf("items per bucket = %v", c.ItemsPerBucket)
	}

	// Criteria export as an object in the order written.
	var aud []byte
	for _, o := range s.Obligations {
		if o.ID == "AUD-1" {
			var err error
			if aud, err = json.Marshal(o.PromotionCriteria); err != nil {
				t.Fatal(err)
			}
		}
	}
	if want := `{"all_objects_exist":true,"all_tests_pass":true,"no_schema_drift":true}`; string(aud) != want {
		t.Errorf("criteria JSON = %s, want %s", aud, want)
	}
}
