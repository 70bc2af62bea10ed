// Package baseline is the baseline file `infradoc baseline` writes: the
// findings a repository had when it adopted infradoc, recorded so that
// later runs fail only on new ones. A finding is known by its fingerprint
// (finding.Fingerprints: rule, file and message without the line and
// column numbers), so a baselined finding stays baselined when lines move.
package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site/finding"
)

// DefaultFile is the baseline file's name when none is given.
const DefaultFile = "infradoc-baseline.json"

// Version is the format of the file this package writes and reads.
const Version = 1

// File is a baseline file: its findings, sorted by file, rule, message and
// fingerprint.
type File struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// Entry is one recorded finding: its fingerprint, which is what is
// compared, and its rule, file and message, for people reading the file.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Message     string `json:"message"`
}

// Keyed is a finding as a baseline compares it: with its file relative to
// the repository root, whatever folder the command ran in.
type Keyed struct {
	finding.Finding
	// Fingerprint is its finding.Fingerprints entry among all keyed.
	Fingerprint string
}

// Key returns fs (sorted, as finding.Sort leaves them) with their
// fingerprints, computed with root cut from the start of each file path
// ("content/docs/X.md" is "docs/X.md" under root "content"): the file
// records paths from the root, so that it holds wherever infradoc runs.
func Key(fs []finding.Finding, root string) []Keyed {
	rel := make([]finding.Finding, len(fs))
	for i, f := range fs {
		f.File = FromRoot(f.File, root)
		rel[i] = f
	}
	// Fingerprints number findings sharing a fingerprint in file order.
	order := make([]int, len(rel))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return compare(rel[a], rel[b]) })
	sorted := make([]finding.Finding, len(rel))
	for i, j := range order {
		sorted[i] = rel[j]
	}
	fps := finding.Fingerprints(sorted)
	out := make([]Keyed, len(fs))
	for i, j := range order {
		out[j] = Keyed{Finding: rel[j], Fingerprint: fps[i]}
	}
	return out
}

func compare(a, b finding.Finding) int {
	return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col),
		cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Message, b.Message))
}

// FromRoot returns file without the root prefix findings' paths carry.
func FromRoot(file, root string) string {
	if root == "" || root == "." {
		return file
	}
	if rel, ok := strings.CutPrefix(file, strings.TrimSuffix(root, "/")+"/"); ok {
		return rel
	}
	return file
}

// Record returns the baseline of fs: one entry per finding, sorted. The
// fingerprints are those of all of fs, but waived findings are left out:
// their waiver accepts them until it expires, and then they must fail.
func Record(fs []finding.Finding, root string) *File {
	b := &File{Version: Version, Findings: []Entry{}}
	for _, k := range Key(fs, root) {
		if k.Waived != nil {
			continue
		}
		b.Findings = append(b.Findings, Entry{Fingerprint: k.Fingerprint, Rule: k.Rule, File: k.File, Message: k.Message})
	}
	slices.SortFunc(b.Findings, func(x, y Entry) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Rule, y.Rule), cmp.Compare(x.Message, y.Message), cmp.Compare(x.Fingerprint, y.Fingerprint))
	})
	return b
}

// Marshal returns the file as indented JSON ending in a newline: the same
// findings give the same bytes.
func (b *File) Marshal() []byte {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	// Cannot fail: strings and ints only.
	_ = enc.Encode(b)
	return out.Bytes()
}

// Parse reads a baseline file; display names it in the error.
func Parse(data []byte, display string) (*File, error) {
	var b File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("%s is not a baseline file (run 'infradoc baseline' to write one): %v", display, err)
	}
	if b.Version != Version {
		return nil, fmt.Errorf("%s is a baseline file of version %d; this infradoc reads version %d (run 'infradoc baseline' to rewrite it)", display, b.Version, Version)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("%s: finding %d has no fingerprint (run 'infradoc baseline' to rewrite it)", display, i+1)
		}
	}
	return &b, nil
}

// Fingerprints returns the set of fingerprints the file records.
func (b *File) Fingerprints() map[string]bool {
	set := make(map[string]bool, len(b.Findings))
	for _, e := range b.Findings {
		set[e.Fingerprint] = true
	}
	return set
}
