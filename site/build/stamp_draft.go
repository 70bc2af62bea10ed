package build

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/google/renameio/v2"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/internal/parallel"
)

// stampDraft is the part of a build's stamp that is known before the site
// is written: the inputs, the findings and the lines they quote. Only the
// outputs are left for after.
type stampDraft struct {
	st      buildStamp
	racy    bool // an input changed too close to the build to be trusted
	changes int  // the recording's changes when the inputs were taken
}

// draftStamp takes the inputs rec has recorded so far, with the findings
// and their quotes.
func draftStamp(key string, rec *recordingFS, findings []site.Finding, sources map[string][]byte) *stampDraft {
	bin, _ := thisBinary()
	d := &stampDraft{st: buildStamp{Version: stampVersion, Binary: bin, Key: key, Findings: findings, Quotes: quotesOf(findings, sources)}}
	d.takeInputs(rec)
	return d
}

func (d *stampDraft) takeInputs(rec *recordingFS) {
	d.st.Inputs, d.racy, d.changes = rec.inputs()
}

// refresh takes the inputs again when rec recorded anything after the
// draft was made, so that the stamp never misses a path the build read.
func (d *stampDraft) refresh(rec *recordingFS) {
	if rec.changed(d.changes) {
		d.takeInputs(rec)
	}
}

// write records the finished build at path: the site's files (paths,
// inside out) as files gives them (what the build wrote or found the
// same, stat-ed through their handles), the others stat-ed now. A stamp
// is an optimisation: when the cache cannot take it, the next build is a
// full one.
func (d *stampDraft) write(path, out string, paths []string, files map[string]fs.FileInfo) error {
	if path == "" {
		return nil
	}
	outputs := make([]stampEntry, len(paths))
	parallel.For(len(paths), func(i int) {
		if info, ok := files[paths[i]]; ok {
			outputs[i] = entryOf(paths[i], info, nil)
			return
		}
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(paths[i])))
		outputs[i] = entryOf(paths[i], info, err)
	})
	st := d.st
	st.Outputs = outputs
	data, err := encodeStamp(&st)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return renameio.WriteFile(path, data, 0o600)
}
