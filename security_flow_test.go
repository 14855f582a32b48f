package cookiemonster

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The security suite, part 2: attacks that go through the flow of a
// request (redirect chains, unsafe methods, the Lax+POST window),
// partitions, and script-like access, with the same exact outcomes as
// security_test.go and the same check that no event carries a refused
// cookie. The ground truth is chromium-behavior.md.

// ---- set from a URL without a host ----

// TestSecurityHostlessSchemeReasons is a regression test: a cookie set from
// a URL that has no host by its scheme (file:///x, data:) was refused with
// ExcludeFailureToStore next to ExcludeNoncookieableScheme. Chromium judges
// such a URL with the empty host: a cookie without a domain matches it, and
// IsSetPermittedInContext reports every reason that applies, none of them
// FAILURE_TO_STORE.
func TestSecurityHostlessSchemeReasons(t *testing.T) {
	const (
		file = "file:///etc/passwd"
		data = "data:text/html,hi"
	)
	t.Run("Monster.Set", func(t *testing.T) {
		rows := []struct {
			name    string
			d       CookieDetails
			exclude []ExclusionReason
		}{
			{"file:", CookieDetails{URL: mustURL(t, file), Name: "a", Value: "1"},
				[]ExclusionReason{ExcludeNoncookieableScheme}},
			{"data:", CookieDetails{URL: mustURL(t, data), Name: "a", Value: "1"},
				[]ExclusionReason{ExcludeNoncookieableScheme}},
			{"file: with Secure", CookieDetails{URL: mustURL(t, file), Name: "a", Value: "1", Secure: true},
				[]ExclusionReason{ExcludeSecureOnly, ExcludeNoncookieableScheme}},
			{"file: with SameSite=None, not Secure", CookieDetails{URL: mustURL(t, file), Name: "a", Value: "1", SameSite: SameSiteNone},
				[]ExclusionReason{ExcludeSameSiteNoneInsecure, ExcludeNoncookieableScheme}},
		}
		for _, tc := range rows {
			t.Run(tc.name, func(t *testing.T) {
				e := newSecEnv(t)
				nChanges, nSets := e.marks()
				c, st, err := e.m.Set(context.Background(), tc.d)
				require.NoError(t, err)
				assert.Nil(t, c)
				assert.Equal(t, tc.exclude, st.Exclusions(), "status %s", st)
				sets := e.setsSince(nSets)
				require.Len(t, sets, 1)
				assert.False(t, sets[0].Stored)
				assert.Equal(t, tc.exclude, sets[0].Result.Status.Exclusions())
				assert.Empty(t, e.changesSince(nChanges))
				assert.Equal(t, []string{}, e.stored(t))
			})
		}
	})

	t.Run("IsSetPermittedInContext and SetCanonicalCookie", func(t *testing.T) {
		hostless := &CanonicalCookie{Name: "a", Value: "1", Path: "/", Creation: t0}
		domain := mustCookie(t, "https://www.example.com/", "a=1; Domain=example.com")
		invalid := "https://[fe80::1%25eth0]/"
		rows := []struct {
			name    string
			c       *CanonicalCookie
			source  string
			exclude []ExclusionReason
		}{
			{"no domain from file:", hostless, file, []ExclusionReason{ExcludeNoncookieableScheme}},
			{"no domain from data:", hostless, data, []ExclusionReason{ExcludeNoncookieableScheme}},
			{"a domain cookie from file:", domain, file, []ExclusionReason{ExcludeDomainMismatch, ExcludeNoncookieableScheme}},
			// A URL no parser accepts is still a failure to store.
			{"a domain cookie from an invalid host", domain, invalid, []ExclusionReason{ExcludeFailureToStore}},
		}
		for _, tc := range rows {
			t.Run(tc.name, func(t *testing.T) {
				res := tc.c.IsSetPermittedInContext(mustURL(t, tc.source), secSet, t0)
				assert.Equal(t, tc.exclude, res.Status.Exclusions(), "status %s", res.Status)

				e := newSecEnv(t)
				nChanges, _ := e.marks()
				res, err := e.m.SetCanonicalCookie(context.Background(), tc.c, mustURL(t, tc.source), secSet)
				require.NoError(t, err)
				assert.Equal(t, tc.exclude, res.Status.Exclusions(), "status %s", res.Status)
				assert.Empty(t, e.changesSince(nChanges))
				assert.Equal(t, []string{}, e.stored(t))
			})
		}
	})
}

