package promote

import (
	"github.com/infradoc/infradoc/site/verify"
)

// Unproven lists the criteria of r that verify did not prove true, each
// with why: what the database, the migrations or the JUnit files refute,
// or which evidence was not given ("all_tests_pass: not proven: no test
// results were read (give --junit FILE …)"). Empty when all four are
// proven and the obligation may be promoted.
func Unproven(r *verify.ObligationResult) []string {
	var out []string
	for _, name := range verify.CriterionNames {
		if v := r.Computed.Get(name); v == nil || !*v {
			out = append(out, name+": "+verify.Why(r, name))
		}
	}
	return out
}
