package webext

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

func TestGet(t *testing.T) {
	e := populated(t)
	// A second "pref" on the same path, created later, and a "sid" on a
	// longer path for the http URL only.
	_, err := e.api.Set(e.ctx, SetDetails{URL: "https://app.www.example.com/", Name: "pref", Value: "later", Domain: "www.example.com", Path: "/app"})
	require.NoError(t, err)
	laterPref := Cookie{Name: "pref", Value: "later", Domain: ".www.example.com", Path: "/app", SameSite: SameSiteUnspecified, Session: true, StoreID: "default"}

	tests := []struct {
		name string
		d    GetDetails
		want *Cookie
		err  string
	}{
		{"longest path wins", GetDetails{URL: "https://www.example.com/app/x", Name: "pref"}, &fx("deep")[0], ""},
		{"earliest creation on the same path", GetDetails{URL: "https://www.example.com/", Name: "sid"}, &fx("host")[0], ""},
		{"query and fragment ignored", GetDetails{URL: "https://www.example.com/app?x=1#frag", Name: "pref"}, &fx("deep")[0], ""},
		{"Secure withheld from http", GetDetails{URL: "http://www.example.com/", Name: "sid"}, &fx("dom")[0], ""},
		{"path does not cover", GetDetails{URL: "https://www.example.com/apple", Name: "pref"}, nil, ""},
		{"domain cookie from a subdomain", GetDetails{URL: "http://deep.www.example.com/", Name: "sid"}, &fx("dom")[0], ""},
		{"domain cookie of the longer path", GetDetails{URL: "https://x.www.example.com/app/", Name: "pref"}, &laterPref, ""},
		{"no such name", GetDetails{URL: "https://www.example.com/", Name: "nope"}, nil, ""},
		{"explicit default store", GetDetails{URL: "https://www.example.com/", Name: "sid", StoreID: "default"}, &fx("host")[0], ""},
		{"private store", GetDetails{URL: "https://www.example.com/", Name: "sid", StoreID: "incog"}, &fx("priv")[0], ""},
		{"unpartitioned by default", GetDetails{URL: "https://embed.example/", Name: "chips"}, &fx("unpart")[0], ""},
		{"{} is unpartitioned", GetDetails{URL: "https://embed.example/", Name: "chips", PartitionKey: AllPartitions()}, &fx("unpart")[0], ""},
		{"empty site is unpartitioned", GetDetails{URL: "https://embed.example/", Name: "chips", PartitionKey: &PartitionKey{TopLevelSite: new("")}}, &fx("unpart")[0], ""},
		{"site: bit from the url (cross-site)", GetDetails{URL: "https://embed.example/", Name: "chips", PartitionKey: &PartitionKey{TopLevelSite: new("https://top.example")}}, &fx("part")[0], ""},
		{"site and bit", GetDetails{URL: "https://embed.example/", Name: "chips", PartitionKey: NewPartitionKey("https://top.example", true)}, &fx("part")[0], ""},
		{"site and the other bit", GetDetails{URL: "https://embed.example/", Name: "chips", PartitionKey: NewPartitionKey("https://top.example", false)}, nil, ""},
		{"site: bit from the url (same-site)", GetDetails{URL: "https://top.example/", Name: "chips", PartitionKey: &PartitionKey{TopLevelSite: new("https://top.example")}}, &fx("part-same")[0], ""},
		{"site given as a URL", GetDetails{URL: "https://top.example/", Name: "chips", PartitionKey: &PartitionKey{TopLevelSite: new("https://a.top.example:8443/x")}}, &fx("part-same")[0], ""},
		{"partition without the cookie", GetDetails{URL: "https://embed.example/", Name: "chips", PartitionKey: &PartitionKey{TopLevelSite: new("https://elsewhere.example")}}, nil, ""},

		{"unknown store", GetDetails{URL: "https://www.example.com/", Name: "sid", StoreID: "nope"}, nil, `webext: invalid cookie store id "nope": cookiemonster: no such store`},
		{"no first party, given", GetDetails{URL: "https://www.example.com/", Name: "sid", FirstPartyDomain: new("")}, &fx("host")[0], ""},
		{"a first party without the cookie", GetDetails{URL: "https://www.example.com/", Name: "sid", FirstPartyDomain: new("example.com")}, nil, ""},
		{"relative url", GetDetails{URL: "/x", Name: "sid"}, nil, `webext: invalid details: invalid url "/x"`},
		{"unparsable url", GetDetails{URL: "https://a b/", Name: "sid"}, nil, `webext: invalid details: invalid url "https://a b/"`},
		{"bit without site", GetDetails{URL: "https://embed.example/", Name: "chips", PartitionKey: &PartitionKey{HasCrossSiteAncestor: new(true)}}, nil, `webext: invalid details: partitionKey.hasCrossSiteAncestor without partitionKey.topLevelSite`},
		{"unpartitioned cross-site", GetDetails{URL: "https://embed.example/", Name: "chips", PartitionKey: NewPartitionKey("", true)}, nil, `webext: invalid details: partitionKey with an empty topLevelSite (unpartitioned) and hasCrossSiteAncestor true`},
		{"site not a site", GetDetails{URL: "https://embed.example/", Name: "chips", PartitionKey: &PartitionKey{TopLevelSite: new("top.example")}}, nil, `webext: invalid details: partitionKey.topLevelSite "top.example" is not a site such as "https://example.com"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.api.Get(e.ctx, tt.d)
			if tt.err != "" {
				assert.EqualError(t, err, tt.err)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestGetAll(t *testing.T) {
	e := populated(t)
	unpartitioned := []string{"deep", "host", "dom", "other", "unpart"}
	tests := []struct {
		name string
		d    GetAllDetails
		want []string
		err  string
	}{
		{"unpartitioned by default, longest path then earliest", GetAllDetails{}, unpartitioned, ""},
		{"{} is every partition", GetAllDetails{PartitionKey: AllPartitions()}, []string{"deep", "host", "dom", "other", "part", "part-same", "unpart"}, ""},
		{"empty site is unpartitioned", GetAllDetails{PartitionKey: &PartitionKey{TopLevelSite: new("")}}, unpartitioned, ""},
		{"site: its partitions only, either bit", GetAllDetails{PartitionKey: &PartitionKey{TopLevelSite: new("https://top.example")}}, []string{"part", "part-same"}, ""},
		{"site and bit", GetAllDetails{PartitionKey: NewPartitionKey("https://top.example", false)}, []string{"part-same"}, ""},
		{"site and bit with url", GetAllDetails{URL: "https://embed.example/", PartitionKey: NewPartitionKey("https://top.example", true)}, []string{"part"}, ""},
		{"site with url", GetAllDetails{URL: "https://embed.example/", PartitionKey: &PartitionKey{TopLevelSite: new("https://top.example")}}, []string{"part"}, ""},
		{"name", GetAllDetails{Name: new("sid")}, []string{"host", "dom"}, ""},
		{"name in every partition", GetAllDetails{Name: new("chips"), PartitionKey: AllPartitions()}, []string{"part", "part-same", "unpart"}, ""},
		{"nameless", GetAllDetails{Name: new("")}, []string{}, ""},
		{"domain", GetAllDetails{Domain: new("example.com")}, []string{"deep", "host", "dom"}, ""},
		{"domain with a dot", GetAllDetails{Domain: new(".example.com")}, []string{"deep", "host", "dom"}, ""},
		{"domain in upper case", GetAllDetails{Domain: new("EXAMPLE.com")}, []string{"deep", "host", "dom"}, ""},
		{"subdomain excludes the parent's domain cookie", GetAllDetails{Domain: new("www.example.com")}, []string{"deep", "host"}, ""},
		{"empty domain matches nothing", GetAllDetails{Domain: new("")}, []string{}, ""},
		{"dot domain matches nothing", GetAllDetails{Domain: new(".")}, []string{}, ""},
		{"path", GetAllDetails{Path: new("/app")}, []string{"deep"}, ""},
		{"path exactly", GetAllDetails{Path: new("/ap")}, []string{}, ""},
		{"secure", GetAllDetails{Secure: new(true)}, []string{"host", "other", "unpart"}, ""},
		{"not secure", GetAllDetails{Secure: new(false)}, []string{"deep", "dom"}, ""},
		{"session", GetAllDetails{Session: new(true)}, []string{"deep", "dom", "unpart"}, ""},
		{"persistent", GetAllDetails{Session: new(false)}, []string{"host", "other"}, ""},
		{"url", GetAllDetails{URL: "https://www.example.com/app/x?q=1#f"}, []string{"deep", "host", "dom"}, ""},
		{"url over http", GetAllDetails{URL: "http://www.example.com/app"}, []string{"deep", "dom"}, ""},
		{"url and name", GetAllDetails{URL: "https://www.example.com/", Name: new("sid")}, []string{"host", "dom"}, ""},
		{"url of another site", GetAllDetails{URL: "https://other.test/"}, []string{"other"}, ""},
		{"url without cookies", GetAllDetails{URL: "ftp://www.example.com/"}, []string{}, ""},
		{"private store", GetAllDetails{StoreID: "incog"}, []string{"priv"}, ""},
		{"no first party, given", GetAllDetails{FirstPartyDomain: FirstParty("")}, unpartitioned, ""},
		{"every first party", GetAllDetails{FirstPartyDomain: AllFirstParties()}, unpartitioned, ""},
		{"a first party without cookies", GetAllDetails{FirstPartyDomain: FirstParty("example.com")}, []string{}, ""},

		{"unknown store", GetAllDetails{StoreID: "nope"}, nil, `webext: invalid cookie store id "nope": cookiemonster: no such store`},
		{"bad url", GetAllDetails{URL: "www.example.com"}, nil, `webext: invalid details: invalid url "www.example.com"`},
		{"bit without site", GetAllDetails{PartitionKey: &PartitionKey{HasCrossSiteAncestor: new(false)}}, nil, `webext: invalid details: partitionKey.hasCrossSiteAncestor without partitionKey.topLevelSite`},
		{"unpartitioned cross-site", GetAllDetails{PartitionKey: NewPartitionKey("", true)}, nil, `webext: invalid details: partitionKey with an empty topLevelSite (unpartitioned) and hasCrossSiteAncestor true`},
		{"site not a site", GetAllDetails{PartitionKey: &PartitionKey{TopLevelSite: new("://x")}}, nil, `webext: invalid details: partitionKey.topLevelSite "://x" is not a site such as "https://example.com"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.api.GetAll(e.ctx, tt.d)
			if tt.err != "" {
				assert.EqualError(t, err, tt.err)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			want := fx(tt.want...)
			if tt.d.StoreID == "incog" {
				want = fx("priv")
			}
			assert.Equal(t, want, got)
		})
	}
}

