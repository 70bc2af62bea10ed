// Package claim holds every outcome gotestsum writes to a JUnit file: site/junit's parser reads them all.
package claim

import "testing"

func TestClaim(t *testing.T) {
	t.Run("first", func(t *testing.T) {})
	t.Run("twice", func(t *testing.T) { t.Fatal("claimed twice") })
}

func TestNeedsReplica(t *testing.T) {
	t.Skip("needs a replica")
}

func TestPasses(t *testing.T) {}
