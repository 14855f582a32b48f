package cookiemonster_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// pkKey returns NewPartitionKey(rawURL, cross) or fails the test.
func pkKey(t *testing.T, rawURL string, cross bool) cm.PartitionKey {
	t.Helper()
	k, err := cm.NewPartitionKey(optURL(t, rawURL), cross)
	require.NoError(t, err)
	return k
}

// pkNonced returns NewNoncedPartitionKey(rawURL, nonce) or fails the test.
func pkNonced(t *testing.T, rawURL string, nonce cm.Nonce) cm.PartitionKey {
	t.Helper()
	k, err := cm.NewNoncedPartitionKey(optURL(t, rawURL), nonce)
	require.NoError(t, err)
	return k
}

func TestNewPartitionKey(t *testing.T) {
	tests := []struct {
		name  string
		url   string
		cross bool
		site  cm.Site
		err   error
	}{
		{"eTLD+1", "https://www.example.co.uk/x", false, cm.Site{Scheme: "https", Domain: "example.co.uk"}, nil},
		{"cross-site bit kept", "https://www.example.co.uk/x", true, cm.Site{Scheme: "https", Domain: "example.co.uk"}, nil},
		{"port dropped", "http://a.example.com:8080/", true, cm.Site{Scheme: "http", Domain: "example.com"}, nil},
		{"wss recorded as https", "wss://example.com/", false, cm.Site{Scheme: "https", Domain: "example.com"}, nil},
		{"IP", "http://127.0.0.1:8080/", false, cm.Site{Scheme: "http", Domain: "127.0.0.1"}, nil},
		{"IPv6", "https://[0:0::1]/", false, cm.Site{Scheme: "https", Domain: "[::1]"}, nil},
		{"unknown TLD", "https://a0001.izzle/", false, cm.Site{Scheme: "https", Domain: "a0001.izzle"}, nil},
		{"private registry", "https://x.foo.blogspot.com/", false, cm.Site{Scheme: "https", Domain: "foo.blogspot.com"}, nil},
		{"nil URL", "", false, cm.Site{}, cm.ErrOpaquePartitionSite},
		{"data URL", "data:text/plain,x", true, cm.Site{}, cm.ErrOpaquePartitionSite},
		{"file URL without host", "file:///tmp/x.html", true, cm.Site{}, cm.ErrOpaquePartitionSite},
		{"relative URL", "/path", true, cm.Site{}, cm.ErrOpaquePartitionSite},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := cm.NewPartitionKey(optURL(t, tt.url), tt.cross)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				assert.Equal(t, cm.PartitionKey{}, k)
				assert.False(t, k.IsPartitioned())
				return
			}
			require.NoError(t, err)
			assert.True(t, k.IsPartitioned())
			assert.Equal(t, tt.site, k.Site())
			assert.Equal(t, tt.cross, k.CrossSiteAncestor())
			_, hasNonce := k.Nonce()
			assert.False(t, hasNonce)
		})
	}
}

func TestNewPartitionKeyFromSite(t *testing.T) {
	k, err := cm.NewPartitionKeyFromSite(cm.Site{Scheme: "https", Domain: "a.corp.test"}, true)
	require.NoError(t, err)
	assert.Equal(t, cm.Site{Scheme: "https", Domain: "a.corp.test"}, k.Site())
	assert.True(t, k.CrossSiteAncestor())

	for _, s := range []cm.Site{{}, {Scheme: "https"}, {Domain: "example.com"}} {
		k, err := cm.NewPartitionKeyFromSite(s, false)
		require.ErrorIs(t, err, cm.ErrOpaquePartitionSite, "%+v", s)
		assert.Equal(t, cm.PartitionKey{}, k)
	}
}

func TestPartitionKeyZero(t *testing.T) {
	var zero cm.PartitionKey
	assert.False(t, zero.IsPartitioned())
	assert.Equal(t, cm.Site{}, zero.Site())
	assert.False(t, zero.CrossSiteAncestor())
	n, ok := zero.Nonce()
	assert.False(t, ok)
	assert.Equal(t, cm.Nonce{}, n)
	assert.Equal(t, "", zero.String())
}

func TestPartitionKeyString(t *testing.T) {
	assert.Equal(t, "https://example.com (same-site)", pkKey(t, "https://www.example.com/", false).String())
	assert.Equal(t, "https://example.com (cross-site)", pkKey(t, "https://www.example.com/", true).String())
	assert.Equal(t, "https://example.com (cross-site) (nonced)", pkNonced(t, "https://www.example.com/", cm.Nonce{1}).String())
}

