package site

// Positions records where a YAML mapping starts and where the value of each
// of its keys was declared, so rules can point at the exact line. Model
// types embed it; the decoder fills it in.
type Positions struct {
	At   Pos            `json:"-" yaml:"-"`
	Keys map[string]Pos `json:"-" yaml:"-"`
	// Bad holds the keys whose value was reported as malformed (wrong
	// type, enum, format); their fields are left zero.
	Bad map[string]bool `json:"-" yaml:"-"`
}

// Of returns the position of key's value, or of the mapping when the key is
// absent.
func (p Positions) Of(key string) Pos {
	if pos, ok := p.Keys[key]; ok {
		return pos
	}
	return p.At
}

// Has reports whether key was written in the source.
func (p Positions) Has(key string) bool {
	_, ok := p.Keys[key]
	return ok
}

func (p *Positions) positions() *Positions { return p }

// positioned is implemented by every model type that embeds Positions.
type positioned interface{ positions() *Positions }

// Invalid reports whether key's value was malformed (and reported), so a
// rule about that value should stay silent rather than call it missing.
func (p Positions) Invalid(key string) bool { return p.Bad[key] }
