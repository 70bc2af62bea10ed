package finding

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"
)

// positionInMessage matches what a message says about a place in a file:
// "line 12", "lines 3-5", and a cited "file.yaml:12:5" (its file is kept,
// its line and column are not).
var positionInMessage = regexp.MustCompile(`\b(lines?) \d+(?:-\d+)?\b|(\S):\d+:\d+\b`)

// messageWithoutPositions returns m with the line and column numbers it
// cites replaced by "#": they move when lines are added above them, and a
// finding does not become another one because of that.
func messageWithoutPositions(m string) string {
	return positionInMessage.ReplaceAllStringFunc(m, func(s string) string {
		sub := positionInMessage.FindStringSubmatch(s)
		if sub[1] != "" {
			return sub[1] + " #"
		}
		return sub[2] + ":#:#"
	})
}

// Fingerprint returns an identity of f that survives edits elsewhere in its
// file: the hex SHA-256 of its rule, its file and its message with the line
// and column numbers the message cites left out. f's own line and column
// are not part of it, so a finding keeps its fingerprint when lines are
// added or removed above it; other numbers in the message (counts, dates)
// are, since a different count is a different problem. Code scanning
// matches results across runs by it (the SARIF report's
// partialFingerprints), and a future baseline file uses the same.
//
// Two findings of one rule in one file with the same message share a
// fingerprint; Fingerprints tells them apart.
func Fingerprint(f Finding) string {
	h := sha256.New()
	for _, part := range []string{f.Rule, f.File, messageWithoutPositions(f.Message)} {
		// Each part is length-prefixed, so no two triples hash alike.
		h.Write([]byte(strconv.Itoa(len(part)) + ":" + part))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Fingerprints returns the fingerprint of each of fs (sorted, as Sort
// leaves them) followed by ":n", where n counts the findings before it with
// the same Fingerprint, from 1: findings that differ only by their place
// in a file get distinct fingerprints, which stay the same as long as they
// keep their order.
func Fingerprints(fs []Finding) []string {
	out := make([]string, len(fs))
	seen := make(map[string]int, len(fs))
	for i, f := range fs {
		fp := Fingerprint(f)
		seen[fp]++
		out[i] = fp + ":" + strconv.Itoa(seen[fp])
	}
	return out
}