func TestNewNoncedPartitionKey(t *testing.T) {
	nonce := cm.Nonce{0: 0xde, 1: 0xad, 15: 0x01}
	k := pkNonced(t, "https://frame.example.co.uk/x", nonce)
	assert.True(t, k.IsPartitioned())
	assert.True(t, k.CrossSiteAncestor(), "a nonced key always has a cross-site ancestor")
	assert.Equal(t, cm.Site{Scheme: "https", Domain: "example.co.uk"}, k.Site())
	got, ok := k.Nonce()
	assert.True(t, ok)
	assert.Equal(t, nonce, got)

	// The zero nonce is still a nonce.
	z := pkNonced(t, "https://example.com/", cm.Nonce{})
	_, ok = z.Nonce()
	assert.True(t, ok)
	assert.NotEqual(t, pkKey(t, "https://example.com/", true), z)

	for _, raw := range []string{"", "data:text/html,x"} {
		k, err := cm.NewNoncedPartitionKey(optURL(t, raw), nonce)
		require.ErrorIs(t, err, cm.ErrOpaquePartitionSite, raw)
		assert.False(t, k.IsPartitioned())
	}
}

func TestPartitionKeySerialize(t *testing.T) {
	tests := []struct {
		name  string
		key   cm.PartitionKey
		site  string
		cross bool
		err   error
	}{
		{"same-site", pkKey(t, "https://www.example.com/p", false), "https://example.com", false, nil},
		{"cross-site", pkKey(t, "https://www.example.com/p", true), "https://example.com", true, nil},
		{"eTLD+1", pkKey(t, "https://a.b.example.co.uk/", true), "https://example.co.uk", true, nil},
		{"http", pkKey(t, "http://example.com:8080/", false), "http://example.com", false, nil},
		{"IP", pkKey(t, "http://127.0.0.1:8080/", true), "http://127.0.0.1", true, nil},
		{"IPv6", pkKey(t, "https://[0:0::1]/", true), "https://[::1]", true, nil},
		{"localhost", pkKey(t, "http://localhost:3000/", false), "http://localhost", false, nil},
		{"unknown TLD", pkKey(t, "https://a0001.izzle/", false), "https://a0001.izzle", false, nil},
		{"private registry", pkKey(t, "https://x.foo.blogspot.com/", false), "https://foo.blogspot.com", false, nil},
		{"IDN", pkKey(t, "https://www.bücher.de/", false), "https://xn--bcher-kva.de", false, nil},
		{"zero key", cm.PartitionKey{}, "", true, nil},
		{"nonced key", pkNonced(t, "https://example.com/", cm.Nonce{7}), "", false, cm.ErrNotSerializable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, cross, err := tt.key.Serialize()
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.site, site)
			assert.Equal(t, tt.cross, cross)
			if tt.err != nil {
				return
			}
			back, err := cm.PartitionKeyFromStorage(site, cross, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.key, back)
			assert.True(t, tt.key == back)
		})
	}
}

