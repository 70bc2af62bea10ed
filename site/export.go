package site

import (
	"bytes"
	"encoding/json"
)

// Export is the validated model as `infradoc export` prints it: what CI
// scripts and test helpers read instead of copying the registry.
type Export struct {
	Config      *Config       `json:"config"`
	Registry    *Registry     `json:"registry"`
	Obligations []*Obligation `json:"obligations"`
	Evidence    *Evidence     `json:"evidence"`
	Counts      Counts        `json:"counts"`
}

// Counts are the totals the docs' tables and summaries are made of. Every
// map holds every possible key (states A-C, the registry's layers, buckets
// B1 and B2, the four statuses), zero included, so scripts need no defaults.
type Counts struct {
	Items          int            `json:"items"`
	ItemsPerState  map[string]int `json:"items_per_state"`
	ItemsPerLayer  map[string]int `json:"items_per_layer"`
	ItemsPerBucket map[string]int `json:"items_per_bucket"`
	Obligations    int            `json:"obligations"`
	// ObligationsPerStatus counts UNFULFILLED, PARTIAL, PROMOTED and DEPRECATED.
	ObligationsPerStatus map[string]int `json:"obligations_per_status"`
	// RequiredObjects sums the objects the obligations require.
	RequiredObjects int `json:"required_objects"`
	// TestsDeclared sums the counts of every obligation's test files;
	// TestsFound sums the test functions found in those files.
	TestsDeclared int `json:"tests_declared"`
	TestsFound    int `json:"tests_found"`
}

// Export returns the site's model with its counts.
func (s *Site) Export() *Export {
	obligations := s.Obligations
	if obligations == nil {
		obligations = []*Obligation{}
	}
	return &Export{Config: s.Config, Registry: s.Registry, Obligations: obligations, Evidence: s.Evidence, Counts: s.Counts()}
}

// Counts computes the totals of the registry and the obligations.
func (s *Site) Counts() Counts {
	c := Counts{
		ItemsPerState:        map[string]int{},
		ItemsPerLayer:        map[string]int{},
		ItemsPerBucket:       map[string]int{"B1": 0, "B2": 0},
		ObligationsPerStatus: map[string]int{},
	}
	if s.Registry != nil {
		for _, st := range s.Registry.States {
			c.ItemsPerState[st.ID] = 0
		}
		for _, l := range s.Registry.Layers {
			c.ItemsPerLayer[l.ID] = 0
		}
		for _, it := range s.Registry.Items {
			c.Items++
			c.ItemsPerState[it.State]++
			c.ItemsPerLayer[LayerID(it.Layer)]++
			if it.Bucket != nil {
				c.ItemsPerBucket[it.Bucket.ID]++
			}
		}
	}
	for _, st := range Statuses {
		c.ObligationsPerStatus[st] = 0
	}
	for _, o := range s.Obligations {
		c.Obligations++
		c.ObligationsPerStatus[o.Status]++
		c.RequiredObjects += len(o.Requires)
		c.TestsDeclared += o.TestCount()
		if ev := s.Evidence.Obligation(o.ID); ev != nil {
			c.TestsFound += ev.TestsFound
		}
	}
	return c
}

// MarshalJSON writes the criteria as an object of name to true/false, in
// the order they are written.
func (pc PromotionCriteria) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range pc.List {
		if i > 0 {
			b.WriteByte(',')
		}
		name, err := json.Marshal(c.Name)
		if err != nil {
			return nil, err
		}
		b.Write(name)
		if c.Met {
			b.WriteString(":true")
		} else {
			b.WriteString(":false")
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
