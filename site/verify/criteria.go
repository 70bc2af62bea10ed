package verify

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/junit"
)

// ApplyTests fills each obligation's Tests and Computed.AllTestsPass from
// the JUnit files read, and adds to the report the findings of reading
// them and of the tests they show. With no JUnit files (res nil) nothing
// is proven about tests and the report is left as it is.
//
// Tests are counted by test function, as test_files counts declare them:
// the cases of a parametrized test_x[...] and the subtests of a Go TestX/sub
// run one function. A function failed when any of its cases failed or
// errored, was skipped when none failed and any was skipped; Executed is
// the functions with at least one case. all_tests_pass holds when every
// declared test file ran at least its declared count of functions and none
// failed or was skipped.
//
// Findings: a failed test is junit-failed, a skipped one junit-skipped:
// errors for a PROMOTED obligation (once promoted, its tests can never
// skip), otherwise a warning for a failure and an info for a skip. A test
// file whose executed functions differ from its declared count is
// junit-count, a warning.
func ApplyTests(rep *Report, s *site.Site, res *junit.Results) {
	if res == nil {
		return
	}
	rep.JUnit = slices.Clone(res.Files)
	findings := slices.Clone(res.Findings)
	matches := matchTests(s, res)
	for _, r := range rep.Obligations {
		o := obligationByID(s, r.ID)
		if o == nil {
			continue
		}
		tr, allRan, fs := testResult(s, o, matches)
		r.Tests = tr
		pass := len(o.TestFiles) > 0 && tr.Failed == 0 && tr.Skipped == 0 && allRan
		r.Computed.AllTestsPass = &pass
		findings = append(findings, fs...)
	}
	findings = append(findings, unmatched(res, matches)...)
	rep.Findings = finding.Sort(append(rep.Findings, configuredSeverities(s, findings)...))
}

// matchTests maps each test file any obligation declares (all of them,
// not only those verified) to the cases of res that run it, once for the
// obligations' results and junit-unmatched.
func matchTests(s *site.Site, res *junit.Results) map[string][]junit.Match {
	out := map[string][]junit.Match{}
	for _, o := range s.Obligations {
		for _, tf := range o.TestFiles {
			if tf == nil {
				continue
			}
			if _, done := out[tf.Path]; !done {
				out[tf.Path] = res.ForTestFile(s.Config.TestsRoot, tf.Path, s.Evidence.TestFile(tf.Path))
			}
		}
	}
	return out
}

// unmatched is one junit-unmatched finding (information) for each JUnit
// file with cases that run no test file any obligation declares, at its
// first such case: when the paths pytest or gotestsum wrote do not meet
// the test_files, no test is proven, and this says why.
func unmatched(res *junit.Results, matches map[string][]junit.Match) []finding.Finding {
	matched := map[finding.Pos]bool{}
	for _, ms := range matches {
		for _, m := range ms {
			matched[m.At] = true
		}
	}
	type count struct {
		first junit.Case
		n     int
	}
	byFile := map[string]*count{}
	var files []string
	total := map[string]int{}
	for _, c := range res.Cases {
		total[c.At.File]++
		if matched[c.At] {
			continue
		}
		if byFile[c.At.File] == nil {
			byFile[c.At.File] = &count{first: c}
			files = append(files, c.At.File)
		}
		byFile[c.At.File].n++
	}
	var fs []finding.Finding
	for _, f := range files {
		c := byFile[f]
		name := c.first.Name
		if c.first.File != "" {
			name = c.first.File + "::" + name
		} else if c.first.ClassName != "" {
			name = c.first.ClassName + "::" + name
		}
		fs = append(fs, finding.Finding{Pos: c.first.At, Severity: finding.Info, Rule: "junit-unmatched",
			Message: fmt.Sprintf("%d of the %d test cases of this file run no test file an obligation declares, the first %s: a case belongs to a test file by its file attribute, or by its classname read as a path (pytest) or package (go), relative to tests_root or the repository",
				c.n, total[f], name)})
	}
	return fs
}

// obligationByID is the loaded obligation id, nil when there is none.
func obligationByID(s *site.Site, id string) *site.Obligation {
	for _, o := range s.Obligations {
		if o.ID == id {
			return o
		}
	}
	return nil
}

// fnRun is what the cases of one test function say.
type fnRun struct {
	name            string
	failed, skipped []junit.Match
	cases           int
}

