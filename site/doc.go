// Package site loads an infradoc repository (config, infra registry,
// obligations, evidence from tests and migrations) into a validated model.
//
// Data flows one way: files -> site -> render -> files. This package reads
// through an fs.FS, never writes, never exits and knows nothing of HTML or
// flags. Problems in the user's input are returned as Findings with 1-based
// positions; failures of the tool itself are returned as errors.
package site
