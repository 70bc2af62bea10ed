package site_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rootfs/rootfstest"
)

// TestBaseMigrations: migrations.apply's patterns match files inside the
// root, "**" included, sorted and once each; a pattern that leaves the
// root, is not a glob or matches nothing is a finding at the key, and a
// link out of the root is never followed.
func TestBaseMigrations(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	rootfstest.WriteTree(t, outside, map[string]string{"evil.sql": "DROP TABLE x;"})
	rootfstest.WriteTree(t, dir, map[string]string{
		"infradoc.yaml": "registry: r.yaml\nobligations: o.yaml\ndocs: []\nmigrations:\n  apply:\n" +
			"    - db/base/*.sql\n    - db/**/*.sql\n    - ../elsewhere/*.sql\n    - 'db/[.sql'\n    - nothing/*.sql\n",
		"r.yaml":                "items: []\n",
		"o.yaml":                "obligations: []\n",
		"db/base/002_b.sql":     "CREATE TABLE b (id int);",
		"db/base/001_a.sql":     "CREATE TABLE a (id int);",
		"db/extra/nested/x.sql": "CREATE TABLE x (id int);",
		"db/base/notes.txt":     "not a migration",
		"db/linked/.keep":       "",
	})
	symlink(t, outside, dir+"/db/linked/out")
	rfs, err := site.OpenRootFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer rfs.Close()
	s, _, err := site.Load(site.Options{FS: rfs, Root: "."})
	if err != nil {
		t.Fatal(err)
	}
	files, findings, err := s.BaseMigrations()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"db/base/001_a.sql", "db/base/002_b.sql", "db/extra/nested/x.sql"}
	if !slices.Equal(files, want) {
		t.Errorf("files %v, want %v", files, want)
	}
	var got []string
	for _, f := range findings {
		got = append(got, f.String())
	}
	wantFindings := []string{
		`infradoc.yaml:6:5: error: migrations.apply pattern "../elsewhere/*.sql" (entry 3) leaves the root with '..': migrations are read from inside --root only [outside-root]`,
		`infradoc.yaml:6:5: error: migrations.apply pattern "db/[.sql" (entry 4) is not a valid glob: syntax error in pattern [format]`,
		`infradoc.yaml:6:5: error: migrations.apply pattern "nothing/*.sql" (entry 5) matches no file [migration-missing]`,
	}
	if strings.Join(got, "\n") != strings.Join(wantFindings, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantFindings, "\n"))
	}
}
