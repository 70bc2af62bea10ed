package report

import "flag"

// update rewrites golden files instead of comparing: go test ./render/report -update
var update = flag.Bool("update", false, "rewrite the golden files under testdata/")
