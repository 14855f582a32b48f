package electron_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/electron"
)

// getFixture is a session holding:
//
//	a=1  www.example.com      /      session
//	b=2  .example.com         /docs  Secure, expires t0+1h
//	c=3  example.com          /      HttpOnly, session
//	a=4  sub.www.example.com  /      session
//	e=5  other.test           /      SameSite=Strict, expires t0+2h
//
// created in that order, a second apart.
func getFixture(t *testing.T) *electron.Cookies {
	t.Helper()
	clk := newClock()
	c := session(t, newSet(t, clk, nil, cookiemonster.Limits{}), "")
	mustSet(t, clk, c,
		electron.Details{URL: "https://www.example.com/", Name: "a", Value: "1"},
		electron.Details{URL: "https://www.example.com/docs/x", Name: "b", Value: "2", Domain: "example.com", Secure: new(true), ExpirationDate: at(time.Hour)},
		electron.Details{URL: "http://example.com/", Name: "c", Value: "3", HTTPOnly: true},
		electron.Details{URL: "https://sub.www.example.com/", Name: "a", Value: "4"},
		electron.Details{URL: "https://other.test/", Name: "e", Value: "5", SameSite: electron.SameSiteStrict, ExpirationDate: at(2 * time.Hour)},
	)
	return c
}

func TestGetFilters(t *testing.T) {
	c := getFixture(t)
	a1, b2, c3, a4, e5 := pair{"a", "1"}, pair{"b", "2"}, pair{"c", "3"}, pair{"a", "4"}, pair{"e", "5"}
	tests := []struct {
		name   string
		filter electron.Filter
		want   []pair
	}{
		{"all, longest path first then oldest", electron.Filter{}, []pair{b2, a1, c3, a4, e5}},
		{"url https subdomain path", electron.Filter{URL: "https://www.example.com/docs/page"}, []pair{b2, a1}},
		{"url http leaves Secure out", electron.Filter{URL: "http://www.example.com/docs/page"}, []pair{a1}},
		{"url path not under /docs", electron.Filter{URL: "https://www.example.com/other"}, []pair{a1}},
		{"url ignores HttpOnly", electron.Filter{URL: "http://example.com/"}, []pair{c3}},
		{"url host of a domain cookie", electron.Filter{URL: "https://example.com/docs"}, []pair{b2, c3}},
		{"url upper-case host", electron.Filter{URL: "https://WWW.Example.COM/"}, []pair{a1}},
		{"url that does not parse", electron.Filter{URL: "https://www.example.com/%zz"}, []pair{}},
		{"url without cookies", electron.Filter{URL: "https://nobody.test/"}, []pair{}},
		{"url scheme without cookies", electron.Filter{URL: "mailto:a@www.example.com"}, []pair{}},
		{"url without scheme", electron.Filter{URL: "www.example.com"}, []pair{}},
		{"name", electron.Filter{Name: new("a")}, []pair{a1, a4}},
		{"name empty", electron.Filter{Name: new("")}, []pair{}},
		{"name and url", electron.Filter{URL: "https://sub.www.example.com/", Name: new("a")}, []pair{a4}},
		{"domain registrable", electron.Filter{Domain: new("example.com")}, []pair{b2, c3}},
		{"domain host", electron.Filter{Domain: new("www.example.com")}, []pair{b2, a1}},
		{"domain deeper host", electron.Filter{Domain: new("sub.www.example.com")}, []pair{b2, a4}},
		{"domain with a dot matches that domain cookie only", electron.Filter{Domain: new(".example.com")}, []pair{b2}},
		{"domain is compared as given", electron.Filter{Domain: new("Example.com")}, []pair{}},
		{"domain unrelated", electron.Filter{Domain: new("notexample.com")}, []pair{}},
		{"domain empty", electron.Filter{Domain: new("")}, []pair{}},
		{"path", electron.Filter{Path: new("/docs")}, []pair{b2}},
		{"path is exact", electron.Filter{Path: new("/docs/")}, []pair{}},
		{"secure", electron.Filter{Secure: new(true)}, []pair{b2}},
		{"not secure", electron.Filter{Secure: new(false)}, []pair{a1, c3, a4, e5}},
		{"session", electron.Filter{Session: new(true)}, []pair{a1, c3, a4}},
		{"persistent", electron.Filter{Session: new(false)}, []pair{b2, e5}},
		{"httpOnly", electron.Filter{HTTPOnly: new(true)}, []pair{c3}},
		{"not httpOnly", electron.Filter{HTTPOnly: new(false)}, []pair{b2, a1, a4, e5}},
		{"every field", electron.Filter{
			URL: "https://www.example.com/docs/", Name: new("b"), Domain: new("www.example.com"), Path: new("/docs"),
			Secure: new(true), Session: new(false), HTTPOnly: new(false),
		}, []pair{b2}},
		{"fields that exclude each other", electron.Filter{Name: new("c"), HTTPOnly: new(false)}, []pair{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Get(context.Background(), tt.filter)
			require.NoError(t, err)
			require.NotNil(t, got)
			assert.Equal(t, tt.want, pairs(got))
		})
	}
}

