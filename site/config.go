package site

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/infradoc/infradoc/site/evidence"
	"github.com/infradoc/infradoc/site/yamlstrict"

	"go.yaml.in/yaml/v3"
)

// ConfigFileName is the config file looked for at the repository root.
const ConfigFileName = "infradoc.yaml"

// Config is infradoc.yaml: where the inputs are and how the site looks.
// Paths are relative to the repository root (the directory of the config).
type Config struct {
	Positions `json:"-"`
	// File is the config's display path; empty when defaults are used.
	File string `json:"file,omitempty" yaml:"-"`
	// Registry is the registry YAML file.
	Registry string `json:"registry" yaml:"registry"`
	// Obligations is one file with a top-level obligations: list, or a
	// folder of <ID>.yaml files with an index.yaml.
	Obligations string `json:"obligations" yaml:"obligations"`
	// Docs are the markdown docs infradoc keeps in sync (glob patterns).
	Docs []string `json:"docs" yaml:"docs"`
	// TestsRoot is the folder test_files paths are relative to.
	TestsRoot string `json:"tests_root" yaml:"tests_root"`
	// MigrationsRoot is the folder migration_path values are relative to.
	MigrationsRoot string         `json:"migrations_root" yaml:"migrations_root"`
	Evidence       EvidenceConfig `json:"evidence" yaml:"evidence"`
	// Migrations name the migrations `verify --migrate` applies before the
	// obligations' folders: the base schema they build on.
	Migrations MigrationsConfig `json:"migrations,omitzero" yaml:"migrations"`
	// Rules overrides rule severities: rule id -> error, warning, info or off.
	Rules RuleSeverities `json:"rules,omitempty" yaml:"rules"`
	Site  SiteConfig     `json:"site" yaml:"site"`
	// MaxFileSize is the largest input file read, in bytes; 0 means
	// DefaultMaxFileSize. A larger file is a finding, not read.
	MaxFileSize ByteSize `json:"max_file_size,omitempty" yaml:"max_file_size"`
	// Git tunes the checks of the registry against its file's git history.
	Git GitConfig `json:"git,omitzero" yaml:"git"`
	// Summaries map the labels of hand-written summary comments to the
	// counts they state (see SummaryPattern).
	Summaries []*SummaryPattern `json:"summaries,omitempty" yaml:"summaries"`
	// Baseline is the baseline file `infradoc baseline` writes: the
	// findings it lists are accepted. "" for none.
	Baseline string `json:"baseline,omitempty" yaml:"baseline"`
	// Waivers accept findings of a rule, for a reason, approved by
	// someone, until a date (see Waiver).
	Waivers []*Waiver `json:"waivers,omitempty" yaml:"waivers"`
	// Verification is a report `infradoc verify --format json` wrote: the
	// site shows what it proved of each obligation. "" for none.
	Verification string `json:"verification,omitempty" yaml:"verification"`
	// rejected are the input paths checkPaths cleared, by key.
	rejected map[string]bool
	// defaults are the rules' default severities (Options.Rules).
	defaults map[string]Severity
}

// EvidenceConfig says how tests and migrations are scanned (see
// evidence.Config).
type EvidenceConfig = evidence.Config

// SiteConfig holds the settings of the generated site.
type SiteConfig struct {
	Positions `json:"-"`
	// Title is the site's name; "Infra governance" if unset.
	Title string `json:"title,omitempty" yaml:"title"`
	// Output is the folder the site is written to; "public" if unset.
	Output string `json:"output,omitempty" yaml:"output"`
	// BaseURL is the published address, used for sitemap.xml.
	BaseURL string `json:"base_url,omitempty" yaml:"base_url"`
	// RepoURL enables "edit this page" links: RepoURL + "/edit/" + EditBranch + "/" + path.
	RepoURL    string `json:"repo_url,omitempty" yaml:"repo_url"`
	EditBranch string `json:"edit_branch,omitempty" yaml:"edit_branch"`
	// PinURL links related PINs; "{id}" is replaced by the PIN id.
	PinURL string `json:"pin_url,omitempty" yaml:"pin_url"`
	// Templates is a folder of templates and static files that replace
	// the embedded ones of the same name (page.html, static/site.css, …),
	// the way Hugo's layouts/ does; "" uses the embedded ones only.
	Templates string `json:"templates,omitempty" yaml:"templates"`
	// Logo is an image inside the root shown in the header instead of
	// infradoc's mark; the build copies it into the site.
	Logo string `json:"logo,omitempty" yaml:"logo" pattern:"logo"`
	// Colors and DarkColors override the stylesheet's colours in the
	// light and the dark theme.
	Colors     ThemeColors `json:"colors,omitzero" yaml:"colors"`
	DarkColors ThemeColors `json:"dark_colors,omitzero" yaml:"dark_colors"`
}

