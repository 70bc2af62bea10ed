// Package templates holds the HTML templates, stylesheet, script and icon
// of the governance site: every page is a template here (layout.html and
// partials.html hold what pages share), fed by a view model made in
// render. render/html parses the templates once per process; a folder laid over
// this one (html.OverlayFS, site.templates) replaces the files of the
// same name.
package templates

import "embed"

// FS holds the page templates (*.html), the static assets (static/), the
// SVG badges' template (badges/badge.svg) and the page infradoc serve
// shows while a build fails (serve/error.html).
//
//go:embed all:*.html static serve badges
var FS embed.FS
