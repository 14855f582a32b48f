package webext

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

// errRequired is the exact text of ErrFirstPartyDomainRequired, Firefox's.
const errRequired = `webext: First-Party Isolation is enabled, but the required 'firstPartyDomain' attribute was not set`

// fpFixtures are cookies of the same name, domain and path under three
// first parties, set one second apart from t0 in this order: "none"
// without a first party, "ex" under example.com (its own site), "news"
// under news.example (a site that embeds it).
var fpFixtures = []fixture{
	{"none", SetDetails{URL: "https://www.example.com/", Name: "sid", Value: "none", ExpirationDate: secs(time.Hour), FirstPartyDomain: new("")},
		fpCookie("none", "")},
	{"ex", SetDetails{URL: "https://www.example.com/", Name: "sid", Value: "ex", ExpirationDate: secs(time.Hour), FirstPartyDomain: new("example.com")},
		fpCookie("ex", "example.com")},
	{"news", SetDetails{URL: "https://www.example.com/", Name: "sid", Value: "news", ExpirationDate: secs(time.Hour), FirstPartyDomain: new("news.example")},
		fpCookie("news", "news.example")},
}

// fpCookie is the cookie "sid" of www.example.com with value and first
// party fpd, as the fixtures set it.
func fpCookie(value, fpd string) Cookie {
	return Cookie{Name: "sid", Value: value, Domain: "www.example.com", HostOnly: true, Path: "/", SameSite: SameSiteUnspecified,
		ExpirationDate: new(1772370000.0), StoreID: "default", FirstPartyDomain: fpd}
}

// fpx returns the first-party fixture cookies of keys.
func fpx(keys ...string) []Cookie {
	out := []Cookie{}
	for _, k := range keys {
		found := false
		for _, f := range fpFixtures {
			if f.key == k {
				out = append(out, f.want)
				found = true
			}
		}
		if !found {
			panic("no first-party fixture " + k)
		}
	}
	return out
}

// fpPopulated returns an env (all hosts permitted), isolating first parties
// or not, that holds the first-party fixtures.
func fpPopulated(t *testing.T, isolation bool) *env {
	t.Helper()
	e := newEnvConfig(t, []string{AllURLs}, cookiemonster.Config{FirstPartyIsolation: isolation})
	for _, f := range fpFixtures {
		got, err := e.api.Set(e.ctx, f.set)
		require.NoError(t, err, f.key)
		require.Equal(t, &f.want, got, f.key)
		e.clock.Advance(time.Second)
	}
	return e
}

// modes are the two settings of Config.FirstPartyIsolation.
var modes = []struct {
	name      string
	isolation bool
}{{"isolation off", false}, {"isolation on", true}}

func TestFirstPartyGet(t *testing.T) {
	const u = "https://www.example.com/"
	tests := []struct {
		name string
		d    GetDetails
		want []string // zero or one fixture
		// required: without firstPartyDomain, an error under isolation.
		required bool
	}{
		{"absent: none", GetDetails{URL: u, Name: "sid"}, []string{"none"}, true},
		{"\"\": none", GetDetails{URL: u, Name: "sid", FirstPartyDomain: new("")}, []string{"none"}, false},
		{"its own site", GetDetails{URL: u, Name: "sid", FirstPartyDomain: new("example.com")}, []string{"ex"}, false},
		{"embedded under another site", GetDetails{URL: u, Name: "sid", FirstPartyDomain: new("news.example")}, []string{"news"}, false},
		{"a first party without it", GetDetails{URL: u, Name: "sid", FirstPartyDomain: new("other.example")}, nil, false},
		{"not a domain match for the first party", GetDetails{URL: u, Name: "sid", FirstPartyDomain: new("www.example.com")}, nil, false},
		{"other name", GetDetails{URL: u, Name: "x", FirstPartyDomain: new("example.com")}, nil, false},
		{"first party and partition", GetDetails{URL: u, Name: "sid", FirstPartyDomain: new("example.com"), PartitionKey: NewPartitionKey("https://example.com", false)}, nil, false},
		{"absent, other name", GetDetails{URL: u, Name: "x"}, nil, true},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			e := fpPopulated(t, mode.isolation)
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					got, err := e.api.Get(e.ctx, tt.d)
					if tt.required && mode.isolation {
						assert.EqualError(t, err, errRequired)
						assert.ErrorIs(t, err, ErrFirstPartyDomainRequired)
						assert.Nil(t, got)
						return
					}
					require.NoError(t, err)
					if len(tt.want) == 0 {
						assert.Nil(t, got)
					} else {
						assert.Equal(t, &fpx(tt.want...)[0], got)
					}
				})
			}
		})
	}
}

