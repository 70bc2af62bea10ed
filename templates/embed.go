// Package templates holds the HTML templates, stylesheet, script and icon
// of the governance site. render parses the templates once at start-up.
package templates

import "embed"

// FS holds the page templates (*.html) and the static assets (static/).
//
//go:embed all:*.html static
var FS embed.FS
