package cookiemonster_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// TestSameSiteRedirectDowngrade checks the redirect-chain metadata of the
// computed contexts: the context stays what it is without the chain
// (Chromium's CookieSameSiteConsidersRedirectChain is off, and Chromium 156
// behaves so in the recorded A→B→A chains), and the metadata says what the
// chain would have changed; a context for setting cookies turns Strict→Lax
// into none and Strict→Cross into Lax→Cross.
func TestSameSiteRedirectDowngrade(t *testing.T) {
	const (
		a    = "https://www.example.com/a"
		a2   = "https://sub.example.com/a2"
		b    = "https://www.example.org/b"
		httA = "http://www.example.com/h"
	)
	var (
		none   = cm.NoRedirectDowngrade
		s2l    = cm.RedirectDowngradeStrictToLax
		s2c    = cm.RedirectDowngradeStrictToCross
		l2c    = cm.RedirectDowngradeLaxToCross
		strict = ssCtx(ssStrict, ssStrict)
		lax    = ssCtx(ssLax, ssLax)
		cross  = ssCtx(ssCross, ssCross)
	)
	rows := []struct {
		name      string
		method    string
		chain     []string
		sfc       string // the top-level document; "": the last URL of the chain
		initiator string
		mainFrame bool

		req, resp, get, set cm.SameSiteContext
	}{
		{name: "typed navigation A→B→A",
			chain: []string{a, b, a}, mainFrame: true,
			req: ssRedirect(strict, s2l, s2l), resp: lax, get: strict, set: lax},
		{name: "link on A to A→B→A",
			chain: []string{a, b, a}, initiator: a, mainFrame: true,
			req: ssRedirect(strict, s2l, s2l), resp: lax, get: strict, set: lax},
		{name: "link on B to A→B→A: the initiator already makes it Lax",
			chain: []string{a, b, a}, initiator: b, mainFrame: true,
			req: lax, resp: lax, get: lax, set: lax},
		{name: "form on A posts to A→B→A",
			method: "POST", chain: []string{a, b, a}, initiator: a, mainFrame: true,
			req: ssRedirect(strict, s2l, s2l), resp: lax, get: strict, set: lax},
		{name: "image on A through A→B→A",
			chain: []string{a, b, a}, sfc: a, initiator: a,
			req: ssRedirect(strict, s2c, s2c), resp: ssRedirect(lax, l2c, l2c), get: strict, set: lax},
		{name: "fetch on A through B→A",
			chain: []string{b, a}, sfc: a, initiator: a,
			req: ssRedirect(strict, s2c, s2c), resp: ssRedirect(lax, l2c, l2c), get: strict, set: lax},
		{name: "image on A through A→sub.A: same-site chain",
			chain: []string{a, a2}, sfc: a, initiator: a,
			req: strict, resp: lax, get: strict, set: lax},
		{name: "image on A through A→B: the request is cross-site",
			chain: []string{a, b}, sfc: a, initiator: a,
			req: cross, resp: cross, get: cross, set: cross},
		{name: "image on B through A→B→A: cross-site with the page",
			chain: []string{a, b, a}, sfc: b, initiator: b,
			req: cross, resp: cross, get: cross, set: cross},
		{name: "image on A through A→B→A, initiator B",
			chain: []string{a, b, a}, sfc: a, initiator: b,
			req: cross, resp: cross, get: lax, set: lax},
		{name: "image on A through http A: only the schemeful context downgrades",
			chain: []string{a, httA, a}, sfc: a, initiator: a,
			req: ssRedirect(strict, none, s2c), resp: ssRedirect(lax, none, l2c), get: strict, set: lax},
		{name: "typed navigation through http A",
			chain: []string{a, httA, a}, mainFrame: true,
			req: ssRedirect(strict, none, s2l), resp: lax, get: strict, set: lax},
		{name: "no redirect",
			chain: []string{a}, sfc: a, initiator: a,
			req: strict, resp: lax, get: strict, set: lax},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			chain := optURLs(t, r.chain...)
			top := chain[len(chain)-1]
			if r.sfc != "" {
				top = optURL(t, r.sfc)
			}
			in := cm.SameSiteInput{
				Method:              r.method,
				URLChain:            chain,
				SiteForCookies:      cm.NewSiteForCookies(top, nil),
				Initiator:           optURL(t, r.initiator),
				MainFrameNavigation: r.mainFrame,
			}
			assert.Equal(t, r.req, in.ForRequest(), "ForRequest")
			assert.Equal(t, r.resp, in.ForResponse(), "ForResponse")
			assert.Equal(t, r.get, in.ForScriptGet(), "ForScriptGet")
			assert.Equal(t, r.set, in.ForScriptSet(), "ForScriptSet")
		})
	}
}

