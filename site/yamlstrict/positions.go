package yamlstrict

import "github.com/infradoc/infradoc/site/finding"

// Positions records where a YAML mapping starts and where the value of each
// of its keys was declared, so rules can point at the exact line. Model
// types embed it; the Decoder fills it in.
type Positions struct {
	At finding.Pos `json:"-" yaml:"-"`
	// keys are in source order. A slice, not a map: a large repository
	// holds hundreds of thousands of these, and lookups scan a handful.
	keys []keyPos
	// Bad holds the keys whose value was reported as malformed (wrong
	// type, enum, format); their fields are left zero.
	Bad map[string]bool `json:"-" yaml:"-"`
}

// Of returns the position of key's value, or of the mapping when the key is
// absent.
func (p Positions) Of(key string) finding.Pos {
	if k := p.find(key); k != nil {
		return finding.Pos{File: p.At.File, Line: int(k.line), Col: int(k.col)}
	}
	return p.At
}

// Has reports whether key was written in the source.
func (p Positions) Has(key string) bool { return p.find(key) != nil }

// keyPos is where one key's value was written, in the file of At.
type keyPos struct {
	key       string
	line, col int32
}

func (p *Positions) find(key string) *keyPos {
	for i := range p.keys {
		if p.keys[i].key == key {
			return &p.keys[i]
		}
	}
	return nil
}

// SetKey records where key's value was written (for decoders of their own).
func (p *Positions) SetKey(key string, pos finding.Pos) {
	p.keys = append(p.keys, keyPos{key: key, line: int32(pos.Line), col: int32(pos.Col)})
}

func (p *Positions) positions() *Positions { return p }

// positioned is implemented by every model type that embeds Positions.
type positioned interface{ positions() *Positions }

// Invalid reports whether key's value was malformed (and reported), so a
// rule about that value should stay silent rather than call it missing.
func (p Positions) Invalid(key string) bool { return p.Bad[key] }