func TestGetAllHostPermissions(t *testing.T) {
	e := populated(t)
	tests := []struct {
		perms []string
		want  []string
	}{
		{nil, []string{}},
		{[]string{AllURLs}, []string{"deep", "host", "dom", "other", "part", "part-same", "unpart"}},
		{[]string{"*://*/*"}, []string{"deep", "host", "dom", "other", "part", "part-same", "unpart"}},
		// www.example.com receives .example.com cookies.
		{[]string{"https://www.example.com/*"}, []string{"deep", "host", "dom"}},
		// Secure cookies need a secure scheme.
		{[]string{"http://*.example.com/*"}, []string{"deep", "dom"}},
		{[]string{"*://*.example/*"}, []string{"part", "part-same", "unpart"}},
		{[]string{"https://embed.example/*", "https://other.test/*"}, []string{"other", "part", "unpart"}},
		{[]string{"https://example.com/*"}, []string{"dom"}},
		{[]string{"ftp://*/*"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(jsonString(t, tt.perms), func(t *testing.T) {
			api := e.withPerms(t, tt.perms)
			got, err := api.GetAll(e.ctx, GetAllDetails{PartitionKey: AllPartitions()})
			require.NoError(t, err)
			assert.Equal(t, fx(tt.want...), got)
			// A url outside the permissions is filtered, not refused.
			got, err = api.GetAll(e.ctx, GetAllDetails{URL: "https://other.test/"})
			require.NoError(t, err)
			want := []Cookie{}
			if api.perms.coversCookie(&cookiemonster.CanonicalCookie{Domain: "other.test", Secure: true}) {
				want = fx("other")
			}
			assert.Equal(t, want, got)
		})
	}
}

func TestURLPermissions(t *testing.T) {
	e := populated(t)
	tests := []struct {
		perms []string
		url   string
		err   string
	}{
		{nil, "https://www.example.com/", `webext: no host permission for cookies at url "https://www.example.com/": the API has no host permissions`},
		{[]string{"https://other.test/*"}, "https://www.example.com/", `webext: no host permission for cookies at url "https://www.example.com/": host permissions are "https://other.test/*"`},
		{[]string{"http://*.example.com/*", "https://a.example/*"}, "https://www.example.com/", `webext: no host permission for cookies at url "https://www.example.com/": host permissions are "http://*.example.com/*", "https://a.example/*"`},
		{[]string{"https://example.com/*"}, "https://www.example.com/", `webext: no host permission for cookies at url "https://www.example.com/": host permissions are "https://example.com/*"`},
		{[]string{"https://www.example.com:8443/*"}, "https://www.example.com/", `webext: no host permission for cookies at url "https://www.example.com/": host permissions are "https://www.example.com:8443/*"`},
		{[]string{"*://*.example.com/*"}, "https://www.example.com/", ""},
		{[]string{"https://www.example.com/other/path"}, "https://www.example.com/", ""},
		{[]string{"https://*/*"}, "https://www.example.com/", ""},
	}
	for _, tt := range tests {
		t.Run(jsonString(t, tt.perms), func(t *testing.T) {
			api := e.withPerms(t, tt.perms)
			got, err := api.Get(e.ctx, GetDetails{URL: tt.url, Name: "sid"})
			_, setErr := api.Set(e.ctx, SetDetails{URL: tt.url, Name: "new", Value: "v"})
			removed, removeErr := api.Remove(e.ctx, RemoveDetails{URL: tt.url, Name: "nope"})
			assert.Nil(t, removed)
			if tt.err == "" {
				require.NoError(t, err)
				assert.Equal(t, &fx("host")[0], got)
				assert.NoError(t, setErr)
				assert.NoError(t, removeErr)
				return
			}
			assert.Nil(t, got)
			for _, err := range []error{err, setErr, removeErr} {
				assert.ErrorIs(t, err, ErrNoHostPermission)
				assert.EqualError(t, err, tt.err)
			}
		})
	}
}

func TestSet(t *testing.T) {
	tests := []struct {
		name string
		d    SetDetails
		want *Cookie
		err  string
		is   error
	}{
		{"defaults: host-only, directory path, session",
			SetDetails{URL: "https://a.example/dir/page?x=1#y", Name: "n", Value: "v"},
			&Cookie{Name: "n", Value: "v", Domain: "a.example", HostOnly: true, Path: "/dir", SameSite: SameSiteUnspecified, Session: true, StoreID: "default"}, "", nil},
		{"domain cookie, every field",
			SetDetails{URL: "https://www.a.example/", Name: "n", Value: "v", Domain: "a.example", Path: "/p", Secure: true, HTTPOnly: true, SameSite: SameSiteNoRestriction, ExpirationDate: new(1772366460.123456)},
			&Cookie{Name: "n", Value: "v", Domain: ".a.example", Path: "/p", Secure: true, HTTPOnly: true, SameSite: SameSiteNoRestriction, ExpirationDate: new(1772366460.123456), StoreID: "default"}, "", nil},
		{"domain with a leading dot",
			SetDetails{URL: "http://a.example/", Name: "n", Domain: ".a.example", SameSite: SameSiteLax},
			&Cookie{Name: "n", Domain: ".a.example", Path: "/", SameSite: SameSiteLax, Session: true, StoreID: "default"}, "", nil},
		{"expiry rounded to the microsecond",
			SetDetails{URL: "http://a.example/", Name: "n", ExpirationDate: new(1772366460.1234567)},
			&Cookie{Name: "n", Domain: "a.example", HostOnly: true, Path: "/", SameSite: SameSiteUnspecified, ExpirationDate: new(1772366460.123457), StoreID: "default"}, "", nil},
		{"expiry capped at 400 days",
			SetDetails{URL: "http://a.example/", Name: "n", ExpirationDate: secs(500 * 24 * time.Hour)},
			&Cookie{Name: "n", Domain: "a.example", HostOnly: true, Path: "/", SameSite: SameSiteUnspecified, ExpirationDate: secs(400 * 24 * time.Hour), StoreID: "default"}, "", nil},
		{"expiry beyond any date capped too",
			SetDetails{URL: "http://a.example/", Name: "n", ExpirationDate: new(1e300)},
			&Cookie{Name: "n", Domain: "a.example", HostOnly: true, Path: "/", SameSite: SameSiteUnspecified, ExpirationDate: secs(400 * 24 * time.Hour), StoreID: "default"}, "", nil},
		{"partitioned, bit from the url",
			SetDetails{URL: "https://embed.example/", Name: "p", Secure: true, PartitionKey: &PartitionKey{TopLevelSite: new("https://top.example")}},
			&Cookie{Name: "p", Domain: "embed.example", HostOnly: true, Path: "/", Secure: true, SameSite: SameSiteUnspecified, Session: true, StoreID: "default", PartitionKey: NewPartitionKey("https://top.example", true)}, "", nil},
		{"partitioned, cross-site bit on a same-site url",
			SetDetails{URL: "https://top.example/", Name: "p", Secure: true, PartitionKey: NewPartitionKey("https://top.example", true)},
			&Cookie{Name: "p", Domain: "top.example", HostOnly: true, Path: "/", Secure: true, SameSite: SameSiteUnspecified, Session: true, StoreID: "default", PartitionKey: NewPartitionKey("https://top.example", true)}, "", nil},
		{"{} is unpartitioned",
			SetDetails{URL: "https://a.example/", Name: "p", PartitionKey: AllPartitions()},
			&Cookie{Name: "p", Domain: "a.example", HostOnly: true, Path: "/", SameSite: SameSiteUnspecified, Session: true, StoreID: "default"}, "", nil},
		{"private store",
			SetDetails{URL: "https://a.example/", Name: "n", StoreID: "incog"},
			&Cookie{Name: "n", Domain: "a.example", HostOnly: true, Path: "/", SameSite: SameSiteUnspecified, Session: true, StoreID: "incog"}, "", nil},
		{"ws url",
			SetDetails{URL: "wss://a.example/socket", Name: "n", Secure: true},
			&Cookie{Name: "n", Domain: "a.example", HostOnly: true, Path: "/", Secure: true, SameSite: SameSiteUnspecified, Session: true, StoreID: "default"}, "", nil},
		{"past expiry: nothing stored", SetDetails{URL: "https://a.example/", Name: "n", ExpirationDate: new(0.0)}, nil, "", nil},
		{"expiry before the epoch", SetDetails{URL: "https://a.example/", Name: "n", ExpirationDate: new(-5.5)}, nil, "", nil},

		{"Secure from http", SetDetails{URL: "http://a.example/", Name: "s", Secure: true}, nil,
			`webext: failed to set cookie named "s" from http://a.example/: ExcludeSecureOnly; WarnTentativelyAllowingSecureSourceScheme (a Secure cookie can only be set from or sent to a secure origin (https, or http on localhost); warning: a Secure cookie from an http (not https) URL is recorded as set from a secure origin)`,
			cookiemonster.ExcludeSecureOnly},
		{"foreign domain", SetDetails{URL: "https://a.example/", Name: "s", Domain: "b.example"}, nil,
			`webext: failed to set cookie named "s" from https://a.example/: ExcludeDomainMismatch, ExcludeInvalidDomain (the URL's host is not within the cookie's domain, or the Domain attribute is in another site than the host; the Domain attribute is not acceptable for the host: a public suffix, another site, not a valid domain, or not the IP address the cookie comes from)`,
			cookiemonster.ExcludeInvalidDomain},
		{"nothing", SetDetails{URL: "https://a.example/"}, nil,
			`webext: failed to set cookie named "" from https://a.example/: ExcludeNoCookieContent (the cookie line has neither a name nor a value)`,
			cookiemonster.ExcludeNoCookieContent},
		{"partitioned, not Secure", SetDetails{URL: "https://a.example/", Name: "p", PartitionKey: NewPartitionKey("https://top.example", true)}, nil,
			`webext: failed to set cookie named "p" from https://a.example/: ExcludeInvalidPartitioned (a Partitioned cookie must be Secure and set from a secure origin)`,
			cookiemonster.ExcludeInvalidPartitioned},
		{"relative path", SetDetails{URL: "https://a.example/", Name: "p", Path: "x"}, nil,
			`webext: failed to set cookie named "p" from https://a.example/: ExcludeInvalidPath (a cookie path given as a field must start with '/')`,
			cookiemonster.ExcludeInvalidPath},
		{"SameSite=None without Secure", SetDetails{URL: "https://a.example/", Name: "n", SameSite: SameSiteNoRestriction}, nil,
			`webext: failed to set cookie named "n" from https://a.example/: ExcludeSameSiteNoneInsecure; WarnSameSiteNoneInsecure (a SameSite=None cookie must also be Secure; warning: a SameSite=None cookie without Secure is refused by current rules)`,
			cookiemonster.ExcludeSameSiteNoneInsecure},
		{"ftp", SetDetails{URL: "ftp://a.example/", Name: "n"}, nil,
			`webext: failed to set cookie named "n" from ftp://a.example/: ExcludeNoncookieableScheme (the URL's scheme does not take cookies (only http, https, ws and wss do))`,
			cookiemonster.ExcludeNoncookieableScheme},
		{"unknown sameSite", SetDetails{URL: "https://a.example/", Name: "n", SameSite: "none"}, nil,
			`webext: invalid details: sameSite "none" is not one of "no_restriction", "lax", "strict", "unspecified"`, ErrInvalidDetails},
		{"NaN expiry", SetDetails{URL: "https://a.example/", Name: "n", ExpirationDate: new(math.NaN())}, nil,
			`webext: invalid details: expirationDate NaN is not a date`, ErrInvalidDetails},
		{"infinite expiry", SetDetails{URL: "https://a.example/", Name: "n", ExpirationDate: new(math.Inf(1))}, nil,
			`webext: invalid details: expirationDate +Inf is not a date`, ErrInvalidDetails},
		{"first party and partitionKey", SetDetails{URL: "https://a.example/", Name: "n", Secure: true, FirstPartyDomain: new("a.example"), PartitionKey: NewPartitionKey("https://top.example", true)}, nil,
			`webext: invalid details: partitioned cookies cannot have a 'firstPartyDomain' attribute`, ErrInvalidDetails},
		{"first party and partitionKey {}", SetDetails{URL: "https://a.example/", Name: "n", FirstPartyDomain: new("a.example"), PartitionKey: AllPartitions()}, nil,
			`webext: invalid details: partitioned cookies cannot have a 'firstPartyDomain' attribute`, ErrInvalidDetails},
		{"same-site bit on a cross-site url", SetDetails{URL: "https://embed.example/", Name: "p", Secure: true, PartitionKey: NewPartitionKey("https://top.example", false)}, nil,
			`webext: invalid details: partitionKey.hasCrossSiteAncestor is false, but url "https://embed.example/" is cross-site with topLevelSite "https://top.example"`, ErrInvalidDetails},
		{"bit without site", SetDetails{URL: "https://a.example/", Name: "p", PartitionKey: &PartitionKey{HasCrossSiteAncestor: new(false)}}, nil,
			`webext: invalid details: partitionKey.hasCrossSiteAncestor without partitionKey.topLevelSite`, ErrInvalidDetails},
		{"unknown store", SetDetails{URL: "https://a.example/", Name: "n", StoreID: "nope"}, nil,
			`webext: invalid cookie store id "nope": cookiemonster: no such store`, cookiemonster.ErrNoStore},
		{"bad url", SetDetails{URL: "", Name: "n"}, nil, `webext: invalid details: invalid url ""`, ErrInvalidDetails},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, []string{AllURLs}, cookiemonster.Limits{})
			_, err := e.set.Create(e.ctx, "incog", cookiemonster.StorePrivate)
			require.NoError(t, err)
			got, err := e.api.Set(e.ctx, tt.d)
			if tt.err != "" {
				assert.EqualError(t, err, tt.err)
				assert.ErrorIs(t, err, tt.is)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			// What Set returned is what the store holds.
			all, err := e.api.GetAll(e.ctx, GetAllDetails{StoreID: tt.d.StoreID, PartitionKey: AllPartitions()})
			require.NoError(t, err)
			if tt.want == nil {
				assert.Equal(t, []Cookie{}, all)
			} else {
				assert.Equal(t, []Cookie{*tt.want}, all)
			}
		})
	}
}

