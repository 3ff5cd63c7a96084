// Package features embeds the Gherkin scenarios of the contract suite, so
// the livemsg binary carries them wherever it runs.
package features

import "embed"

// FS holds every *.feature file of this folder.
//
//go:embed *.feature
var FS embed.FS
