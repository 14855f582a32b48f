package cookiemonster

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mqNew returns a Monster on a clock starting at t0. cfg.Now is replaced.
func mqNew(t *testing.T, cfg Config) (*Monster, *fakeClock) {
	t.Helper()
	clk := newFakeClock(t0)
	cfg.Now = clk.Now
	m, err := New(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	return m, clk
}

// mqSeed is a cookie to set with SetCookieLine, as a same-site HTTP
// access in partition part.
type mqSeed struct {
	url, line string
	part      PartitionKey
}

// mqSeedAll sets every seed, one second apart, and fails if one is refused.
func mqSeedAll(t *testing.T, m *Monster, clk *fakeClock, seeds []mqSeed) {
	t.Helper()
	for _, s := range seeds {
		res, err := m.SetCookieLine(context.Background(), mustURL(t, s.url), s.line,
			HTTPOptions(MakeSameSiteContext(ContextStrict), s.part))
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude(), "%q from %s: %s", s.line, s.url, res.Status)
		clk.Advance(time.Second)
	}
}

// mqPartKeys returns two distinct partition keys.
func mqPartKeys(t *testing.T) (kA, kB PartitionKey) {
	t.Helper()
	kA, err := NewPartitionKey(mustURL(t, "https://top-a.com/"), true)
	require.NoError(t, err)
	kB, err = NewPartitionKey(mustURL(t, "https://top-b.com/"), false)
	require.NoError(t, err)
	return kA, kB
}

// mqDesc describes a cookie as "name=value domain path", with " @site" for
// a partitioned cookie.
func mqDesc(c *CanonicalCookie) string {
	s := fmt.Sprintf("%s=%s %s %s", c.Name, c.Value, c.Domain, c.Path)
	if c.IsPartitioned() {
		s += " @" + c.Partition.Site().String()
	}
	return s
}

func mqDescs(cs []*CanonicalCookie) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, mqDesc(c))
	}
	return out
}

// mqAll returns the descriptions of every stored cookie, sorted.
func mqAll(t *testing.T, m *Monster) []string {
	t.Helper()
	all, err := m.AllCookies(context.Background())
	require.NoError(t, err)
	return mqDescs(all)
}

func mqPtr[T any](v T) *T { return &v }

// mqWithout returns all minus the listed entries, keeping the order.
func mqWithout(all []string, drop ...string) []string {
	out := []string{}
outer:
	for _, s := range all {
		for _, d := range drop {
			if s == d {
				continue outer
			}
		}
		out = append(out, s)
	}
	return out
}

// The query fixture: creation times t0, t0+1s, ... in this order.
const (
	qA1  = "a=1 example.com /"
	qA2  = "a=2 .example.com /"
	qA3  = "a=3 www.example.com /foo"
	qS4  = "s=4 example.com /"
	qH5  = "h=5 example.com /"
	qNL  = "=nameless example.com /"
	qP7  = "p=7 example.com /"
	qA8  = "a=8 myexample.com /"
	qB9  = "b=9 .sub.example.com /"
	qA10 = "a=10 example.com /deep @https://top-a.com"
	qC11 = "c=11 example.com / @https://top-b.com"
	qI12 = "i=12 insecure.org /"
)

func mqQueryFixture(t *testing.T) (*Monster, *fakeClock, PartitionKey, PartitionKey) {
	t.Helper()
	m, clk := mqNew(t, Config{})
	kA, kB := mqPartKeys(t)
	mqSeedAll(t, m, clk, []mqSeed{
		{url: "https://example.com/", line: "a=1; Path=/"},
		{url: "https://www.example.com/", line: "a=2; Domain=example.com; Path=/"},
		{url: "https://www.example.com/foo/x", line: "a=3; Path=/foo"},
		{url: "https://example.com/", line: "s=4; Secure; Path=/"},
		{url: "https://example.com/", line: "h=5; HttpOnly; SameSite=Strict; Path=/"},
		{url: "https://example.com/", line: "=nameless; Path=/"},
		{url: "https://example.com/", line: "p=7; Max-Age=86400; Path=/"},
		{url: "https://myexample.com/", line: "a=8; Path=/"},
		{url: "https://sub.example.com/", line: "b=9; Domain=Sub.Example.com"},
		{url: "https://example.com/deep/x", line: "a=10; Secure; Partitioned; Path=/deep", part: kA},
		{url: "https://example.com/", line: "c=11; Secure; Partitioned", part: kB},
		{url: "http://insecure.org/", line: "i=12"},
	})
	return m, clk, kA, kB
}

// Every unpartitioned fixture cookie, in Cookie-header order.
var qUnpartitioned = []string{qA3, qA1, qA2, qS4, qH5, qNL, qP7, qA8, qB9, qI12}

// Every fixture cookie, in Cookie-header order.
var qEverything = []string{qA10, qA3, qA1, qA2, qS4, qH5, qNL, qP7, qA8, qB9, qC11, qI12}

func TestQueryFixtureAllCookies(t *testing.T) {
	m, _, _, _ := mqQueryFixture(t)
	assert.Equal(t, qEverything, mqAll(t, m))
}

func TestQueryGet(t *testing.T) {
	zero := PartitionKey{}
	cases := []struct {
		name   string
		url    string
		cookie string
		part   string // "", "A", "B" or "nonced"
		want   string // "" for nil
	}{
		{"longest path wins", "https://www.example.com/foo/bar", "a", "", qA3},
		{"domain cookie on a subdomain", "https://www.example.com/", "a", "", qA2},
		{"equal paths: earliest creation wins", "https://example.com/", "a", "", qA1},
		{"HttpOnly and SameSite=Strict ignored", "https://example.com/", "h", "", qH5},
		{"Secure over https", "https://example.com/", "s", "", qS4},
		{"Secure not over http", "http://example.com/", "s", "", ""},
		{"non-secure over http", "http://example.com/", "p", "", qP7},
		{"nameless cookie by empty name", "https://example.com/", "", "", qNL},
		{"missing name", "https://example.com/", "zzz", "", ""},
		{"name is case-sensitive", "https://example.com/", "A", "", ""},
		{"partitioned cookie needs its key", "https://example.com/", "c", "", ""},
		{"partitioned cookie with its key", "https://example.com/", "c", "B", qC11},
		{"partitioned cookie with another key", "https://example.com/", "c", "A", ""},
		{"key adds its partition: longer path wins", "https://example.com/deep/x", "a", "A", qA10},
		{"no key: only unpartitioned", "https://example.com/deep/x", "a", "", qA1},
		{"partitioned cookie off its path", "https://example.com/deeper", "a", "A", qA1},
		{"nonced key hides unpartitioned cookies", "https://example.com/", "a", "nonced", ""},
		{"eTLD+1 lookalike is another site", "https://myexample.com/", "a", "", qA8},
		{"domain attribute case-folded", "https://x.sub.example.com/", "b", "", qB9},
		{"domain cookie not on parent", "https://example.com/", "b", "", ""},
		{"non-cookieable scheme", "ftp://example.com/", "a", "", ""},
		{"insecure site", "http://insecure.org/any/path", "i", "", qI12},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, _, kA, kB := mqQueryFixture(t)
			part := zero
			switch tc.part {
			case "A":
				part = kA
			case "B":
				part = kB
			case "nonced":
				var err error
				part, err = NewNoncedPartitionKey(mustURL(t, "https://example.com/"), Nonce{1})
				require.NoError(t, err)
			}
			got, err := m.Get(context.Background(), mustURL(t, tc.url), tc.cookie, part)
			require.NoError(t, err)
			if tc.want == "" {
				assert.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			assert.Equal(t, tc.want, mqDesc(got))
			// Get is a read: nothing changes, and the result is a copy.
			got.Value = "changed"
			assert.Equal(t, qEverything, mqAll(t, m))
		})
	}
}