func TestSetErrorAs(t *testing.T) {
	e := newEnv(t, []string{AllURLs}, cookiemonster.Limits{})
	_, err := e.api.Set(e.ctx, SetDetails{URL: "http://a.example/", Name: "s", Secure: true})
	var se *SetError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "s", se.Name)
	assert.Equal(t, "http://a.example/", se.URL)
	assert.Equal(t, []cookiemonster.ExclusionReason{cookiemonster.ExcludeSecureOnly}, se.Status.Exclusions())
	var st *cookiemonster.StatusError
	require.ErrorAs(t, err, &st)
	assert.Equal(t, se.Status, st.Status)
}

func TestSetUpdate(t *testing.T) {
	e := populated(t)
	got, err := e.api.Set(e.ctx, SetDetails{URL: "https://www.example.com/", Name: "sid", Value: "new", Secure: true})
	require.NoError(t, err)
	updated := Cookie{Name: "sid", Value: "new", Domain: "www.example.com", HostOnly: true, Path: "/", Secure: true, SameSite: SameSiteUnspecified, Session: true, StoreID: "default"}
	assert.Equal(t, &updated, got)
	all, err := e.api.GetAll(e.ctx, GetAllDetails{Name: new("sid")})
	require.NoError(t, err)
	// Updated with a new value, it is a new cookie: created last.
	assert.Equal(t, append(fx("dom"), updated), all)

	// A past expiry deletes it, and Set returns nothing.
	got, err = e.api.Set(e.ctx, SetDetails{URL: "https://www.example.com/", Name: "sid", Secure: true, ExpirationDate: secs(-time.Second)})
	require.NoError(t, err)
	assert.Nil(t, got)
	all, err = e.api.GetAll(e.ctx, GetAllDetails{Name: new("sid")})
	require.NoError(t, err)
	assert.Equal(t, fx("dom"), all)
}

