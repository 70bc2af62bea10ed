package evidence

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Bounds of the search for a better root: a missing test file or
// migration folder is looked for under at most maxHintRoots folders (the
// root and the folders one and two levels down), for at most maxHinted
// missing paths of each kind, and the search of a kind stops after
// maxMisses paths in a row found nowhere (the usual case: obligations
// that name files not written yet, with the roots right).
const (
	maxHintRoots = 64
	maxHinted    = 200
	maxMisses    = 8
)

// hintRoots lists the folders a tests_root or migrations_root could be:
// ".", then the folders one and two levels below the root, sorted, never
// hidden, third-party or skipped ones.
func (sc *evidenceScan) hintRoots() []string {
	roots := []string{"."}
	level := []string{"."}
	for depth := 0; depth < 2 && len(roots) < maxHintRoots; depth++ {
		var next []string
		for _, dir := range level {
			entries, err := sc.fsys.ReadDir(dir)
			if err != nil {
				continue
			}
			for _, e := range entries {
				name := e.Name()
				p := path.Join(dir, name)
				if !e.IsDir() || strings.HasPrefix(name, ".") || skippedDirs[name] || sc.in.SkipDirs[p] {
					continue
				}
				next = append(next, p)
			}
		}
		slices.Sort(next)
		if room := maxHintRoots - len(roots); len(next) > room {
			next = next[:room]
		}
		roots = append(roots, next...)
		level = next
	}
	return roots
}

// rootHint finds the folder among roots, other than current, under which
// rel exists (as a folder when dir); "" when there is none. key is the
// config key the hint names.
func (sc *evidenceScan) rootHint(roots []string, current, key, rel string, dir bool) string {
	current = path.Clean(current)
	for _, r := range roots {
		if r == current {
			continue
		}
		p := path.Join(r, rel)
		if !fs.ValidPath(p) {
			continue
		}
		info, err := fs.Stat(sc.in.FS, p)
		if err != nil || info.IsDir() != dir {
			continue
		}
		return fmt.Sprintf("did you mean %s: %s? %s exists", key, r, sc.in.Display(p))
	}
	return ""
}

// addHints gives each test file and migration folder the obligations name
// that does not exist a hint when it exists under another root. The root
// that held the last one found is tried first.
func (sc *evidenceScan) addHints(testPaths, migrationPaths []string) {
	var missingTests, missingMigrations []string
	for _, p := range testPaths {
		if te := sc.tests[path.Clean(p)]; te != nil && !te.Exists && te.Problem == "" && te.Hint == "" && len(missingTests) < maxHinted {
			missingTests = append(missingTests, p)
		}
	}
	for _, p := range migrationPaths {
		if ms := sc.migrations[sc.migrationDir(p)]; ms != nil && !ms.Exists && ms.Problem == "" && ms.Hint == "" && len(missingMigrations) < maxHinted {
			missingMigrations = append(missingMigrations, p)
		}
	}
	if len(missingTests)+len(missingMigrations) == 0 {
		return
	}
	roots := sc.hintRoots()
	best, misses := "", 0
	for _, p := range missingTests {
		if misses == maxMisses {
			break
		}
		te := sc.tests[path.Clean(p)]
		te.Hint = sc.rootHint(preferred(roots, best), sc.in.TestsRoot, "tests_root", path.Clean(p), false)
		best, misses = hintedRoot(te.Hint, best), countMiss(te.Hint, misses)
	}
	best, misses = "", 0
	for _, p := range missingMigrations {
		if misses == maxMisses {
			break
		}
		ms := sc.migrations[sc.migrationDir(p)]
		ms.Hint = sc.rootHint(preferred(roots, best), sc.in.MigrationsRoot, "migrations_root", path.Clean(p), true)
		best, misses = hintedRoot(ms.Hint, best), countMiss(ms.Hint, misses)
	}
}

// countMiss counts the paths in a row that got no hint.
func countMiss(hint string, misses int) int {
	if hint == "" {
		return misses + 1
	}
	return 0
}

// preferred puts first before the other roots.
func preferred(roots []string, first string) []string {
	if first == "" {
		return roots
	}
	out := []string{first}
	for _, r := range roots {
		if r != first {
			out = append(out, r)
		}
	}
	return out
}

// hintedRoot is the root a hint names, or prev when there is no hint.
func hintedRoot(hint, prev string) string {
	_, rest, ok := strings.Cut(hint, ": ")
	if !ok {
		return prev
	}
	root, _, _ := strings.Cut(rest, "? ")
	return root
}
