// Package templates holds the HTML templates, stylesheet, script and icon
// of the governance site: every page is a template here (layout.html and
// partials.html hold what pages share), fed by a view model made in
// render. render parses the templates once at start-up; a folder laid over
// this one (render.OverlayFS) replaces the files of the same name.
package templates

import "embed"

// FS holds the page templates (*.html) and the static assets (static/).
//
//go:embed all:*.html static
var FS embed.FS
