package markers

// BlockKind describes one kind of generated block: its name in the begin
// marker, what it renders and the options it takes; the parser checks
// markers against the kinds of its Vocabulary.
type BlockKind struct {
	Name    string        `json:"name"`
	Summary string        `json:"summary"`
	Options []BlockOption `json:"options,omitempty"`
}

// BlockOption is one key=value option of a block kind.
type BlockOption struct {
	Name    string `json:"name"`
	Summary string `json:"summary"`
	// Values lists the allowed values; nil means any text. With List, the
	// value is a comma-separated list of allowed values.
	Values   []string `json:"values,omitempty"`
	List     bool     `json:"list,omitempty"`
	Required bool     `json:"required,omitempty"`
}

// option returns the kind's option named name, or nil.
func (k *BlockKind) option(name string) *BlockOption {
	for i := range k.Options {
		if k.Options[i].Name == name {
			return &k.Options[i]
		}
	}
	return nil
}

// Vocabulary is what markers may name: the block kinds, with their
// options, and the inline value names. The parser knows no kind of its
// own; the renderers' package supplies them.
type Vocabulary struct {
	Kinds  []BlockKind
	Values []string
}

// kind returns the kind named name, or nil.
func (v *Vocabulary) kind(name string) *BlockKind {
	for i := range v.Kinds {
		if v.Kinds[i].Name == name {
			return &v.Kinds[i]
		}
	}
	return nil
}