func TestQueryGetFields(t *testing.T) {
	m, _, _, _ := mqQueryFixture(t)
	got, err := m.Get(context.Background(), mustURL(t, "https://example.com/"), "h", PartitionKey{})
	require.NoError(t, err)
	require.NotNil(t, got)
	assert.Equal(t, CanonicalCookie{
		Name: "h", Value: "5", Domain: "example.com", Path: "/",
		Creation: t0.Add(4 * time.Second), LastAccess: t0.Add(4 * time.Second), LastUpdate: t0.Add(4 * time.Second),
		HTTPOnly: true, SameSite: SameSiteStrict, SourceScheme: SourceSchemeSecure, SourcePort: 443,
	}, *got)
}

func TestQueryGetAll(t *testing.T) {
	cases := []struct {
		name   string
		filter func(t *testing.T, kA, kB PartitionKey) CookieFilter
		want   []string
	}{
		{"zero filter: every unpartitioned cookie", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{}
		}, qUnpartitioned},
		{"URL https subdomain with path", func(t *testing.T, _, _ PartitionKey) CookieFilter {
			return CookieFilter{URL: mustURL(t, "https://www.example.com/foo")}
		}, []string{qA3, qA2}},
		{"URL http: no Secure cookie, HttpOnly kept", func(t *testing.T, _, _ PartitionKey) CookieFilter {
			return CookieFilter{URL: mustURL(t, "http://example.com/")}
		}, []string{qA1, qA2, qH5, qNL, qP7}},
		{"URL https", func(t *testing.T, _, _ PartitionKey) CookieFilter {
			return CookieFilter{URL: mustURL(t, "https://example.com/")}
		}, []string{qA1, qA2, qS4, qH5, qNL, qP7}},
		{"URL of an unknown site", func(t *testing.T, _, _ PartitionKey) CookieFilter {
			return CookieFilter{URL: mustURL(t, "https://nothing.test/")}
		}, []string{}},
		{"URL wss is like https", func(t *testing.T, _, _ PartitionKey) CookieFilter {
			return CookieFilter{URL: mustURL(t, "wss://example.com/")}
		}, []string{qA1, qA2, qS4, qH5, qNL, qP7}},
		{"URL with a non-cookieable scheme", func(t *testing.T, _, _ PartitionKey) CookieFilter {
			return CookieFilter{URL: mustURL(t, "ftp://example.com/")}
		}, []string{}},
		{"Name", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Name: mqPtr("a")}
		}, []string{qA3, qA1, qA2, qA8}},
		{"Name empty: the nameless cookie", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Name: mqPtr("")}
		}, []string{qNL}},
		{"Name missing", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Name: mqPtr("nope")}
		}, []string{}},
		{"Domain and subdomains", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Domain: "example.com"}
		}, []string{qA3, qA1, qA2, qS4, qH5, qNL, qP7, qB9}},
		{"Domain case-insensitive with leading dot", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Domain: ".EXAMPLE.Com"}
		}, []string{qA3, qA1, qA2, qS4, qH5, qNL, qP7, qB9}},
		{"Domain subdomain excludes parent domain cookie", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Domain: "www.example.com"}
		}, []string{qA3}},
		{"Domain sub.example.com", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Domain: "sub.example.com"}
		}, []string{qB9}},
		{"Domain myexample.com is not example.com", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Domain: "myexample.com"}
		}, []string{qA8}},
		{"Domain suffix that is not a label boundary", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Domain: "ample.com"}
		}, []string{}},
		{"Domain TLD", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Domain: "org"}
		}, []string{qI12}},
		{"Path exact /foo", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Path: mqPtr("/foo")}
		}, []string{qA3}},
		{"Path exact / (no prefix match)", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Path: mqPtr("/")}
		}, []string{qA1, qA2, qS4, qH5, qNL, qP7, qA8, qB9, qI12}},
		{"Path prefix of a path is not it", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Path: mqPtr("/fo")}
		}, []string{}},
		{"Secure true", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Secure: mqPtr(true)}
		}, []string{qS4}},
		{"Secure false", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Secure: mqPtr(false)}
		}, []string{qA3, qA1, qA2, qH5, qNL, qP7, qA8, qB9, qI12}},
		{"Session true", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Session: mqPtr(true)}
		}, []string{qA3, qA1, qA2, qS4, qH5, qNL, qA8, qB9, qI12}},
		{"Session false", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Session: mqPtr(false)}
		}, []string{qP7}},
		{"Partitions zero: unpartitioned only", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Partitions: PartitionKeyCollection{}}
		}, qUnpartitioned},
		{"Partitions empty PartitionKeys()", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Partitions: PartitionKeys()}
		}, qUnpartitioned},
		{"Partitions kA: unpartitioned plus kA", func(_ *testing.T, kA, _ PartitionKey) CookieFilter {
			return CookieFilter{Partitions: PartitionKeys(kA)}
		}, []string{qA10, qA3, qA1, qA2, qS4, qH5, qNL, qP7, qA8, qB9, qI12}},
		{"Partitions kB", func(_ *testing.T, _, kB PartitionKey) CookieFilter {
			return CookieFilter{Partitions: PartitionKeys(kB)}
		}, []string{qA3, qA1, qA2, qS4, qH5, qNL, qP7, qA8, qB9, qC11, qI12}},
		{"Partitions kA with another cross-site bit is another key", func(t *testing.T, _, _ PartitionKey) CookieFilter {
			k, err := NewPartitionKey(mustURL(t, "https://top-a.com/"), false)
			require.NoError(t, err)
			return CookieFilter{Partitions: PartitionKeys(k)}
		}, qUnpartitioned},
		{"AllPartitions", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Partitions: AllPartitions()}
		}, qEverything},
		{"Name + AllPartitions + Secure", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Name: mqPtr("a"), Secure: mqPtr(true), Partitions: AllPartitions()}
		}, []string{qA10}},
		{"Name + URL", func(t *testing.T, _, _ PartitionKey) CookieFilter {
			return CookieFilter{Name: mqPtr("a"), URL: mustURL(t, "https://www.example.com/foo/bar")}
		}, []string{qA3, qA2}},
		{"Domain + Session false", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Domain: "example.com", Session: mqPtr(false)}
		}, []string{qP7}},
		{"URL + AllPartitions", func(t *testing.T, _, _ PartitionKey) CookieFilter {
			return CookieFilter{URL: mustURL(t, "https://example.com/deep/x"), Partitions: AllPartitions()}
		}, []string{qA10, qA1, qA2, qS4, qH5, qNL, qP7, qC11}},
		{"URL + PartitionKeys(kB) + Secure", func(t *testing.T, _, kB PartitionKey) CookieFilter {
			return CookieFilter{URL: mustURL(t, "https://example.com/deep/x"), Partitions: PartitionKeys(kB), Secure: mqPtr(true)}
		}, []string{qS4, qC11}},
		{"Domain + Path + Name", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Domain: "example.com", Path: mqPtr("/"), Name: mqPtr("a")}
		}, []string{qA1, qA2}},
		{"contradictory filter", func(*testing.T, PartitionKey, PartitionKey) CookieFilter {
			return CookieFilter{Name: mqPtr("s"), Secure: mqPtr(false)}
		}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, _, kA, kB := mqQueryFixture(t)
			got, err := m.GetAll(context.Background(), tc.filter(t, kA, kB))
			require.NoError(t, err)
			assert.Equal(t, tc.want, mqDescs(got))
			assert.Equal(t, qEverything, mqAll(t, m), "GetAll must not change the store")
		})
	}
}

