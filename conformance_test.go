package cookiemonster

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cookiemonster-go/cookiemonster/internal/vectors"
	"github.com/stretchr/testify/assert"
)

// conformanceDir is where the public conformance vectors live, relative to
// the package directory; testdata/conformance/README.md says where each
// file comes from.
const conformanceDir = "testdata/conformance"

// readVector returns the content of a conformance vector file, given by its
// path under conformanceDir. A missing or unreadable file fails the test.
func readVector(t testing.TB, elem ...string) []byte {
	t.Helper()
	path := filepath.Join(append([]string{conformanceDir}, elem...)...)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("conformance vector %s: %v", path, err)
	}
	return data
}

// macaronSeedFiles are the macaron-wpt files whose cases hold Set-Cookie
// strings, with the number of cases in each.
var macaronSeedFiles = []struct {
	name  string
	count int
}{
	{"name", 27},
	{"value", 28},
	{"encoding", 6},
	{"ordering", 4},
}

// conformanceSeeds returns the Set-Cookie strings of the conformance
// vectors: those of the 221 WPT http-state cases and of the macaron-wpt
// files listed in macaronSeedFiles.
func conformanceSeeds(t testing.TB) []string {
	t.Helper()
	out, err := vectors.WPTLines(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range macaronSeedFiles {
		var cases []struct {
			Cookie json.RawMessage `json:"cookie"`
		}
		if err := json.Unmarshal(readVector(t, "macaron-wpt", "wpt", f.name+".json"), &cases); err != nil {
			t.Fatalf("%s.json: %v", f.name, err)
		}
		if len(cases) != f.count {
			t.Fatalf("%s.json: %d cases, want %d", f.name, len(cases), f.count)
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
				t.Fatalf("%s.json: cookie %s is neither a string nor a list", f.name, c.Cookie)
			}
		}
	}
	return out
}

// fatalTB records the message of a Fatalf and stops the goroutine, as
// testing.T does.
type fatalTB struct {
	testing.TB
	fatal string
}

func (f *fatalTB) Helper() {}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// TestMissingVectorFails checks that a vector file missing from a clone
// fails the suite that reads it, naming the file, rather than skipping it.
func TestMissingVectorFails(t *testing.T) {
	rec := &fatalTB{TB: t}
	done := make(chan []byte)
	go func() {
		defer close(done)
		done <- readVector(rec, "wpt-http-state", "no-such-vector.json")
	}()
	data, reached := <-done
	assert.False(t, reached, "readVector returned %q for a missing file", data)
	assert.True(t, strings.HasPrefix(rec.fatal, "conformance vector testdata/conformance/wpt-http-state/no-such-vector.json: open "), rec.fatal)
}