func TestFirstPartyGetAll(t *testing.T) {
	tests := []struct {
		name     string
		d        GetAllDetails
		want     []string
		required bool
	}{
		{"absent: none", GetAllDetails{}, []string{"none"}, true},
		{"\"\": none", GetAllDetails{FirstPartyDomain: FirstParty("")}, []string{"none"}, false},
		{"one first party", GetAllDetails{FirstPartyDomain: FirstParty("example.com")}, []string{"ex"}, false},
		{"another", GetAllDetails{FirstPartyDomain: FirstParty("news.example")}, []string{"news"}, false},
		{"a first party without cookies", GetAllDetails{FirstPartyDomain: FirstParty("other.example")}, []string{}, false},
		{"null: every first party", GetAllDetails{FirstPartyDomain: AllFirstParties()}, []string{"none", "ex", "news"}, false},
		{"null with url and name", GetAllDetails{URL: "https://www.example.com/a", Name: new("sid"), FirstPartyDomain: AllFirstParties()}, []string{"none", "ex", "news"}, false},
		{"null with a url they are not sent to", GetAllDetails{URL: "https://example.com/", FirstPartyDomain: AllFirstParties()}, []string{}, false},
		{"null with every partition", GetAllDetails{PartitionKey: AllPartitions(), FirstPartyDomain: AllFirstParties()}, []string{"none", "ex", "news"}, false},
		{"first party, partitioned only", GetAllDetails{PartitionKey: &PartitionKey{TopLevelSite: new("https://example.com")}, FirstPartyDomain: FirstParty("example.com")}, []string{}, false},
		{"absent with a domain", GetAllDetails{Domain: new("example.com")}, []string{"none"}, true},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			e := fpPopulated(t, mode.isolation)
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					got, err := e.api.GetAll(e.ctx, tt.d)
					if tt.required && mode.isolation {
						assert.EqualError(t, err, errRequired)
						assert.Nil(t, got)
						return
					}
					require.NoError(t, err)
					assert.Equal(t, fpx(tt.want...), got)
				})
			}
		})
	}
}

func TestFirstPartySet(t *testing.T) {
	ex := fpCookie("ex2", "example.com")
	ex.ExpirationDate = nil
	ex.Session = true
	none := fpCookie("none2", "")
	none.ExpirationDate, none.Session = nil, true
	tests := []struct {
		name     string
		d        SetDetails
		want     *Cookie
		left     []Cookie // every cookie after, in the order of GetAll
		required bool
	}{
		{"replaces its first party's cookie only",
			SetDetails{URL: "https://www.example.com/", Name: "sid", Value: "ex2", FirstPartyDomain: new("example.com")},
			&ex, append(fpx("none", "news"), ex), false},
		{"\"\" replaces the cookie without one",
			SetDetails{URL: "https://www.example.com/", Name: "sid", Value: "none2", FirstPartyDomain: new("")},
			&none, append(fpx("ex", "news"), none), false},
		{"absent replaces the cookie without one",
			SetDetails{URL: "https://www.example.com/", Name: "sid", Value: "none2"},
			&none, append(fpx("ex", "news"), none), true},
		{"a past expiry deletes its first party's cookie only",
			SetDetails{URL: "https://www.example.com/", Name: "sid", ExpirationDate: secs(-time.Hour), FirstPartyDomain: new("news.example")},
			nil, fpx("none", "ex"), false},
		{"a first party taken as given",
			SetDetails{URL: "https://www.example.com/", Name: "n", Value: "v", FirstPartyDomain: new("Not A Domain")},
			&Cookie{Name: "n", Value: "v", Domain: "www.example.com", HostOnly: true, Path: "/", SameSite: SameSiteUnspecified, Session: true, StoreID: "default", FirstPartyDomain: "Not A Domain"},
			append(fpx("none", "ex", "news"), Cookie{Name: "n", Value: "v", Domain: "www.example.com", HostOnly: true, Path: "/", SameSite: SameSiteUnspecified, Session: true, StoreID: "default", FirstPartyDomain: "Not A Domain"}),
			false},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					e := fpPopulated(t, mode.isolation)
					got, err := e.api.Set(e.ctx, tt.d)
					left := tt.left
					if tt.required && mode.isolation {
						assert.EqualError(t, err, errRequired)
						assert.Nil(t, got)
						left = fpx("none", "ex", "news")
					} else {
						require.NoError(t, err)
						assert.Equal(t, tt.want, got)
					}
					all, err := e.api.GetAll(e.ctx, GetAllDetails{FirstPartyDomain: AllFirstParties()})
					require.NoError(t, err)
					assert.Equal(t, left, all)
				})
			}
		})
	}
}