func TestQueryGetAllDropsExpired(t *testing.T) {
	m, clk, _, _ := mqQueryFixture(t)
	clk.Advance(25 * time.Hour) // p=7 (Max-Age=86400) has expired
	got, err := m.GetAll(context.Background(), CookieFilter{Session: mqPtr(false)})
	require.NoError(t, err)
	assert.Equal(t, []string{}, mqDescs(got))
	assert.Equal(t, mqWithout(qEverything, qP7), mqAll(t, m))
}

func TestQuerySet(t *testing.T) {
	kA, _ := mqPartKeys(t)
	at := t0.Add(time.Hour) // the clock when Set runs
	cases := []struct {
		name    string
		setup   []mqSeed // set at t0, t0+1s, ...
		details CookieDetails
		url     string
		want    *CanonicalCookie // nil: not stored
		exclude []ExclusionReason
		after   []string // AllCookies afterwards
	}{
		{
			name: "host-only with defaults", url: "https://example.com/dir/page",
			details: CookieDetails{Name: "x", Value: "y"},
			want: &CanonicalCookie{Name: "x", Value: "y", Domain: "example.com", Path: "/dir",
				Creation: at, LastAccess: at, LastUpdate: at, SourceScheme: SourceSchemeSecure, SourcePort: 443},
			after: []string{"x=y example.com /dir"},
		},
		{
			name: "domain cookie, explicit path, every field", url: "https://www.example.com:8443/",
			details: CookieDetails{Name: "x", Value: "y", Domain: "Example.COM", Path: "/p", Secure: true, HTTPOnly: true,
				Expiry: at.Add(24 * time.Hour), SameSite: SameSiteStrict, Priority: PriorityHigh},
			want: &CanonicalCookie{Name: "x", Value: "y", Domain: ".example.com", Path: "/p",
				Creation: at, LastAccess: at, LastUpdate: at, Expiry: at.Add(24 * time.Hour),
				Secure: true, HTTPOnly: true, SameSite: SameSiteStrict, Priority: PriorityHigh,
				SourceScheme: SourceSchemeSecure, SourcePort: 8443},
			after: []string{"x=y .example.com /p"},
		},
		{
			name: "leading dot in Domain", url: "https://www.example.com/",
			details: CookieDetails{Name: "x", Value: "y", Domain: ".example.com"},
			want: &CanonicalCookie{Name: "x", Value: "y", Domain: ".example.com", Path: "/",
				Creation: at, LastAccess: at, LastUpdate: at, SourceScheme: SourceSchemeSecure, SourcePort: 443},
			after: []string{"x=y .example.com /"},
		},
		{
			name: "expiry capped at 400 days", url: "http://example.com/",
			details: CookieDetails{Name: "x", Value: "y", Expiry: at.Add(500 * 24 * time.Hour)},
			want: &CanonicalCookie{Name: "x", Value: "y", Domain: "example.com", Path: "/",
				Creation: at, LastAccess: at, LastUpdate: at, Expiry: at.Add(400 * 24 * time.Hour),
				SourceScheme: SourceSchemeNonSecure, SourcePort: 80},
			after: []string{"x=y example.com /"},
		},
		{
			name: "HttpOnly allowed (an HTTP access)", url: "http://example.com/",
			details: CookieDetails{Name: "x", Value: "y", HTTPOnly: true, SameSite: SameSiteLax},
			want: &CanonicalCookie{Name: "x", Value: "y", Domain: "example.com", Path: "/",
				Creation: at, LastAccess: at, LastUpdate: at, HTTPOnly: true, SameSite: SameSiteLax,
				SourceScheme: SourceSchemeNonSecure, SourcePort: 80},
			after: []string{"x=y example.com /"},
		},
		{
			name: "nameless cookie", url: "https://example.com/",
			details: CookieDetails{Value: "v"},
			want: &CanonicalCookie{Value: "v", Domain: "example.com", Path: "/",
				Creation: at, LastAccess: at, LastUpdate: at, SourceScheme: SourceSchemeSecure, SourcePort: 443},
			after: []string{"=v example.com /"},
		},
		{
			name: "partitioned", url: "https://example.com/",
			details: CookieDetails{Name: "x", Value: "y", Secure: true, Partition: kA},
			want: &CanonicalCookie{Name: "x", Value: "y", Domain: "example.com", Path: "/",
				Creation: at, LastAccess: at, LastUpdate: at, Secure: true, Partition: kA,
				SourceScheme: SourceSchemeSecure, SourcePort: 443},
			setup: []mqSeed{{url: "https://example.com/", line: "x=unpartitioned"}},
			after: []string{"x=unpartitioned example.com /", "x=y example.com / @https://top-a.com"},
		},
		{
			name: "same value keeps the old creation", url: "https://example.com/",
			setup:   []mqSeed{{url: "https://example.com/", line: "x=y"}},
			details: CookieDetails{Name: "x", Value: "y", Priority: PriorityLow},
			want: &CanonicalCookie{Name: "x", Value: "y", Domain: "example.com", Path: "/",
				Creation: t0, LastAccess: at, LastUpdate: at, Priority: PriorityLow,
				SourceScheme: SourceSchemeSecure, SourcePort: 443},
			after: []string{"x=y example.com /"},
		},
		{
			name: "new value replaces with a new creation", url: "https://example.com/",
			setup:   []mqSeed{{url: "https://example.com/", line: "x=old"}},
			details: CookieDetails{Name: "x", Value: "new"},
			want: &CanonicalCookie{Name: "x", Value: "new", Domain: "example.com", Path: "/",
				Creation: at, LastAccess: at, LastUpdate: at, SourceScheme: SourceSchemeSecure, SourcePort: 443},
			after: []string{"x=new example.com /"},
		},
		{
			name: "overwrites an HttpOnly cookie", url: "https://example.com/",
			setup:   []mqSeed{{url: "https://example.com/", line: "x=old; HttpOnly"}},
			details: CookieDetails{Name: "x", Value: "new"},
			want: &CanonicalCookie{Name: "x", Value: "new", Domain: "example.com", Path: "/",
				Creation: at, LastAccess: at, LastUpdate: at, SourceScheme: SourceSchemeSecure, SourcePort: 443},
			after: []string{"x=new example.com /"},
		},
		{
			name: "non-secure over a Secure cookie from https: allowed", url: "https://example.com/",
			setup:   []mqSeed{{url: "https://example.com/", line: "x=old; Secure"}},
			details: CookieDetails{Name: "x", Value: "new"},
			want: &CanonicalCookie{Name: "x", Value: "new", Domain: "example.com", Path: "/",
				Creation: at, LastAccess: at, LastUpdate: at, SourceScheme: SourceSchemeSecure, SourcePort: 443},
			after: []string{"x=new example.com /"},
		},
		{
			name: "over a Secure cookie from http: ExcludeOverwriteSecure", url: "http://example.com/",
			setup:   []mqSeed{{url: "https://example.com/", line: "x=old; Secure"}},
			details: CookieDetails{Name: "x", Value: "new"},
			exclude: []ExclusionReason{ExcludeOverwriteSecure},
			after:   []string{"x=old example.com /"},
		},
		{
			name: "shadowing a Secure cookie from http: ExcludeOverwriteSecure", url: "http://www.example.com/a/b",
			setup:   []mqSeed{{url: "https://example.com/", line: "x=old; Secure; Domain=example.com"}},
			details: CookieDetails{Name: "x", Value: "new"},
			exclude: []ExclusionReason{ExcludeOverwriteSecure},
			after:   []string{"x=old .example.com /"},
		},
		{
			name: "Secure on an http URL: ExcludeSecureOnly", url: "http://example.com/",
			details: CookieDetails{Name: "x", Value: "y", Secure: true},
			exclude: []ExclusionReason{ExcludeSecureOnly},
			after:   []string{},
		},
		{
			name: "Domain of another site: ExcludeDomainMismatch, ExcludeInvalidDomain", url: "https://example.com/",
			details: CookieDetails{Name: "x", Value: "y", Domain: "other.com"},
			exclude: []ExclusionReason{ExcludeDomainMismatch, ExcludeInvalidDomain},
			after:   []string{},
		},
		{
			name: "Domain a public suffix: ExcludeDomainMismatch, ExcludeInvalidDomain", url: "https://example.com/",
			details: CookieDetails{Name: "x", Value: "y", Domain: "com"},
			exclude: []ExclusionReason{ExcludeDomainMismatch, ExcludeInvalidDomain},
			after:   []string{},
		},
		{
			name: "Domain a lookalike: ExcludeDomainMismatch, ExcludeInvalidDomain", url: "https://example.com/",
			details: CookieDetails{Name: "x", Value: "y", Domain: "myexample.com"},
			exclude: []ExclusionReason{ExcludeDomainMismatch, ExcludeInvalidDomain},
			after:   []string{},
		},
		{
			name: "empty name with '=' in the value: ExcludeAmbiguousSerialization", url: "https://example.com/",
			details: CookieDetails{Value: "a=b"},
			exclude: []ExclusionReason{ExcludeAmbiguousSerialization},
			after:   []string{},
		},
		{
			name: "partitioned without Secure: ExcludeInvalidPartitioned", url: "https://example.com/",
			details: CookieDetails{Name: "x", Value: "y", Partition: kA},
			exclude: []ExclusionReason{ExcludeInvalidPartitioned},
			after:   []string{},
		},
		{
			name: "already expired: deletes its equivalent, stores nothing", url: "https://example.com/",
			setup:   []mqSeed{{url: "https://example.com/", line: "x=old"}, {url: "https://example.com/", line: "z=keep"}},
			details: CookieDetails{Name: "x", Value: "y", Expiry: at.Add(-time.Minute)},
			after:   []string{"z=keep example.com /"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, clk := mqNew(t, Config{})
			mqSeedAll(t, m, clk, tc.setup)
			clk.Advance(at.Sub(clk.Now()))
			d := tc.details
			d.URL = mustURL(t, tc.url)
			got, st, err := m.Set(context.Background(), d)
			require.NoError(t, err)
			assert.Equal(t, tc.exclude, st.Exclusions(), "status %s", st)
			if tc.want == nil {
				assert.Nil(t, got)
			} else if assert.NotNil(t, got) {
				assert.Equal(t, *tc.want, *got)
				all, err := m.GetAll(context.Background(), CookieFilter{Name: mqPtr(tc.want.Name), Partitions: AllPartitions()})
				require.NoError(t, err)
				found := false
				for _, c := range all {
					if c.IsEquivalent(got) {
						assert.Equal(t, *got, *c, "stored cookie")
						found = true
					}
				}
				assert.True(t, found, "the returned cookie is stored")
			}
			assert.Equal(t, tc.after, mqAll(t, m))
		})
	}
}

