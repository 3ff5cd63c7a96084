package harness

import (
	"fmt"
	"os"
	"path/filepath"
)

// Each command writes under its own folder of --out, so that no command
// replaces another's results:
//
//	DIR/run/            report.html, summary.json, contract/, load/  (livemsg run)
//	DIR/contract/       junit.xml, cucumber.json, results.json        (livemsg contract)
//	DIR/load/           vegeta result files, summary.json             (livemsg load)
//	DIR/repro/CODE/     junit.xml, cucumber.json, results.json        (livemsg repro CODE)
//	DIR/run/profile/    a profile's results, summary, report, journal (livemsg run --profile)
//	DIR/load/profile/   the same                                      (livemsg load --profile)
//	DIR/explore/        the shrunk divergence, the real-target journal (livemsg explore)
//	DIR/parity/         parity.html, parity.json                      (livemsg parity)
//
// A command replaces only its own previous results. CommandDir is that folder
// ("" when out is "").
func commandDir(out string, parts ...string) string {
	if out == "" {
		return ""
	}
	return filepath.Join(append([]string{out}, parts...)...)
}

// loadResultPatterns are the files a load run writes in DIR/load/.
var loadResultPatterns = []string{"*.bin", "find-limit-*.json", "summary.json"}

// clearLoadResults removes the result files of the previous load run in
// dir/load, so that the folder holds one run's files, not a pile of
// several; anything else there is left alone.
func clearLoadResults(dir string) error {
	if dir == "" {
		return nil
	}
	for _, pat := range loadResultPatterns {
		names, err := filepath.Glob(filepath.Join(dir, "load", pat))
		if err != nil {
			return err
		}
		for _, n := range names {
			if err := os.Remove(n); err != nil && !os.IsNotExist(err) {
				return fmt.Errorf("clear the previous load results: %w", err)
			}
		}
	}
	return nil
}
