package build

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/infradoc/infradoc/render/html"
)

// ManifestName is the file in the output folder that lists, one path a
// line, every file the last build wrote. A build removes only files listed
// there, so it never deletes a file it did not write.
const ManifestName = ".infradoc-manifest"

// manifestHeader starts the manifest so that a reader knows what it is.
const manifestHeader = "# files written by infradoc build; stale ones are removed on the next build\n"

// writeStats counts what writeSite did.
type writeStats struct {
	written, removed, unchanged int
	// files are the site's files as the build left them (see
	// outputFolder.written).
	files map[string]fs.FileInfo
}

// sitePlan is what writeSite writes: the paths known up front, the bytes
// made on the fly (html.SitePlan).
type sitePlan interface {
	Paths() []string
	// Render hands each file to emit; f.Data is only valid until emit
	// returns.
	Render(emit func(html.SiteFile) error) error
}

// writeSite makes out hold exactly the plan's files plus whatever was there
// that an earlier build did not write. Each file whose bytes differ is
// written to a temporary file as soon as it is rendered; once all are, the
// temporary files are renamed over the old ones, so a build that fails
// leaves the previous site whole and a reader never sees half of a page
// that was there. A file new to the folder is written in its place, and
// removed again when the build fails.
// Files the previous manifest lists that are no longer part of the site
// are removed (regular files only), with the folders they leave empty.
// Before writing anything it refuses to replace a file that no build
// wrote, or to write through a folder that is a symbolic link.
func writeSite(out string, plan sitePlan) (writeStats, error) {
	var st writeStats
	paths := plan.Paths()
	for _, p := range paths {
		if !validSitePath(p) || p == ManifestName {
			return st, fmt.Errorf("refusing to write %q outside the output folder", p)
		}
	}
	o, err := openOutput(out)
	if err != nil {
		return st, err
	}
	defer o.Close()
	old, err := o.readManifest()
	if err != nil {
		return st, err
	}
	dirSet := map[string]bool{".": true}
	for _, p := range paths {
		dirSet[path.Dir(p)] = true
	}
	dirs := slices.Sorted(maps.Keys(dirSet))
	if err := o.checkFolders(dirs); err != nil {
		return st, err
	}
	present, err := o.entries(dirs)
	if err != nil {
		return st, err
	}
	o.present = present
	var foreign []error
	for _, p := range paths {
		if _, exists := present[p]; exists && !old[p] {
			foreign = append(foreign, fmt.Errorf("%w %s: %s exists and was not written by infradoc build; remove it or build into another folder (--out)", ErrOutputRefused, out, o.show(p)))
		}
	}
	if err := errors.Join(foreign...); err != nil {
		return st, err
	}
	// The manifest names every file this build may write before it writes
	// one, so files of an interrupted build are still known as ours.
	if err := o.writeManifest(slices.Concat(paths, slices.Collect(maps.Keys(old)))); err != nil {
		return st, err
	}
	for _, d := range dirs {
		if err := o.root.MkdirAll(d, 0o755); err != nil {
			return st, err
		}
	}
	var written, unchanged atomic.Int64
	w := newSiteWriter(o)
	err = plan.Render(func(f html.SiteFile) error {
		// Only a regular file can be left as it is: a link in its place is
		// replaced by the file itself.
		if mode, exists := present[f.Path]; exists && mode.IsRegular() {
			if info, same := o.same(f.Path, f.Data); same {
				o.record(f.Path, info)
				unchanged.Add(1)
				return nil
			}
		}
		written.Add(1)
		return w.write(f.Path, f.Data)
	})
	if err := errors.Join(err, w.close()); err != nil {
		o.discard()
		return st, err
	}
	if err := o.commit(); err != nil {
		return st, err
	}
	st.written, st.unchanged, st.files = int(written.Load()), int(unchanged.Load()), o.written
	current := make(map[string]bool, len(paths))
	for _, p := range paths {
		current[p] = true
	}
	for _, p := range slices.Sorted(maps.Keys(old)) {
		if current[p] {
			continue
		}
		removed, err := o.removeFile(p)
		if err != nil {
			return st, err
		}
		if removed {
			st.removed++
		}
		o.removeEmptyParents(path.Dir(p))
	}
	return st, o.writeManifest(paths)
}

// validSitePath reports whether p is a clean relative slash path that
// stays inside the output folder.
func validSitePath(p string) bool {
	return p != "" && p == path.Clean(p) && !path.IsAbs(p) && p != ".." && !strings.HasPrefix(p, "../") && !strings.Contains(p, "\\")
}

// sortedUnique returns paths sorted, once each.
func sortedUnique(paths []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(paths)))
}