func TestQueryRemove(t *testing.T) {
	cases := []struct {
		name   string
		url    string
		cookie string
		part   string // "", "A" or "B"
		want   []string
	}{
		{"host and domain cookie sent to the URL", "https://example.com/", "a", "", []string{qA1, qA2}},
		{"path and domain", "https://www.example.com/foo/x", "a", "", []string{qA3, qA2}},
		{"host-only cookie of another host kept", "https://www.example.com/", "a", "", []string{qA2}},
		{"Secure cookie not removed over http", "http://example.com/", "s", "", []string{}},
		{"Secure cookie removed over https", "https://example.com/", "s", "", []string{qS4}},
		{"HttpOnly ignored", "http://example.com/", "h", "", []string{qH5}},
		{"nameless", "https://example.com/", "", "", []string{qNL}},
		{"missing cookie", "https://example.com/", "zzz", "", []string{}},
		{"missing site", "https://nothing.test/", "a", "", []string{}},
		{"only that partition", "https://example.com/deep/x", "a", "A", []string{qA10}},
		{"partitioned cookie not removed without its key", "https://example.com/", "c", "", []string{}},
		{"partitioned cookie not removed with another key", "https://example.com/", "c", "A", []string{}},
		{"partitioned cookie removed with its key", "https://example.com/", "c", "B", []string{qC11}},
		{"key does not remove unpartitioned cookies", "https://example.com/", "a", "B", []string{}},
		{"not on path", "https://example.com/deeper", "a", "A", []string{}},
		{"lookalike site", "https://myexample.com/", "a", "", []string{qA8}},
		{"non-cookieable scheme removes nothing", "ftp://example.com/", "a", "", []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, _, kA, kB := mqQueryFixture(t)
			var part PartitionKey
			switch tc.part {
			case "A":
				part = kA
			case "B":
				part = kB
			}
			events := mqCollect(m)
			got, err := m.Remove(context.Background(), mustURL(t, tc.url), tc.cookie, part)
			require.NoError(t, err)
			assert.Equal(t, tc.want, mqDescs(got))
			assert.Equal(t, mqWithout(qEverything, tc.want...), mqAll(t, m))
			assert.ElementsMatch(t, mqCaused("Explicit", tc.want), events())
		})
	}
}

