package site

import (
	"fmt"
	"path"
	"slices"
)

// MigrationsConfig is the config's migrations: key.
type MigrationsConfig struct {
	Positions `json:"-"`
	// Apply are glob patterns ("**" stands for any folders) of the
	// migration files of the base schema the obligations' migrations build
	// on, relative to the root. `verify --migrate` applies the files they
	// match first, in path order.
	Apply []string `json:"apply,omitempty" yaml:"apply"`
}

// BaseMigrations returns the files migrations.apply matches inside the
// root, sorted and without repeats. A pattern that leaves the root, is not
// a valid glob or matches no file is a finding at the apply: key, and
// reads nothing.
func (s *Site) BaseMigrations() ([]string, []Finding, error) {
	var out []string
	var fs findings
	pos := s.Config.Migrations.Of("apply")
	for i, pattern := range s.Config.Migrations.Apply {
		if why := leavesRoot(pattern); why != "" {
			fs.Add(pos, "outside-root", "migrations.apply pattern %q (entry %d) %s: migrations are read from inside --root only", pattern, i+1, why)
			continue
		}
		if _, err := path.Match(pattern, ""); err != nil {
			fs.Add(pos, "format", "migrations.apply pattern %q (entry %d) is not a valid glob: %v", pattern, i+1, err)
			continue
		}
		matches, err := globFS(s.FS, pattern, s.skipDirs)
		if err != nil {
			return nil, nil, fmt.Errorf("migrations.apply: %w", err)
		}
		if len(matches) == 0 {
			fs.Add(pos, "migration-missing", "migrations.apply pattern %q (entry %d) matches no file", pattern, i+1)
		}
		out = append(out, matches...)
	}
	slices.Sort(out)
	return slices.Compact(out), fs.List, nil
}