func TestGetCookieFields(t *testing.T) {
	c := getFixture(t)
	got, err := c.Get(context.Background(), electron.Filter{})
	require.NoError(t, err)
	exp1h := float64(t0.Add(time.Hour).Unix())
	exp2h := float64(t0.Add(2 * time.Hour).Unix())
	assert.Equal(t, []electron.Cookie{
		{Name: "b", Value: "2", Domain: ".example.com", HostOnly: false, Path: "/docs", Secure: true, Session: false, ExpirationDate: exp1h, SameSite: "lax"},
		{Name: "a", Value: "1", Domain: "www.example.com", HostOnly: true, Path: "/", Session: true, SameSite: "lax"},
		{Name: "c", Value: "3", Domain: "example.com", HostOnly: true, Path: "/", HTTPOnly: true, Session: true, SameSite: "lax"},
		{Name: "a", Value: "4", Domain: "sub.www.example.com", HostOnly: true, Path: "/", Session: true, SameSite: "lax"},
		{Name: "e", Value: "5", Domain: "other.test", HostOnly: true, Path: "/", Session: false, ExpirationDate: exp2h, SameSite: "strict"},
	}, got)

	js, err := json.Marshal(got[:2])
	require.NoError(t, err)
	assert.JSONEq(t, `[
		{"name":"b","value":"2","domain":".example.com","hostOnly":false,"path":"/docs","secure":true,"httpOnly":false,"session":false,"expirationDate":1772370000,"sameSite":"lax"},
		{"name":"a","value":"1","domain":"www.example.com","hostOnly":true,"path":"/","secure":false,"httpOnly":false,"session":true,"sameSite":"lax"}
	]`, string(js))
	assert.Equal(t, t0.Add(time.Hour), got[0].Expires())
	assert.True(t, got[1].Expires().IsZero())
}

func TestGetEmptySession(t *testing.T) {
	c := session(t, newSet(t, newClock(), nil, cookiemonster.Limits{}), "")
	for _, f := range []electron.Filter{{}, {URL: "https://example.com/"}} {
		got, err := c.Get(context.Background(), f)
		require.NoError(t, err)
		assert.Equal(t, []electron.Cookie{}, got)
		js, err := json.Marshal(got)
		require.NoError(t, err)
		assert.Equal(t, "[]", string(js))
	}
}

func TestGetPartitioned(t *testing.T) {
	// A partitioned cookie (set by an HTTP response in a CHIPS context) is
	// listed by Get without a URL, and not by Get with one, as Electron's
	// GetCookieList passes no partition key.
	clk := newClock()
	set := newSet(t, clk, nil, cookiemonster.Limits{})
	c := session(t, set, "")
	m, err := set.Store(context.Background(), cookiemonster.DefaultStoreID)
	require.NoError(t, err)
	top, err := cookiemonster.NewPartitionKey(mustURL(t, "https://top.test/"), false)
	require.NoError(t, err)
	o := cookiemonster.HTTPOptions(cookiemonster.MakeSameSiteContext(cookiemonster.ContextStrict), top)
	res, err := m.SetCookieLine(context.Background(), mustURL(t, "https://embed.test/"), "p=1; Secure; Partitioned; SameSite=None; Path=/", o)
	require.NoError(t, err)
	require.True(t, res.Status.IsInclude(), res.Status.String())
	mustSet(t, clk, c, electron.Details{URL: "https://embed.test/", Name: "u", Value: "2"})

	all, err := c.Get(context.Background(), electron.Filter{})
	require.NoError(t, err)
	assert.Equal(t, []pair{{"p", "1"}, {"u", "2"}}, pairs(all))
	byURL, err := c.Get(context.Background(), electron.Filter{URL: "https://embed.test/"})
	require.NoError(t, err)
	assert.Equal(t, []pair{{"u", "2"}}, pairs(byURL))
}
