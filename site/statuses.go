package site

// StatusDef defines one obligation status.
type StatusDef struct {
	ID         string `json:"id"`
	Meaning    string `json:"meaning"`
	CIBehavior string `json:"ci_behavior"`
}

// StatusDefinitions returns the obligation statuses with their meaning and
// CI behaviour, in lifecycle order, as the obligation schema defines them.
func StatusDefinitions() []StatusDef {
	return []StatusDef{
		{StatusUnfulfilled, "Obligation declared, infra not yet built", "Tests skip with WARN"},
		{StatusPartial, "Some infra exists, not complete", "Tests skip with WARN"},
		{StatusPromoted, "All infra exists, tests must pass", "Failures are BLOCKING"},
		{StatusDeprecated, "Obligation no longer needed", "Tests should be removed"},
	}
}