func TestFirstPartyRemove(t *testing.T) {
	const u = "https://www.example.com/"
	tests := []struct {
		name     string
		d        RemoveDetails
		want     *RemoveDetails
		left     []string
		required bool
	}{
		{"one first party",
			RemoveDetails{URL: u, Name: "sid", FirstPartyDomain: new("example.com")},
			&RemoveDetails{URL: u, Name: "sid", StoreID: "default", FirstPartyDomain: new("example.com")},
			[]string{"none", "news"}, false},
		{"\"\": the cookie without one",
			RemoveDetails{URL: u, Name: "sid", FirstPartyDomain: new("")},
			&RemoveDetails{URL: u, Name: "sid", StoreID: "default", FirstPartyDomain: new("")},
			[]string{"ex", "news"}, false},
		{"absent: the cookie without one",
			RemoveDetails{URL: u, Name: "sid"},
			&RemoveDetails{URL: u, Name: "sid", StoreID: "default", FirstPartyDomain: new("")},
			[]string{"ex", "news"}, true},
		{"a first party without it",
			RemoveDetails{URL: u, Name: "sid", FirstPartyDomain: new("other.example")}, nil,
			[]string{"none", "ex", "news"}, false},
		{"a url it is not sent to",
			RemoveDetails{URL: "https://example.com/", Name: "sid", FirstPartyDomain: new("example.com")}, nil,
			[]string{"none", "ex", "news"}, false},
		{"a scheme without cookies",
			RemoveDetails{URL: "ftp://www.example.com/", Name: "sid", FirstPartyDomain: new("example.com")}, nil,
			[]string{"none", "ex", "news"}, false},
		{"another partition",
			RemoveDetails{URL: u, Name: "sid", FirstPartyDomain: new("example.com"), PartitionKey: NewPartitionKey("https://example.com", false)}, nil,
			[]string{"none", "ex", "news"}, false},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					e := fpPopulated(t, mode.isolation)
					got, err := e.api.Remove(e.ctx, tt.d)
					left := tt.left
					if tt.required && mode.isolation {
						assert.EqualError(t, err, errRequired)
						assert.Nil(t, got)
						left = []string{"none", "ex", "news"}
					} else {
						require.NoError(t, err)
						assert.Equal(t, tt.want, got)
					}
					all, err := e.api.GetAll(e.ctx, GetAllDetails{FirstPartyDomain: AllFirstParties()})
					require.NoError(t, err)
					assert.Equal(t, fpx(left...), all)
				})
			}
		})
	}
}

// TestFirstPartyRemoveExpired checks that Remove of an expired cookie
// resolves with nothing: the store deletes the expired cookies it meets,
// of every first party, as expired, and none is reported as removed.
func TestFirstPartyRemoveExpired(t *testing.T) {
	expired := []ChangeInfo{
		{Removed: true, Cookie: fpx("none")[0], Cause: CauseExpired},
		{Removed: true, Cookie: fpx("ex")[0], Cause: CauseExpired},
		{Removed: true, Cookie: fpx("news")[0], Cause: CauseExpired},
	}
	for _, fpd := range []string{"", "example.com"} {
		t.Run(fpd, func(t *testing.T) {
			e := fpPopulated(t, true)
			rec := &recorder{}
			defer e.api.OnChanged(rec.listen)()
			e.clock.Advance(2 * time.Hour)
			got, err := e.api.Remove(e.ctx, RemoveDetails{URL: "https://www.example.com/", Name: "sid", FirstPartyDomain: new(fpd)})
			require.NoError(t, err)
			assert.Nil(t, got)
			assert.Equal(t, expired, rec.take())
		})
	}
}

