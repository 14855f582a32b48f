package cookiemonster

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
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

// ---- 7. unsafe methods kept through 307 and 308 redirects ----

// TestSecurityUnsafeMethodRedirect: a cross-site POST, redirected or not,
// is a Lax-method-unsafe context when it is a top-level navigation and a
// cross-site one otherwise. Lax and Strict cookies are never sent with it;
// a cookie without SameSite only within two minutes of its creation. A
// 307 or 308 keeps the method (the request's context is the POST's); a
// 302 or 303 makes it a GET.
func TestSecurityUnsafeMethodRedirect(t *testing.T) {
	const young = time.Minute
	laxUnsafe := []WarningReason{WarnSameSiteUnspecifiedLaxAllowUnsafe}
	unsafeExcluded := map[string][]ExclusionReason{
		"s=1": {ExcludeSameSiteStrict}, "l=1": {ExcludeSameSiteLax}, "u=1": {ExcludeSameSiteUnspecifiedTreatedAsLax},
	}
	rows := []secReadRow{
		{name: "form on B posts to A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "POST", []string{secA}, "", secB, true)),
			header: "n=1", exclude: unsafeExcluded},
		{name: "form on B posts through B, 307/308 to A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "POST", []string{secB, secA}, "", secB, true)),
			header: "n=1", exclude: unsafeExcluded},
		{name: "form on B posts through A→B→A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "POST", []string{secARedi, secB, secA}, "", secB, true)),
			header: "n=1", exclude: unsafeExcluded},
		{name: "form on B posts to A, a young unspecified cookie", setup: secVictims, age: young, url: secA,
			opts:   secReq(secCtx(t, "POST", []string{secB, secA}, "", secB, true)),
			header: "u=1; n=1", warn: map[string][]WarningReason{"u=1": laxUnsafe},
			exclude: map[string][]ExclusionReason{"s=1": {ExcludeSameSiteStrict}, "l=1": {ExcludeSameSiteLax}}},
		{name: "form on B posts with PUT", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "PUT", []string{secB, secA}, "", secB, true)),
			header: "n=1", exclude: unsafeExcluded},
		{name: "lower-case get is not a safe method", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "get", []string{secB, secA}, "", secB, true)),
			header: "n=1", exclude: unsafeExcluded},
		{name: "fetch POST on B through B, 307 to A", setup: secVictims, age: young, url: secA,
			opts:   secReq(secCtx(t, "POST", []string{secB, secA}, secB, secB, false)),
			header: "n=1", exclude: unsafeExcluded},
		{name: "fetch POST on A through A→B, 307 to A", setup: secVictims, age: young, url: secA,
			opts:   secReq(secCtx(t, "POST", []string{secARedi, secB, secA}, secA, secA, false)),
			header: "s=1; l=1; u=1; n=1",
			warn: map[string][]WarningReason{
				"s=1": {WarnCrossSiteRedirectDowngradeChangesInclusion},
				"l=1": {WarnCrossSiteRedirectDowngradeChangesInclusion},
				"u=1": {WarnCrossSiteRedirectDowngradeChangesInclusion},
			}},
		{name: "form on A posts through A→B, 307 to A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "POST", []string{secARedi, secB, secA}, "", secA, true)),
			header: "s=1; l=1; u=1; n=1", warn: map[string][]WarningReason{"s=1": {WarnCrossSiteRedirectDowngradeChangesInclusion}}},
		{name: "303 from B makes the POST a GET to A", setup: secVictims, age: secOld, url: secA,
			opts:   secReq(secCtx(t, "GET", []string{secB, secA}, "", secB, true)),
			header: "l=1; u=1; n=1", exclude: map[string][]ExclusionReason{"s=1": {ExcludeSameSiteStrict}}},
	}
	runSecReadRows(t, rows)
}

// ---- 8. the two-minute Lax-allow-unsafe window ----