func TestPartitionKeyFromStorage(t *testing.T) {
	tests := []struct {
		name  string
		site  string
		cross bool
		psl   cm.PublicSuffixList
		want  cm.PartitionKey
		err   error
	}{
		{name: "https same-site", site: "https://example.com", cross: false, want: pkKey(t, "https://example.com", false)},
		{name: "https cross-site", site: "https://example.com", cross: true, want: pkKey(t, "https://example.com", true)},
		{name: "empty is zero key", site: "", cross: true, want: cm.PartitionKey{}},
		{name: "empty is zero key whatever the bit", site: "", cross: false, want: cm.PartitionKey{}},
		{name: "public suffix host", site: "https://co.uk", cross: true, want: pkKey(t, "https://co.uk/", true)},
		{name: "scheme with digits and punctuation", site: "coap+tcp.v2-x://example.com", cross: true,
			want: pkFromSite(t, cm.Site{Scheme: "coap+tcp.v2-x", Domain: "example.com"}, true)},
		{name: "extension scheme", site: "chrome-extension://abcdefgh", cross: false,
			want: pkKey(t, "chrome-extension://abcdefgh/page.html", false)},
		{name: "trailing dot", site: "https://example.org.", cross: true, want: pkKey(t, "https://www.example.org./", true)},
		{name: "custom list", site: "https://a.corp.test", cross: true, psl: optPSL{"corp.test"},
			want: pkFromSite(t, cm.Site{Scheme: "https", Domain: "a.corp.test"}, true)},
		{name: "not the registrable domain", site: "https://www.example.com", err: cm.ErrBadPartitionKey},
		{name: "not the registrable domain under the custom list", site: "https://x.a.corp.test", psl: optPSL{"corp.test"}, err: cm.ErrBadPartitionKey},
		{name: "registrable only under the custom list", site: "https://a.example.com", err: cm.ErrBadPartitionKey},
		{name: "custom list makes a subdomain registrable", site: "https://a.example.com", cross: true, psl: optPSL{"example.com"},
			want: pkFromSite(t, cm.Site{Scheme: "https", Domain: "a.example.com"}, true)},
		{name: "unknown TLD: the eTLD+1 is the site", site: "https://corp.test", cross: false,
			want: pkFromSite(t, cm.Site{Scheme: "https", Domain: "corp.test"}, false)},
		{name: "unknown TLD: a subdomain is not a site", site: "https://a.corp.test", err: cm.ErrBadPartitionKey},
		{name: "trailing slash", site: "https://example.com/", err: cm.ErrBadPartitionKey},
		{name: "path", site: "https://example.com/x", err: cm.ErrBadPartitionKey},
		{name: "port", site: "https://example.com:443", err: cm.ErrBadPartitionKey},
		{name: "no scheme", site: "example.com", err: cm.ErrBadPartitionKey},
		{name: "empty scheme", site: "://example.com", err: cm.ErrBadPartitionKey},
		{name: "no host", site: "https://", err: cm.ErrBadPartitionKey},
		{name: "upper-case scheme", site: "HTTPS://example.com", err: cm.ErrBadPartitionKey},
		{name: "mixed-case scheme", site: "Https://example.com", err: cm.ErrBadPartitionKey},
		{name: "invalid scheme characters", site: "ht tp://example.com", err: cm.ErrBadPartitionKey},
		{name: "scheme starting with a digit", site: "1http://example.com", err: cm.ErrBadPartitionKey},
		{name: "upper-case host", site: "https://EXAMPLE.com", err: cm.ErrBadPartitionKey},
		{name: "wss is stored as https", site: "wss://example.com", err: cm.ErrBadPartitionKey},
		{name: "non-canonical IPv6", site: "https://[0:0::1]", err: cm.ErrBadPartitionKey},
		{name: "unicode host", site: "https://bücher.de", err: cm.ErrBadPartitionKey},
		{name: "userinfo", site: "https://user@example.com", err: cm.ErrBadPartitionKey},
		{name: "query", site: "https://example.com?q", err: cm.ErrBadPartitionKey},
		{name: "leading space", site: " https://example.com", err: cm.ErrBadPartitionKey},
		{name: "double trailing dot", site: "https://example.com..", err: cm.ErrBadPartitionKey},
		{name: "single slash", site: "https:/example.com", err: cm.ErrBadPartitionKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := cm.PartitionKeyFromStorage(tt.site, tt.cross, tt.psl)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				assert.Equal(t, cm.PartitionKey{}, k)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, k)
			// Strict round-trip.
			site, cross, err := k.Serialize()
			require.NoError(t, err)
			assert.Equal(t, tt.site, site)
			if tt.site != "" {
				assert.Equal(t, tt.cross, cross)
			} else {
				assert.True(t, cross)
			}
		})
	}
}

func pkFromSite(t *testing.T, s cm.Site, cross bool) cm.PartitionKey {
	t.Helper()
	k, err := cm.NewPartitionKeyFromSite(s, cross)
	require.NoError(t, err)
	return k
}