// functionsRun groups ms, the cases of one test file, by test function,
// in the order their first cases were read.
func functionsRun(ms []junit.Match) []*fnRun {
	var runs []*fnRun
	byName := map[string]*fnRun{}
	for _, m := range ms {
		fr := byName[m.Function]
		if fr == nil {
			fr = &fnRun{name: m.Function}
			byName[m.Function] = fr
			runs = append(runs, fr)
		}
		fr.cases++
		switch m.Result {
		case junit.Failed, junit.Errored:
			fr.failed = append(fr.failed, m)
		case junit.Skipped:
			fr.skipped = append(fr.skipped, m)
		}
	}
	for _, fr := range runs {
		// A Go test whose subtest failed fails too, with gotestsum's
		// message "Failed": the subtest's case says why.
		if slices.ContainsFunc(fr.failed, func(m junit.Match) bool { return strings.Contains(m.Name, "/") }) {
			fr.failed = slices.DeleteFunc(fr.failed, func(m junit.Match) bool { return !strings.Contains(m.Name, "/") })
		}
	}
	return runs
}

// testResult is what the JUnit files say of o's tests, whether each of
// its test files ran at least its declared count of test functions, and
// the findings.
func testResult(s *site.Site, o *site.Obligation, matches map[string][]junit.Match) (*TestResult, bool, []finding.Finding) {
	tr := &TestResult{Declared: o.TestCount(), Cases: []TestCase{}}
	allRan := true
	promoted := o.Status == site.StatusPromoted
	var fs []finding.Finding
	add := func(pos finding.Pos, sev finding.Severity, rule, format string, args ...any) {
		fs = append(fs, finding.Finding{Pos: pos, Severity: sev, Rule: rule, Subject: o.ID, Message: fmt.Sprintf(format, args...)})
	}
	for _, tf := range o.TestFiles {
		te := s.Evidence.TestFile(tf.Path)
		display := s.DisplayPath(path.Join(s.Config.TestsRoot, tf.Path))
		if te != nil && te.File != "" {
			display = te.File
		}
		ms := matches[tf.Path]
		runs := functionsRun(ms)
		for _, m := range ms {
			result := m.Result
			if result == junit.Errored {
				result = junit.Failed
			}
			tr.Cases = append(tr.Cases, TestCase{File: display, ClassName: m.ClassName, Name: m.Name, Result: result, Message: m.Message})
		}
		// where is the test function in its file, else the test_files entry.
		where := func(fn string) finding.Pos {
			if te != nil {
				for _, f := range te.Functions {
					if f.Name == fn {
						return f.Pos
					}
				}
			}
			return tf.Of("path")
		}
		for _, fr := range runs {
			tr.Executed++
			switch {
			case len(fr.failed) > 0:
				tr.Failed++
				sev := finding.Warning
				if promoted {
					sev = finding.Error
				}
				add(where(fr.name), sev, "junit-failed", "%s%s failed%s", subjectOf(o, promoted), fr.name, caseList(fr.failed, fr.cases))
			case len(fr.skipped) > 0:
				tr.Skipped++
				if promoted {
					add(where(fr.name), finding.Error, "junit-skipped", "%s%s was skipped%s; once promoted, its tests can never skip", subjectOf(o, promoted), fr.name, caseList(fr.skipped, fr.cases))
				} else {
					add(where(fr.name), finding.Info, "junit-skipped", "%s%s was skipped%s", subjectOf(o, promoted), fr.name, caseList(fr.skipped, fr.cases))
				}
			default:
				tr.Passed++
			}
		}
		allRan = allRan && len(runs) > 0 && len(runs) >= tf.Count
		if len(runs) != tf.Count {
			add(tf.Of("count"), finding.Warning, "junit-count", "%s declares %d test(s) in %s, but the JUnit files ran %d%s", o.ID, tf.Count, display, len(runs), notRun(te, runs))
		}
	}
	return tr, allRan, fs
}

// subjectOf starts a test finding's message: whose test it is.
func subjectOf(o *site.Obligation, promoted bool) string {
	if promoted {
		return o.ID + " is PROMOTED, but its test "
	}
	return o.ID + "'s test "
}

// caseList says which cases of a function of n cases the message is
// about: the first, where the JUnit file holds it and its message, and
// how many more.
func caseList(ms []junit.Match, n int) string {
	var b strings.Builder
	m := ms[0]
	if n > 1 || m.Name != m.Function {
		fmt.Fprintf(&b, " in %s", m.Name)
	}
	fmt.Fprintf(&b, " (%s)", m.At)
	if m.Message != "" {
		fmt.Fprintf(&b, ": %s", m.Message)
	}
	if len(ms) > 1 {
		fmt.Fprintf(&b, "; and %d more of its %d cases", len(ms)-1, n)
	}
	return b.String()
}

