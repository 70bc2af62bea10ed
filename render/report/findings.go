package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
)

// FindingsFormat is how findings are printed.
type FindingsFormat string

// Findings formats.
const (
	FormatText   FindingsFormat = "text"
	FormatJSON   FindingsFormat = "json"
	FormatGitHub FindingsFormat = "github"
)

// FindingsFormats lists the valid formats.
var FindingsFormats = []FindingsFormat{FormatText, FormatJSON, FormatGitHub}

// TextOptions tune the text format.
type TextOptions struct {
	// Color adds ANSI colours (only when writing to a terminal).
	Color bool
	// Sources maps file names to their bytes, to quote the offending line.
	Sources map[string][]byte
	// Verbose prints every finding on its own: without it, findings of one
	// rule in one file after the first are one line with their count and
	// first positions, and baselined findings are one count line.
	Verbose bool
}

// WriteFindings writes findings in format. JSON is an array (empty, not
// null, when there are none).
func WriteFindings(w io.Writer, format FindingsFormat, fs []site.Finding, opts TextOptions) error {
	switch format {
	case FormatJSON:
		if fs == nil {
			fs = []site.Finding{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(fs)
	case FormatGitHub:
		var b bytes.Buffer
		for _, f := range fs {
			level := "error"
			switch f.Severity {
			case site.SeverityWarning:
				level = "warning"
			case site.SeverityInfo:
				level = "notice"
			}
			if f.Accepted() {
				// Accepted findings fail nothing: a notice, saying why.
				level = "notice"
			}
			fmt.Fprintf(&b, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", level,
				ghProperty(f.File), max(f.Line, 1), max(f.Col, 1), ghProperty("infradoc "+f.Rule), ghData(f.Message+acceptedNote(f)))
		}
		_, err := w.Write(b.Bytes())
		return err
	default:
		return writeText(w, fs, opts)
	}
}

// ANSI escapes used by the text format.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiGray   = "\x1b[90m"
	ansiGreen  = "\x1b[32m"
)

func writeText(w io.Writer, fs []site.Finding, opts TextOptions) error {
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + ansiReset
	}
	var b bytes.Buffer
	baselined := 0
	for _, g := range textGroups(fs, opts.Verbose) {
		f := g[0]
		if f.Baselined && !opts.Verbose {
			baselined += len(g)
			continue
		}
		sev := paint(ansiRed, string(f.Severity))
		switch f.Severity {
		case site.SeverityWarning:
			sev = paint(ansiYellow, string(f.Severity))
		case site.SeverityInfo:
			sev = paint(ansiGray, string(f.Severity))
		}
		fmt.Fprintf(&b, "%s: %s%s: %s %s\n", paint(ansiBold, f.Pos.String()), sev, acceptedNote(f), f.Message, paint(ansiGray, "["+f.Rule+"]"))
		if line, ok := SourceLine(opts.Sources[f.File], f.Line); ok && f.Line > 0 {
			fmt.Fprintf(&b, "  %4d | %s\n", f.Line, line)
			fmt.Fprintf(&b, "       | %s%s\n", caretPad(line, f.Col), paint(ansiGreen, "^"))
		}
		if len(g) > 1 {
			fmt.Fprintf(&b, "  … and %d more %s in %s, at %s (--verbose lists each)\n", len(g)-1, paint(ansiGray, "["+f.Rule+"]"), f.File, firstPositions(g[1:]))
		}
	}
	if baselined > 0 {
		fmt.Fprintf(&b, "%s accepted by the baseline (--verbose lists them)\n", countWords(baselined, "finding", "findings"))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// maxGroupPositions is how many positions a grouped line shows.
const maxGroupPositions = 5

// textGroups returns fs, in their order, as groups to print: each finding
// alone when verbose; otherwise the findings of one rule and severity in
// one file, accepted in the same way, are one group at the place of the
// first of them (and waived by the same waiver).
func textGroups(fs []site.Finding, verbose bool) [][]site.Finding {
	type key struct {
		file, rule string
		sev        site.Severity
		baselined  bool
		// waiver tells the waivers apart: each is shown with its reason.
		waiver finding.Waiver
	}
	var groups [][]site.Finding
	at := map[key]int{}
	for _, f := range fs {
		if verbose {
			groups = append(groups, []site.Finding{f})
			continue
		}
		k := key{file: f.File, rule: f.Rule, sev: f.Severity, baselined: f.Baselined}
		if f.Waived != nil {
			k.waiver = *f.Waived
		}
		if i, ok := at[k]; ok && f.File != "" {
			groups[i] = append(groups[i], f)
			continue
		}
		at[k] = len(groups)
		groups = append(groups, []site.Finding{f})
	}
	return groups
}

// firstPositions lists the line:col of the first findings of fs, and how
// many more there are.
func firstPositions(fs []site.Finding) string {
	var parts []string
	for i, f := range fs {
		if i == maxGroupPositions {
			parts = append(parts, strconv.Itoa(len(fs)-i)+" more")
			break
		}
		parts = append(parts, strconv.Itoa(max(f.Line, 1))+":"+strconv.Itoa(max(f.Col, 1)))
	}
	return joinAnd(parts)
}

// acceptedNote is what the text report adds to the severity of an
// accepted finding: by the baseline, or by a waiver, its date, approver
// and reason.
func acceptedNote(f site.Finding) string {
	switch {
	case f.Waived != nil:
		return fmt.Sprintf(" (waived until %s by %s: %s)", f.Waived.Until, f.Waived.ApprovedBy, f.Waived.Reason)
	case f.Baselined:
		return " (baselined)"
	}
	return ""
}

// SourceLine returns line n (1-based) of src as the text report quotes it:
// without its line ending, with tabs shown as spaces. Applied to its own
// result it changes nothing.
func SourceLine(src []byte, n int) (string, bool) {
	if src == nil || n < 1 {
		return "", false
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return "", false
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	line := strings.TrimRight(string(src), "\r")
	if !utf8.ValidString(line) {
		line = strings.ToValidUTF8(line, "\uFFFD")
	}
	return strings.ReplaceAll(line, "\t", " "), true
}

// caretPad returns the spaces that put a caret under column col (1-based,
// counted in characters as YAML positions are).
func caretPad(line string, col int) string {
	n := min(max(col-1, 0), utf8.RuneCountInString(line))
	return strings.Repeat(" ", n)
}

// ghData escapes a workflow command's message.
func ghData(s string) string { return ghDataEscaper.Replace(s) }

// ghDataEscaper and ghPropertyEscaper are built once, not per finding.
var (
	ghDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string { return ghPropertyEscaper.Replace(s) }