// TestSecurityLaxAllowUnsafeWindow: a cookie without SameSite is sent with
// a cross-site top-level POST while now − creation ≤ kLaxAllowUnsafeMaxAge
// (2 min), with WarnSameSiteUnspecifiedLaxAllowUnsafe, and refused with
// ExcludeSameSiteUnspecifiedTreatedAsLax after. Cookie times are kept to
// the microsecond (Chromium's resolution), and the clock's nanoseconds
// count: 2 min + 1 ns is past the window.
func TestSecurityLaxAllowUnsafeWindow(t *testing.T) {
	post := secReq(secCtx(t, "POST", []string{secB, secA}, "", secB, true))
	cookie := []mrStep{{"https://www.example.com/", "u=1; Secure", secSet}}
	inWindow := func(name string, age time.Duration) secReadRow {
		return secReadRow{name: name, setup: cookie, age: age, url: secA, opts: post,
			header: "u=1", warn: map[string][]WarningReason{"u=1": {WarnSameSiteUnspecifiedLaxAllowUnsafe}}}
	}
	pastWindow := func(name string, age time.Duration) secReadRow {
		return secReadRow{name: name, setup: cookie, age: age, url: secA, opts: post,
			exclude: map[string][]ExclusionReason{"u=1": {ExcludeSameSiteUnspecifiedTreatedAsLax}}}
	}
	require.Equal(t, 2*time.Minute, LaxAllowUnsafeMaxAge)
	rows := []secReadRow{
		inWindow("just created", 0),
		inWindow("2 min − 1 µs", LaxAllowUnsafeMaxAge-time.Microsecond),
		inWindow("2 min − 1 ns", LaxAllowUnsafeMaxAge-time.Nanosecond),
		inWindow("exactly 2 min", LaxAllowUnsafeMaxAge),
		pastWindow("2 min + 1 ns", LaxAllowUnsafeMaxAge+time.Nanosecond),
		pastWindow("2 min + 1 µs", LaxAllowUnsafeMaxAge+time.Microsecond),
		pastWindow("2 min + 1 s", LaxAllowUnsafeMaxAge+time.Second),
		// Only the unsafe top-level context uses the window.
		{name: "young, a cross-site top-level GET: Lax, no warning", setup: cookie, age: time.Minute, url: secA,
			opts: secReq(secCtx(t, "GET", []string{secB, secA}, "", secB, true)), header: "u=1"},
		{name: "young, a cross-site POST subresource", setup: cookie, age: time.Minute, url: secA,
			opts:    secReq(secCtx(t, "POST", []string{secA}, secB, secB, false)),
			exclude: map[string][]ExclusionReason{"u=1": {ExcludeSameSiteUnspecifiedTreatedAsLax}}},
		// An explicit SameSite=Lax never gets the window.
		{name: "young SameSite=Lax, cross-site top-level POST", age: 0, url: secA, opts: post,
			setup:   []mrStep{{"https://www.example.com/", "l=1; SameSite=Lax; Secure", secSet}},
			exclude: map[string][]ExclusionReason{"l=1": {ExcludeSameSiteLax}}},
	}
	runSecReadRows(t, rows)

	// The window starts at the cookie's creation: re-setting the same
	// value keeps the creation, and so does not reopen it; a new value is
	// a new creation.
	resets := []struct {
		name, line string
		header     string
		exclude    map[string][]ExclusionReason
		warn       []WarningReason
	}{
		{name: "the same value keeps the old creation", line: "u=1; Secure",
			exclude: map[string][]ExclusionReason{"u=1": {ExcludeSameSiteUnspecifiedTreatedAsLax}}},
		{name: "a new value reopens the window", line: "u=2; Secure",
			header: "u=2", exclude: map[string][]ExclusionReason{}, warn: []WarningReason{WarnSameSiteUnspecifiedLaxAllowUnsafe}},
	}
	for _, tc := range resets {
		t.Run(tc.name, func(t *testing.T) {
			e := newSecEnv(t)
			mrSetup(t, e.m, cookie)
			e.clk.Set(t0.Add(secOld))
			mrMustSet(t, e.m, "https://www.example.com/", tc.line, secSet)
			e.clk.Advance(time.Second)
			r := mrRead(t, e.m, secA, post)
			assert.Equal(t, tc.exclude, r.excluded)
			if tc.header != "" {
				assert.Equal(t, tc.warn, r.results[tc.header].Status.Warnings())
			}
			assert.Equal(t, tc.header, strings.Join(r.included, "; "))
		})
	}
}

// secHop is a fake server's answer to one URL: a status (0: 200), a
// Location, Set-Cookie lines.
type secHop struct {
	status    int
	location  string
	setCookie []string
}

// secRedirector is a RoundTripper that answers each URL with its hop and
// records every request it is sent as "METHOD URL Cookie-header".
type secRedirector struct {
	hops map[string]secHop

	mu   sync.Mutex
	sent []string
}

func (f *secRedirector) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.sent = append(f.sent, req.Method+" "+req.URL.String()+" "+strings.Join(req.Header["Cookie"], "\x00JOIN\x00"))
	f.mu.Unlock()
	if req.Body != nil {
		if err := req.Body.Close(); err != nil {
			return nil, err
		}
	}
	hop := f.hops[req.URL.String()]
	h := http.Header{}
	if hop.location != "" {
		h.Set("Location", hop.location)
	}
	if len(hop.setCookie) > 0 {
		h["Set-Cookie"] = append([]string(nil), hop.setCookie...)
	}
	status := hop.status
	if status == 0 {
		status = http.StatusOK
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
}

