package build

import (
	"fmt"
	"io/fs"
	"path"

	"github.com/infradoc/infradoc/render/html"
	"github.com/infradoc/infradoc/site"
)

// readLogo reads the image site.logo names through repo (the build's
// recording FS, so that the stamp knows it). A logo that is missing or not
// a regular file is an error finding at the config's logo key; no logo
// configured is nil and no finding.
func readLogo(repo fs.FS, s *site.Site) (*html.SiteLogo, []site.Finding) {
	p := s.Config.Site.Logo
	if p == "" {
		return nil, nil
	}
	p = path.Clean(p)
	bad := func(rule, format string, args ...any) []site.Finding {
		return []site.Finding{{Pos: s.Config.Site.Of("logo"), Severity: site.SeverityError, Rule: rule, Message: fmt.Sprintf(format, args...)}}
	}
	info, err := fs.Stat(repo, p)
	if err != nil {
		return nil, bad("file-missing", "site.logo %s does not exist", s.DisplayPath(p))
	}
	if !info.Mode().IsRegular() {
		return nil, bad("input-file", "site.logo %s is not a regular file", s.DisplayPath(p))
	}
	if limit := s.Config.ReadLimit(); limit > 0 && info.Size() > limit {
		return nil, bad("input-file", "site.logo %s is larger than max_file_size", s.DisplayPath(p))
	}
	data, err := fs.ReadFile(repo, p)
	if err != nil {
		return nil, bad("input-file", "site.logo %s cannot be read: %v", s.DisplayPath(p), err)
	}
	return &html.SiteLogo{Name: path.Base(p), Data: data}, nil
}