func TestFirstPartyOnChanged(t *testing.T) {
	e := newEnvConfig(t, []string{AllURLs}, cookiemonster.Config{FirstPartyIsolation: true})
	rec := &recorder{}
	defer e.api.OnChanged(rec.listen)()
	d := SetDetails{URL: "https://www.example.com/", Name: "sid", ExpirationDate: secs(time.Hour)}
	for _, step := range []struct{ value, fpd string }{{"ex", "example.com"}, {"none", ""}, {"ex2", "example.com"}} {
		d.Value, d.FirstPartyDomain = step.value, new(step.fpd)
		_, err := e.api.Set(e.ctx, d)
		require.NoError(t, err)
	}
	_, err := e.api.Remove(e.ctx, RemoveDetails{URL: "https://www.example.com/", Name: "sid", FirstPartyDomain: new("example.com")})
	require.NoError(t, err)
	assert.Equal(t, []ChangeInfo{
		{Removed: false, Cookie: fpCookie("ex", "example.com"), Cause: CauseExplicit},
		{Removed: false, Cookie: fpCookie("none", ""), Cause: CauseExplicit},
		{Removed: true, Cookie: fpCookie("ex", "example.com"), Cause: CauseOverwrite},
		{Removed: false, Cookie: fpCookie("ex2", "example.com"), Cause: CauseExplicit},
		{Removed: true, Cookie: fpCookie("ex2", "example.com"), Cause: CauseExplicit},
	}, rec.take())
	assert.Equal(t,
		`{"removed":true,"cookie":{"name":"sid","value":"ex2","domain":"www.example.com","hostOnly":true,"path":"/","secure":false,"httpOnly":false,"sameSite":"unspecified","session":false,"expirationDate":1772370000,"storeId":"default","firstPartyDomain":"example.com"},"cause":"explicit"}`,
		jsonString(t, ChangeInfo{Removed: true, Cookie: fpCookie("ex2", "example.com"), Cause: CauseExplicit}))
}

// TestFirstPartyFromJar checks that a cookie a Jar stores under
// first-party isolation comes back with its first party.
func TestFirstPartyFromJar(t *testing.T) {
	e := newEnvConfig(t, []string{AllURLs}, cookiemonster.Config{FirstPartyIsolation: true})
	m, err := e.set.Store(e.ctx, cookiemonster.DefaultStoreID)
	require.NoError(t, err)
	m.Jar().SetCookies(mustURL(t, "https://www.example.com/login"), []*http.Cookie{{Name: "sid", Value: "jar"}})
	want := Cookie{Name: "sid", Value: "jar", Domain: "www.example.com", HostOnly: true, Path: "/", SameSite: SameSiteUnspecified,
		Session: true, StoreID: "default", FirstPartyDomain: "example.com"}

	all, err := e.api.GetAll(e.ctx, GetAllDetails{FirstPartyDomain: AllFirstParties()})
	require.NoError(t, err)
	assert.Equal(t, []Cookie{want}, all)
	got, err := e.api.Get(e.ctx, GetDetails{URL: "https://www.example.com/", Name: "sid", FirstPartyDomain: new("example.com")})
	require.NoError(t, err)
	assert.Equal(t, &want, got)
	got, err = e.api.Get(e.ctx, GetDetails{URL: "https://www.example.com/", Name: "sid", FirstPartyDomain: new("")})
	require.NoError(t, err)
	assert.Nil(t, got)
	_, err = e.api.Get(e.ctx, GetDetails{URL: "https://www.example.com/", Name: "sid"})
	assert.EqualError(t, err, errRequired)
}