// TestSecurityTransportRedirectFlows follows real redirects with an
// http.Client over the Transport, which computes each hop's context from
// the request's method and redirect chain: the exact Cookie header of every
// hop, and which cookies the responses could set.
func TestSecurityTransportRedirectFlows(t *testing.T) {
	const (
		aDest   = "https://www.example.com/dest"
		aSubmit = "https://www.example.com/submit"
		bSubmit = "https://evil.example.org/submit"
		bRedi   = "https://evil.example.org/r"
	)
	all := "s=1; l=1; u=1; n=1"
	u := func(raw string) *url.URL { return mustURL(t, raw) }
	to := func(status int, loc string) secHop { return secHop{status: status, location: loc} }
	refusedSets := []string{"s2=1; SameSite=Strict; Secure", "l2=1; SameSite=Lax; Secure", "u2=1; Secure"}
	finalSets := map[string]secHop{aDest: {setCookie: append(append([]string(nil), refusedSets...), "n2=1; SameSite=None; Secure")}}
	withHops := func(base map[string]secHop, more map[string]secHop) map[string]secHop {
		out := map[string]secHop{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range more {
			out[k] = v
		}
		return out
	}
	rows := []struct {
		name   string
		method string
		start  string
		rc     RequestContext
		age    time.Duration // of the victim's cookies
		hops   map[string]secHop
		sent   []string
		// refused are the response lines refused, with their reasons; the
		// other lines are stored.
		refused map[string][]ExclusionReason
	}{
		{name: "typed navigation A→B→A", method: "GET", start: secARedi, rc: RequestContext{Navigation: true}, age: secOld,
			hops: map[string]secHop{secARedi: to(302, bRedi), bRedi: to(302, aDest)},
			sent: []string{"GET " + secARedi + " " + all, "GET " + bRedi + " ", "GET " + aDest + " " + all}},
		{name: "link on B, navigation A→B→A", method: "GET", start: secARedi, rc: RequestContext{Navigation: true, Initiator: u(secB)}, age: secOld,
			hops: map[string]secHop{secARedi: to(302, bRedi), bRedi: to(302, aDest)},
			sent: []string{"GET " + secARedi + " l=1; u=1; n=1", "GET " + bRedi + " ", "GET " + aDest + " l=1; u=1; n=1"}},
		{name: "image on A through A→B→A", method: "GET", start: secARedi, rc: RequestContext{TopFrame: u(secA), Initiator: u(secA)}, age: secOld,
			hops: withHops(finalSets, map[string]secHop{secARedi: to(302, bRedi), bRedi: to(302, aDest)}),
			sent: []string{"GET " + secARedi + " " + all, "GET " + bRedi + " ", "GET " + aDest + " " + all}},
		{name: "image on B through B→A", method: "GET", start: bRedi, rc: RequestContext{TopFrame: u(secB), Initiator: u(secB)}, age: secOld,
			hops: withHops(finalSets, map[string]secHop{bRedi: to(302, aDest)}),
			sent: []string{"GET " + bRedi + " ", "GET " + aDest + " n=1"},
			refused: map[string][]ExclusionReason{
				refusedSets[0]: {ExcludeSameSiteStrict}, refusedSets[1]: {ExcludeSameSiteLax},
				refusedSets[2]: {ExcludeSameSiteUnspecifiedTreatedAsLax},
			}},
		{name: "form on B posts, 307 to A", method: "POST", start: bSubmit, rc: RequestContext{Navigation: true, Initiator: u(secB)}, age: secOld,
			hops: withHops(finalSets, map[string]secHop{bSubmit: to(307, aDest)}),
			sent: []string{"POST " + bSubmit + " ", "POST " + aDest + " n=1"}},
		{name: "form on B posts, 308 to A", method: "POST", start: bSubmit, rc: RequestContext{Navigation: true, Initiator: u(secB)}, age: secOld,
			hops: map[string]secHop{bSubmit: to(308, aDest)},
			sent: []string{"POST " + bSubmit + " ", "POST " + aDest + " n=1"}},
		{name: "form on B posts, 307 to A, young cookies", method: "POST", start: bSubmit, rc: RequestContext{Navigation: true, Initiator: u(secB)},
			age:  time.Minute,
			hops: map[string]secHop{bSubmit: to(307, aDest)},
			sent: []string{"POST " + bSubmit + " ", "POST " + aDest + " u=1; n=1"}},
		{name: "form on B posts, 303 to A (a GET)", method: "POST", start: bSubmit, rc: RequestContext{Navigation: true, Initiator: u(secB)}, age: secOld,
			hops: map[string]secHop{bSubmit: to(303, aDest)},
			sent: []string{"POST " + bSubmit + " ", "GET " + aDest + " l=1; u=1; n=1"}},
		{name: "form on B posts, 302 to A (a GET)", method: "POST", start: bSubmit, rc: RequestContext{Navigation: true, Initiator: u(secB)}, age: secOld,
			hops: map[string]secHop{bSubmit: to(302, aDest)},
			sent: []string{"POST " + bSubmit + " ", "GET " + aDest + " l=1; u=1; n=1"}},
		{name: "form on A posts, 307 to B, 307 to A", method: "POST", start: aSubmit, rc: RequestContext{Navigation: true, Initiator: u(secA)}, age: secOld,
			hops: map[string]secHop{aSubmit: to(307, bSubmit), bSubmit: to(307, aDest)},
			sent: []string{"POST " + aSubmit + " " + all, "POST " + bSubmit + " ", "POST " + aDest + " " + all}},
		{name: "fetch POST on B, 307 to A, young cookies", method: "POST", start: bSubmit, rc: RequestContext{TopFrame: u(secB), Initiator: u(secB)},
			age:  time.Minute,
			hops: withHops(finalSets, map[string]secHop{bSubmit: to(307, aDest)}),
			sent: []string{"POST " + bSubmit + " ", "POST " + aDest + " n=1"},
			refused: map[string][]ExclusionReason{
				refusedSets[0]: {ExcludeSameSiteStrict}, refusedSets[1]: {ExcludeSameSiteLax},
				refusedSets[2]: {ExcludeSameSiteUnspecifiedTreatedAsLax},
			}},
		{name: "typed navigation A→http A→A", method: "GET", start: secARedi, rc: RequestContext{Navigation: true}, age: secOld,
			hops: map[string]secHop{secARedi: to(302, secHA), secHA: to(302, aDest)},
			sent: []string{"GET " + secARedi + " " + all, "GET " + secHA + " ", "GET " + aDest + " " + all}},
	}
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			e := newSecEnv(t)
			mrSetup(t, e.m, secVictims)
			e.clk.Set(t0.Add(tc.age))
			before := e.stored(t)
			fake := &secRedirector{hops: tc.hops}
			client := &http.Client{Transport: e.m.Transport(fake)}
			ctx := WithRequestContext(context.Background(), tc.rc)
			req, err := http.NewRequestWithContext(ctx, tc.method, tc.start, strings.NewReader("q=1"))
			require.NoError(t, err)
			nChanges, nSets := e.marks()
			resp, err := client.Do(req)
			require.NoError(t, err)
			require.NoError(t, resp.Body.Close())
			assert.Equal(t, tc.sent, fake.sent)

			// Each response line: refused with its reasons, or stored.
			var wantStored []string
			for _, hop := range tc.hops {
				for _, line := range hop.setCookie {
					if _, refused := tc.refused[line]; !refused {
						name, _, _ := strings.Cut(line, ";")
						wantStored = append(wantStored, "www.example.com / "+name)
					}
				}
			}
			refused := map[string][]ExclusionReason{}
			for _, ev := range e.setsSince(nSets) {
				assert.Equal(t, DoorTransport, ev.Door)
				if !ev.Stored {
					refused[ev.Line] = ev.Result.Status.Exclusions()
				}
			}
			want := tc.refused
			if want == nil {
				want = map[string][]ExclusionReason{}
			}
			assert.Equal(t, want, refused)
			var inserted []string
			for _, ch := range e.changesSince(nChanges) {
				assert.Equal(t, CauseInserted, ch.Cause)
				inserted = append(inserted, ch.Cookie.Domain+" "+ch.Cookie.Path+" "+mrPair(&ch.Cookie))
			}
			assert.ElementsMatch(t, wantStored, inserted, "change events")
			assert.ElementsMatch(t, append(before, wantStored...), e.stored(t))
		})
	}
}

