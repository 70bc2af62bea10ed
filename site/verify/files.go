package verify

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
)

// migrationSet is the migration files verify reads, in the order
// --migrate applies them, and which obligation's folder holds each.
type migrationSet struct {
	Files []MigrationFile
	// byObligation lists the indexes in Files of each obligation's files.
	byObligation map[string][]int
	// folderHasSQL says whether an obligation's folder holds .sql files.
	folderHasSQL map[string]bool
}

// readMigrations reads the files migrations.apply matches (the base
// schema, first, in path order), then each obligation's migration
// folder's .sql files: obligations in ID order, files in path order, a
// file named twice read once. Everything is read through the site's root
// file system, so nothing outside --root is. Unreadable files are
// findings.
func readMigrations(s *site.Site) (*migrationSet, []finding.Finding, error) {
	ms := &migrationSet{byObligation: map[string][]int{}, folderHasSQL: map[string]bool{}}
	base, findings, err := s.BaseMigrations()
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]int{}
	add := func(p string) (int, bool) {
		if i, ok := seen[p]; ok {
			return i, true
		}
		display := s.DisplayPath(p)
		src, err := readLimited(s.FS, p, s.Config.ReadLimit())
		if err != nil {
			findings = append(findings, finding.Finding{Pos: finding.Pos{File: display}, Severity: finding.Error, Rule: "input-file",
				Message: fmt.Sprintf("migration %s cannot be read: %v", display, err)})
			return 0, false
		}
		seen[p] = len(ms.Files)
		ms.Files = append(ms.Files, MigrationFile{File: display, Src: src})
		return len(ms.Files) - 1, true
	}
	for _, p := range base {
		add(p)
	}
	obligations := slices.Clone(s.Obligations)
	slices.SortStableFunc(obligations, func(a, b *site.Obligation) int { return strings.Compare(a.ID, b.ID) })
	for _, o := range obligations {
		if o.MigrationPath == "" {
			continue
		}
		dir := path.Clean(path.Join(s.Config.MigrationsRoot, o.MigrationPath))
		if path.IsAbs(o.MigrationPath) || !fs.ValidPath(dir) {
			continue // migration-missing says the folder lies outside
		}
		files, err := sqlFiles(s.FS, dir)
		if err != nil {
			continue // migration-missing says the folder is not there
		}
		ms.folderHasSQL[o.ID] = len(files) > 0
		for _, p := range files {
			if i, ok := add(p); ok {
				ms.byObligation[o.ID] = append(ms.byObligation[o.ID], i)
			}
		}
	}
	return ms, findings, nil
}

// sqlFiles lists the .sql files under dir in path order, hidden files and
// folders aside, as the evidence scan walks a migration folder.
func sqlFiles(fsys fs.FS, dir string) ([]string, error) {
	var out []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && strings.HasSuffix(strings.ToLower(d.Name()), ".sql") {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// errTooLarge is a migration over the config's max_file_size.
var errTooLarge = errors.New("it is larger than max_file_size")

// readLimited reads p unless it is larger than limit bytes.
func readLimited(fsys fs.FS, p string, limit int64) ([]byte, error) {
	st, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, err
	}
	if st.Size() > limit {
		return nil, errTooLarge
	}
	return fs.ReadFile(fsys, p)
}
