package site

import "github.com/infradoc/infradoc/site/markers"

// The docs' markers, under the names the model has always used (see
// package markers).
type (
	Doc              = markers.Doc
	Block            = markers.Block
	BlockOptionValue = markers.BlockOptionValue
	BlockKind        = markers.BlockKind
	BlockOption      = markers.BlockOption
)

// KindValue is the Kind of inline values.
const KindValue = markers.KindValue