// ---- reads in a computed context ----

// The victim's cookies: https://www.example.com sets one of each SameSite
// mode, all Secure, in a same-site context.
var (
	secVictims = []mrStep{
		{"https://www.example.com/", "s=1; SameSite=Strict; Secure", secSet},
		{"https://www.example.com/", "l=1; SameSite=Lax; Secure", secSet},
		{"https://www.example.com/", "u=1; Secure", secSet},
		{"https://www.example.com/", "n=1; SameSite=None; Secure", secSet},
	}
	// secHTTPVictims are cookies http://www.example.com sets: they may be
	// sent over http, where the schemeful context can be cross-site.
	secHTTPVictims = []mrStep{
		{"http://www.example.com/", "ps=1; SameSite=Strict", secSet},
		{"http://www.example.com/", "pl=1; SameSite=Lax", secSet},
		{"http://www.example.com/", "pu=1", secSet},
	}
)

// URLs of the flows: A is the victim's site, B the attacker's, hA the
// victim's host over http.
const (
	secA     = "https://www.example.com/a"
	secARedi = "https://www.example.com/redirect"
	secB     = "https://evil.example.org/b"
	secHA    = "http://www.example.com/h"
)

// secOld is an age past the two-minute Lax-allow-unsafe window.
const secOld = time.Hour

// secCtx computes, as a browser does, the context of a request with method
// along chain (its last URL is the one accessed). top is the top-level
// document ("": the last URL, as for a main-frame navigation), initiator
// the origin that started it ("": the user).
func secCtx(t *testing.T, method string, chain []string, top, initiator string, mainFrame bool) SameSiteInput {
	t.Helper()
	in := SameSiteInput{Method: method, MainFrameNavigation: mainFrame}
	for _, u := range chain {
		in.URLChain = append(in.URLChain, mustURL(t, u))
	}
	topURL := in.URLChain[len(in.URLChain)-1]
	if top != "" {
		topURL = mustURL(t, top)
	}
	in.SiteForCookies = NewSiteForCookies(topURL, nil)
	if initiator != "" {
		in.Initiator = mustURL(t, initiator)
	}
	return in
}

// secReq and secResp are the options of the request and of the response
// of in, unpartitioned.
func secReq(in SameSiteInput) Options  { return HTTPOptions(in.ForRequest(), PartitionKey{}) }
func secResp(in SameSiteInput) Options { return HTTPOptions(in.ForResponse(), PartitionKey{}) }

// secReadRow is one read by an attacker-driven request.
type secReadRow struct {
	name  string
	setup []mrStep // stored at t0, in order
	age   time.Duration
	url   string
	opts  Options
	// header is the exact Cookie header; exclude the exact reasons of
	// each excluded cookie ("name=value"); warn the exact warnings of
	// each included cookie that has some (the others have none).
	header  string
	exclude map[string][]ExclusionReason
	warn    map[string][]WarningReason
}

// runSecReadRows runs each row on a fresh store: the setup at t0, the read
// at t0+age, which changes nothing.
func runSecReadRows(t *testing.T, rows []secReadRow) {
	t.Helper()
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			e := newSecEnv(t)
			mrSetup(t, e.m, tc.setup)
			e.clk.Set(t0.Add(tc.age))
			nChanges, nSets := e.marks()
			r := mrRead(t, e.m, tc.url, tc.opts)
			exclude := tc.exclude
			if exclude == nil {
				exclude = map[string][]ExclusionReason{}
			}
			assert.Equal(t, exclude, r.excluded, "excluded")
			for _, p := range r.included {
				assert.Equal(t, tc.warn[p], r.results[p].Status.Warnings(), "warnings of %s", p)
			}
			h, err := e.m.CookieHeader(context.Background(), mustURL(t, tc.url), tc.opts)
			require.NoError(t, err)
			assert.Equal(t, tc.header, h, "Cookie header")
			assert.Equal(t, strings.Join(r.included, "; "), h, "the header is the included cookies")
			assert.Empty(t, e.changesSince(nChanges), "a read changes nothing")
			assert.Empty(t, e.setsSince(nSets))
		})
	}
}

