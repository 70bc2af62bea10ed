package site

import (
	"fmt"
	"strings"
)

// ValueName describes one count a doc's inline value or a summaries:
// pattern of infradoc.yaml can name.
type ValueName struct {
	Name    string `json:"name"`
	Summary string `json:"summary"`
}

// ValueNames lists every count name, in a stable order.
func ValueNames() []ValueName {
	out := []ValueName{
		{"registry.items.total", "number of infra items"},
	}
	for _, st := range []string{"A", "B", "C"} {
		out = append(out, ValueName{"registry.state." + st, "number of items in state " + st})
	}
	for _, fm := range []string{"FAIL", "Skip", "XFail"} {
		out = append(out, ValueName{"registry.failure_mode." + fm, "number of items whose failure mode is " + fm})
	}
	for _, b := range []string{"B1", "B2"} {
		out = append(out, ValueName{"buckets." + b, "number of items in bucket " + b})
	}
	out = append(out, ValueName{"obligations.total", "number of obligations"})
	for _, st := range Statuses {
		out = append(out, ValueName{"obligations.status." + st, "number of " + st + " obligations"})
	}
	out = append(out,
		ValueName{"obligations.tests.total", "tests declared by all obligations (sum of test_files counts)"},
		ValueName{"obligations.tests.found", "test functions found in the obligations' test files"},
		ValueName{"obligations.tests.promoted", "tests declared by PROMOTED obligations"},
		ValueName{"obligations.tests.pending", "tests declared by UNFULFILLED and PARTIAL obligations"},
	)
	return out
}

// IsValueName reports whether name is one of ValueNames.
func IsValueName(name string) bool {
	for _, v := range ValueNames() {
		if v.Name == name {
			return true
		}
	}
	return false
}

// Count returns the count value name (see ValueNames) stands for.
func (s *Site) Count(name string) (int, error) {
	items := s.Registry.Items
	count := func(keep func(*Item) bool) int {
		n := 0
		for _, it := range items {
			if keep(it) {
				n++
			}
		}
		return n
	}
	tests := func(keep func(*Obligation) bool) int {
		n := 0
		for _, o := range s.Obligations {
			if keep(o) {
				n += o.TestCount()
			}
		}
		return n
	}
	if st, ok := strings.CutPrefix(name, "registry.state."); ok {
		return count(func(it *Item) bool { return it.State == st }), nil
	}
	if fm, ok := strings.CutPrefix(name, "registry.failure_mode."); ok {
		return count(func(it *Item) bool { return it.FailureMode == fm }), nil
	}
	if bk, ok := strings.CutPrefix(name, "buckets."); ok {
		return count(func(it *Item) bool { return it.Bucket != nil && it.Bucket.ID == bk }), nil
	}
	if st, ok := strings.CutPrefix(name, "obligations.status."); ok {
		n := 0
		for _, o := range s.Obligations {
			if o.Status == st {
				n++
			}
		}
		return n, nil
	}
	switch name {
	case "registry.items.total":
		return len(items), nil
	case "obligations.total":
		return len(s.Obligations), nil
	case "obligations.tests.total":
		return tests(func(*Obligation) bool { return true }), nil
	case "obligations.tests.promoted":
		return tests(func(o *Obligation) bool { return o.Status == StatusPromoted }), nil
	case "obligations.tests.pending":
		return tests(func(o *Obligation) bool {
			return o.Status == StatusUnfulfilled || o.Status == StatusPartial
		}), nil
	case "obligations.tests.found":
		n := 0
		if s.Evidence != nil {
			for _, e := range s.Evidence.Obligations {
				n += e.TestsFound
			}
		}
		return n, nil
	}
	return 0, fmt.Errorf("unknown value %q", name)
}
