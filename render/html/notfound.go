package html

import "net/url"

// notFoundRoot is the root of 404.html's links. A server sends that page
// for a missing path at any depth (/a/b/c/missing), where links relative
// to the site's root would point one folder per level too deep, so they
// are root-relative: under SitePath of site.base_url.
func (b *builder) notFoundRoot() string {
	return SitePath(b.s.Config.Site.BaseURL)
}

// SitePath is the URL path a site is published under, from its
// site.base_url: "/" for https://example.org/ or no base URL (where
// `infradoc serve` and Netlify put a site), "/gov/" for
// https://example.org/gov. It always starts and ends with a slash.
func SitePath(baseURL string) string {
	base := safeBaseURL(baseURL)
	if base == "" {
		return "/"
	}
	u, err := url.Parse(base)
	if err != nil || u.EscapedPath() == "" || u.EscapedPath() == "/" {
		return "/"
	}
	return u.EscapedPath() + "/"
}
