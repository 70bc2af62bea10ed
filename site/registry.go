package site

// Registry is the infra registry: every infrastructure item, its state and
// failure mode, the definitions of the states and layers, and the governance
// artifacts that derive from the registry.
type Registry struct {
	Positions `json:"-"`
	// File is the registry file's display path.
	File string `json:"file" yaml:"-"`
	// Unreadable is true when the registry file is missing or is not valid
	// YAML; rules that look names up in it stay quiet then, since every
	// lookup would fail for the same reason.
	Unreadable bool `json:"-" yaml:"-"`
	// Title names the registry in generated pages; "Infra Registry" if unset.
	Title string `json:"title,omitempty" yaml:"title"`
	// Status is the document status, e.g. CANONICAL.
	Status string `json:"status,omitempty" yaml:"status"`
	// References lists PINs or documents the registry is governed by.
	References []string `json:"references,omitempty" yaml:"references"`
	// States defines A, B and C; the seed's definitions when omitted.
	States []StateDef `json:"states" yaml:"states"`
	// Layers names L1 to L8; DefaultLayers when omitted.
	Layers []LayerDef `json:"layers" yaml:"layers"`
	// LayersDefaulted is true when the registry defines no layers and
	// Layers holds DefaultLayers: names for display, which nothing is
	// checked against.
	LayersDefaulted bool `json:"-" yaml:"-"`
	// Items are the infrastructure items in the order they are listed.
	Items []*Item `json:"items" yaml:"items" infradoc:"required"`
	// Artifacts are the governance artifacts and what each derives from.
	Artifacts []*Artifact `json:"artifacts" yaml:"artifacts"`
	// Roles say who does what (the seed's Ownership table).
	Roles []Role `json:"roles,omitempty" yaml:"roles"`
}

// Item is one infrastructure dependency.
type Item struct {
	Positions `json:"-"`
	// Name is unique, compared case-insensitively.
	Name string `json:"name" yaml:"name" infradoc:"required"`
	// Aliases are other names tests may use in requires_infra(...).
	Aliases  []string `json:"aliases,omitempty" yaml:"aliases"`
	Category string   `json:"category" yaml:"category" infradoc:"required"`
	// Layer is L1..L8, optionally with its name: "L6 (Platform Substrate)".
	Layer string `json:"layer" yaml:"layer" infradoc:"required" pattern:"layer"`
	// State is A (chosen, conceptual), B (local substitute) or C (fully wired).
	State string `json:"state" yaml:"state" infradoc:"required" enum:"A,B,C"`
	// UsedBy lists the consumers, e.g. Tests, CI, Runtime.
	UsedBy []string `json:"used_by" yaml:"used_by"`
	// FailureMode is what a test does when the item is missing.
	FailureMode      string `json:"failure_mode" yaml:"failure_mode" infradoc:"required" enum:"FAIL,Skip,XFail"`
	Stub             Stub   `json:"stub" yaml:"stub"`
	LocalStrategy    string `json:"local_strategy" yaml:"local_strategy"`
	PromotionTrigger string `json:"promotion_trigger" yaml:"promotion_trigger"`
	Owner            string `json:"owner" yaml:"owner" infradoc:"required"`
	// Bucket classifies a state-A item (B1 or B2); nil for other states.
	Bucket *Bucket `json:"bucket,omitempty" yaml:"bucket"`
	// History is the item's state transitions, oldest first.
	History []*Promotion `json:"history,omitempty" yaml:"history"`
	// Description is free markdown shown on the item's page.
	Description string `json:"description,omitempty" yaml:"description"`
}

// Stub says whether a stub or emulator exists for the item.
type Stub struct {
	Positions `json:"-"`
	Available bool `json:"available" yaml:"available"`
	// Note qualifies the stub, e.g. "mock" renders as "Yes (mock)".
	Note string `json:"note,omitempty" yaml:"note"`
	// Path is where the stub lives, e.g. app/auth/stub.py.
	Path string `json:"path,omitempty" yaml:"path"`
}

// Bucket classifies a state-A item: B1 production-required but locally
// missing, B2 optional or deferred.
type Bucket struct {
	Positions `json:"-"`
	ID        string `json:"id" yaml:"id" infradoc:"required" enum:"B1,B2"`
	// Label is how the bucket tables name the item when it differs from the
	// item's name (e.g. "LLM APIs" for LLMAPIs).
	Label string `json:"label,omitempty" yaml:"label"`
	// Risk and Priority are required for B1.
	Risk     string `json:"risk,omitempty" yaml:"risk"`
	Priority string `json:"priority,omitempty" yaml:"priority"`
	// Justification and ReviewTrigger are required for B2.
	Justification string `json:"justification,omitempty" yaml:"justification"`
	ReviewTrigger string `json:"review_trigger,omitempty" yaml:"review_trigger"`
}

// Promotion is one recorded state transition of an item.
type Promotion struct {
	Positions  `json:"-"`
	Date       Date     `json:"date" yaml:"date" infradoc:"required"`
	From       string   `json:"from" yaml:"from" infradoc:"required" enum:"A,B,C"`
	To         string   `json:"to" yaml:"to" infradoc:"required" enum:"A,B,C"`
	Note       string   `json:"note,omitempty" yaml:"note"`
	Pins       []string `json:"pins,omitempty" yaml:"pins"`
	ApprovedBy string   `json:"approved_by" yaml:"approved_by" infradoc:"required"`
}

// StateDef defines one infra state.
type StateDef struct {
	Positions    `json:"-"`
	ID           string `json:"id" yaml:"id" infradoc:"required" enum:"A,B,C"`
	Name         string `json:"name" yaml:"name" infradoc:"required"`
	Meaning      string `json:"meaning" yaml:"meaning"`
	TestBehavior string `json:"test_behavior" yaml:"test_behavior"`
	// CI is the short CI consequence drawn under the state: "Skip (B1/B2)".
	CI string `json:"ci,omitempty" yaml:"ci"`
}

// LayerDef names one architecture layer.
type LayerDef struct {
	Positions   `json:"-"`
	ID          string `json:"id" yaml:"id" infradoc:"required" pattern:"layer"`
	Name        string `json:"name" yaml:"name" infradoc:"required"`
	Description string `json:"description,omitempty" yaml:"description"`
}

// Artifact is a governance artifact: a document, code or config that owns
// part of the truth or derives from another artifact.
type Artifact struct {
	Positions `json:"-"`
	Name      string `json:"name" yaml:"name" infradoc:"required"`
	// Path is the artifact's file relative to the repository root, when it
	// is one of the docs infradoc keeps in sync.
	Path string `json:"path,omitempty" yaml:"path"`
	// Responsibility and Owns fill the artifact responsibility matrix; an
	// artifact without a responsibility is drawn but not tabled.
	Responsibility string `json:"responsibility,omitempty" yaml:"responsibility"`
	Owns           string `json:"owns,omitempty" yaml:"owns"`
	// Role is the short label in the drift map: "Invariants that protect truth".
	Role string `json:"role,omitempty" yaml:"role"`
	// DerivesFrom names the artifact this one derives from; empty for the
	// ground truth.
	DerivesFrom string `json:"derives_from,omitempty" yaml:"derives_from"`
	// Self marks the registry itself ("INFRA_REGISTRY.md (this file)").
	Self bool `json:"self,omitempty" yaml:"self"`
}

// Role is a row of the ownership table.
type Role struct {
	Positions      `json:"-"`
	Role           string `json:"role" yaml:"role" infradoc:"required"`
	Responsibility string `json:"responsibility" yaml:"responsibility" infradoc:"required"`
}
