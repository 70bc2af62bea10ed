package report

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/infradoc/infradoc/site/rules"
)

// repoRulesPage is the rules page in infradoc's repository: the table of
// every rule (a generated block, so it lists each rule this code knows).
const repoRulesPage = "https://github.com/infradoc/infradoc/blob/main/content/docs/RULES.md"

// sitePage is the rules page on a published site: the site writes the doc
// docs/RULES.md as docs/RULES.html (the docs' common folder, docs/,
// becomes the pages' docs/), as it does for infradoc's own content/.
const sitePage = "/docs/RULES.html"

// RulesPage returns the page a SARIF rule links to for help: siteBaseURL
// + "/docs/RULES.html" when siteBaseURL (the config's site.base_url) is an
// http(s) URL, which is where a published site shows a docs/RULES.md that
// holds a rules block; otherwise infradoc's RULES.md on GitHub. The rows of
// the rules table have no anchors, so the link is to the page.
func RulesPage(siteBaseURL string) string {
	u, err := url.Parse(strings.TrimSpace(siteBaseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return repoRulesPage
	}
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	return strings.TrimRight(u.String(), "/") + sitePage
}

// sarifReportingDescriptor describes a rule.
type sarifReportingDescriptor struct {
	ID                   string                      `json:"id"`
	Name                 string                      `json:"name"`
	ShortDescription     sarifMultiformatMessage     `json:"shortDescription"`
	FullDescription      sarifMultiformatMessage     `json:"fullDescription"`
	DefaultConfiguration sarifReportingConfiguration `json:"defaultConfiguration"`
	HelpURI              string                      `json:"helpUri"`
	Help                 sarifMultiformatMessage     `json:"help"`
}

type sarifMultiformatMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifReportingConfiguration struct {
	Level string `json:"level"`
}

// sarifRule is the descriptor of r, whose help is on the page help.
func sarifRule(r *rules.Rule, help string) sarifReportingDescriptor {
	summary := sentence(r.Summary)
	severity := fmt.Sprintf("Its default severity is %s; set it to error, warning, info or off under rules: in infradoc.yaml.", r.Severity)
	return sarifReportingDescriptor{
		ID:                   r.ID,
		Name:                 pascalCase(r.ID),
		ShortDescription:     sarifMultiformatMessage{Text: r.Summary},
		FullDescription:      sarifMultiformatMessage{Text: summary + " " + severity},
		DefaultConfiguration: sarifReportingConfiguration{Level: sarifLevel(r.Severity)},
		HelpURI:              help,
		Help: sarifMultiformatMessage{
			Text: fmt.Sprintf("%s %s Every rule: %s", summary, severity, help),
			Markdown: fmt.Sprintf("%s\n\nDefault severity: `%s`. Set it to `error`, `warning` or `off` under `rules:` in `infradoc.yaml`:\n\n"+
				"```yaml\nrules:\n  %s: warning\n```\n\n[Every rule](%s)", summary, r.Severity, r.ID, help),
		},
	}
}

// sentence returns a rule's summary as a sentence: a capital first letter
// (unless the summary starts with a name, such as requires_infra("X"),
// rather than a word)
// and a full stop.
func sentence(s string) string {
	first, _, _ := strings.Cut(s, " ")
	if strings.IndexFunc(first, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) < 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = string(unicode.ToUpper(r)) + s[n:]
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// pascalCase turns a rule id into the rule's name, as SARIF suggests:
// "object-missing-partial" becomes "ObjectMissingPartial".
func pascalCase(id string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(id, "-") {
		r, n := utf8.DecodeRuneInString(part)
		if n == 0 {
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(part[n:])
	}
	return b.String()
}
