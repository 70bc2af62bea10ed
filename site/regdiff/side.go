package regdiff

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rules"
)

// Side is one side of a comparison: the site and how loading it went.
type Side struct {
	Site *site.Site
	Info SideInfo
}

// Load loads the repository opts names as one side of a comparison: ref is
// the git ref whose tree opts.FS is (commit its hash), or "" for the work
// tree. Only loading is done, not validation (that is validate's job):
// the findings are the problems that keep files from loading, with "ref:"
// before each file name. A registry or obligations that does not load at
// all (not written yet at an old ref, say) is compared as empty, and a note
// says so. The error is for failures of infradoc itself.
func Load(opts site.Options, ref, commit string) (*Side, error) {
	opts.Rules = rules.Defaults()
	s, findings, err := site.Load(opts)
	if err != nil {
		return nil, err
	}
	info := SideInfo{Ref: ref, Commit: commit, Notes: notes(s, findings, ref), Findings: []site.Finding{}}
	for _, f := range findings {
		f.File = qualify(ref, f.File)
		info.Findings = append(info.Findings, f)
	}
	return &Side{Site: s, Info: info}, nil
}

// dropping are the rules whose findings mean a file was not read at all.
var dropping = map[string]bool{"yaml-syntax": true, "empty-file": true, "multiple-documents": true,
	"alias-limit": true, "input-file": true, "outside-root": true}

// notes say what of s did not load and is compared as empty: the
// registry, the obligations, or a file that could not be read (one
// obligation of the per-file layout, say, which then looks removed).
func notes(s *site.Site, findings []site.Finding, ref string) []string {
	out := []string{}
	registry := s.DisplayPath(s.Config.Registry)
	if s.Registry.Unreadable {
		out = append(out, qualify(ref, registry)+" did not load: compared as a registry with no items")
	}
	obligations := s.DisplayPath(s.Config.Obligations)
	inObligations := func(file string) bool { return file == obligations || strings.HasPrefix(file, obligations+"/") }
	noObligations := false
	if len(s.Obligations) == 0 && s.Config.Obligations != "" {
		_, err := fs.Stat(s.FS, path.Clean(s.Config.Obligations))
		noObligations = err != nil || slices.ContainsFunc(findings, func(f site.Finding) bool { return dropping[f.Rule] && inObligations(f.File) })
		if noObligations {
			out = append(out, qualify(ref, obligations)+" did not load: compared as no obligations")
		}
	}
	noted := func(file string) bool {
		return file == registry && s.Registry.Unreadable || noObligations && inObligations(file)
	}
	var files []string
	for _, f := range findings {
		if dropping[f.Rule] && !noted(f.File) && !slices.Contains(files, f.File) {
			files = append(files, f.File)
		}
	}
	slices.Sort(files)
	for _, f := range files {
		out = append(out, qualify(ref, f)+" did not load: what it holds is left out of the comparison")
	}
	return out
}

// qualify writes a file of the tree at ref as git does: "ref:file".
func qualify(ref, file string) string {
	if ref == "" {
		return file
	}
	return ref + ":" + file
}

// New compares base with head and records how each side loaded.
func New(base, head *Side) *Diff {
	d := Compare(base.Site, head.Site)
	d.Base, d.Head = base.Info, head.Info
	return d
}