func TestQueryRemoveExpired(t *testing.T) {
	m, clk, _, _ := mqQueryFixture(t)
	clk.Advance(25 * time.Hour) // p=7 has expired: it would not be sent
	got, err := m.Remove(context.Background(), mustURL(t, "https://example.com/"), "p", PartitionKey{})
	require.NoError(t, err)
	assert.Equal(t, []string{}, mqDescs(got), "an expired cookie is not sent to the URL, so it is not removed by it")
	assert.Equal(t, mqWithout(qEverything, qP7), mqAll(t, m))
}

func TestQueryAllCookiesSortedAndExpired(t *testing.T) {
	m, clk := mqNew(t, Config{})
	kA, _ := mqPartKeys(t)
	mqSeedAll(t, m, clk, []mqSeed{
		{url: "https://example.com/", line: "old=1"},
		{url: "https://example.com/a/b/c", line: "long=2; Path=/a/b"},
		{url: "https://other.org/", line: "short=3; Max-Age=10"},
		{url: "https://example.com/", line: "part=4; Secure; Partitioned; Path=/a", part: kA},
		{url: "https://other.org/", line: "mid=5; Path=/a/c; Max-Age=100"},
		{url: "https://example.com/", line: "new=6"},
	})
	assert.Equal(t, []string{
		"long=2 example.com /a/b", "mid=5 other.org /a/c", "part=4 example.com /a @https://top-a.com",
		"old=1 example.com /", "short=3 other.org /", "new=6 example.com /",
	}, mqAll(t, m))

	events := mqCollect(m)
	clk.Advance(10 * time.Second) // short=3 expires at t0+2s+10s; now t0+16s
	assert.Equal(t, []string{
		"long=2 example.com /a/b", "mid=5 other.org /a/c", "part=4 example.com /a @https://top-a.com",
		"old=1 example.com /", "new=6 example.com /",
	}, mqAll(t, m))
	assert.Equal(t, []string{"Expired short=3 other.org /"}, events())
	clk.Advance(time.Hour)
	assert.Equal(t, []string{
		"long=2 example.com /a/b", "part=4 example.com /a @https://top-a.com",
		"old=1 example.com /", "new=6 example.com /",
	}, mqAll(t, m))

	// AllCookies returns copies.
	all, err := m.AllCookies(context.Background())
	require.NoError(t, err)
	all[0].Value = "changed"
	assert.Equal(t, "long=2 example.com /a/b", mqAll(t, m)[0])
}

// The deletion fixture: index i is created at t0 + i seconds.
const (
	dA1  = "a=1 example.com /"                     // 0 session, host-only
	dB2  = "b=2 .example.com /"                    // 1 persistent, domain
	dC3  = "c=3 www.example.com /"                 // 2 session, Secure, host-only
	dA4  = "a=4 other.org /"                       // 3 persistent
	dIP5 = "ip=5 192.168.0.1 /"                    // 4 session, IP host
	dPA6 = "pa=6 example.com / @https://top-a.com" // 5 session, partitioned kA
	dPB7 = "pb=7 other.org / @https://top-b.com"   // 6 persistent, partitioned kB
	dUK8 = "uk=8 .example.co.uk /"                 // 7 session, domain
)

var dEverything = []string{dA1, dB2, dC3, dA4, dIP5, dPA6, dPB7, dUK8}

func mqDeleteFixture(t *testing.T) (*Monster, *fakeClock, PartitionKey, PartitionKey) {
	t.Helper()
	m, clk := mqNew(t, Config{})
	kA, kB := mqPartKeys(t)
	mqSeedAll(t, m, clk, []mqSeed{
		{url: "https://example.com/", line: "a=1"},
		{url: "https://www.example.com/", line: "b=2; Domain=example.com; Max-Age=86400"},
		{url: "https://www.example.com/", line: "c=3; Secure"},
		{url: "https://other.org/", line: "a=4; Max-Age=86400"},
		{url: "http://192.168.0.1/", line: "ip=5"},
		{url: "https://example.com/", line: "pa=6; Secure; Partitioned", part: kA},
		{url: "https://other.org/", line: "pb=7; Secure; Partitioned; Max-Age=86400", part: kB},
		{url: "https://sub.example.co.uk/", line: "uk=8; Domain=example.co.uk"},
	})
	require.Equal(t, dEverything, mqAll(t, m))
	return m, clk, kA, kB
}

// mqCollect records the causes and cookies of every change; the returned
// function reports those so far.
func mqCollect(m *Monster) func() []string {
	var mu sync.Mutex
	var events []string
	m.Changes().SubscribeAll(func(ch Change) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, ch.Cause.String()+" "+mqDesc(&ch.Cookie))
	})
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), events...)
	}
}

func mqCaused(cause string, descs []string) []string {
	out := []string{}
	for _, d := range descs {
		out = append(out, cause+" "+d)
	}
	return out
}

func TestQueryTimeRangeContains(t *testing.T) {
	s, e := t0, t0.Add(time.Hour)
	cases := []struct {
		name string
		r    TimeRange
		at   time.Time
		want bool
	}{
		{"zero range: anything", TimeRange{}, t0, true},
		{"zero range: zero time", TimeRange{}, time.Time{}, true},
		{"start inclusive", TimeRange{Start: s, End: e}, s, true},
		{"inside", TimeRange{Start: s, End: e}, s.Add(time.Minute), true},
		{"end exclusive", TimeRange{Start: s, End: e}, e, false},
		{"just before end", TimeRange{Start: s, End: e}, e.Add(-time.Microsecond), true},
		{"before start", TimeRange{Start: s, End: e}, s.Add(-time.Microsecond), false},
		{"open start", TimeRange{End: e}, s.Add(-1000 * time.Hour), true},
		{"open start, end exclusive", TimeRange{End: e}, e, false},
		{"open end", TimeRange{Start: s}, s.Add(1000 * time.Hour), true},
		{"open end, before start", TimeRange{Start: s}, s.Add(-time.Microsecond), false},
		{"start == end: that instant", TimeRange{Start: s, End: s}, s, true},
		{"start == end: a µs later", TimeRange{Start: s, End: s}, s.Add(time.Microsecond), false},
		{"start == end: a µs earlier", TimeRange{Start: s, End: s}, s.Add(-time.Microsecond), false},
		{"inverted range: nothing", TimeRange{Start: e, End: s}, s.Add(time.Minute), false},
		{"other time zone, same instant", TimeRange{Start: s, End: s}, s.In(time.FixedZone("X", 3600)), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.r.contains(tc.at))
		})
	}
}

