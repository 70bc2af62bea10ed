package site

import (
	"fmt"
	"github.com/infradoc/infradoc/site/yamlstrict"
	"strings"
)

func init() {
	for _, r := range []Rule{
		{ID: "evidence-pattern", Severity: SeverityError,
			Summary: "evidence patterns in infradoc.yaml are valid regular expressions; requires_infra patterns have exactly one capture group"},
		{ID: "evidence-root", Severity: SeverityError,
			Summary: "the tests_root and migrations_root infradoc.yaml names are folders that exist", check: checkEvidenceRoots},
		{ID: "test-file-missing", Severity: SeverityError,
			Summary: "every test file a PROMOTED obligation names exists under the tests root", check: checkTestFilesExist},
		{ID: "test-count", Severity: SeverityError,
			Summary: "a test file's declared count equals the test functions it holds (pytest test*/Test* classes, go TestXxx)", check: checkTestCounts},
		{ID: "migration-missing", Severity: SeverityError,
			Summary: "a PROMOTED obligation's migration folder exists and holds migrations", check: checkMigrationFolders},
		{ID: "object-missing", Severity: SeverityError,
			Summary: "every object a PROMOTED obligation requires is created by a migration in its folder", check: checkObjectsPromoted},
		{ID: "object-missing-partial", Severity: SeverityWarning,
			Summary: "objects a PARTIAL obligation requires that its migrations do not create yet (a reminder, not an error)", check: checkObjectsPartial},
		{ID: "R1-undeclared-infra", Severity: SeverityError,
			Summary: "requires_infra(\"X\") in a test names an item (or alias) of the registry", check: checkInfraDeclared},
		{ID: "R4-skip-state-c", Severity: SeverityError,
			Summary: "a test that requires a state-C item never skips: state C must fail, not skip", check: checkSkipStateC},
		{ID: "promoted-skip", Severity: SeverityError,
			Summary: "the tests of a PROMOTED obligation never skip (once promoted, failures are blocking)", check: checkPromotedSkips},
	} {
		register(r)
	}
}

func checkEvidenceRoots(s *Site, out *findings) {
	for _, key := range []string{"tests_root", "migrations_root"} {
		if !s.Config.Has(key) {
			continue
		}
		dir := s.Config.TestsRoot
		if key == "migrations_root" {
			dir = s.Config.MigrationsRoot
		}
		info, err := statFS(s.FS, cleanFSPath(dir))
		switch {
		case err != nil:
			out.Add(s.Config.Of(key), "evidence-root", "%s %s does not exist", key, s.DisplayPath(dir))
		case !info.IsDir():
			out.Add(s.Config.Of(key), "evidence-root", "%s %s is a file, not a folder", key, s.DisplayPath(dir))
		}
	}
}

// cleanFSPath cleans p for fs.FS, mapping paths that leave the root to a
// name that does not exist.
func cleanFSPath(p string) string {
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return "."
	}
	return strings.TrimRight(p, "/")
}

// testFilesOf calls fn for each named test file of the obligations that
// are neither DEPRECATED (the deprecated-tests rule covers those) nor
// without evidence.
func testFilesOf(s *Site, fn func(o *Obligation, tf *TestFile, te *TestFileEvidence)) {
	for _, o := range s.Obligations {
		if o.Status == StatusDeprecated {
			continue
		}
		for _, tf := range o.TestFiles {
			if tf == nil || tf.Path == "" {
				continue
			}
			if te := s.Evidence.TestFile(tf.Path); te != nil {
				fn(o, tf, te)
			}
		}
	}
}

func checkTestFilesExist(s *Site, out *findings) {
	testFilesOf(s, func(o *Obligation, tf *TestFile, te *TestFileEvidence) {
		if te.Exists || o.Status != StatusPromoted {
			return
		}
		why := "does not exist"
		if te.Problem != "" {
			why = te.Problem
		}
		out.Add(tf.Of("path"), "test-file-missing", "%s is PROMOTED but its test file %s %s", o.ID, te.File, why)
	})
}

// maxListed caps the names a message lists.
const maxListed = 20

func checkTestCounts(s *Site, out *findings) {
	testFilesOf(s, func(o *Obligation, tf *TestFile, te *TestFileEvidence) {
		switch {
		case !te.Exists:
		case te.Problem != "":
			out.Add(tf.Of("count"), "test-count", "%s declares %d test(s) in %s, which cannot be counted: %s", o.ID, tf.Count, te.File, te.Problem)
		case len(te.Functions) != tf.Count:
			out.Add(tf.Of("count"), "test-count", "%s declares %d test(s) in %s, but the file holds %d%s", o.ID, tf.Count, te.File, len(te.Functions), listFunctions(te.Functions))
		}
	})
}