// TestRedirectDowngradeWarning checks when a cookie gets
// WarnCrossSiteRedirectDowngradeChangesInclusion: when the schemeful
// redirect downgrade would change its inclusion, judged on its effective
// SameSite alone, and never when another exclusion than a SameSite one
// already excludes it.
func TestRedirectDowngradeWarning(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	secure := optURL(t, "https://www.example.com/")
	insecure := optURL(t, "http://www.example.com/")
	withDowngrade := func(c cm.SameSiteContext, d, sd cm.RedirectDowngrade) cm.Options {
		return cm.HTTPOptions(ssRedirect(c, d, sd), cm.PartitionKey{})
	}
	var (
		s2l    = cm.RedirectDowngradeStrictToLax
		s2c    = cm.RedirectDowngradeStrictToCross
		l2c    = cm.RedirectDowngradeLaxToCross
		none   = cm.NoRedirectDowngrade
		strict = ssCtx(ssStrict, ssStrict)
		lax    = ssCtx(ssLax, ssLax)
	)
	rows := []struct {
		name    string
		line    string
		age     time.Duration // since the cookie's creation
		u       *url.URL
		set     bool
		opts    cm.Options
		include bool
		warn    bool
	}{
		{"Strict read, Strict→Lax", "a=1; SameSite=Strict; Secure", time.Hour, secure, false, withDowngrade(strict, s2l, s2l), true, true},
		{"Strict read, Strict→Cross", "a=1; SameSite=Strict; Secure", time.Hour, secure, false, withDowngrade(strict, s2c, s2c), true, true},
		{"Strict read, no downgrade", "a=1; SameSite=Strict; Secure", time.Hour, secure, false, withDowngrade(strict, none, none), true, false},
		{"Strict read, only the schemeless context downgrades", "a=1; SameSite=Strict; Secure", time.Hour, secure, false, withDowngrade(strict, s2c, none), true, false},
		{"Strict set, Lax→Cross", "a=1; SameSite=Strict; Secure", 0, secure, true, withDowngrade(lax, l2c, l2c), true, true},
		{"Strict set, Strict→Lax is not a set's", "a=1; SameSite=Strict; Secure", 0, secure, true, withDowngrade(lax, s2l, s2l), true, false},
		{"Lax read, Strict→Cross", "a=1; SameSite=Lax; Secure", time.Hour, secure, false, withDowngrade(strict, s2c, s2c), true, true},
		{"Lax read, Strict→Lax changes nothing", "a=1; SameSite=Lax; Secure", time.Hour, secure, false, withDowngrade(strict, s2l, s2l), true, false},
		{"Lax set, Lax→Cross", "a=1; SameSite=Lax; Secure", 0, secure, true, withDowngrade(lax, l2c, l2c), true, true},
		{"unspecified, old, read, Strict→Cross", "a=1; Secure", time.Hour, secure, false, withDowngrade(strict, s2c, s2c), true, true},
		{"unspecified, new (Lax-allow-unsafe), read, Strict→Cross", "a=1; Secure", time.Second, secure, false, withDowngrade(strict, s2c, s2c), true, true},
		{"unspecified set, Lax→Cross", "a=1; Secure", 0, secure, true, withDowngrade(lax, l2c, l2c), true, true},
		{"None read, Strict→Cross", "a=1; SameSite=None; Secure", time.Hour, secure, false, withDowngrade(strict, s2c, s2c), true, false},
		{"None set, Lax→Cross", "a=1; SameSite=None; Secure", 0, secure, true, withDowngrade(lax, l2c, l2c), true, false},
		{"Strict read on http, excluded as Secure: no warning", "a=1; SameSite=Strict; Secure", time.Hour, insecure, false, withDowngrade(strict, s2c, s2c), false, false},
		{"Strict set from http, excluded as Secure: no warning", "a=1; SameSite=Strict; Secure", 0, insecure, true, withDowngrade(lax, l2c, l2c), false, false},
		{"Strict read by a script, excluded as HttpOnly: no warning", "a=1; SameSite=Strict; Secure; HttpOnly", time.Hour, secure, false,
			cm.ScriptOptions(ssRedirect(strict, s2l, s2l), cm.PartitionKey{}), false, false},
		{"unspecified read under legacy semantics: unrestricted", "a=1; Secure", time.Hour, secure, false,
			func() cm.Options {
				o := withDowngrade(strict, s2c, s2c)
				o.AccessSemantics = cm.SemanticsLegacy
				return o
			}(), true, false},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			c, st := cm.NewCanonicalCookie(secure, r.line, now.Add(-r.age), cm.CreateOptions{})
			require.True(t, st.IsInclude(), "%v", st)
			var res cm.AccessResult
			if r.set {
				res = c.IsSetPermittedInContext(r.u, r.opts, now)
			} else {
				res = c.IncludeForRequestURL(r.u, r.opts, now)
			}
			assert.Equal(t, r.include, res.Status.IsInclude(), "%v", res.Status)
			assert.Equal(t, r.warn, res.Status.HasWarning(cm.WarnCrossSiteRedirectDowngradeChangesInclusion), "%v", res.Status)
		})
	}
}