// ---- 9. partitioned (CHIPS) cookies outside their partition ----

// secSameSiteKey is the partition of topLevel for a frame whose ancestors
// are all same-site with it (mrKey's with the cross-site-ancestor bit off).
func secSameSiteKey(t *testing.T, topLevel string) PartitionKey {
	t.Helper()
	k, err := NewPartitionKey(mustURL(t, topLevel), false)
	require.NoError(t, err)
	return k
}

// TestSecurityPartitionLeaks: a partitioned cookie is sent only in exactly
// its partition (site, cross-site-ancestor bit and nonce); a nonced frame
// sees only its nonce's cookies, and no unpartitioned ones. The reads are
// strict, so that only the partition decides.
func TestSecurityPartitionLeaks(t *testing.T) {
	const embed = "https://www.example.com/"
	var (
		kA       = mrKey(t, "https://top-a.com/")
		kB       = mrKey(t, "https://top-b.com/")
		kASame   = secSameSiteKey(t, "https://top-a.com/")
		kASub    = mrKey(t, "https://www.top-a.com/") // the same site as kA
		n1, n2   = mrNonced(t, "https://top-a.com/", 1), mrNonced(t, "https://top-a.com/", 2)
		strictIn = func(k PartitionKey) Options { return HTTPOptions(MakeSameSiteContext(ContextStrict), k) }
		setIn    = func(k PartitionKey) Options { return HTTPOptions(MakeSameSiteContext(ContextLax), k) }
	)
	partitioned := []mrStep{{embed, "p=1; SameSite=None; Secure; Partitioned", setIn(kA)}}
	nonced := []mrStep{{embed, "nc=1; SameSite=None; Secure; Partitioned", setIn(n1)}}
	unpartitioned := []mrStep{{embed, "un=1; SameSite=None; Secure", secSet}}
	require.Equal(t, kA, kASub, "partitions are by site")
	rows := []secReadRow{
		{name: "its own partition (baseline)", setup: partitioned, url: embed, opts: strictIn(kA), header: "p=1"},
		{name: "the same top-level site through another host", setup: partitioned, url: embed, opts: strictIn(kASub), header: "p=1"},
		{name: "another top-level site", setup: partitioned, url: embed, opts: strictIn(kB)},
		{name: "an unpartitioned context", setup: partitioned, url: embed, opts: strictIn(PartitionKey{})},
		{name: "the same site, the cross-site-ancestor bit flipped", setup: partitioned, url: embed, opts: strictIn(kASame)},
		{name: "a nonced frame under the same top-level site", setup: partitioned, url: embed, opts: strictIn(n1)},
		{name: "a nonced frame sees its nonce's cookies", setup: nonced, url: embed, opts: strictIn(n1), header: "nc=1"},
		{name: "another nonce", setup: nonced, url: embed, opts: strictIn(n2)},
		{name: "a nonce's cookies in the un-nonced partition", setup: nonced, url: embed, opts: strictIn(kA)},
		{name: "a nonce's cookies in an unpartitioned context", setup: nonced, url: embed, opts: strictIn(PartitionKey{})},
		{name: "a nonced frame does not see unpartitioned cookies", setup: unpartitioned, url: embed, opts: strictIn(n1)},
		{name: "a partitioned frame sees unpartitioned cookies too", setup: unpartitioned, url: embed, opts: strictIn(kA), header: "un=1"},
	}
	runSecReadRows(t, rows)

	// Setting: Partitioned needs Secure from a secure URL, except in a
	// nonced partition; the __Host- rules still apply. Every stored one is
	// invisible to an unpartitioned read (readURL's header).
	pa, pn := setIn(kA), setIn(n1)
	setRows := []secRow{
		{name: "Partitioned without Secure", url: embed, line: "p=1; SameSite=None; Partitioned", opts: &pa,
			exclude: []ExclusionReason{ExcludeInvalidPartitioned}, readURL: embed, header: ""},
		{name: "Partitioned and Secure from http", url: "http://www.example.com/", line: "p=1; Secure; Partitioned", opts: &pa,
			exclude: []ExclusionReason{ExcludeInvalidPartitioned}, readURL: embed, header: ""},
		{name: "Partitioned from http without Secure", url: "http://www.example.com/", line: "p=1; Partitioned", opts: &pa,
			exclude: []ExclusionReason{ExcludeInvalidPartitioned}, readURL: "http://www.example.com/", header: ""},
		{name: "__Host- Partitioned with Domain", url: embed, line: "__Host-p=1; Secure; Path=/; Partitioned; Domain=example.com", opts: &pa,
			exclude: []ExclusionReason{ExcludeInvalidPrefix}, readURL: embed, header: ""},
		{name: "__Host- Partitioned without Secure", url: embed, line: "__Host-p=1; Path=/; Partitioned", opts: &pa,
			exclude: []ExclusionReason{ExcludeInvalidPrefix, ExcludeInvalidPartitioned}, readURL: embed, header: ""},
		{name: "__Host- Partitioned done right", url: embed, line: "__Host-p=1; Secure; Path=/; Partitioned", opts: &pa,
			stored: "www.example.com / __Host-p=1", readURL: embed, header: ""},
		{name: "Partitioned done right", url: embed, line: "p=1; Secure; Partitioned; Domain=example.com", opts: &pa,
			stored: ".example.com / p=1", readURL: "https://other.example.com/", header: ""},
		{name: "a nonced partition takes a cookie without Secure", url: embed, line: "p=1; Partitioned", opts: &pn,
			stored: "www.example.com / p=1", readURL: embed, header: ""},
		{name: "a nonced partition partitions a cookie without the attribute", url: embed, line: "p=1", opts: &pn,
			stored: "www.example.com / p=1", readURL: embed, header: ""},
	}
	t.Run("set", func(t *testing.T) { runSecRows(t, setRows) })
}

