// Package store writes the ledger's audit trail.
package store

// Audit is one audit row.
type Audit struct {
	Action string
}

// Trail holds the audit rows written so far.
type Trail struct {
	rows []Audit
}

// Write records an action.
func (t *Trail) Write(action string) {
	t.rows = append(t.rows, Audit{Action: action})
}

// Len is the number of rows.
func (t *Trail) Len() int { return len(t.rows) }