func TestRemove(t *testing.T) {
	tests := []struct {
		name string
		d    RemoveDetails
		want *RemoveDetails
		left []string
		err  string
	}{
		{"every path and domain sent to the url",
			RemoveDetails{URL: "https://www.example.com/app?q#f", Name: "sid"},
			&RemoveDetails{URL: "https://www.example.com/app?q#f", Name: "sid", StoreID: "default", FirstPartyDomain: new("")},
			[]string{"deep", "other", "part", "part-same", "unpart"}, ""},
		{"domain cookie only, over http",
			RemoveDetails{URL: "http://www.example.com/", Name: "sid", StoreID: "default"},
			&RemoveDetails{URL: "http://www.example.com/", Name: "sid", StoreID: "default", FirstPartyDomain: new("")},
			[]string{"deep", "host", "other", "part", "part-same", "unpart"}, ""},
		{"none",
			RemoveDetails{URL: "https://www.example.com/", Name: "nope"}, nil,
			[]string{"deep", "host", "dom", "other", "part", "part-same", "unpart"}, ""},
		{"unpartitioned by default",
			RemoveDetails{URL: "https://embed.example/", Name: "chips"},
			&RemoveDetails{URL: "https://embed.example/", Name: "chips", StoreID: "default", FirstPartyDomain: new("")},
			[]string{"deep", "host", "dom", "other", "part", "part-same"}, ""},
		{"partition, bit from the url",
			RemoveDetails{URL: "https://embed.example/", Name: "chips", PartitionKey: &PartitionKey{TopLevelSite: new("https://top.example")}},
			&RemoveDetails{URL: "https://embed.example/", Name: "chips", StoreID: "default", FirstPartyDomain: new(""), PartitionKey: NewPartitionKey("https://top.example", true)},
			[]string{"deep", "host", "dom", "other", "part-same", "unpart"}, ""},
		{"partition of another bit",
			RemoveDetails{URL: "https://embed.example/", Name: "chips", PartitionKey: NewPartitionKey("https://top.example", false)}, nil,
			[]string{"deep", "host", "dom", "other", "part", "part-same", "unpart"}, ""},
		{"private store",
			RemoveDetails{URL: "https://www.example.com/", Name: "sid", StoreID: "incog"},
			&RemoveDetails{URL: "https://www.example.com/", Name: "sid", StoreID: "incog", FirstPartyDomain: new("")},
			[]string{"deep", "host", "dom", "other", "part", "part-same", "unpart"}, ""},
		{"no first party, given",
			RemoveDetails{URL: "https://www.example.com/", Name: "sid", FirstPartyDomain: new("")},
			&RemoveDetails{URL: "https://www.example.com/", Name: "sid", StoreID: "default", FirstPartyDomain: new("")},
			[]string{"deep", "other", "part", "part-same", "unpart"}, ""},
		{"a first party without the cookie",
			RemoveDetails{URL: "https://www.example.com/", Name: "sid", FirstPartyDomain: new("example.com")}, nil,
			[]string{"deep", "host", "dom", "other", "part", "part-same", "unpart"}, ""},
		{"unknown store",
			RemoveDetails{URL: "https://www.example.com/", Name: "sid", StoreID: "gone"}, nil,
			[]string{"deep", "host", "dom", "other", "part", "part-same", "unpart"},
			`webext: invalid cookie store id "gone": cookiemonster: no such store`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := populated(t)
			got, err := e.api.Remove(e.ctx, tt.d)
			if tt.err != "" {
				assert.EqualError(t, err, tt.err)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.want, got)
			left, err := e.api.GetAll(e.ctx, GetAllDetails{PartitionKey: AllPartitions()})
			require.NoError(t, err)
			assert.Equal(t, fx(tt.left...), left)
		})
	}
}