func TestDeleteCanonicalCookie(t *testing.T) {
	cases := []struct {
		name   string
		pick   string // the stored cookie to start from
		modify func(c *CanonicalCookie, kA, kB PartitionKey)
		want   int
	}{
		{"same cookie", dA1, nil, 1},
		{"domain cookie", dB2, nil, 1},
		{"partitioned cookie", dPA6, nil, 1},
		{"different value", dA1, func(c *CanonicalCookie, _, _ PartitionKey) { c.Value = "other" }, 0},
		{"different path", dA1, func(c *CanonicalCookie, _, _ PartitionKey) { c.Path = "/x" }, 0},
		{"host-only vs domain", dA1, func(c *CanonicalCookie, _, _ PartitionKey) { c.Domain = ".example.com" }, 0},
		{"different name", dA1, func(c *CanonicalCookie, _, _ PartitionKey) { c.Name = "z" }, 0},
		{"partitioned cookie without its key", dPA6, func(c *CanonicalCookie, _, _ PartitionKey) { c.Partition = PartitionKey{} }, 0},
		{"partitioned cookie with another key", dPA6, func(c *CanonicalCookie, _, kB PartitionKey) { c.Partition = kB }, 0},
		{"other fields do not matter", dA1, func(c *CanonicalCookie, _, _ PartitionKey) {
			c.Creation, c.Secure, c.HTTPOnly, c.Expiry, c.Priority = t0.Add(time.Hour), true, true, t0.Add(time.Hour), PriorityHigh
		}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, _, kA, kB := mqDeleteFixture(t)
			all, err := m.AllCookies(context.Background())
			require.NoError(t, err)
			var c *CanonicalCookie
			for _, x := range all {
				if mqDesc(x) == tc.pick {
					c = x
				}
			}
			require.NotNil(t, c)
			if tc.modify != nil {
				tc.modify(c, kA, kB)
			}
			events := mqCollect(m)
			n, err := m.DeleteCanonicalCookie(context.Background(), c)
			require.NoError(t, err)
			assert.Equal(t, tc.want, n)
			if tc.want == 1 {
				assert.Equal(t, mqWithout(dEverything, tc.pick), mqAll(t, m))
				assert.Equal(t, []string{"Explicit " + tc.pick}, events())
			} else {
				assert.Equal(t, dEverything, mqAll(t, m))
				assert.Empty(t, events())
			}
		})
	}
}

func TestDeleteAllCreatedInTimeRange(t *testing.T) {
	sec := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Second))) }
	cases := []struct {
		name string
		r    TimeRange
		want []string // deleted
	}{
		{"[2s,5s)", TimeRange{Start: sec(2), End: sec(5)}, []string{dC3, dA4, dIP5}},
		{"open start", TimeRange{End: sec(2)}, []string{dA1, dB2}},
		{"open end, partitioned included", TimeRange{Start: sec(5)}, []string{dPA6, dPB7, dUK8}},
		{"both open: everything", TimeRange{}, dEverything},
		{"start == end: exactly that instant (partitioned)", TimeRange{Start: sec(5), End: sec(5)}, []string{dPA6}},
		{"start == end between creations", TimeRange{Start: sec(5.5), End: sec(5.5)}, []string{}},
		{"start == end == 0s", TimeRange{Start: sec(0), End: sec(0)}, []string{dA1}},
		{"end exclusive", TimeRange{Start: sec(1), End: sec(2)}, []string{dB2}},
		{"inverted", TimeRange{Start: sec(5), End: sec(2)}, []string{}},
		{"after every creation", TimeRange{Start: sec(100)}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, _, _, _ := mqDeleteFixture(t)
			events := mqCollect(m)
			n, err := m.DeleteAllCreatedInTimeRange(context.Background(), tc.r)
			require.NoError(t, err)
			assert.Equal(t, len(tc.want), n)
			assert.Equal(t, mqWithout(dEverything, tc.want...), mqAll(t, m))
			assert.ElementsMatch(t, mqCaused("Explicit", tc.want), events())
		})
	}
}

