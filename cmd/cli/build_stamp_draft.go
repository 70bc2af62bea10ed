package cli

import (
	"github.com/google/renameio/v2"
	"os"
	"path/filepath"
	"slices"

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
	// The stamp's lines for st.Inputs, and for st.Findings and st.Quotes.
	inputs, findings []byte
}

// draftStamp takes the inputs rec has recorded so far and encodes them
// with the findings and their quotes.
func draftStamp(key string, rec *recordingFS, findings []site.Finding, sources map[string][]byte) *stampDraft {
	d := &stampDraft{st: buildStamp{Version: stampVersion, Key: key, Findings: findings, Quotes: quotesOf(findings, sources)}}
	d.takeInputs(rec)
	d.findings = appendStampFindings(nil, d.st.Findings, d.st.Quotes)
	return d
}

func (d *stampDraft) takeInputs(rec *recordingFS) {
	d.st.Inputs, d.racy, d.changes = rec.inputs()
	d.inputs = appendStampEntries(nil, "i", d.st.Inputs)
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
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return renameio.WriteFile(path, d.encode(outputs), 0o600)
}

// encode returns the stamp with these outputs, byte for byte as
// encodeStamp writes it.
func (d *stampDraft) encode(outputs []stampEntry) []byte {
	b := appendStampHead(nil, d.st.Version, d.st.Key)
	b = slices.Grow(b, len(d.inputs)+len(d.findings)+80*len(outputs)+8)
	b = append(append(b, d.inputs...), d.findings...)
	b = appendStampEntries(b, "o", outputs)
	return append(b, "end\n"...)
}