func TestGetAllCookieStores(t *testing.T) {
	e := newEnv(t, nil, cookiemonster.Limits{})
	_, err := e.set.Create(e.ctx, "incog", cookiemonster.StorePrivate)
	require.NoError(t, err)
	_, err = e.set.Create(e.ctx, "container-1", cookiemonster.StorePersistent)
	require.NoError(t, err)
	_, err = e.set.Create(e.ctx, "container-2", cookiemonster.StorePersistent)
	require.NoError(t, err)
	require.NoError(t, e.set.CloseStore("container-2")) // in the backend, closed
	got, err := e.api.GetAllCookieStores(e.ctx)
	require.NoError(t, err)
	assert.Equal(t, []CookieStore{
		{ID: "default", TabIDs: []int{}},
		{ID: "container-1", TabIDs: []int{}},
		{ID: "container-2", TabIDs: []int{}},
		{ID: "incog", TabIDs: []int{}, Incognito: true},
	}, got)
	assert.JSONEq(t, `[
		{"id": "default", "tabIds": [], "incognito": false},
		{"id": "container-1", "tabIds": [], "incognito": false},
		{"id": "container-2", "tabIds": [], "incognito": false},
		{"id": "incog", "tabIds": [], "incognito": true}
	]`, jsonString(t, got))

	// A closed persistent store opens again on use; a closed private one
	// is gone.
	require.NoError(t, e.set.CloseStore("incog"))
	_, err = e.api.GetAll(e.ctx, GetAllDetails{StoreID: "container-2"})
	require.NoError(t, err)
	_, err = e.api.GetAll(e.ctx, GetAllDetails{StoreID: "incog"})
	assert.EqualError(t, err, `webext: invalid cookie store id "incog": cookiemonster: no such store`)
}