// TestMonsterRedirectDowngradeWarning checks the warning through the store:
// an image on A loaded through A→B→A still gets A's Strict cookie, warned
// about, and its Lax response cookie is stored, warned about too.
func TestMonsterRedirectDowngradeWarning(t *testing.T) {
	ctx := context.Background()
	m, err := cm.New(cm.Config{})
	require.NoError(t, err)
	a := optURL(t, "https://www.example.com/r2")
	nav := cm.HTTPOptions(ssCtx(ssLax, ssLax), cm.PartitionKey{})
	for _, line := range []string{"s=1; SameSite=Strict; Secure", "n=1; SameSite=None; Secure"} {
		res, err := m.SetCookieLine(ctx, a, line, nav)
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude())
	}
	in := cm.SameSiteInput{
		URLChain:       optURLs(t, "https://www.example.com/r0", "https://www.example.org/r1", "https://www.example.com/r2"),
		SiteForCookies: cm.NewSiteForCookies(optURL(t, "https://www.example.com/"), nil),
		Initiator:      optURL(t, "https://www.example.com/"),
	}
	opts := cm.HTTPOptions(in.ForRequest(), cm.PartitionKey{})
	opts.ReturnExcluded = true
	included, excluded, err := m.Cookies(ctx, a, opts)
	require.NoError(t, err)
	assert.Empty(t, excluded)
	warned := map[string]bool{}
	for _, c := range included {
		warned[c.Cookie.Name] = c.AccessResult.Status.HasWarning(cm.WarnCrossSiteRedirectDowngradeChangesInclusion)
	}
	assert.Equal(t, map[string]bool{"s": true, "n": false}, warned)

	res, err := m.SetCookieLine(ctx, a, "l=1; SameSite=Lax; Secure", cm.HTTPOptions(in.ForResponse(), cm.PartitionKey{}))
	require.NoError(t, err)
	assert.True(t, res.Status.IsInclude())
	assert.True(t, res.Status.HasWarning(cm.WarnCrossSiteRedirectDowngradeChangesInclusion))
}
