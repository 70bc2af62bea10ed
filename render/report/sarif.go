package report

import (
	"bytes"
	"encoding/json"
	"io"
	"path"
	"slices"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/rules"
)

// FormatSARIF is a SARIF 2.1.0 log, for GitHub code scanning and other
// SARIF viewers (WriteSARIF).
const FormatSARIF FindingsFormat = "sarif"

// SARIF constants: the schema the log names and validates against
// (testdata/sarif holds a copy), where a result's path is relative to,
// and the key of infradoc's fingerprints.
const (
	sarifSchema       = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion      = "2.1.0"
	sarifSrcRoot      = "%SRCROOT%"
	sarifFingerprint  = "infradoc/v1"
	infradocInfoURI   = "https://github.com/infradoc/infradoc"
	sarifColumnKind   = "unicodeCodePoints" // finding columns count characters, as YAML positions do
	sarifSrcRootShown = "The top of the repository's work tree (the folder infradoc ran in, outside a git work tree): result paths are relative to it."
)

// SARIFOptions tune WriteSARIF.
type SARIFOptions struct {
	// Version is infradoc's version, the tool's version in the log.
	Version string
	// SiteBaseURL is the config's site.base_url. When it is an http(s)
	// URL each rule links to the rules page of that published site
	// (RulesPage); otherwise to the rules page in infradoc's repository.
	SiteBaseURL string
	// URIPrefix is put before every relative finding path: the folder
	// infradoc ran in, relative to the top of the repository checkout
	// ("services/api/"), so that code scanning, which reads paths from
	// the top, finds the files. "" when infradoc runs at the top.
	URIPrefix string
}

// sarifLog and the types below are the parts of a SARIF 2.1.0 log that
// infradoc writes, in the order the specification lists their properties.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds"`
	ColumnKind         string                           `json:"columnKind"`
	Results            []sarifResult                    `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string                     `json:"name"`
	Version        string                     `json:"version,omitempty"`
	InformationURI string                     `json:"informationUri"`
	Rules          []sarifReportingDescriptor `json:"rules"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           *int               `json:"ruleIndex,omitempty"`
	Level               string             `json:"level"`
	Message             sarifMessage       `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
}

// sarifSuppression says that a result is accepted: by a waiver in
// infradoc.yaml ("inSource", with its reason) or by the baseline file
// ("external"). Code scanning shows such results as dismissed.
type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI         string        `json:"uri,omitempty"`
	URIBaseID   string        `json:"uriBaseId,omitempty"`
	Description *sarifMessage `json:"description,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// sarifLevel is the SARIF level of a severity: error and warning are
// themselves, info is "note"; off, which no result has, is "none".
func sarifLevel(s site.Severity) string {
	switch s {
	case site.SeverityError:
		return "error"
	case site.SeverityWarning:
		return "warning"
	case site.SeverityOff:
		return "none"
	}
	return "note"
}

// WriteSARIF writes findings as a SARIF 2.1.0 log: one run of infradoc
// describing every rule it knows (rules.All), and a result per finding
// whose severity is not off, with its place and a fingerprint
// (finding.Fingerprints) that does not change when lines move. The bytes
// depend only on findings and opts: indented JSON, findings sorted, a
// final newline.
func WriteSARIF(w io.Writer, findings []site.Finding, opts SARIFOptions) error {
	all := rules.All()
	index := make(map[string]int, len(all))
	descriptors := make([]sarifReportingDescriptor, len(all))
	help := RulesPage(opts.SiteBaseURL)
	for i, r := range all {
		index[r.ID] = i
		descriptors[i] = sarifRule(r, help)
	}
	var shown []site.Finding
	for _, f := range findings {
		if f.Severity != site.SeverityOff {
			shown = append(shown, f)
		}
	}
	shown = site.SortFindings(slices.Clone(shown))
	fingerprints := finding.Fingerprints(shown)
	results := make([]sarifResult, len(shown))
	for i, f := range shown {
		loc := sarifPhysicalLocation{ArtifactLocation: sarifArtifact(f.File, opts.URIPrefix)}
		// A finding about a whole file (line 0) is placed on its first
		// line: GitHub code scanning requires region.startLine.
		loc.Region = &sarifRegion{StartLine: max(f.Line, 1), StartColumn: max(f.Col, 0)}
		results[i] = sarifResult{
			RuleID:              f.Rule,
			Level:               sarifLevel(f.Severity),
			Message:             sarifMessage{Text: f.Message},
			Locations:           []sarifLocation{{PhysicalLocation: loc}},
			PartialFingerprints: map[string]string{sarifFingerprint: fingerprints[i]},
		}
		if j, ok := index[f.Rule]; ok {
			results[i].RuleIndex = &j
		}
		switch {
		case f.Waived != nil:
			results[i].Suppressions = []sarifSuppression{{Kind: "inSource", Status: "accepted",
				Justification: "waived until " + f.Waived.Until + " by " + f.Waived.ApprovedBy + ": " + f.Waived.Reason}}
		case f.Baselined:
			results[i].Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: "in the baseline"}}
		}
	}
	log := sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name:           "infradoc",
				Version:        opts.Version,
				InformationURI: infradocInfoURI,
				Rules:          descriptors,
			}},
			OriginalURIBaseIDs: map[string]sarifArtifactLocation{
				sarifSrcRoot: {Description: &sarifMessage{Text: sarifSrcRootShown}},
			},
			ColumnKind: sarifColumnKind,
			Results:    results,
		}},
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	// Messages quote YAML and markdown: "<" and "&" stay readable.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// sarifArtifact is where a finding's file is: a URI reference relative to
// %SRCROOT% (after prefix), or a file: URI for an absolute path.
func sarifArtifact(file, prefix string) sarifArtifactLocation {
	if abs, ok := fileURI(file); ok {
		return sarifArtifactLocation{URI: abs}
	}
	if prefix != "" {
		file = path.Join(prefix, file)
	}
	return sarifArtifactLocation{URI: escapeURIPath(file), URIBaseID: sarifSrcRoot}
}