// notRun names the file's test functions that no case ran.
func notRun(te *site.TestFileEvidence, runs []*fnRun) string {
	if te == nil {
		return ""
	}
	var names []string
	for _, f := range te.Functions {
		if !slices.ContainsFunc(runs, func(r *fnRun) bool { return r.name == f.Name }) {
			names = append(names, fmt.Sprintf("%s (line %d)", f.Name, f.Pos.Line))
		}
	}
	if len(names) == 0 {
		return ""
	}
	return ": not run: " + strings.Join(names, ", ")
}

// Judge compares each obligation's computed criteria with the ones its
// YAML declares. A declared true that the evidence refutes is
// criteria-refuted, an error at the criterion in the YAML; a PARTIAL or
// UNFULFILLED obligation whose four criteria are all proven gets
// ready-to-promote, an info at its status.
func Judge(rep *Report, s *site.Site) []finding.Finding {
	var fs []finding.Finding
	for _, r := range rep.Obligations {
		o := obligationByID(s, r.ID)
		if o == nil {
			continue
		}
		for _, c := range o.PromotionCriteria.List {
			if v := r.Computed.Get(c.Name); c.Met && v != nil && !*v {
				fs = append(fs, finding.Finding{Pos: c.Pos, Severity: finding.Error, Rule: "criteria-refuted", Subject: o.ID,
					Message: fmt.Sprintf("%s declares %s: true, but verify refutes it: %s", o.ID, c.Name, Why(r, c.Name))})
			}
		}
		if (o.Status == site.StatusPartial || o.Status == site.StatusUnfulfilled) && r.Computed.Proven() {
			fs = append(fs, finding.Finding{Pos: o.Of("status"), Severity: finding.Info, Rule: "ready-to-promote", Subject: o.ID,
				Message: fmt.Sprintf("%s is %s, and verify proves all four criteria: ready to promote: run infradoc promote %s", o.ID, o.Status, o.ID)})
		}
	}
	return configuredSeverities(s, finding.Sort(fs))
}

// Why says why criterion name of r is false, or why it is not proven.
func Why(r *ObligationResult, name string) string {
	v := r.Computed.Get(name)
	if v != nil && *v {
		return "proven"
	}
	switch name {
	case "all_objects_exist", "no_schema_drift":
		if v == nil && name == "no_schema_drift" && len(r.Uncompared) > 0 {
			return "not proven: the migrations do not spell out the columns of " + strings.Join(r.Uncompared, ", ") +
				" (CREATE TABLE AS, or LIKE or INHERITS of a table they do not make), so the database's columns cannot be compared with them"
		}
		if v == nil {
			return "not proven: no database was checked (give --database-url URL or --migrate)"
		}
		verdict := Missing
		if name == "no_schema_drift" {
			verdict = Drifted
		}
		var names []string
		for _, ob := range r.Objects {
			if ob.Verdict == verdict {
				n := ob.Type + " " + ob.Name
				if ob.Detail != "" {
					n += " (" + ob.Detail + ")"
				}
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			return verdict + " in the database"
		}
		return verdict + " in the database: " + strings.Join(names, "; ")
	case "all_tests_pass":
		if v == nil {
			return "not proven: no test results were read (give --junit FILE, the JUnit XML of pytest --junitxml or gotestsum --junitfile)"
		}
		t := r.Tests
		if t == nil {
			return "no test results"
		}
		var parts []string
		var failed, skipped []string
		for _, c := range t.Cases {
			switch c.Result {
			case junit.Failed:
				failed = append(failed, c.Name)
			case junit.Skipped:
				skipped = append(skipped, c.Name)
			}
		}
		if len(failed) > 0 {
			parts = append(parts, "failed: "+strings.Join(failed, ", "))
		}
		if len(skipped) > 0 {
			parts = append(parts, "skipped: "+strings.Join(skipped, ", "))
		}
		if t.Executed < t.Declared || t.Executed == 0 {
			parts = append(parts, fmt.Sprintf("%d of the %d declared tests ran", t.Executed, t.Declared))
		}
		if len(parts) == 0 {
			return "a declared test file did not run all its tests"
		}
		return strings.Join(parts, "; ")
	case "migrations_exist":
		if v == nil {
			return "not proven: no database was checked"
		}
		return "the obligation's migration folder holds no SQL file, or one of its files failed to apply"
	}
	return "not a criterion verify computes"
}