// GitConfig holds the settings of the checks that compare the registry's
// history: entries with the commits that changed its file.
type GitConfig struct {
	Positions `json:"-"`
	// HistoryToleranceDays is how many days a history entry's date may lie
	// from the date of the commit that made its state change before
	// history-date reports it; nil means DefaultHistoryToleranceDays.
	HistoryToleranceDays *int `json:"history_tolerance_days,omitempty" yaml:"history_tolerance_days"`
}

// DefaultHistoryToleranceDays is git.history_tolerance_days when unset: a
// week covers a change written one day, reviewed and merged days later.
const DefaultHistoryToleranceDays = 7

// HistoryToleranceDays is git.history_tolerance_days, or its default.
func (c *Config) HistoryToleranceDays() int {
	if c == nil || c.Git.HistoryToleranceDays == nil {
		return DefaultHistoryToleranceDays
	}
	return *c.Git.HistoryToleranceDays
}

// RuleSeverities maps rule ids to severities.
type RuleSeverities map[string]Severity

func (rs *RuleSeverities) DecodeYAML(d *yamlstrict.Decoder, n *yaml.Node) bool {
	if yamlstrict.IsNull(n) {
		return true
	}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "type", "expected a mapping of rule ids to error, warning, info or off, found %s", yamlstrict.KindName(n))
		return false
	}
	*rs = RuleSeverities{}
	ok := true
	ids := d.Vocabularies["rule"]
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], d.Resolve(n.Content[i+1])
		if v == nil {
			return false
		}
		if line, dup := seen[k.Value]; dup {
			d.Errorf(k, "duplicate-key", "rule %q is already configured at line %d", k.Value, line)
			ok = false
			continue
		}
		seen[k.Value] = k.Line
		if ids != nil && !slices.Contains(ids, k.Value) {
			d.Errorf(k, "unknown-key", "unknown rule %q%s (infradoc rules lists them)", k.Value, yamlstrict.DidYouMean(k.Value, ids))
			ok = false
			continue
		}
		sev := Severity(v.Value)
		if v.Kind != yaml.ScalarNode || (sev != SeverityError && sev != SeverityWarning && sev != SeverityInfo && sev != SeverityOff) {
			d.Errorf(v, "enum", "severity of %q must be error, warning, info or off", k.Value)
			ok = false
			continue
		}
		(*rs)[k.Value] = sev
	}
	return ok
}

// Conventional places of the inputs, tried in order when the config names none.
var (
	defaultRegistryPaths    = []string{"INFRA_REGISTRY.yaml", "docs/infra/INFRA_REGISTRY.yaml", "docs/INFRA_REGISTRY.yaml"}
	defaultObligationsPaths = []string{"obligations", "INFRA_OBLIGATION_REGISTRY.yaml", "docs/infra/obligations", "docs/infra/INFRA_OBLIGATION_REGISTRY.yaml"}
)

// DefaultConfig returns the config used when there is no infradoc.yaml.
func DefaultConfig() *Config {
	c := &Config{}
	c.applyDefaults()
	return c
}

func (c *Config) applyDefaults() {
	if c.Docs == nil {
		c.Docs = []string{"**/*.md"}
	}
	c.TestsRoot = cmp.Or(c.TestsRoot, ".")
	c.MigrationsRoot = cmp.Or(c.MigrationsRoot, ".")
	c.Site.Title = cmp.Or(c.Site.Title, "Infra governance")
	c.Site.Output = cmp.Or(c.Site.Output, "public")
	c.Site.EditBranch = cmp.Or(c.Site.EditBranch, "main")
}

// SeverityOf returns the configured severity of rule, or its default.
func (c *Config) SeverityOf(rule string) Severity { return c.severityOr(rule, SeverityError) }

// severityOr is SeverityOf, with def for a rule the config and the
// defaults do not know (the severity the finding was made with).
func (c *Config) severityOr(rule string, def Severity) Severity {
	if c != nil {
		if s, ok := c.Rules[rule]; ok {
			return s
		}
		if s, ok := c.defaults[rule]; ok {
			return s
		}
	}
	if def == "" {
		return SeverityError
	}
	return def
}

// ApplySeverities sets each finding's severity from the config, drops
// findings of rules turned off, and sorts the rest.
func (c *Config) ApplySeverities(fs []Finding) []Finding {
	out := fs[:0:0]
	for _, f := range fs {
		f.Severity = c.severityOr(f.Rule, f.Severity)
		if f.Severity != SeverityOff {
			out = append(out, f)
		}
	}
	return SortFindings(out)
}

func (c *Config) String() string { return fmt.Sprintf("config %s", c.File) }
