package html

import "net/url"

// notFoundRoot is the root of 404.html's links. A server sends that page
// for a missing path at any depth (/a/b/c/missing), where links relative
// to the site's root would point one folder per level too deep, so they
// are root-relative: under the path of site.base_url when one is set
// ("/" for https://example.org/, "/gov/" for https://example.org/gov), else
// under "/", where `infradoc serve` and Netlify put the site. A site
// served under a sub-path sets base_url for its 404 page to be styled.
func (b *builder) notFoundRoot() string {
	base := safeBaseURL(b.s.Config.Site.BaseURL)
	if base == "" {
		return "/"
	}
	u, err := url.Parse(base)
	if err != nil || u.EscapedPath() == "" || u.EscapedPath() == "/" {
		return "/"
	}
	return u.EscapedPath() + "/"
}
