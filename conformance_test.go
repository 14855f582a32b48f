package cookiemonster

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// conformanceDir is where the shared conformance vectors live, relative to
// the package directory.
const conformanceDir = "../shared/conformance"

// conformanceSeeds returns the Set-Cookie strings of the shared conformance
// vectors, or nothing when the folder is absent.
func conformanceSeeds(t testing.TB) []string {
	dir := conformanceDir
	var out []string
	if data, err := os.ReadFile(filepath.Join(dir, "wpt-http-state", "http-state-wpt.json")); err == nil {
		var cases []struct {
			Received []string `json:"received"`
		}
		if err := json.Unmarshal(data, &cases); err != nil {
			t.Fatalf("http-state-wpt.json: %v", err)
		}
		for _, c := range cases {
			out = append(out, c.Received...)
		}
	} else {
		t.Logf("conformance vectors not used: %v", err)
	}
	for _, name := range []string{"name", "value", "encoding", "ordering"} {
		data, err := os.ReadFile(filepath.Join(dir, "macaron-wpt", "wpt", name+".json"))
		if err != nil {
			t.Logf("conformance vectors not used: %v", err)
			continue
		}
		var cases []struct {
			Cookie json.RawMessage `json:"cookie"`
		}
		if err := json.Unmarshal(data, &cases); err != nil {
			t.Fatalf("%s.json: %v", name, err)
		}
		for _, c := range cases {
			var one string
			var many []string
			switch {
			case json.Unmarshal(c.Cookie, &one) == nil:
				out = append(out, one)
			case json.Unmarshal(c.Cookie, &many) == nil:
				out = append(out, many...)
			default:
				t.Fatalf("%s.json: cookie %s is neither a string nor a list", name, c.Cookie)
			}
		}
	}
	return out
}