// ---- 6. SameSite through cross-site redirect chains ----

// TestSecuritySameSiteRedirectChain: a request whose chain leaves the
// victim's site and comes back. Chromium computes the context without the
// chain (CookieSameSiteConsidersRedirectChain is off by default): a chain
// the victim's own page or the user started keeps its Strict context, and
// the cookies whose inclusion the chain would change carry
// WarnCrossSiteRedirectDowngradeChangesInclusion. What the attacker
// controls (the initiator, the top-level site) still decides: a request
// that B starts never gets A's Strict cookies, nor its Lax ones unless it
// is a top-level navigation.
func TestSecuritySameSiteRedirectChain(t *testing.T) {
	redirect := []WarningReason{WarnCrossSiteRedirectDowngradeChangesInclusion}
	all := "s=1; l=1; u=1; n=1"
	crossExcluded := map[string][]ExclusionReason{
		"s=1": {ExcludeSameSiteStrict}, "l=1": {ExcludeSameSiteLax}, "u=1": {ExcludeSameSiteUnspecifiedTreatedAsLax},
	}
	strictExcluded := map[string][]ExclusionReason{"s=1": {ExcludeSameSiteStrict}}
	rows := []secReadRow{
		// Top-level navigations.
		{name: "typed navigation A→B→A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "GET", []string{secARedi, secB, secA}, "", "", true)),
			header: all, warn: map[string][]WarningReason{"s=1": redirect}},
		{name: "link on A, navigation A→B→A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "GET", []string{secARedi, secB, secA}, "", secA, true)),
			header: all, warn: map[string][]WarningReason{"s=1": redirect}},
		{name: "link on B, navigation A→B→A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "GET", []string{secARedi, secB, secA}, "", secB, true)),
			header: "l=1; u=1; n=1", exclude: strictExcluded},
		{name: "link on B, navigation B→A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "GET", []string{secB, secA}, "", secB, true)),
			header: "l=1; u=1; n=1", exclude: strictExcluded},
		// Subresources (and iframes: not main-frame navigations).
		{name: "image on A through A→B→A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "GET", []string{secARedi, secB, secA}, secA, secA, false)),
			header: all, warn: map[string][]WarningReason{"s=1": redirect, "l=1": redirect, "u=1": redirect}},
		{name: "image on A through B→A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "GET", []string{secB, secA}, secA, secA, false)),
			header: all, warn: map[string][]WarningReason{"s=1": redirect, "l=1": redirect, "u=1": redirect}},
		{name: "image on A through A→B→A started by B's script", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "GET", []string{secARedi, secB, secA}, secA, secB, false)),
			header: "n=1", exclude: crossExcluded},
		{name: "image on B through B→A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "GET", []string{secB, secA}, secB, secB, false)),
			header: "n=1", exclude: crossExcluded},
		{name: "image on B through A→B→A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "GET", []string{secARedi, secB, secA}, secB, secB, false)),
			header: "n=1", exclude: crossExcluded},
		{name: "iframe on B navigating through A→B→A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "GET", []string{secARedi, secB, secA}, secB, secA, false)),
			header: "n=1", exclude: crossExcluded},
		// Schemeful: an http hop of the victim's own host is cross-site
		// when schemes count.
		{name: "image on A through A→http A→A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "GET", []string{secARedi, secHA, secA}, secA, secA, false)),
			header: all, warn: map[string][]WarningReason{"s=1": redirect, "l=1": redirect, "u=1": redirect}},
		{name: "typed navigation A→http A→A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "GET", []string{secARedi, secHA, secA}, "", "", true)),
			header: all, warn: map[string][]WarningReason{"s=1": redirect}},
		{name: "image on https A from http A", setup: secHTTPVictims, age: secOld, url: secHA,
			opts: secReq(secCtx(t, "GET", []string{secHA}, secA, secA, false)),
			exclude: map[string][]ExclusionReason{
				"ps=1": {ExcludeSameSiteStrict}, "pl=1": {ExcludeSameSiteLax}, "pu=1": {ExcludeSameSiteUnspecifiedTreatedAsLax},
			}},
		{name: "image on https A through A→http A", setup: secHTTPVictims, age: secOld, url: secHA,
			opts: secReq(secCtx(t, "GET", []string{secARedi, secHA}, secA, secA, false)),
			exclude: map[string][]ExclusionReason{
				"ps=1": {ExcludeSameSiteStrict}, "pl=1": {ExcludeSameSiteLax}, "pu=1": {ExcludeSameSiteUnspecifiedTreatedAsLax},
			}},
		{name: "link on https A, navigation to http A", setup: secHTTPVictims, age: secOld, url: secHA,
			opts:   secReq(secCtx(t, "GET", []string{secHA}, "", secA, true)),
			header: "pl=1; pu=1", exclude: map[string][]ExclusionReason{"ps=1": {ExcludeSameSiteStrict}}},
		{name: "typed navigation A→http A", setup: secHTTPVictims, age: secOld, url: secHA,
			opts:   secReq(secCtx(t, "GET", []string{secARedi, secHA}, "", "", true)),
			header: "ps=1; pl=1; pu=1", warn: map[string][]WarningReason{"ps=1": redirect}},
	}
	runSecReadRows(t, rows)

	// Setting cookies from the responses of such chains.
	set := func(in SameSiteInput) *Options {
		o := secResp(in)
		return &o
	}
	setRows := []secRow{
		{name: "image on A through A→B→A sets Strict", url: secA, line: "s=1; SameSite=Strict; Secure",
			opts:   set(secCtx(t, "GET", []string{secARedi, secB, secA}, secA, secA, false)),
			stored: "www.example.com / s=1", readURL: secA, header: "s=1"},
		{name: "image on A through A→B→A started by B sets Strict", url: secA, line: "s=1; SameSite=Strict; Secure",
			opts:    set(secCtx(t, "GET", []string{secARedi, secB, secA}, secA, secB, false)),
			exclude: []ExclusionReason{ExcludeSameSiteStrict}, readURL: secA, header: ""},
		{name: "image on A through A→B→A started by B sets Lax", url: secA, line: "l=1; SameSite=Lax; Secure",
			opts:    set(secCtx(t, "GET", []string{secARedi, secB, secA}, secA, secB, false)),
			exclude: []ExclusionReason{ExcludeSameSiteLax}, readURL: secA, header: ""},
		{name: "image on B through B→A sets an unspecified cookie", url: secA, line: "u=1; Secure",
			opts:    set(secCtx(t, "GET", []string{secB, secA}, secB, secB, false)),
			exclude: []ExclusionReason{ExcludeSameSiteUnspecifiedTreatedAsLax}, readURL: secA, header: ""},
		{name: "image on B through B→A sets SameSite=None", url: secA, line: "n=1; SameSite=None; Secure",
			opts:   set(secCtx(t, "GET", []string{secB, secA}, secB, secB, false)),
			stored: "www.example.com / n=1", readURL: secA, header: "n=1"},
		{name: "link on B, navigation A→B→A sets Strict", url: secA, line: "s=1; SameSite=Strict; Secure",
			opts:   set(secCtx(t, "GET", []string{secARedi, secB, secA}, "", secB, true)),
			stored: "www.example.com / s=1", readURL: secA, header: "s=1"},
		{name: "image on https A from http A sets Strict", url: secHA, line: "ps=1; SameSite=Strict",
			opts:    set(secCtx(t, "GET", []string{secHA}, secA, secA, false)),
			exclude: []ExclusionReason{ExcludeSameSiteStrict}, readURL: secHA, header: ""},
		{name: "image on https A from http A sets Lax", url: secHA, line: "pl=1; SameSite=Lax",
			opts:    set(secCtx(t, "GET", []string{secHA}, secA, secA, false)),
			exclude: []ExclusionReason{ExcludeSameSiteLax}, readURL: secHA, header: ""},
		{name: "image on A through A→http A→A sets Lax", url: secA, line: "l=1; SameSite=Lax; Secure",
			opts:   set(secCtx(t, "GET", []string{secARedi, secHA, secA}, secA, secA, false)),
			stored: "www.example.com / l=1", readURL: secA, header: "l=1"},
	}
	t.Run("set", func(t *testing.T) { runSecRows(t, setRows) })
}
