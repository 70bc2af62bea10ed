package rules

import (
	"io/fs"
	"strings"

	"github.com/infradoc/infradoc/site"
)

var ruleEvidenceRoot = &Rule{ID: "evidence-root", Severity: site.SeverityError, Summary: "the tests_root and migrations_root infradoc.yaml names are folders that exist", Check: checkEvidenceRoots}

func checkEvidenceRoots(s *site.Site, out *findings) {
	for _, key := range []string{"tests_root", "migrations_root"} {
		if !s.Config.Has(key) {
			continue
		}
		dir := s.Config.TestsRoot
		if key == "migrations_root" {
			dir = s.Config.MigrationsRoot
		}
		info, err := fs.Stat(s.FS, cleanFSPath(dir))
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