// listFunctions says where the test functions are: ": test_a (line 5), …".
func listFunctions(fns []TestFunction) string {
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

func checkMigrationFolders(s *Site, out *findings) {
	for _, o := range s.Obligations {
		if o.Status != StatusPromoted {
			continue
		}
		ms := s.Evidence.Obligation(o.ID).migrations()
		switch {
		case o.MigrationPath == "":
			out.Add(o.Of("status"), "migration-missing", "%s is PROMOTED but names no migration_path, so nothing shows its objects are created", o.ID)
		case ms == nil:
		case ms.problem != "":
			out.Add(o.Of("migration_path"), "migration-missing", "%s is PROMOTED but its migration folder %s %s", o.ID, ms.display, ms.problem)
		case !ms.exists:
			out.Add(o.Of("migration_path"), "migration-missing", "%s is PROMOTED but its migration folder %s does not exist", o.ID, ms.display)
		case len(ms.files) == 0:
			out.Add(o.Of("migration_path"), "migration-missing", "%s is PROMOTED but its migration folder %s is empty", o.ID, ms.display)
		}
	}
}

// migrations returns what the obligation's migration folder creates, nil
// when it names none.
func (oe *ObligationEvidence) migrations() *migrationSet {
	if oe == nil {
		return nil
	}
	return oe.created
}

func checkObjectsPromoted(s *Site, out *findings) {
	checkObjects(s, out, StatusPromoted, "object-missing")
}
func checkObjectsPartial(s *Site, out *findings) {
	checkObjects(s, out, StatusPartial, "object-missing-partial")
}

// checkObjects reports the required objects that the migrations of
// obligations in status do not create. A missing or empty folder is the
// migration-missing rule's finding, not one per object.
func checkObjects(s *Site, out *findings, status, rule string) {
	for _, o := range s.Obligations {
		oe := s.Evidence.Obligation(o.ID)
		ms := oe.migrations()
		if o.Status != status || ms == nil || len(ms.files) == 0 || len(oe.Requirements) != len(o.Requires) {
			continue
		}
		for i, r := range o.Requires {
			re := oe.Requirements[i]
			if r == nil || re.Found || r.Name == "" {
				continue
			}
			msg := fmt.Sprintf("%s requires %s %s, but no migration in %s creates it; %s", o.ID, r.Type, re.Name, ms.display, ms.describe(r.Type))
			if status == StatusPartial {
				msg += " (" + o.ID + " is PARTIAL; it must exist before promotion)"
			}
			out.Add(r.Of("name"), rule, "%s", msg)
		}
	}
}

// describe says what the set creates of a kind, for messages.
func (ms *migrationSet) describe(kind string) string {
	if ms.sqlFiles == 0 {
		return "the folder holds no .sql file"
	}
	names := ms.created(kind)
	plural := kind + "s"
	if strings.HasSuffix(kind, "x") {
		plural = kind + "es"
	}
	if len(names) == 0 {
		return fmt.Sprintf("its %d .sql file(s) create no %s", ms.sqlFiles, kind)
	}
	if len(names) > maxListed {
		names = append(names[:maxListed:maxListed], fmt.Sprintf("and %d more", len(names)-maxListed))
	}
	return fmt.Sprintf("the %s created there: %s", plural, strings.Join(names, ", "))
}

// infraIndex maps lower-cased item names and aliases to their items.
func infraIndex(reg *Registry) (map[string]*Item, []string) {
	idx := map[string]*Item{}
	var names []string
	for _, it := range reg.Items {
		for _, n := range append([]string{it.Name}, it.Aliases...) {
			if k := strings.ToLower(strings.TrimSpace(n)); k != "" {
				if _, dup := idx[k]; !dup {
					idx[k] = it
				}
				names = append(names, n)
			}
		}
	}
	return idx, names
}

func checkInfraDeclared(s *Site, out *findings) {
	if s.Registry.Unreadable {
		return
	}
	idx, names := infraIndex(s.Registry)
	known := ""
	if len(s.Registry.Items) <= 12 {
		var items []string
		for _, it := range s.Registry.Items {
			items = append(items, it.Name)
		}
		known = fmt.Sprintf(" (it has %s)", strings.Join(items, ", "))
	}
	for _, te := range s.Evidence.TestFiles {
		for _, ref := range te.Infra {
			if idx[strings.ToLower(strings.TrimSpace(ref.Name))] != nil {
				continue
			}
			out.Add(ref.Pos, "R1-undeclared-infra", "requires_infra(%q) names no item of the registry %s%s%s", ref.Name, s.Registry.File, known, yamlstrict.DidYouMean(ref.Name, names))
		}
	}
}

func checkSkipStateC(s *Site, out *findings) {
	idx, _ := infraIndex(s.Registry)
	for _, te := range s.Evidence.TestFiles {
		for _, fn := range te.Functions {
			if !fn.Skips {
				continue
			}
			for _, name := range fn.Infra {
				it := idx[strings.ToLower(strings.TrimSpace(name))]
				if it == nil || it.State != "C" {
					continue
				}
				out.Add(fn.SkipAt, "R4-skip-state-c", "%s (line %d) skips, but it requires %s, which is in state C (fully wired, %s): state-C infra must fail when missing, never skip",
					fn.Name, fn.Pos.Line, it.Name, it.Of("state"))
			}
		}
	}
}

func checkPromotedSkips(s *Site, out *findings) {
	testFilesOf(s, func(o *Obligation, tf *TestFile, te *TestFileEvidence) {
		if o.Status != StatusPromoted {
			return
		}
		for _, fn := range te.Functions {
			if fn.Skips {
				out.Add(fn.SkipAt, "promoted-skip", "%s (line %d) skips, but it proves %s, which is PROMOTED (%s): once promoted, its tests can never skip again",
					fn.Name, fn.Pos.Line, o.ID, tf.Of("path"))
			}
		}
	})
}
