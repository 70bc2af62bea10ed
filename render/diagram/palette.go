package diagram

// Diagram colours for light pages; the SVG's style sheet (SVGStyle)
// overrides them by class on dark pages, so the attributes below are the
// fallback when CSS is off.
const (
	colorInk   = "#1f2328"
	colorLine  = "#57606a"
	colorPaper = "#f6f8fa"
	colorGreen = "#d1fae5"
	colorAmber = "#fff1c2"
	colorBlue  = "#dbeafe"
	colorRed   = "#fde2e1"
	colorGray  = "#e5e7eb"
)

// stateClass returns the CSS class and fill of infra state id (A, B, C).
func stateClass(id string) (class, fill string) {
	switch id {
	case "A":
		return "state_a", colorAmber
	case "B":
		return "state_b", colorBlue
	case "C":
		return "state_c", colorGreen
	}
	return "state_unknown", colorGray
}

// statusClass returns the CSS class and fill of an obligation status.
func statusClass(status string) (class, fill string) {
	switch status {
	case "UNFULFILLED":
		return "status_unfulfilled", colorRed
	case "PARTIAL":
		return "status_partial", colorAmber
	case "PROMOTED":
		return "status_promoted", colorGreen
	case "DEPRECATED":
		return "status_deprecated", colorGray
	}
	return "status_unknown", colorGray
}

// Evidence and drift classes share the good / bad / unknown fills.
const (
	classGood    = "good"
	classBad     = "bad"
	classUnknown = "unknown"
)

// verdictFill returns the fill of a good / bad / unknown verdict.
func verdictFill(class string) string {
	switch class {
	case classGood:
		return colorGreen
	case classBad:
		return colorRed
	}
	return colorGray
}

// SVGStyle is embedded in every SVG: it keeps the light colours and
// switches to dark ones when the page or the viewer prefers dark, both for
// an SVG inlined in a page and one shown with <img>. Every selector is
// scoped to svg.infradoc-diagram so inlining cannot restyle the page.
const SVGStyle = `svg.infradoc-diagram text{fill:#1f2328}
@media (prefers-color-scheme:dark){
svg.infradoc-diagram text{fill:#e6edf3}
svg.infradoc-diagram .edge path,svg.infradoc-diagram .edge polygon,svg.infradoc-diagram .cluster>path,svg.infradoc-diagram .cluster>polygon{stroke:#8b949e}
svg.infradoc-diagram .edge polygon{fill:#8b949e}
svg.infradoc-diagram .cluster>path,svg.infradoc-diagram .cluster>polygon{fill:#161b22}
svg.infradoc-diagram .node>path,svg.infradoc-diagram .node>polygon,svg.infradoc-diagram .node>ellipse,svg.infradoc-diagram .node a>path,svg.infradoc-diagram .node a>polygon{fill:#21262d;stroke:#8b949e}
svg.infradoc-diagram .state_a>path,svg.infradoc-diagram .state_a>polygon,svg.infradoc-diagram .state_a a>path,svg.infradoc-diagram .state_a a>polygon,svg.infradoc-diagram .status_partial>path,svg.infradoc-diagram .status_partial>polygon,svg.infradoc-diagram .status_partial a>path,svg.infradoc-diagram .status_partial a>polygon{fill:#4d3800}
svg.infradoc-diagram .state_b>path,svg.infradoc-diagram .state_b>polygon,svg.infradoc-diagram .state_b a>path,svg.infradoc-diagram .state_b a>polygon{fill:#0c2d6b}
svg.infradoc-diagram .state_c>path,svg.infradoc-diagram .state_c>polygon,svg.infradoc-diagram .state_c a>path,svg.infradoc-diagram .state_c a>polygon,svg.infradoc-diagram .good>path,svg.infradoc-diagram .good>polygon,svg.infradoc-diagram .good a>path,svg.infradoc-diagram .good a>polygon,svg.infradoc-diagram .status_promoted>path,svg.infradoc-diagram .status_promoted>polygon,svg.infradoc-diagram .status_promoted a>path,svg.infradoc-diagram .status_promoted a>polygon{fill:#0f3d2a}
svg.infradoc-diagram .bad>path,svg.infradoc-diagram .bad>polygon,svg.infradoc-diagram .bad a>path,svg.infradoc-diagram .bad a>polygon,svg.infradoc-diagram .status_unfulfilled>path,svg.infradoc-diagram .status_unfulfilled>polygon,svg.infradoc-diagram .status_unfulfilled a>path,svg.infradoc-diagram .status_unfulfilled a>polygon{fill:#5c1a1a}
}
`
