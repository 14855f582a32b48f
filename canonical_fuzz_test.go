package cookiemonster

import (
	"testing"
)

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
	for _, l := range conformanceSeeds(f) {
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
