package cli

import (
	"errors"
	"strconv"
	"strings"

	"github.com/infradoc/infradoc/site"
)

// A stamp is stored as lines of tab-separated fields, which read back
// several times faster than JSON (a large site's stamp lists 50,000 paths
// and is read before every build):
//
//	infradoc build stamp <version>
//	key	<key>
//	i	<path>	<kind>	<size>	<mtime>	<listing hash>	(an input)
//	f	<file>	<line>	<col>	<severity>	<rule>	<message>	(a finding)
//	q	<file>	<line>	<text>	(a source line a finding quotes)
//	o	<path>	<kind>	<size>	<mtime>	<listing hash>	(an output)
//	end
//
// A field that holds a tab, a line break, a backslash or a double quote
// is written as a Go string literal. A stamp without its last line was cut
// short and is not trusted.

// stampHeader starts a stamp; the version follows.
const stampHeader = "infradoc build stamp "

// appendStampField appends one field, preceded by a tab.
func appendStampField(b []byte, s string) []byte {
	b = append(b, '\t')
	if strings.ContainsAny(s, "\t\n\r\\\"") {
		return strconv.AppendQuote(b, s)
	}
	return append(b, s...)
}

func appendStampInt(b []byte, n int64) []byte {
	return strconv.AppendInt(append(b, '\t'), n, 10)
}

// appendStampHead appends the first two lines.
func appendStampHead(b []byte, version int, key string) []byte {
	b = strconv.AppendInt(append(b, stampHeader...), int64(version), 10)
	b = appendStampField(append(b, "\nkey"...), key)
	return append(b, '\n')
}

// appendStampEntries appends one line per entry, tagged i (inputs) or o
// (outputs).
func appendStampEntries(b []byte, tag string, entries []stampEntry) []byte {
	for _, e := range entries {
		b = appendStampField(append(b, tag...), e.Path)
		b = appendStampField(b, e.Kind)
		b = appendStampInt(b, e.Size)
		b = appendStampInt(b, e.MTime)
		b = appendStampField(b, e.List)
		b = append(b, '\n')
	}
	return b
}

// appendStampFindings appends the findings and the lines they quote.
func appendStampFindings(b []byte, findings []site.Finding, quotes []stampQuote) []byte {
	for _, f := range findings {
		b = appendStampField(append(b, 'f'), f.File)
		b = appendStampInt(b, int64(f.Line))
		b = appendStampInt(b, int64(f.Col))
		b = appendStampField(b, string(f.Severity))
		b = appendStampField(b, f.Rule)
		b = appendStampField(b, f.Message)
		b = append(b, '\n')
	}
	for _, q := range quotes {
		b = appendStampField(append(b, 'q'), q.File)
		b = appendStampInt(b, int64(q.Line))
		b = appendStampField(b, q.Text)
		b = append(b, '\n')
	}
	return b
}

// encodeStamp returns st as a stamp file.
func encodeStamp(st *buildStamp) []byte {
	b := appendStampHead(nil, st.Version, st.Key)
	b = appendStampEntries(b, "i", st.Inputs)
	b = appendStampFindings(b, st.Findings, st.Quotes)
	b = appendStampEntries(b, "o", st.Outputs)
	return append(b, "end\n"...)
}

var errBadStamp = errors.New("not a complete build stamp")

// decodeStamp reads a stamp file written by encodeStamp.
func decodeStamp(data []byte) (*buildStamp, error) {
	text := string(data)
	line, text, ok := strings.Cut(text, "\n")
	version, err := strconv.Atoi(strings.TrimPrefix(line, stampHeader))
	if !ok || !strings.HasPrefix(line, stampHeader) || err != nil {
		return nil, errBadStamp
	}
	st := &buildStamp{Version: version}
	var fields []string
	for text != "" {
		line, text, ok = strings.Cut(text, "\n")
		if !ok {
			return nil, errBadStamp // cut short
		}
		if line == "end" {
			if text != "" || st.Key == "" {
				return nil, errBadStamp
			}
			return st, nil
		}
		fields = strings.Split(line, "\t")
		if err := st.addLine(fields); err != nil {
			return nil, err
		}
	}
	return nil, errBadStamp
}

// addLine adds one line's fields (the tag, then its values) to st.
func (st *buildStamp) addLine(fields []string) error {
	for i, f := range fields[1:] {
		if strings.HasPrefix(f, `"`) {
			s, err := strconv.Unquote(f)
			if err != nil {
				return errBadStamp
			}
			fields[i+1] = s
		}
	}
	var ints [2]int64
	parse := func(at ...int) bool {
		for j, i := range at {
			n, err := strconv.ParseInt(fields[i], 10, 64)
			if err != nil {
				return false
			}
			ints[j] = n
		}
		return true
	}
	switch tag := fields[0]; {
	case tag == "key" && len(fields) == 2:
		st.Key = fields[1]
	case (tag == "i" || tag == "o") && len(fields) == 6 && parse(3, 4):
		e := stampEntry{Path: fields[1], Kind: fields[2], Size: ints[0], MTime: ints[1], List: fields[5]}
		if tag == "i" {
			st.Inputs = append(st.Inputs, e)
		} else {
			st.Outputs = append(st.Outputs, e)
		}
	case tag == "f" && len(fields) == 7 && parse(2, 3):
		st.Findings = append(st.Findings, site.Finding{
			Pos:      site.Pos{File: fields[1], Line: int(ints[0]), Col: int(ints[1])},
			Severity: site.Severity(fields[4]), Rule: fields[5], Message: fields[6],
		})
	case tag == "q" && len(fields) == 4 && parse(2):
		st.Quotes = append(st.Quotes, stampQuote{File: fields[1], Line: int(ints[0]), Text: fields[3]})
	default:
		return errBadStamp
	}
	return nil
}