func TestPartitionKeyFor(t *testing.T) {
	ex := cm.NewSiteForCookies(optURL(t, "https://example.com/"), nil)
	tests := []struct {
		name      string
		top       string
		sfc       cm.SiteForCookies
		request   string
		mainFrame bool
		psl       cm.PublicSuffixList
		wantZero  bool
		site      cm.Site
		cross     bool
	}{
		{name: "main-frame navigation is same-site", top: "https://www.example.com/", sfc: ex, request: "https://www.example.com/", mainFrame: true,
			site: cm.Site{Scheme: "https", Domain: "example.com"}, cross: false},
		{name: "main-frame navigation wins over null site for cookies", top: "https://www.example.com/", request: "https://www.example.com/", mainFrame: true,
			site: cm.Site{Scheme: "https", Domain: "example.com"}, cross: false},
		{name: "null site for cookies is cross-site", top: "https://www.example.com/", request: "https://www.example.com/",
			site: cm.Site{Scheme: "https", Domain: "example.com"}, cross: true},
		{name: "null site for cookies from a cross-site frame", top: "https://example.com/",
			sfc:     cm.SiteForCookiesFromFrames(optURLs(t, "https://example.com/", "https://other.com/"), nil),
			request: "https://example.com/x",
			site:    cm.Site{Scheme: "https", Domain: "example.com"}, cross: true},
		{name: "site for cookies same-site with request", top: "https://example.com/", sfc: ex, request: "https://cdn.example.com/x",
			site: cm.Site{Scheme: "https", Domain: "example.com"}, cross: false},
		{name: "site for cookies cross-site with request", top: "https://example.com/", sfc: ex, request: "https://other.com/x",
			site: cm.Site{Scheme: "https", Domain: "example.com"}, cross: true},
		{name: "scheme differs: cross-site", top: "https://example.com/", sfc: ex, request: "http://example.com/x",
			site: cm.Site{Scheme: "https", Domain: "example.com"}, cross: true},
		{name: "schemefully cross frame tree", top: "https://example.com/",
			sfc:     cm.SiteForCookiesFromFrames(optURLs(t, "https://example.com/", "http://example.com/"), nil),
			request: "https://example.com/x",
			site:    cm.Site{Scheme: "https", Domain: "example.com"}, cross: true},
		{name: "opaque request is cross-site", top: "https://example.com/", sfc: ex, request: "data:text/plain,x",
			site: cm.Site{Scheme: "https", Domain: "example.com"}, cross: true},
		{name: "custom list", top: "https://x.a.corp.test/", request: "https://b.corp.test/", psl: optPSL{"corp.test"},
			sfc:  cm.NewSiteForCookies(optURL(t, "https://a.corp.test/"), optPSL{"corp.test"}),
			site: cm.Site{Scheme: "https", Domain: "a.corp.test"}, cross: true},
		{name: "nil top frame", top: "", sfc: ex, request: "https://example.com/", mainFrame: true, wantZero: true},
		{name: "top frame without host", top: "data:text/html,x", sfc: ex, request: "https://example.com/", wantZero: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := cm.PartitionKeyFor(optURL(t, tt.top), tt.sfc, optURL(t, tt.request), tt.mainFrame, tt.psl)
			if tt.wantZero {
				assert.Equal(t, cm.PartitionKey{}, k)
				return
			}
			assert.True(t, k.IsPartitioned())
			assert.Equal(t, tt.site, k.Site())
			assert.Equal(t, tt.cross, k.CrossSiteAncestor())
			_, hasNonce := k.Nonce()
			assert.False(t, hasNonce)
		})
	}
}

func TestComparePartitionKeys(t *testing.T) {
	zero := cm.PartitionKey{}
	httpA := pkKey(t, "http://a.com/", true)
	httpsASame := pkKey(t, "https://a.com/", false)
	httpsACross := pkKey(t, "https://www.a.com/", true)
	noncedA1 := pkNonced(t, "https://a.com/", cm.Nonce{1})
	noncedA2 := pkNonced(t, "https://a.com/", cm.Nonce{2})
	httpsB := pkKey(t, "https://b.com/", false)
	want := []cm.PartitionKey{zero, httpA, httpsASame, httpsACross, noncedA1, noncedA2, httpsB}

	got := []cm.PartitionKey{httpsB, noncedA2, httpsACross, zero, noncedA1, httpA, httpsASame}
	slices.SortFunc(got, cm.ComparePartitionKeys)
	assert.Equal(t, want, got)

	for i, a := range want {
		if i > 0 {
			assert.Negative(t, cm.ComparePartitionKeys(zero, a), "zero sorts first: %v", a)
		}
		for j, b := range want {
			c := cm.ComparePartitionKeys(a, b)
			switch {
			case i < j:
				assert.Negative(t, c, "%v < %v", a, b)
			case i > j:
				assert.Positive(t, c, "%v > %v", a, b)
			default:
				assert.Zero(t, c, "%v == %v", a, b)
			}
			assert.Equal(t, -c, cm.ComparePartitionKeys(b, a), "antisymmetry %v, %v", a, b)
			assert.Equal(t, c == 0, a == b, "0 exactly for equal keys: %v, %v", a, b)
		}
	}
	// Keys from equal inputs compare equal.
	assert.Zero(t, cm.ComparePartitionKeys(pkKey(t, "https://x.a.com/", false), httpsASame))
}