func TestDeleteMatching(t *testing.T) {
	sec := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Second) }
	cases := []struct {
		name string
		info func(t *testing.T, kA, kB PartitionKey) DeletionInfo
		want []string // deleted
	}{
		{"Creation", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Creation: TimeRange{Start: sec(1), End: sec(3)}}
		}, []string{dB2, dC3}},
		{"Creation exact instant", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Creation: TimeRange{Start: sec(6), End: sec(6)}}
		}, []string{dPB7}},
		{"SessionCookiesOnly", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Session: SessionCookiesOnly}
		}, []string{dA1, dC3, dIP5, dPA6, dUK8}},
		{"PersistentCookiesOnly", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Session: PersistentCookiesOnly}
		}, []string{dB2, dA4, dPB7}},
		{"Host: host-only cookies of that host, domain cookie kept", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Host: "example.com"}
		}, []string{dA1, dPA6}},
		{"Host case-insensitive", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Host: "EXAMPLE.com"}
		}, []string{dA1, dPA6}},
		{"Host subdomain", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Host: "www.example.com"}
		}, []string{dC3}},
		{"Host with only a domain cookie", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Host: "sub.example.co.uk"}
		}, []string{}},
		{"Host IP", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Host: "192.168.0.1"}
		}, []string{dIP5}},
		{"Name", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Name: mqPtr("a")}
		}, []string{dA1, dA4}},
		{"Name empty: no nameless cookie", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Name: mqPtr("")}
		}, []string{}},
		{"Value", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Value: mqPtr("2")}
		}, []string{dB2}},
		{"Name and Value must both match", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Name: mqPtr("a"), Value: mqPtr("4")}
		}, []string{dA4}},
		{"URL https subdomain", func(t *testing.T, _, _ PartitionKey) DeletionInfo {
			return DeletionInfo{URL: mustURL(t, "https://www.example.com/")}
		}, []string{dB2, dC3}},
		{"URL http: Secure kept", func(t *testing.T, _, _ PartitionKey) DeletionInfo {
			return DeletionInfo{URL: mustURL(t, "http://www.example.com/")}
		}, []string{dB2}},
		{"URL host, partitioned included", func(t *testing.T, _, _ PartitionKey) DeletionInfo {
			return DeletionInfo{URL: mustURL(t, "https://example.com/any")}
		}, []string{dA1, dB2, dPA6}},
		{"DomainsAndIPsToDelete eTLD+1", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{DomainsAndIPsToDelete: []string{"example.com"}}
		}, []string{dA1, dB2, dC3, dPA6}},
		{"DomainsAndIPsToDelete multi-label suffix", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{DomainsAndIPsToDelete: []string{"example.co.uk"}}
		}, []string{dUK8}},
		{"DomainsAndIPsToDelete IP", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{DomainsAndIPsToDelete: []string{"192.168.0.1"}}
		}, []string{dIP5}},
		{"DomainsAndIPsToDelete several", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{DomainsAndIPsToDelete: []string{"other.org", "192.168.0.1"}}
		}, []string{dA4, dIP5, dPB7}},
		{"DomainsAndIPsToDelete empty list: nothing", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{DomainsAndIPsToDelete: []string{}}
		}, []string{}},
		{"DomainsAndIPsToIgnore alone", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{DomainsAndIPsToIgnore: []string{"example.com"}}
		}, []string{dA4, dIP5, dPB7, dUK8}},
		{"DomainsAndIPsToIgnore trims a list to delete", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{DomainsAndIPsToDelete: []string{"example.com", "other.org"}, DomainsAndIPsToIgnore: []string{"other.org"}}
		}, []string{dA1, dB2, dC3, dPA6}},
		{"DomainsAndIPsToIgnore wins", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{DomainsAndIPsToDelete: []string{"example.com"}, DomainsAndIPsToIgnore: []string{"example.com"}}
		}, []string{}},
		{"Partitions nil: all partitions", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Session: SessionCookiesOnly, Partitions: nil}
		}, []string{dA1, dC3, dIP5, dPA6, dUK8}},
		{"Partitions empty collection: partitioned kept", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Partitions: mqPtr(PartitionKeyCollection{})}
		}, []string{dA1, dB2, dC3, dA4, dIP5, dUK8}},
		{"Partitions kA: unpartitioned and kA", func(_ *testing.T, kA, _ PartitionKey) DeletionInfo {
			return DeletionInfo{Partitions: mqPtr(PartitionKeys(kA))}
		}, []string{dA1, dB2, dC3, dA4, dIP5, dPA6, dUK8}},
		{"Partitions all", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Partitions: mqPtr(AllPartitions())}
		}, dEverything},
		{"PartitionedStateOnly", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{PartitionedStateOnly: true}
		}, []string{dPA6, dPB7}},
		{"PartitionedStateOnly in kB", func(_ *testing.T, _, kB PartitionKey) DeletionInfo {
			return DeletionInfo{PartitionedStateOnly: true, Partitions: mqPtr(PartitionKeys(kB))}
		}, []string{dPB7}},
		{"PartitionedStateOnly with empty collection: nothing", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{PartitionedStateOnly: true, Partitions: mqPtr(PartitionKeys())}
		}, []string{}},
		{"Persistent + domains", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Session: PersistentCookiesOnly, DomainsAndIPsToDelete: []string{"other.org"}}
		}, []string{dA4, dPB7}},
		{"Name + Host + Creation", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Name: mqPtr("a"), Host: "example.com", Creation: TimeRange{End: sec(1)}}
		}, []string{dA1}},
		{"Name + Host mismatch", func(*testing.T, PartitionKey, PartitionKey) DeletionInfo {
			return DeletionInfo{Name: mqPtr("b"), Host: "example.com"}
		}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, _, kA, kB := mqDeleteFixture(t)
			events := mqCollect(m)
			n, err := m.DeleteMatching(context.Background(), tc.info(t, kA, kB))
			require.NoError(t, err)
			assert.Equal(t, len(tc.want), n)
			assert.Equal(t, mqWithout(dEverything, tc.want...), mqAll(t, m))
			assert.ElementsMatch(t, mqCaused("Explicit", tc.want), events())
		})
	}
}

// TestDeleteMatchingRefuses checks the infos DeleteMatching refuses, with
// the exact error, deleting nothing: the zero info (which would delete
// everything) and values a field cannot match.
func TestDeleteMatchingRefuses(t *testing.T) {
	cases := []struct {
		name string
		info DeletionInfo
		want string
	}{
		{"zero", DeletionInfo{},
			"cookiemonster: DeletionInfo: a zero DeletionInfo selects every cookie; call DeleteAll to delete them all"},
		{"zero times with a location", DeletionInfo{Creation: TimeRange{Start: time.Time{}.In(time.FixedZone("UTC+1", 3600))}},
			"cookiemonster: DeletionInfo: a zero DeletionInfo selects every cookie; call DeleteAll to delete them all"},
		{"subdomain to delete", DeletionInfo{DomainsAndIPsToDelete: []string{"a.example.com"}},
			`cookiemonster: DeletionInfo.DomainsAndIPsToDelete[0]: "a.example.com" is not a registrable domain (eTLD+1) or IP address; its registrable domain is "example.com"`},
		{"subdomain to ignore", DeletionInfo{DomainsAndIPsToDelete: []string{"example.com"}, DomainsAndIPsToIgnore: []string{"other.org", "WWW.Other.org"}},
			`cookiemonster: DeletionInfo.DomainsAndIPsToIgnore[1]: "WWW.Other.org" is not a registrable domain (eTLD+1) or IP address; its registrable domain is "other.org"`},
		{"not a host", DeletionInfo{DomainsAndIPsToDelete: []string{"exa mple.com"}},
			`cookiemonster: DeletionInfo.DomainsAndIPsToDelete[0]: "exa mple.com" is not a host name or IP address`},
		{"bad Host", DeletionInfo{Host: "a b"},
			`cookiemonster: DeletionInfo.Host: "a b" is not a host name or IP address`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, _, _, _ := mqDeleteFixture(t)
			events := mqCollect(m)
			n, err := m.DeleteMatching(context.Background(), tc.info)
			require.ErrorIs(t, err, ErrDeletionInfo)
			assert.Equal(t, tc.want, err.Error())
			assert.Zero(t, n)
			assert.Equal(t, dEverything, mqAll(t, m))
			assert.Empty(t, events())
		})
	}
	// Keys in any case, with a leading dot, and IPs are accepted.
	m, _, _, _ := mqDeleteFixture(t)
	n, err := m.DeleteMatching(context.Background(), DeletionInfo{DomainsAndIPsToDelete: []string{".Example.COM", "192.168.0.1"}})
	require.NoError(t, err)
	assert.Equal(t, []string{dA4, dPB7, dUK8}, mqAll(t, m))
	assert.Equal(t, len(dEverything)-3, n)
}

func TestDeleteMatchingUnknownSessionControl(t *testing.T) {
	for _, s := range []SessionControl{3, -1} {
		m, _, _, _ := mqDeleteFixture(t)
		events := mqCollect(m)
		n, err := m.DeleteMatching(context.Background(), DeletionInfo{Session: s})
		require.Error(t, err)
		assert.Equal(t, fmt.Sprintf("cookiemonster: DeletionInfo.Session: unknown SessionControl %d", s), err.Error())
		assert.Zero(t, n)
		assert.Equal(t, dEverything, mqAll(t, m))
		assert.Empty(t, events())
	}
}

