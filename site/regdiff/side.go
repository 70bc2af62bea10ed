package regdiff

import (
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
	info := SideInfo{Ref: ref, Commit: commit, Notes: []string{}, Findings: []site.Finding{}}
	if s.Registry.Unreadable {
		info.Notes = append(info.Notes, qualify(ref, s.DisplayPath(s.Config.Registry))+" did not load: compared as a registry with no items")
	}
	if len(s.Obligations) == 0 && s.Config.Obligations != "" {
		display := s.DisplayPath(s.Config.Obligations)
		for _, f := range findings {
			if f.Severity == site.SeverityError && (f.File == display || strings.HasPrefix(f.File, display+"/")) {
				info.Notes = append(info.Notes, qualify(ref, display)+" did not load: compared as no obligations")
				break
			}
		}
	}
	for _, f := range findings {
		f.File = qualify(ref, f.File)
		info.Findings = append(info.Findings, f)
	}
	return &Side{Site: s, Info: info}, nil
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