func TestClosedSet(t *testing.T) {
	e := newEnv(t, []string{AllURLs}, cookiemonster.Limits{})
	require.NoError(t, e.set.Close())
	_, err := e.api.Get(e.ctx, GetDetails{URL: "https://a.example/", Name: "n"})
	assert.EqualError(t, err, `webext: cookie store "default": cookiemonster: store set is closed`)
	assert.ErrorIs(t, err, cookiemonster.ErrSetClosed)
	_, err = e.api.GetAllCookieStores(e.ctx)
	assert.ErrorIs(t, err, cookiemonster.ErrSetClosed)
}

func TestZeroAndNilAPI(t *testing.T) {
	ctx := context.Background()
	var zero API
	_, err := zero.Get(ctx, GetDetails{URL: "https://a.example/", Name: "n"})
	assert.EqualError(t, err, `webext: no host permission for cookies at url "https://a.example/": the API has no host permissions`)
	_, err = zero.Set(ctx, SetDetails{URL: "https://a.example/", Name: "n"})
	assert.ErrorIs(t, err, ErrNoHostPermission)
	all, err := zero.GetAll(ctx, GetAllDetails{})
	require.NoError(t, err)
	assert.Equal(t, []Cookie{}, all)
	stores, err := zero.GetAllCookieStores(ctx)
	require.NoError(t, err)
	assert.Equal(t, []CookieStore{{ID: "default", TabIDs: []int{}}}, stores)
	zero.OnChanged(func(ChangeInfo) {})()

	// New(nil, ...) works over a set of its own.
	own, err := New(nil, AllHosts())
	require.NoError(t, err)
	_, err = own.Set(ctx, SetDetails{URL: "https://a.example/", Name: "n", Value: "v"})
	require.NoError(t, err)
	got, err := own.Get(ctx, GetDetails{URL: "https://a.example/", Name: "n"})
	require.NoError(t, err)
	assert.Equal(t, "v", got.Value)

	var nilAPI *API
	_, err = nilAPI.Get(ctx, GetDetails{})
	assert.ErrorIs(t, err, ErrNilAPI)
	_, err = nilAPI.GetAll(ctx, GetAllDetails{})
	assert.ErrorIs(t, err, ErrNilAPI)
	_, err = nilAPI.Set(ctx, SetDetails{})
	assert.ErrorIs(t, err, ErrNilAPI)
	_, err = nilAPI.Remove(ctx, RemoveDetails{})
	assert.ErrorIs(t, err, ErrNilAPI)
	_, err = nilAPI.GetAllCookieStores(ctx)
	assert.ErrorIs(t, err, ErrNilAPI)
	nilAPI.OnChanged(func(ChangeInfo) {})()
}

