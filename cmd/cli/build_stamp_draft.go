package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"

	"github.com/infradoc/infradoc/site"
)

// stampDraft is the part of a build's stamp that is known before the site
// is written: the inputs, the findings and the lines they quote. It is
// encoded while the pages are written, so that only the outputs are left
// for after.
type stampDraft struct {
	st      buildStamp
	racy    bool // an input changed too close to the build to be trusted
	changes int  // the recording's changes when the inputs were taken
	// The JSON of st.Inputs, st.Findings and st.Quotes.
	inputs, findings, quotes []byte
	err                      error
}

// draftStamp takes the inputs rec has recorded so far and encodes them
// with the findings and their quotes.
func draftStamp(key string, rec *recordingFS, findings []site.Finding, sources map[string][]byte) *stampDraft {
	d := &stampDraft{st: buildStamp{Version: stampVersion, Key: key, Findings: findings, Quotes: quotesOf(findings, sources)}}
	d.takeInputs(rec)
	if d.err == nil {
		d.findings, d.err = json.Marshal(d.st.Findings)
	}
	if d.err == nil {
		d.quotes, d.err = json.Marshal(d.st.Quotes)
	}
	return d
}

func (d *stampDraft) takeInputs(rec *recordingFS) {
	d.st.Inputs, d.racy, d.changes = rec.inputs()
	if d.err == nil {
		d.inputs, d.err = json.Marshal(d.st.Inputs)
	}
}

// refresh takes the inputs again when rec recorded anything after the
// draft was made, so that the stamp never misses a path the build read.
func (d *stampDraft) refresh(rec *recordingFS) {
	if rec.changed(d.changes) {
		d.takeInputs(rec)
	}
}

// write records the finished build at path: the site's files (paths,
// inside out) are stat-ed now, after every one is in place. A stamp is an
// optimisation: when the cache cannot take it, the next build is a full
// one.
func (d *stampDraft) write(path, out string, paths []string) error {
	if path == "" {
		return nil
	}
	outputs := make([]stampEntry, len(paths))
	parallel(len(paths), func(i int) {
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(paths[i])))
		outputs[i] = entryOf(paths[i], info, err)
	})
	data, err := d.encode(outputs)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return writeFileAtomic(path, data)
}

// encode returns the stamp with these outputs, byte for byte as
// json.Encoder writes a buildStamp.
func (d *stampDraft) encode(outputs []stampEntry) ([]byte, error) {
	if d.err != nil {
		return nil, d.err
	}
	key, err := json.Marshal(d.st.Key)
	if err != nil {
		return nil, err
	}
	outs, err := json.Marshal(outputs)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Grow(len(d.inputs) + len(outs) + len(d.findings) + len(d.quotes) + len(key) + 80)
	b.WriteString(`{"version":`)
	b.WriteString(strconv.Itoa(d.st.Version))
	for _, field := range []struct {
		name string
		json []byte
	}{{"key", key}, {"inputs", d.inputs}, {"outputs", outs}, {"findings", d.findings}, {"quotes", d.quotes}} {
		b.WriteString(`,"` + field.name + `":`)
		b.Write(field.json)
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}