func TestDeleteSessionAllAndFunc(t *testing.T) {
	cases := []struct {
		name  string
		run   func(m *Monster) (int, error)
		want  []string
		cause string
	}{
		{"DeleteSessionCookies", func(m *Monster) (int, error) {
			return m.DeleteSessionCookies(context.Background())
		}, []string{dA1, dC3, dIP5, dPA6, dUK8}, "Expired"},
		{"DeleteAll", func(m *Monster) (int, error) {
			return m.DeleteAll(context.Background())
		}, dEverything, "Explicit"},
		{"DeleteMatchingFunc Secure", func(m *Monster) (int, error) {
			return m.DeleteMatchingFunc(context.Background(), func(c *CanonicalCookie) bool { return c.Secure })
		}, []string{dC3, dPA6, dPB7}, "Explicit"},
		{"DeleteMatchingFunc none", func(m *Monster) (int, error) {
			return m.DeleteMatchingFunc(context.Background(), func(*CanonicalCookie) bool { return false })
		}, []string{}, "Explicit"},
		{"DeleteMatchingFunc sees partitions", func(m *Monster) (int, error) {
			return m.DeleteMatchingFunc(context.Background(), func(c *CanonicalCookie) bool { return c.IsPartitioned() })
		}, []string{dPA6, dPB7}, "Explicit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, _, _, _ := mqDeleteFixture(t)
			events := mqCollect(m)
			n, err := tc.run(m)
			require.NoError(t, err)
			assert.Equal(t, len(tc.want), n)
			assert.Equal(t, mqWithout(dEverything, tc.want...), mqAll(t, m))
			assert.ElementsMatch(t, mqCaused(tc.cause, tc.want), events())
			// A second run finds nothing more.
			n, err = tc.run(m)
			require.NoError(t, err)
			assert.Equal(t, 0, n)
		})
	}
}

func TestClosedMonster(t *testing.T) {
	ctx := context.Background()
	u := &url.URL{Scheme: "https", Host: "example.com", Path: "/"}
	c := &CanonicalCookie{Name: "a", Value: "1", Domain: "example.com", Path: "/"}
	ops := []struct {
		name string
		run  func(m *Monster) error
	}{
		{"SetCookieLine", func(m *Monster) error {
			_, err := m.SetCookieLine(ctx, u, "a=1", NavigationOptions())
			return err
		}},
		{"SetCanonicalCookie", func(m *Monster) error {
			_, err := m.SetCanonicalCookie(ctx, c, u, NavigationOptions())
			return err
		}},
		{"Cookies", func(m *Monster) error { _, _, err := m.Cookies(ctx, u, NavigationOptions()); return err }},
		{"CookieHeader", func(m *Monster) error { _, err := m.CookieHeader(ctx, u, NavigationOptions()); return err }},
		{"AllCookies", func(m *Monster) error { _, err := m.AllCookies(ctx); return err }},
		{"Get", func(m *Monster) error { _, err := m.Get(ctx, u, "a", PartitionKey{}); return err }},
		{"GetAll", func(m *Monster) error { _, err := m.GetAll(ctx, CookieFilter{}); return err }},
		{"Set", func(m *Monster) error {
			_, _, err := m.Set(ctx, CookieDetails{URL: u, Name: "a", Value: "1"})
			return err
		}},
		{"Remove", func(m *Monster) error { _, err := m.Remove(ctx, u, "a", PartitionKey{}); return err }},
		{"DeleteCanonicalCookie", func(m *Monster) error { _, err := m.DeleteCanonicalCookie(ctx, c); return err }},
		{"DeleteAllCreatedInTimeRange", func(m *Monster) error {
			_, err := m.DeleteAllCreatedInTimeRange(ctx, TimeRange{})
			return err
		}},
		{"DeleteAll", func(m *Monster) error { _, err := m.DeleteAll(ctx); return err }},
		{"DeleteMatching", func(m *Monster) error {
			_, err := m.DeleteMatching(ctx, DeletionInfo{Name: mqPtr("a")})
			return err
		}},
		{"DeleteSessionCookies", func(m *Monster) error { _, err := m.DeleteSessionCookies(ctx); return err }},
		{"DeleteMatchingFunc", func(m *Monster) error {
			_, err := m.DeleteMatchingFunc(ctx, func(*CanonicalCookie) bool { return true })
			return err
		}},
		{"Flush", func(m *Monster) error { return m.Flush(ctx) }},
	}
	for _, withStore := range []bool{false, true} {
		for _, op := range ops {
			name := fmt.Sprintf("%s/store=%v", op.name, withStore)
			t.Run(name, func(t *testing.T) {
				cfg := Config{}
				if withStore {
					cfg.Store = NewMemoryStore(nil)
				}
				m, _ := mqNew(t, cfg)
				require.NoError(t, op.run(m), "before Close")
				require.NoError(t, m.Close())
				err := op.run(m)
				assert.True(t, errors.Is(err, ErrClosed), "after Close: %v", err)
				assert.ErrorIs(t, m.Close(), ErrClosed, "a second Close")
			})
		}
	}
}

// TestQueryAllCookiesTieOrder: cookies with the same path length and
// creation time come in Chromium's order of its cookie maps: unpartitioned
// by storage key, then partitioned by partition and key, each key's cookies
// in the order set; every run gives the same list.
func TestQueryAllCookiesTieOrder(t *testing.T) {
	kA, kB := mqPartKeys(t)
	tests := []struct {
		name  string
		seeds []mqSeed
		want  []string
	}{
		{"keys sorted", []mqSeed{
			{"https://c.com/", "c=1", PartitionKey{}},
			{"https://a.com/", "a=1", PartitionKey{}},
			{"https://b.com/", "b=1", PartitionKey{}},
		}, []string{"a=1 a.com /", "b=1 b.com /", "c=1 c.com /"}},
		{"one key in the order set", []mqSeed{
			{"https://www.a.com/", "z=1", PartitionKey{}},
			{"https://a.com/", "y=1", PartitionKey{}},
			{"https://x.a.com/", "x=1", PartitionKey{}},
		}, []string{"z=1 www.a.com /", "y=1 a.com /", "x=1 x.a.com /"}},
		{"partitions after unpartitioned, by partition", []mqSeed{
			{"https://b.com/", "__Host-p=1; Secure; Path=/; Partitioned", kB},
			{"https://a.com/", "__Host-p=2; Secure; Path=/; Partitioned", kA},
			{"https://z.com/", "u=1", PartitionKey{}},
			{"https://a.com/", "__Host-q=3; Secure; Path=/; Partitioned", kB},
		}, []string{"u=1 z.com /", "__Host-p=2 a.com / @" + kA.Site().String(),
			"__Host-q=3 a.com / @" + kB.Site().String(), "__Host-p=1 b.com / @" + kB.Site().String()}},
		{"path length still first", []mqSeed{
			{"https://b.com/", "b=1", PartitionKey{}},
			{"https://a.com/", "a=1; Path=/x", PartitionKey{}},
		}, []string{"a=1 a.com /x", "b=1 b.com /"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 5 {
				m, _ := mqNew(t, Config{})
				// Every cookie is created at the same instant.
				mqSeedAll(t, m, newFakeClock(t0), tt.seeds)
				assert.Equal(t, tt.want, mqAll(t, m))
			}
		})
	}
}
