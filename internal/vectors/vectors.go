// Package vectors reads the public test vectors that the module's
// testdata/conformance holds, for the tests and fuzz targets of every
// package.
package vectors

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// WPTCases is the number of cases of the WPT http-state vectors.
const WPTCases = 221

// WPTLines returns the Set-Cookie lines of the WPT http-state vectors
// (testdata/conformance/wpt-http-state/http-state-wpt.json under the
// module root, given as root), in file order. A missing file, or one
// without exactly WPTCases cases, is an error.
func WPTLines(root string) ([]string, error) {
	path := filepath.Join(root, "testdata", "conformance", "wpt-http-state", "http-state-wpt.json")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("conformance vector: %w", err)
	}
	var cases []struct {
		Received []string `json:"received"`
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		return nil, fmt.Errorf("conformance vector %s: %w", path, err)
	}
	if len(cases) != WPTCases {
		return nil, fmt.Errorf("conformance vector %s: %d cases, want %d", path, len(cases), WPTCases)
	}
	var lines []string
	for _, c := range cases {
		lines = append(lines, c.Received...)
	}
	return lines, nil
}
