package verify

import "flag"

// update rewrites golden files instead of comparing: go test ./site/verify -update
var update = flag.Bool("update", false, "rewrite the golden files under testdata/")