func TestPartitionKeyCollection(t *testing.T) {
	a := pkKey(t, "https://a.com/", true)
	aSame := pkKey(t, "https://a.com/", false)
	b := pkKey(t, "https://b.com/", true)
	n1 := pkNonced(t, "https://a.com/", cm.Nonce{1})
	n2 := pkNonced(t, "https://b.com/", cm.Nonce{2})
	zero := cm.PartitionKey{}

	tests := []struct {
		name        string
		c           cm.PartitionKeyCollection
		empty, all  bool
		keys        []cm.PartitionKey
		contains    []cm.PartitionKey
		notContains []cm.PartitionKey
		onlyNonced  bool
	}{
		{name: "zero value", c: cm.PartitionKeyCollection{}, empty: true,
			notContains: []cm.PartitionKey{zero, a, n1}},
		{name: "no keys", c: cm.PartitionKeys(), empty: true,
			notContains: []cm.PartitionKey{zero, a}},
		{name: "only zero keys", c: cm.PartitionKeys(zero, zero), empty: true,
			notContains: []cm.PartitionKey{zero, a}},
		{name: "all", c: cm.AllPartitions(), all: true,
			contains: []cm.PartitionKey{a, aSame, b, n1}, notContains: []cm.PartitionKey{zero}},
		{name: "one key", c: cm.PartitionKeys(a), keys: []cm.PartitionKey{a},
			contains: []cm.PartitionKey{a, pkKey(t, "https://www.a.com/x", true)}, notContains: []cm.PartitionKey{zero, aSame, b, n1}},
		{name: "dedupe and ignore zero", c: cm.PartitionKeys(b, zero, a, b, pkKey(t, "https://x.b.com/", true), a),
			keys:     []cm.PartitionKey{b, a},
			contains: []cm.PartitionKey{a, b}, notContains: []cm.PartitionKey{zero, aSame, n1, n2}},
		{name: "bit distinguishes keys", c: cm.PartitionKeys(a, aSame), keys: []cm.PartitionKey{a, aSame},
			contains: []cm.PartitionKey{a, aSame}, notContains: []cm.PartitionKey{b}},
		{name: "only nonced", c: cm.PartitionKeys(n1, n2, n1), keys: []cm.PartitionKey{n1, n2},
			contains: []cm.PartitionKey{n1, n2}, notContains: []cm.PartitionKey{a, b, zero, pkNonced(t, "https://a.com/", cm.Nonce{3})},
			onlyNonced: true},
		{name: "nonced and not", c: cm.PartitionKeys(n1, a), keys: []cm.PartitionKey{n1, a},
			contains: []cm.PartitionKey{n1, a}, notContains: []cm.PartitionKey{n2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.empty, tt.c.IsEmpty(), "IsEmpty")
			assert.Equal(t, tt.all, tt.c.ContainsAll(), "ContainsAll")
			assert.Equal(t, tt.keys, tt.c.Keys(), "Keys")
			assert.Equal(t, tt.onlyNonced, tt.c.OnlyNonced(), "OnlyNonced")
			for _, k := range tt.contains {
				assert.True(t, tt.c.Contains(k), "Contains(%v)", k)
			}
			for _, k := range tt.notContains {
				assert.False(t, tt.c.Contains(k), "Contains(%v)", k)
			}
		})
	}

	// Keys returns a copy.
	c := cm.PartitionKeys(a, b)
	ks := c.Keys()
	ks[0] = n1
	assert.Equal(t, []cm.PartitionKey{a, b}, c.Keys())
	assert.False(t, c.Contains(n1))
	// Empty and all collections list no keys.
	assert.Nil(t, cm.AllPartitions().Keys())
	assert.Nil(t, cm.PartitionKeys().Keys())
	assert.Nil(t, cm.PartitionKeyCollection{}.Keys())
}

func TestPartitionKeyAsMapKey(t *testing.T) {
	k1 := pkKey(t, "https://www.example.com/a", true)
	k2 := pkKey(t, "https://cdn.example.com:443/b?c", true)
	require.True(t, k1 == k2, "keys from equal inputs are ==")

	n1 := pkNonced(t, "https://example.com/", cm.Nonce{9})
	n2 := pkNonced(t, "https://www.example.com/", cm.Nonce{9})
	require.True(t, n1 == n2)

	stored, err := cm.PartitionKeyFromStorage("https://example.com", true, nil)
	require.NoError(t, err)

	m := map[cm.PartitionKey]int{}
	m[k1]++
	m[k2]++
	m[stored]++
	m[pkKey(t, "https://example.com/", false)]++
	m[pkKey(t, "http://example.com/", true)]++
	m[n1]++
	m[n2]++
	m[pkNonced(t, "https://example.com/", cm.Nonce{8})]++
	m[cm.PartitionKey{}]++

	assert.Len(t, m, 6)
	assert.Equal(t, 3, m[k1])
	assert.Equal(t, 2, m[n1])
	assert.Equal(t, 1, m[cm.PartitionKey{}])
}