// fpExport is an export of cookies under several first parties, in the
// order and the shape Export writes.
const fpExport = `[
  {
    "name": "pref",
    "value": "dark",
    "domain": "www.example.com",
    "hostOnly": true,
    "path": "/app",
    "secure": true,
    "httpOnly": false,
    "sameSite": "lax",
    "session": false,
    "expirationDate": 1780000000.5,
    "storeId": "default",
    "firstPartyDomain": "example.com"
  },
  {
    "name": "sid",
    "value": "own",
    "domain": ".example.com",
    "hostOnly": false,
    "path": "/",
    "secure": true,
    "httpOnly": true,
    "sameSite": "strict",
    "session": true,
    "storeId": "default",
    "firstPartyDomain": "example.com"
  },
  {
    "name": "sid",
    "value": "embedded",
    "domain": ".example.com",
    "hostOnly": false,
    "path": "/",
    "secure": true,
    "httpOnly": true,
    "sameSite": "no_restriction",
    "session": true,
    "storeId": "default",
    "firstPartyDomain": "news.example"
  },
  {
    "name": "sid",
    "value": "plain",
    "domain": ".example.com",
    "hostOnly": false,
    "path": "/",
    "secure": false,
    "httpOnly": false,
    "sameSite": "unspecified",
    "session": false,
    "expirationDate": 1780000000,
    "storeId": "default",
    "firstPartyDomain": ""
  },
  {
    "name": "chips",
    "value": "1",
    "domain": "widget.example",
    "hostOnly": true,
    "path": "/",
    "secure": true,
    "httpOnly": false,
    "sameSite": "no_restriction",
    "session": true,
    "storeId": "default",
    "firstPartyDomain": "",
    "partitionKey": {
      "topLevelSite": "https://news.example",
      "hasCrossSiteAncestor": true
    }
  },
  {
    "name": "chips",
    "value": "2",
    "domain": "widget.example",
    "hostOnly": true,
    "path": "/",
    "secure": true,
    "httpOnly": false,
    "sameSite": "no_restriction",
    "session": true,
    "storeId": "default",
    "firstPartyDomain": "news.example",
    "partitionKey": {
      "topLevelSite": "https://news.example",
      "hasCrossSiteAncestor": true
    }
  }
]
`

// TestFirstPartyRoundTrip imports cookies of several first parties,
// exports them, and gets the same bytes back, with and without isolation;
// each imported cookie keeps its first party, a partitioned one too,
// which Set would refuse.
func TestFirstPartyRoundTrip(t *testing.T) {
	var list []Cookie
	require.NoError(t, json.Unmarshal([]byte(fpExport), &list))
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			e := newEnvConfig(t, []string{AllURLs}, cookiemonster.Config{FirstPartyIsolation: mode.isolation})
			n, err := e.api.Import(e.ctx, "", list)
			require.NoError(t, err)
			assert.Equal(t, 6, n)
			out, err := e.api.Export(e.ctx, "")
			require.NoError(t, err)
			assert.Equal(t, fpExport, string(marshalLikeABrowser(t, out)))

			// Each first party sees its own, partitioned ones too.
			values := func(d GetAllDetails) []string {
				got, err := e.api.GetAll(e.ctx, d)
				require.NoError(t, err)
				out := []string{}
				for _, c := range got {
					out = append(out, c.Value)
				}
				return out
			}
			news := &PartitionKey{TopLevelSite: new("https://news.example")}
			for _, tt := range []struct {
				fpd        string
				sid, chips []string
			}{
				{"example.com", []string{"own"}, []string{}},
				{"news.example", []string{"embedded"}, []string{"2"}},
				{"", []string{"plain"}, []string{"1"}},
				{"other.example", []string{}, []string{}},
			} {
				assert.Equal(t, tt.sid, values(GetAllDetails{Name: new("sid"), FirstPartyDomain: FirstParty(tt.fpd)}), tt.fpd)
				assert.Equal(t, tt.chips, values(GetAllDetails{Name: new("chips"), FirstPartyDomain: FirstParty(tt.fpd), PartitionKey: news}), tt.fpd)
			}
		})
	}
}

// TestFirstPartyPersisted: a cookie set under a first party is written with
// it, and a set opened again over the same backend has it back, with its
// first-party domain and still isolated.
func TestFirstPartyPersisted(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{now: t0}
	backend := cookiemonster.NewMemoryBackend(nil)
	cfg := cookiemonster.StoreSetConfig{
		Config:  cookiemonster.Config{Now: clock.Now, FirstPartyIsolation: true},
		Backend: backend,
	}
	set, err := cookiemonster.NewStoreSet(ctx, cfg)
	require.NoError(t, err)
	api, err := New(set, AllHosts())
	require.NoError(t, err)
	want := fpCookie("ex", "example.com")
	got, err := api.Set(ctx, SetDetails{URL: "https://www.example.com/", Name: "sid", Value: "ex", ExpirationDate: secs(time.Hour), FirstPartyDomain: new("example.com")})
	require.NoError(t, err)
	require.Equal(t, &want, got)
	require.NoError(t, set.Close())

	set, err = cookiemonster.NewStoreSet(ctx, cfg)
	require.NoError(t, err)
	defer set.Close()
	api, err = New(set, AllHosts())
	require.NoError(t, err)
	all, err := api.GetAll(ctx, GetAllDetails{FirstPartyDomain: AllFirstParties()})
	require.NoError(t, err)
	assert.Equal(t, []Cookie{want}, all)
	got, err = api.Get(ctx, GetDetails{URL: "https://www.example.com/", Name: "sid", FirstPartyDomain: new("example.com")})
	require.NoError(t, err)
	assert.Equal(t, &want, got)
	for _, fpd := range []string{"", "news.example"} {
		got, err = api.Get(ctx, GetDetails{URL: "https://www.example.com/", Name: "sid", FirstPartyDomain: new(fpd)})
		require.NoError(t, err)
		assert.Nil(t, got, fpd)
	}
	_, err = api.Get(ctx, GetDetails{URL: "https://www.example.com/", Name: "sid"})
	assert.EqualError(t, err, errRequired)
}

