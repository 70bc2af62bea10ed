// Package content embeds infradoc's own governance docs: the default input
// when no config is found, and the dogfood of every feature.
package content

import "embed"

// FS holds the files of this folder.
//
//go:embed *.yaml obligations docs migrations tests
var FS embed.FS