func TestCookieJSON(t *testing.T) {
	tests := []struct {
		name   string
		cookie Cookie
		json   string
	}{
		{"session, unpartitioned",
			fx("dom")[0],
			`{"name":"sid","value":"2","domain":".example.com","hostOnly":false,"path":"/","secure":false,"httpOnly":false,"sameSite":"unspecified","session":true,"storeId":"default","firstPartyDomain":""}`},
		{"persistent",
			fx("host")[0],
			`{"name":"sid","value":"1","domain":"www.example.com","hostOnly":true,"path":"/","secure":true,"httpOnly":true,"sameSite":"lax","session":false,"expirationDate":1772370000.25,"storeId":"default","firstPartyDomain":""}`},
		{"partitioned",
			fx("part")[0],
			`{"name":"chips","value":"5","domain":"embed.example","hostOnly":true,"path":"/","secure":true,"httpOnly":false,"sameSite":"unspecified","session":true,"storeId":"default","firstPartyDomain":"","partitionKey":{"topLevelSite":"https://top.example","hasCrossSiteAncestor":true}}`},
		{"same-site partition",
			fx("part-same")[0],
			`{"name":"chips","value":"6","domain":"top.example","hostOnly":true,"path":"/","secure":true,"httpOnly":false,"sameSite":"unspecified","session":true,"storeId":"default","firstPartyDomain":"","partitionKey":{"topLevelSite":"https://top.example","hasCrossSiteAncestor":false}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.cookie)
			require.NoError(t, err)
			assert.Equal(t, tt.json, string(b))
			var back Cookie
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, tt.cookie, back)
		})
	}
}

func TestDetailsJSON(t *testing.T) {
	// Details decode from what an extension passes.
	var gd GetAllDetails
	require.NoError(t, json.Unmarshal([]byte(`{"domain":"","name":"a","secure":false,"partitionKey":{}}`), &gd))
	assert.Equal(t, GetAllDetails{Domain: new(""), Name: new("a"), Secure: new(false), PartitionKey: AllPartitions()}, gd)
	var sd SetDetails
	require.NoError(t, json.Unmarshal([]byte(`{"url":"https://a.example/","name":"n","expirationDate":1772366400.5,"sameSite":"lax","partitionKey":{"topLevelSite":"https://a.example"}}`), &sd))
	assert.Equal(t, SetDetails{URL: "https://a.example/", Name: "n", ExpirationDate: new(1772366400.5), SameSite: SameSiteLax, PartitionKey: &PartitionKey{TopLevelSite: new("https://a.example")}}, sd)
	rd, err := json.Marshal(RemoveDetails{URL: "https://a.example/", Name: "n", StoreID: "default", FirstPartyDomain: new("")})
	require.NoError(t, err)
	assert.Equal(t, `{"url":"https://a.example/","name":"n","storeId":"default","firstPartyDomain":""}`, string(rd))
	ci, err := json.Marshal(ChangeInfo{Removed: true, Cookie: fx("dom")[0], Cause: CauseOverwrite})
	require.NoError(t, err)
	assert.Equal(t, `{"removed":true,"cookie":{"name":"sid","value":"2","domain":".example.com","hostOnly":false,"path":"/","secure":false,"httpOnly":false,"sameSite":"unspecified","session":true,"storeId":"default","firstPartyDomain":""},"cause":"overwrite"}`, string(ci))
}

func TestExpirationDate(t *testing.T) {
	tests := []struct {
		t    time.Time
		want *float64
	}{
		{time.Time{}, nil},
		{t0, new(1772366400.0)},
		{t0.Add(123456789 * time.Nanosecond), new(1772366400.123457)},
		{time.Unix(0, 0), new(0.0)},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, ExpirationDate(tt.t), tt.t.String())
	}
	expiries := []struct {
		f    *float64
		want time.Time
	}{
		{nil, time.Time{}},
		{new(1772366400.123456), t0.Add(123456 * time.Microsecond)},
		{new(-1.0), time.Unix(0, 0).UTC()},
		{new(math.NaN()), time.Time{}},
		{new(1e300), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)},
	}
	for _, tt := range expiries {
		c := Cookie{ExpirationDate: tt.f}
		assert.Equal(t, tt.want, c.Expiry())
	}
	assert.Equal(t, time.Time{}, (*Cookie)(nil).Expiry())
}

// jsonString marshals v.
func jsonString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// pagesList is a public suffix list where "pages.example" is a public
// suffix, as a hosting service's domain is.
type pagesList struct{}

func (pagesList) PublicSuffix(domain string) string {
	if domain == "pages.example" || strings.HasSuffix(domain, ".pages.example") {
		return "pages.example"
	}
	return domain[strings.LastIndexByte(domain, '.')+1:]
}

func (pagesList) String() string { return "pages.example test list" }

// TestSetPublicSuffixList checks that partition sites are decided by the
// set's public suffix list: under pagesList, a.pages.example is a site of
// its own, so b.pages.example is cross-site with it.
func TestSetPublicSuffixList(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		cfg  cookiemonster.Config
		opts Options
		want *PartitionKey
	}{
		{"default list: one site", cookiemonster.Config{}, AllHosts(), NewPartitionKey("https://pages.example", false)},
		{"the set's list", cookiemonster.Config{PublicSuffixList: pagesList{}}, AllHosts(), NewPartitionKey("https://a.pages.example", true)},
		{"Options' list wins", cookiemonster.Config{}, Options{HostPermissions: []string{AllURLs}, PublicSuffixList: pagesList{}}, NewPartitionKey("https://a.pages.example", true)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := cookiemonster.NewStoreSet(ctx, cookiemonster.StoreSetConfig{Config: tt.cfg})
			require.NoError(t, err)
			defer set.Close()
			api, err := New(set, tt.opts)
			require.NoError(t, err)
			got, err := api.Set(ctx, SetDetails{URL: "https://b.pages.example/", Name: "p", Secure: true,
				PartitionKey: &PartitionKey{TopLevelSite: new("https://a.pages.example")}})
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.PartitionKey)
		})
	}
}