// TestSecurityPartitionChanges: a partitioned cookie's change reaches the
// subscribers of exactly its partition and the global ones; a nonced
// subscriber hears neither another partition's nor unpartitioned cookies.
func TestSecurityPartitionChanges(t *testing.T) {
	const embed = "https://www.example.com/"
	kA, kB := mrKey(t, "https://top-a.com/"), mrKey(t, "https://top-b.com/")
	kASame := secSameSiteKey(t, "https://top-a.com/")
	n1, n2 := mrNonced(t, "https://top-a.com/", 1), mrNonced(t, "https://top-a.com/", 2)
	subs := []struct {
		name string
		key  PartitionKey
	}{{"unpartitioned", PartitionKey{}}, {"top-a", kA}, {"top-a same-site bit", kASame}, {"top-b", kB}, {"nonce 1", n1}, {"nonce 2", n2}}
	rows := []struct {
		name  string
		line  string
		key   PartitionKey
		heard []string // the subscribers that hear the insertion, "all" aside
	}{
		{"partitioned in top-a", "p=1; SameSite=None; Secure; Partitioned", kA, []string{"top-a"}},
		{"partitioned in top-a, same-site bit", "p=1; SameSite=None; Secure; Partitioned", kASame, []string{"top-a same-site bit"}},
		{"partitioned in nonce 1", "p=1; SameSite=None; Secure; Partitioned", n1, []string{"nonce 1"}},
		{"unpartitioned", "p=1; SameSite=None; Secure", PartitionKey{}, []string{"unpartitioned", "top-a", "top-a same-site bit", "top-b"}},
	}
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			e := newSecEnv(t)
			var mu sync.Mutex
			heard := []string{}
			for _, s := range subs {
				cancel := e.m.Changes().SubscribeURL(mustURL(t, embed), s.key, func(ch Change) {
					mu.Lock()
					defer mu.Unlock()
					heard = append(heard, s.name)
				})
				defer cancel()
			}
			nChanges, _ := e.marks()
			mrMustSet(t, e.m, embed, tc.line, HTTPOptions(MakeSameSiteContext(ContextLax), tc.key))
			mu.Lock()
			assert.ElementsMatch(t, tc.heard, heard)
			mu.Unlock()
			all := e.changesSince(nChanges)
			require.Len(t, all, 1, "SubscribeAll hears every partition")
			assert.Equal(t, tc.key, all[0].Cookie.Partition)
		})
	}
}