func TestFirstPartyFilter(t *testing.T) {
	tests := []struct {
		name   string
		f      FirstPartyFilter
		zero   bool
		all    bool
		domain string
		ok     bool
		str    string
	}{
		{"absent", FirstPartyFilter{}, true, false, "", false, "absent"},
		{"null", AllFirstParties(), false, true, "", false, "null"},
		{"empty", FirstParty(""), false, false, "", true, `""`},
		{"domain", FirstParty("example.com"), false, false, "example.com", true, `"example.com"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.zero, tt.f.IsZero())
			assert.Equal(t, tt.all, tt.f.IsAll())
			domain, ok := tt.f.Domain()
			assert.Equal(t, tt.domain, domain)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.str, tt.f.String())
		})
	}
}

func TestFirstPartyDetailsJSON(t *testing.T) {
	getAll := []struct {
		json string
		want FirstPartyFilter
		back string // marshalled again
	}{
		{`{}`, FirstPartyFilter{}, `{}`},
		{`{"firstPartyDomain":null}`, AllFirstParties(), `{"firstPartyDomain":null}`},
		{`{"firstPartyDomain":""}`, FirstParty(""), `{"firstPartyDomain":""}`},
		{`{"firstPartyDomain":"example.com"}`, FirstParty("example.com"), `{"firstPartyDomain":"example.com"}`},
	}
	for _, tt := range getAll {
		t.Run("getAll "+tt.json, func(t *testing.T) {
			var d GetAllDetails
			require.NoError(t, json.Unmarshal([]byte(tt.json), &d))
			assert.Equal(t, GetAllDetails{FirstPartyDomain: tt.want}, d)
			assert.Equal(t, tt.back, jsonString(t, d))
		})
	}
	var d GetAllDetails
	err := json.Unmarshal([]byte(`{"firstPartyDomain":5}`), &d)
	assert.EqualError(t, err, `webext: invalid details: firstPartyDomain 5 is not a string or null`)
	assert.ErrorIs(t, err, ErrInvalidDetails)

	get := []struct {
		json string
		want *string
		back string
	}{
		{`{"url":"u","name":"n"}`, nil, `{"url":"u","name":"n"}`},
		{`{"url":"u","name":"n","firstPartyDomain":null}`, nil, `{"url":"u","name":"n"}`},
		{`{"url":"u","name":"n","firstPartyDomain":""}`, new(""), `{"url":"u","name":"n","firstPartyDomain":""}`},
		{`{"url":"u","name":"n","firstPartyDomain":"example.com"}`, new("example.com"), `{"url":"u","name":"n","firstPartyDomain":"example.com"}`},
	}
	for _, tt := range get {
		t.Run("get "+tt.json, func(t *testing.T) {
			var g GetDetails
			require.NoError(t, json.Unmarshal([]byte(tt.json), &g))
			assert.Equal(t, GetDetails{URL: "u", Name: "n", FirstPartyDomain: tt.want}, g)
			assert.Equal(t, tt.back, jsonString(t, g))
			var s SetDetails
			require.NoError(t, json.Unmarshal([]byte(tt.json), &s))
			assert.Equal(t, tt.want, s.FirstPartyDomain)
			var r RemoveDetails
			require.NoError(t, json.Unmarshal([]byte(tt.json), &r))
			assert.Equal(t, tt.want, r.FirstPartyDomain)
		})
	}
}
