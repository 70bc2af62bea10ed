package site

// DefaultStates returns the seed's definitions of states A, B and C.
func DefaultStates() []StateDef {
	return []StateDef{
		{ID: "A", Name: "Chosen (Conceptual)", Meaning: "Infra selected for production, not wired locally", TestBehavior: "MUST skip explicitly (Bucket B)", CI: "Skip (B1/B2)"},
		{ID: "B", Name: "Local Substitute", Meaning: "Contract exercised via stub/emulator", TestBehavior: "MUST run against substitute", CI: "Run tests"},
		{ID: "C", Name: "Fully Wired", Meaning: "Required and available", TestBehavior: "Failures are blocking", CI: "Required"},
	}
}

// DefaultLayers returns the layer names used when the registry names none.
func DefaultLayers() []LayerDef {
	return []LayerDef{
		{ID: "L1", Name: "Product Experience"},
		{ID: "L2", Name: "API & Interfaces"},
		{ID: "L3", Name: "Integration Adapters"},
		{ID: "L4", Name: "Domain Engines"},
		{ID: "L5", Name: "Execution & Workers"},
		{ID: "L6", Name: "Platform Substrate"},
		{ID: "L7", Name: "Operations & Observability"},
		{ID: "L8", Name: "Governance & Tooling"},
	}
}

// State returns the definition of state id, or nil.
func (r *Registry) State(id string) *StateDef {
	for i := range r.States {
		if r.States[i].ID == id {
			return &r.States[i]
		}
	}
	return nil
}

// Layer returns the definition of the layer written as "L5" or
// "L5 (Execution & Workers)", or nil.
func (r *Registry) Layer(layer string) *LayerDef {
	id := LayerID(layer)
	for i := range r.Layers {
		if r.Layers[i].ID == id {
			return &r.Layers[i]
		}
	}
	return nil
}

// Item returns the item named name or one of its aliases, compared
// case-insensitively, or nil.
func (r *Registry) Item(name string) *Item {
	for _, it := range r.Items {
		if equalFold(it.Name, name) {
			return it
		}
		for _, a := range it.Aliases {
			if equalFold(a, name) {
				return it
			}
		}
	}
	return nil
}

// ItemsInState returns the items in state id, in registry order.
func (r *Registry) ItemsInState(id string) []*Item {
	var out []*Item
	for _, it := range r.Items {
		if it.State == id {
			out = append(out, it)
		}
	}
	return out
}
