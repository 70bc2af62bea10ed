package rules

import (
	"fmt"
	"strings"

	"github.com/infradoc/infradoc/site"
)

var ruleTestCount = &Rule{ID: "test-count", Severity: site.SeverityError, Summary: "a test file's declared count equals the test functions it holds (pytest test*/Test* classes, go TestXxx)", Check: checkTestCounts}

func checkTestCounts(s *site.Site, out *findings) {
	testFilesOf(s, func(o *site.Obligation, tf *site.TestFile, te *site.TestFileEvidence) {
		switch {
		case !te.Exists:
		case te.Problem != "":
			out.AddAbout(o.ID, tf.Of("count"), "test-count", "%s declares %d test(s) in %s, which cannot be counted: %s", o.ID, tf.Count, te.File, te.Problem)
		case len(te.Functions) != tf.Count:
			out.AddAbout(o.ID, tf.Of("count"), "test-count", "%s declares %d test(s) in %s, but the file holds %d%s", o.ID, tf.Count, te.File, len(te.Functions), listFunctions(te.Functions))
		}
	})
}

// listFunctions says where the test functions are: ": test_a (line 5), …".
func listFunctions(fns []site.TestFunction) string {
	if len(fns) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(": ")
	for i, fn := range fns {
		if i == maxListed {
			fmt.Fprintf(&b, ", and %d more", len(fns)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (line %d)", fn.Name, fn.Pos.Line)
	}
	return b.String()
}