// ---- 10. HttpOnly cookies and script-like access ----

// secHTTPOnlyVictim is an HttpOnly cookie and a plain one of
// https://www.example.com.
var secHTTPOnlyVictim = []mrStep{
	{"https://www.example.com/", "h=1; HttpOnly", secSet},
	{"https://www.example.com/", "v=1", secSet},
}

// TestSecurityHTTPOnlyFromScript: a script-like access (IncludeHTTPOnly
// false, a RestrictedHandle, its CookieStore) neither reads an HttpOnly
// cookie nor overwrites, expires or deletes it, and no event tells it
// about one.
func TestSecurityHTTPOnlyFromScript(t *testing.T) {
	const page = "https://www.example.com/"
	scriptStrict := ScriptOptions(MakeSameSiteContext(ContextStrict), PartitionKey{})
	scriptLax := ScriptOptions(MakeSameSiteContext(ContextLax), PartitionKey{})
	t.Run("reads", func(t *testing.T) {
		runSecReadRows(t, []secReadRow{
			{name: "HTTP (baseline)", setup: secHTTPOnlyVictim, url: page, opts: secRead, header: "h=1; v=1"},
			{name: "script, same-site", setup: secHTTPOnlyVictim, url: page, opts: scriptStrict,
				header: "v=1", exclude: map[string][]ExclusionReason{"h=1": {ExcludeHTTPOnly}}},
			{name: "the zero Options: script, cross-site", setup: secHTTPOnlyVictim, age: secOld, url: page, opts: Options{},
				exclude: map[string][]ExclusionReason{
					"h=1": {ExcludeHTTPOnly, ExcludeSameSiteUnspecifiedTreatedAsLax},
					"v=1": {ExcludeSameSiteUnspecifiedTreatedAsLax},
				}},
		})
	})

	t.Run("the restricted handle reads", func(t *testing.T) {
		e := newSecEnv(t)
		mrSetup(t, e.m, secHTTPOnlyVictim)
		ctx, u := context.Background(), mustURL(t, page)
		h, err := e.m.Restricted(u, FrameContext{})
		require.NoError(t, err)
		doc, err := h.DocumentCookie(ctx, u)
		require.NoError(t, err)
		assert.Equal(t, "v=1", doc)
		_, excluded, err := h.Cookies(ctx, u)
		require.NoError(t, err)
		require.Len(t, excluded, 1)
		assert.Equal(t, "h", excluded[0].Cookie.Name)
		assert.Equal(t, []ExclusionReason{ExcludeHTTPOnly}, excluded[0].AccessResult.Status.Exclusions())
		cs, err := h.CookieStore(u)
		require.NoError(t, err)
		name := "h"
		item, err := cs.Get(ctx, CookieStoreGetOptions{Name: &name})
		require.NoError(t, err)
		assert.Nil(t, item)
		items, err := cs.GetAll(ctx, CookieStoreGetOptions{})
		require.NoError(t, err)
		require.Len(t, items, 1)
		assert.Equal(t, "v", items[0].Name)
	})

	// Writes: refused, each through SetCookieLine with script options and
	// through the handle's document.cookie; the allowed ones (not
	// equivalent to the HttpOnly cookie) are stored beside it.
	writes := []secRow{
		{name: "overwrite", line: "h=2", exclude: []ExclusionReason{ExcludeOverwriteHTTPOnly}},
		{name: "overwrite with Path=/", line: "h=2; Path=/", exclude: []ExclusionReason{ExcludeOverwriteHTTPOnly}},
		{name: "overwrite with Secure and SameSite=Strict", line: "h=2; Secure; SameSite=Strict",
			exclude: []ExclusionReason{ExcludeOverwriteHTTPOnly}},
		{name: "overwrite with HttpOnly", line: "h=2; HttpOnly", exclude: []ExclusionReason{ExcludeHTTPOnly, ExcludeOverwriteHTTPOnly}},
		{name: "expire with Max-Age=0", line: "h=; Max-Age=0", exclude: []ExclusionReason{ExcludeOverwriteHTTPOnly}},
		{name: "expire with Expires in 1970", line: "h=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
			exclude: []ExclusionReason{ExcludeOverwriteHTTPOnly}},
		{name: "a new HttpOnly cookie", line: "n=1; HttpOnly", exclude: []ExclusionReason{ExcludeHTTPOnly}},
		// Not equivalent: allowed, as in Chromium.
		{name: "another path is another cookie", line: "h=2; Path=/sub",
			stored: "www.example.com /sub h=2", readURL: "https://www.example.com/sub/x", header: "h=2; h=1; v=1"},
		{name: "a domain cookie is another cookie", line: "h=2; Domain=example.com",
			stored: ".example.com / h=2", readURL: page, header: "h=1; v=1; h=2"},
		{name: "another case is another name", line: "H=2", stored: "www.example.com / H=2", readURL: page, header: "h=1; v=1; H=2"},
	}
	for i := range writes {
		writes[i].setup, writes[i].url, writes[i].opts = secHTTPOnlyVictim, page, &scriptLax
		if writes[i].exclude != nil {
			writes[i].readURL, writes[i].header = page, "h=1; v=1"
		}
	}
	t.Run("writes", func(t *testing.T) { runSecRows(t, writes) })

	t.Run("writes through the restricted handle", func(t *testing.T) {
		for _, tc := range writes {
			if tc.exclude == nil {
				continue
			}
			t.Run(tc.name, func(t *testing.T) {
				e := newSecEnv(t)
				mrSetup(t, e.m, secHTTPOnlyVictim)
				before := e.stored(t)
				ctx, u := context.Background(), mustURL(t, page)
				h, err := e.m.Restricted(u, FrameContext{})
				require.NoError(t, err)
				nChanges, nSets := e.marks()
				res, err := h.SetDocumentCookie(ctx, u, tc.line)
				assert.ErrorIs(t, err, ErrCookieRejected)
				for _, r := range tc.exclude {
					assert.ErrorIs(t, err, r)
				}
				assert.Equal(t, tc.exclude, res.Status.Exclusions())
				assert.Empty(t, e.changesSince(nChanges))
				sets := e.setsSince(nSets)
				require.Len(t, sets, 1)
				assert.False(t, sets[0].Stored)
				assert.Equal(t, before, e.stored(t))
				assert.Equal(t, "h=1; v=1", e.header(t, page))
			})
		}
	})

	t.Run("the CookieStore API", func(t *testing.T) {
		e := newSecEnv(t)
		mrSetup(t, e.m, secHTTPOnlyVictim)
		before := e.stored(t)
		ctx, u := context.Background(), mustURL(t, page)
		h, err := e.m.Restricted(u, FrameContext{})
		require.NoError(t, err)
		cs, err := h.CookieStore(u)
		require.NoError(t, err)
		nChanges, _ := e.marks()
		expired := -time.Second
		for name, call := range map[string]func() error{
			"set":                 func() error { return cs.Set(ctx, CookieInit{Name: "h", Value: "2"}) },
			"set with maxAge ≤ 0": func() error { return cs.Set(ctx, CookieInit{Name: "h", Value: "2", MaxAge: &expired}) },
			"delete":              func() error { return cs.Delete(ctx, CookieStoreDeleteOptions{Name: "h"}) },
		} {
			err := call()
			assert.ErrorIs(t, err, ErrCookieNotStored, name)
			assert.ErrorIs(t, err, ExcludeOverwriteHTTPOnly, name)
		}
		assert.Empty(t, e.changesSince(nChanges))
		assert.Equal(t, before, e.stored(t))
	})

	t.Run("change events", func(t *testing.T) {
		e := newSecEnv(t)
		mrSetup(t, e.m, secHTTPOnlyVictim)
		u := mustURL(t, page)
		h, err := e.m.Restricted(u, FrameContext{})
		require.NoError(t, err)
		cs, err := h.CookieStore(u)
		require.NoError(t, err)
		var mu sync.Mutex
		script := []string{}
		cancel := cs.OnChange(func(ev CookieChangeEvent) {
			mu.Lock()
			defer mu.Unlock()
			for _, c := range ev.Changed {
				script = append(script, "changed "+c.Name+"="+c.Value)
			}
			for _, c := range ev.Deleted {
				script = append(script, "deleted "+c.Name)
			}
		})
		defer cancel()
		nChanges, _ := e.marks()
		// HTTP changes the HttpOnly cookies (overwrite, a new one,
		// expiry), then the plain one.
		for _, line := range []string{"h=2; HttpOnly", "h2=1; HttpOnly", "h=; Max-Age=0", "h2=; Max-Age=0; HttpOnly", "v=2"} {
			mrMustSet(t, e.m, page, line, secSet)
		}
		// The browser side hears everything.
		var global []string
		for _, ch := range e.changesSince(nChanges) {
			global = append(global, ch.Cause.String()+" "+mrPair(&ch.Cookie))
		}
		assert.Equal(t, []string{
			"Overwrite h=1", "Inserted h=2", "Inserted h2=1", "ExpiredOverwrite h=2", "ExpiredOverwrite h2=1",
			"Overwrite v=1", "Inserted v=2",
		}, global)
		mu.Lock()
		defer mu.Unlock()
		assert.Equal(t, []string{"changed v=2"}, script, "the script hears only the plain cookie")
	})
}

