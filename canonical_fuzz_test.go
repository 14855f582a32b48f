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

// conformanceLines returns every Set-Cookie line of the WPT http-state and
// macaron-wpt vectors, or nil when the vectors are absent.
func conformanceLines(tb testing.TB) []string {
	tb.Helper()
	var lines []string
	data, err := os.ReadFile(filepath.Join(conformanceDir, "wpt-http-state", "http-state-wpt.json"))
	if err != nil {
		return nil
	}
	var cases []struct {
		Received []string `json:"received"`
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		tb.Fatalf("http-state-wpt.json: %v", err)
	}
	for _, c := range cases {
		lines = append(lines, c.Received...)
	}
	for _, name := range []string{"name", "value", "encoding", "ordering"} {
		data, err := os.ReadFile(filepath.Join(conformanceDir, "macaron-wpt", "wpt", name+".json"))
		if err != nil {
			continue
		}
		var cases []struct {
			Cookie json.RawMessage `json:"cookie"`
		}
		if err := json.Unmarshal(data, &cases); err != nil {
			tb.Fatalf("%s.json: %v", name, err)
		}
		for _, c := range cases {
			var one string
			var many []string
			if json.Unmarshal(c.Cookie, &one) == nil {
				lines = append(lines, one)
			} else if json.Unmarshal(c.Cookie, &many) == nil {
				lines = append(lines, many...)
			}
		}
	}
	return lines
}

// fuzzURLs are the URLs FuzzNewCanonicalCookie sets cookies from.
var fuzzURLs = []string{
	"https://www.example.com/dir/page",
	"http://home.example.org:8888/cookie-parser?x",
	"http://127.0.0.1/",
	"https://[::1]/a/b",
	"http://localhost/",
	"https://a0001.izzle/",
}

func FuzzNewCanonicalCookie(f *testing.F) {
	for _, l := range conformanceLines(f) {
		f.Add(l, uint8(0))
		f.Add(l, uint8(1))
	}
	for i, l := range []string{
		"a=b", "=a=b", "__Host-a=b; Secure; Path=/", "a=b; Domain=example.com; Max-Age=100; Partitioned; Secure",
		"a=b; Expires=Wed, 09 Jun 2027 10:18:14 GMT; SameSite=Lax; Priority=High; HttpOnly",
		"a=b; Domain=127.0.0.1", "x=y; Path=/a/b; Max-Age=0",
	} {
		f.Add(l, uint8(i))
	}
	key, err := NewPartitionKey(mustURL(f, "https://top.example/"), true)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string, which uint8) {
		u := mustURL(t, fuzzURLs[int(which)%len(fuzzURLs)])
		o := CreateOptions{Partition: key}
		c, st := NewCanonicalCookie(u, line, t0, o)
		if c == nil {
			if st.IsInclude() {
				t.Fatalf("%q: no cookie and no exclusion", line)
			}
			return
		}
		if !st.IsInclude() {
			t.Fatalf("%q: a cookie and exclusions %s", line, st)
		}
		if !c.IsCanonical() {
			t.Fatalf("%q: not canonical: %+v", line, c)
		}
		again, st := NewCanonicalCookie(u, c.String(), t0, o)
		if again == nil {
			t.Fatalf("%q re-serialized as %q: %s", line, c.String(), st)
		}
		if *again != *c {
			t.Fatalf("%q re-serialized as %q: %+v != %+v", line, c.String(), again, c)
		}
		_ = c.IncludeForRequestURL(u, NavigationOptions(), t0)
		_ = c.IsSetPermittedInContext(u, Options{}, t0)
	})
}
