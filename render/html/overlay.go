package html

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
)

// OverlayFS returns upper laid over lower, the Hugo way: a file of upper
// hides the file of the same path in lower, and a folder lists the files
// of both. NewHTMLSiteFS(OverlayFS(theirs, templates.FS)) builds the site
// with a user's templates and static files in place of the embedded ones
// of the same name; the others stay.
func OverlayFS(upper, lower fs.FS) fs.FS { return overlayFS{upper, lower} }

type overlayFS struct{ upper, lower fs.FS }

// Open opens name in upper when it is a file there, else in lower, else
// (a folder only upper has) in upper.
func (o overlayFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if st, err := fs.Stat(o.upper, name); err == nil && !st.IsDir() {
		return o.upper.Open(name)
	}
	f, err := o.lower.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return o.upper.Open(name)
	}
	return f, err
}

// ReadDir lists folder name of both, sorted; an entry of upper hides the
// entry of lower with the same name. A folder missing from one of them is
// empty there.
func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	up, upErr := fs.ReadDir(o.upper, name)
	low, lowErr := fs.ReadDir(o.lower, name)
	switch {
	case upErr != nil && !errors.Is(upErr, fs.ErrNotExist):
		return nil, upErr
	case lowErr != nil && !errors.Is(lowErr, fs.ErrNotExist):
		return nil, lowErr
	case upErr != nil && lowErr != nil:
		return nil, lowErr
	}
	seen := make(map[string]bool, len(up))
	for _, e := range up {
		seen[e.Name()] = true
	}
	entries := up
	for _, e := range low {
		if !seen[e.Name()] {
			entries = append(entries, e)
		}
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}