// TestSecurityNoncedFrame: the restricted handle of an anonymous
// (nonced) iframe reads only its nonce's cookies, and what its script
// sets stays in its nonce's partition.
func TestSecurityNoncedFrame(t *testing.T) {
	const (
		embed = "https://www.example.com/"
		top   = "https://top-a.com/"
	)
	e := newSecEnv(t)
	kA, n1 := mrKey(t, top), mrNonced(t, top, 1)
	mrSetup(t, e.m, []mrStep{
		{embed, "un=1; SameSite=None; Secure", secSet},
		{embed, "p=1; SameSite=None; Secure; Partitioned", HTTPOptions(MakeSameSiteContext(ContextLax), kA)},
		{embed, "nc=1; SameSite=None; Secure; Partitioned", HTTPOptions(MakeSameSiteContext(ContextLax), n1)},
	})
	ctx, u := context.Background(), mustURL(t, embed)
	frame := func(nonce *Nonce) *RestrictedHandle {
		h, err := e.m.Restricted(u, FrameContext{Ancestors: []*url.URL{mustURL(t, top)}, Nonce: nonce})
		require.NoError(t, err)
		return h
	}
	doc := func(h *RestrictedHandle) string {
		s, err := h.DocumentCookie(ctx, u)
		require.NoError(t, err)
		return s
	}
	plain, nonce1, nonce2 := frame(nil), frame(&Nonce{1}), frame(&Nonce{2})
	assert.Equal(t, "un=1; p=1", doc(plain))
	assert.Equal(t, "nc=1", doc(nonce1))
	assert.Equal(t, "", doc(nonce2))

	// A cookie the nonced frame's script sets, Partitioned or not, is in
	// its nonce's partition.
	for _, line := range []string{"s1=1; SameSite=None; Secure", "s2=1; SameSite=None; Secure; Partitioned"} {
		_, err := nonce1.SetDocumentCookie(ctx, u, line)
		require.NoError(t, err)
	}
	assert.Equal(t, "nc=1; s1=1; s2=1", doc(nonce1))
	assert.Equal(t, "", doc(nonce2))
	assert.Equal(t, "un=1; p=1", doc(plain))
	assert.Equal(t, "un=1", e.header(t, embed))
}
