package cookiemonster_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

func TestParseContentPattern(t *testing.T) {
	for _, tc := range []struct {
		in, want string // want "": an error
	}{
		{"*", "*"},
		{" * ", "*"},
		{"[*.]example.com", "[*.]example.com"},
		{"[*.]EXAMPLE.com", "[*.]example.com"},
		{"example.com", "example.com"},
		{"https://a.example", "https://a.example"},
		{"https://a.example:443", "https://a.example:443"},
		{"https://a.example:8443", "https://a.example:8443"},
		{"http://a.example:*", "http://a.example"},
		{"http://a.example/", "http://a.example"},
		{"http://a.example/*", "http://a.example"},
		{"https://[*.]example.com", "https://[*.]example.com"},
		{"*://a.example:*", "a.example"},
		{"*://a.example:81", "*://a.example:81"},
		{"a.example:81", "*://a.example:81"},
		{"https://*", "https://*"},
		{"[::1]", "[::1]"},
		{"http://[::1]:8080", "http://[::1]:8080"},
		{"127.0.0.1", "127.0.0.1"},
		{"bücher.example", "xn--bcher-kva.example"},
		{"", ""},
		{"http://a.example/path", ""},
		{"file:///tmp/x", ""},
		{"1http://a.example", ""},
		{"https://a.example:0", ""},
		{"https://a.example:65536", ""},
		{"https://a.example:08", ""},
		{"https://a.example:x", ""},
		{"[*.]127.0.0.1", ""},
		{"[*.]", ""},
		{"a b.example", ""},
		{".example.com", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			p, err := cm.ParseContentPattern(tc.in)
			if tc.want == "" {
				require.ErrorIs(t, err, cm.ErrContentPattern)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, p.String())
			again, err := cm.ParseContentPattern(p.String())
			require.NoError(t, err)
			assert.Equal(t, p, again, "String parses back to the same pattern")
		})
	}
}

func TestContentPatternMatches(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		yes     []string
		no      []string
	}{
		{"*", []string{"https://a.example/", "http://b.example:81/x"}, nil},
		{"[*.]example.com",
			[]string{"https://example.com/", "http://www.example.com:8080/", "wss://a.b.example.com/"},
			[]string{"https://badexample.com/", "https://example.org/", "https://com/"}},
		{"example.com", []string{"https://example.com/", "http://example.com:81/"}, []string{"https://www.example.com/"}},
		{"https://a.example", []string{"https://a.example/", "https://a.example:443/", "https://A.EXAMPLE/x", "https://a.example:8443/"},
			[]string{"http://a.example/", "https://b.a.example/"}},
		{"https://a.example:443", []string{"https://a.example/", "https://a.example:443/"}, []string{"https://a.example:8443/", "http://a.example:443/"}},
		{"http://a.example", []string{"http://a.example/", "http://a.example:80/", "http://a.example:8080/"}, []string{"https://a.example/"}},
		{"http://a.example:80", []string{"http://a.example/", "http://a.example:80/"}, []string{"http://a.example:8080/"}},
		{"http://a.example:*", []string{"http://a.example:8080/", "http://a.example/"}, []string{"https://a.example/"}},
		{"https://[*.]example.com", []string{"https://www.example.com/", "https://www.example.com:8443/"}, []string{"http://www.example.com/"}},
		{"https://*", []string{"https://x.example/"}, []string{"http://x.example/"}},
		{"[::1]", []string{"http://[::1]:8080/"}, []string{"http://127.0.0.1/"}},
	} {
		p, err := cm.ParseContentPattern(tc.pattern)
		require.NoError(t, err)
		for _, u := range tc.yes {
			assert.True(t, p.Matches(jarURL(t, u)), "%s should match %s", tc.pattern, u)
		}
		for _, u := range tc.no {
			assert.False(t, p.Matches(jarURL(t, u)), "%s should not match %s", tc.pattern, u)
		}
	}
	var zero cm.ContentPattern
	assert.True(t, zero.MatchesAll())
	assert.True(t, zero.Matches(nil), "the zero pattern matches everything")
	p, err := cm.ParseContentPattern("[*.]example.com")
	require.NoError(t, err)
	assert.False(t, p.Matches(nil))
}

// settingsSeed are the cookies of https://cdn.example that the settings
// table reads: an unpartitioned cookie and one partitioned under
// https://news.example.
var settingsSeed = []struct{ line, top string }{
	{"u=1; Secure; SameSite=None; Path=/", ""},
	{"p=1; Secure; SameSite=None; Path=/; Partitioned", "https://news.example/"},
}

// settingsAccess is one access of the settings table.
type settingsAccess int

const (
	firstParty   settingsAccess = iota // a top-level navigation to cdn.example
	thirdParty                         // a cross-site request from news.example
	thirdPartySA                       // the same, from a frame with Storage Access
)

// settingsOptions returns the options of an access to cdn.example.
func settingsOptions(t *testing.T, a settingsAccess) cm.Options {
	o := cm.NavigationOptions()
	o.ReturnExcluded = true
	if a == firstParty {
		return o
	}
	top := jarURL(t, "https://news.example/")
	part, err := cm.NewPartitionKey(top, false)
	require.NoError(t, err)
	o.SameSite = cm.MakeSameSiteContext(cm.ContextCrossSite)
	o.Partition, o.TopFrame, o.ThirdParty, o.StorageAccess = part, top, true, a == thirdPartySA
	return o
}

// outcome renders a read: the included names with their exemption, and the
// excluded ones with their reasons and warnings.
func outcome(inc, exc []cm.CookieWithAccessResult) []string {
	var out []string
	for _, c := range inc {
		s := "+" + c.Cookie.Name
		if e := c.AccessResult.Status.Exemption(); e != cm.ExemptNone {
			s += " " + e.String()
		}
		for _, w := range c.AccessResult.Status.Warnings() {
			if w == cm.WarnThirdPartyPhaseout {
				s += " " + w.String()
			}
		}
		out = append(out, s)
	}
	for _, c := range exc {
		var rs []string
		for _, r := range c.AccessResult.Status.Exclusions() {
			rs = append(rs, r.String())
		}
		out = append(out, fmt.Sprintf("-%s %v", c.Cookie.Name, rs))
	}
	sort.Strings(out)
	return out
}

// TestCookieSettingsTable reads cdn.example's cookies under each mode and
// setting, first-party and third-party, and checks which are sent, which
// are withheld and why.
func TestCookieSettingsTable(t *testing.T) {
	const (
		up  = "[ExcludeUserPreferences]"
		upp = "[ExcludeUserPreferences ExcludeThirdPartyPhaseout]"
	)
	for _, tc := range []struct {
		name   string
		set    func(t *testing.T, s *cm.CookieSettings)
		access settingsAccess
		want   []string
	}{
		{"zero value, third party", nil, thirdParty, []string{"+p", "+u"}},
		{"zero value, first party", nil, firstParty, []string{"+u"}},
		{"block 3P, first party", block3P, firstParty, []string{"+u"}},
		{"block 3P, third party: CHIPS still allowed", block3P, thirdParty, []string{"+p", "-u " + up}},
		{"block 3P as phaseout", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			s.SetThirdPartyPhaseout(true)
		}, thirdParty, []string{"+p", "-u " + upp}},
		{"phaseout alone blocks nothing", func(t *testing.T, s *cm.CookieSettings) { s.SetThirdPartyPhaseout(true) },
			thirdParty, []string{"+p", "+u"}},
		{"block all, first party", blockAll, firstParty, []string{"-u " + up}},
		{"block all, third party: partitioned too", blockAll, thirdParty, []string{"-p " + up, "-u " + up}},
		{"block all, site allowed", func(t *testing.T, s *cm.CookieSettings) {
			blockAll(t, s)
			rule(t, s, "[*.]cdn.example", "", cm.SettingAllow)
		}, firstParty, []string{"+u"}},
		{"site blocked, first party", func(t *testing.T, s *cm.CookieSettings) {
			rule(t, s, "[*.]cdn.example", "", cm.SettingBlock)
		}, firstParty, []string{"-u " + up}},
		{"site blocked, third party: partitioned too", func(t *testing.T, s *cm.CookieSettings) {
			rule(t, s, "[*.]cdn.example", "", cm.SettingBlock)
		}, thirdParty, []string{"-p " + up, "-u " + up}},
		{"another site blocked", func(t *testing.T, s *cm.CookieSettings) {
			rule(t, s, "[*.]other.example", "", cm.SettingBlock)
		}, thirdParty, []string{"+p", "+u"}},
		{"block 3P, site allowed everywhere", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			rule(t, s, "[*.]cdn.example", "", cm.SettingAllow)
		}, thirdParty, []string{"+p ExemptUserSetting", "+u ExemptUserSetting"}},
		{"block 3P, 3P allowed on the top-level site", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			rule(t, s, "*", "[*.]news.example", cm.SettingAllow)
		}, thirdParty, []string{"+p ExemptUserSetting", "+u ExemptUserSetting"}},
		{"block 3P, exception for the pair", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			rule(t, s, "[*.]cdn.example", "[*.]news.example", cm.SettingAllow)
		}, thirdParty, []string{"+p ExemptUserSetting", "+u ExemptUserSetting"}},
		{"block 3P, exception for another top-level site", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			rule(t, s, "[*.]cdn.example", "[*.]other.example", cm.SettingAllow)
		}, thirdParty, []string{"+p", "-u " + up}},
		{"block 3P, exception with phaseout warns", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			s.SetThirdPartyPhaseout(true)
			rule(t, s, "[*.]cdn.example", "", cm.SettingAllow)
		}, thirdParty, []string{"+p ExemptUserSetting WarnThirdPartyPhaseout", "+u ExemptUserSetting WarnThirdPartyPhaseout"}},
		{"a rule of wildcards is no exception", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			rule(t, s, "*", "*", cm.SettingAllow)
		}, thirdParty, []string{"+p", "-u " + up}},
		{"the pair blocked, first party unaffected", func(t *testing.T, s *cm.CookieSettings) {
			rule(t, s, "[*.]cdn.example", "[*.]news.example", cm.SettingBlock)
		}, firstParty, []string{"+u"}},
		{"the pair blocked, third party", func(t *testing.T, s *cm.CookieSettings) {
			rule(t, s, "[*.]cdn.example", "[*.]news.example", cm.SettingBlock)
		}, thirdParty, []string{"-p " + up, "-u " + up}},
		{"the host beats its domain", func(t *testing.T, s *cm.CookieSettings) {
			rule(t, s, "[*.]cdn.example", "", cm.SettingBlock)
			rule(t, s, "cdn.example", "", cm.SettingAllow)
		}, firstParty, []string{"+u"}},
		{"a longer domain beats a shorter one", func(t *testing.T, s *cm.CookieSettings) {
			rule(t, s, "[*.]example", "", cm.SettingBlock)
			rule(t, s, "[*.]cdn.example", "", cm.SettingAllow)
		}, firstParty, []string{"+u"}},
		{"a named scheme beats any scheme", func(t *testing.T, s *cm.CookieSettings) {
			rule(t, s, "https://cdn.example", "", cm.SettingBlock)
			rule(t, s, "cdn.example", "", cm.SettingAllow)
		}, firstParty, []string{"-u " + up}},
		{"an origin on another port does not match", func(t *testing.T, s *cm.CookieSettings) {
			rule(t, s, "https://cdn.example:8443", "", cm.SettingBlock)
		}, firstParty, []string{"+u"}},
		{"an origin over http does not match https", func(t *testing.T, s *cm.CookieSettings) {
			rule(t, s, "http://cdn.example", "", cm.SettingBlock)
		}, firstParty, []string{"+u"}},
		{"a removed rule", func(t *testing.T, s *cm.CookieSettings) {
			rule(t, s, "[*.]cdn.example", "", cm.SettingBlock)
			rule(t, s, "[*.]cdn.example", "", cm.SettingDefault)
		}, firstParty, []string{"+u"}},
		{"session only is allowed", func(t *testing.T, s *cm.CookieSettings) {
			require.NoError(t, s.SetDefault(cm.SettingSessionOnly))
		}, thirdParty, []string{"+p", "+u"}},
		{"session-only exception under block 3P", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			rule(t, s, "[*.]cdn.example", "", cm.SettingSessionOnly)
		}, thirdParty, []string{"+p ExemptUserSetting", "+u ExemptUserSetting"}},
		{"Storage Access granted and active", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			require.NoError(t, s.GrantStorageAccess("https://cdn.example", "https://news.example"))
		}, thirdPartySA, []string{"+p", "+u ExemptStorageAccess"}},
		{"Storage Access granted, not active", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			require.NoError(t, s.GrantStorageAccess("https://cdn.example", "https://news.example"))
		}, thirdParty, []string{"+p", "-u " + up}},
		{"Storage Access active, not granted", block3P, thirdPartySA, []string{"+p", "-u " + up}},
		{"Storage Access granted under another site", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			require.NoError(t, s.GrantStorageAccess("https://cdn.example", "https://other.example"))
		}, thirdPartySA, []string{"+p", "-u " + up}},
		{"Storage Access granted for the site, from a subdomain URL", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			require.NoError(t, s.GrantStorageAccess("https://img.cdn.example/x", "www.news.example"))
		}, thirdPartySA, []string{"+p", "+u ExemptStorageAccess"}},
		{"Storage Access granted to http is another site", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			require.NoError(t, s.GrantStorageAccess("http://cdn.example", "https://news.example"))
		}, thirdPartySA, []string{"+p", "-u " + up}},
		{"Storage Access revoked", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			require.NoError(t, s.GrantStorageAccess("https://cdn.example", "https://news.example"))
			require.NoError(t, s.RevokeStorageAccess("https://cdn.example", "https://news.example"))
		}, thirdPartySA, []string{"+p", "-u " + up}},
		{"Storage Access does not beat a block", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			rule(t, s, "[*.]cdn.example", "", cm.SettingBlock)
			require.NoError(t, s.GrantStorageAccess("https://cdn.example", "https://news.example"))
		}, thirdPartySA, []string{"-p " + up, "-u " + up}},
		{"Storage Access under phaseout warns", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			s.SetThirdPartyPhaseout(true)
			require.NoError(t, s.GrantStorageAccess("https://cdn.example", "https://news.example"))
		}, thirdPartySA, []string{"+p", "+u ExemptStorageAccess WarnThirdPartyPhaseout"}},
		{"top-level Storage Access", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			require.NoError(t, s.GrantTopLevelStorageAccess("https://cdn.example", "https://news.example"))
		}, thirdParty, []string{"+p", "+u ExemptTopLevelStorageAccess"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s := cm.NewCookieSettings(nil)
			m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, Policy: s})
			require.NoError(t, err)
			u := jarURL(t, "https://cdn.example/")
			for _, c := range settingsSeed {
				o := cm.NavigationOptions()
				if c.top != "" {
					o = settingsOptions(t, thirdParty)
				}
				res, err := m.SetCookieLine(ctx, u, c.line, o)
				require.NoError(t, err)
				require.True(t, res.Status.IsInclude(), "%s: %v", c.line, res.Status)
			}
			if tc.set != nil {
				tc.set(t, s)
			}
			inc, exc, err := m.Cookies(ctx, u, settingsOptions(t, tc.access))
			require.NoError(t, err)
			assert.Equal(t, tc.want, outcome(inc, exc))
		})
	}
}

func block3P(_ *testing.T, s *cm.CookieSettings) { s.SetBlockThirdParty(true) }

func blockAll(t *testing.T, s *cm.CookieSettings) { require.NoError(t, s.SetDefault(cm.SettingBlock)) }

func rule(t *testing.T, s *cm.CookieSettings, primary, secondary string, v cm.ContentSetting) {
	t.Helper()
	require.NoError(t, s.SetContentSetting(primary, secondary, v))
}

// TestCookieSettingsSets checks sets under the settings: what is stored and
// the reasons of what is refused.
func TestCookieSettingsSets(t *testing.T) {
	for _, tc := range []struct {
		name   string
		set    func(t *testing.T, s *cm.CookieSettings)
		access settingsAccess
		line   string
		want   []cm.ExclusionReason // nil: stored
	}{
		{"block 3P: third-party set refused", block3P, thirdParty, "a=1; Secure; SameSite=None", []cm.ExclusionReason{cm.ExcludeUserPreferences}},
		{"block 3P: partitioned set stored", block3P, thirdParty, "a=1; Secure; SameSite=None; Partitioned", nil},
		{"block 3P: first-party set stored", block3P, firstParty, "a=1", nil},
		{"block all: first-party set refused", blockAll, firstParty, "a=1", []cm.ExclusionReason{cm.ExcludeUserPreferences}},
		{"block all: partitioned set refused", blockAll, thirdParty, "a=1; Secure; SameSite=None; Partitioned", []cm.ExclusionReason{cm.ExcludeUserPreferences}},
		{"site blocked: a cookie that cannot be created has only its own reasons", func(t *testing.T, s *cm.CookieSettings) {
			rule(t, s, "cdn.example", "", cm.SettingBlock)
		}, firstParty, "a=1; Domain=other.example", []cm.ExclusionReason{cm.ExcludeDomainMismatch, cm.ExcludeInvalidDomain}},
		{"site blocked: with the cookie rules' reasons", func(t *testing.T, s *cm.CookieSettings) {
			rule(t, s, "cdn.example", "", cm.SettingBlock)
		}, thirdParty, "a=1; SameSite=Lax", []cm.ExclusionReason{cm.ExcludeSameSiteLax, cm.ExcludeUserPreferences}},
		{"block 3P with Storage Access: stored", func(t *testing.T, s *cm.CookieSettings) {
			block3P(t, s)
			require.NoError(t, s.GrantStorageAccess("cdn.example", "news.example"))
		}, thirdPartySA, "a=1; Secure; SameSite=None", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s := &cm.CookieSettings{}
			tc.set(t, s)
			m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, Policy: s})
			require.NoError(t, err)
			u := jarURL(t, "https://cdn.example/")
			res, err := m.SetCookieLine(ctx, u, tc.line, settingsOptions(t, tc.access))
			require.NoError(t, err)
			all, err := m.AllCookies(ctx)
			require.NoError(t, err)
			if tc.want == nil {
				assert.True(t, res.Status.IsInclude(), "%v", res.Status)
				require.Len(t, all, 1)
				assert.Equal(t, "a", all[0].Name)
				return
			}
			assert.Equal(t, tc.want, res.Status.Exclusions())
			assert.Empty(t, all)
		})
	}
}

// TestCookieSettingsLegacy checks legacy semantics per domain.
func TestCookieSettingsLegacy(t *testing.T) {
	s := &cm.CookieSettings{}
	require.NoError(t, s.SetLegacyAccess("[*.]legacy.example", true))
	require.NoError(t, s.SetLegacyAccess("modern.legacy.example", false))
	ctx := context.Background()
	cross := cm.HTTPOptions(cm.MakeSameSiteContext(cm.ContextCrossSite), cm.PartitionKey{})
	cross.ReturnExcluded = true
	for _, tc := range []struct {
		url  string
		want []cm.ExclusionReason // set of "n=1; SameSite=None" (no Secure)
	}{
		{"http://legacy.example/", nil},
		{"http://www.legacy.example/", nil},
		{"http://modern.legacy.example/", []cm.ExclusionReason{cm.ExcludeSameSiteNoneInsecure}},
		{"http://other.example/", []cm.ExclusionReason{cm.ExcludeSameSiteNoneInsecure}},
	} {
		u := jarURL(t, tc.url)
		m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, Policy: s})
		require.NoError(t, err)
		res, err := m.SetCookieLine(ctx, u, "n=1; SameSite=None", cm.NavigationOptions())
		require.NoError(t, err)
		assert.Equal(t, tc.want, res.Status.Exclusions(), tc.url)
		// A cookie without SameSite goes with a cross-site request only
		// under legacy semantics.
		_, err = m.SetCookieLine(ctx, u, "d=1", cm.NavigationOptions())
		require.NoError(t, err)
		inc, exc, err := m.Cookies(ctx, u, cross)
		require.NoError(t, err)
		if tc.want == nil {
			assert.Equal(t, []string{"+d", "+n"}, outcome(inc, exc), tc.url)
			assert.Equal(t, cm.SemanticsLegacy, inc[0].AccessResult.AccessSemantics)
		} else {
			assert.Equal(t, []string{"-d [ExcludeSameSiteUnspecifiedTreatedAsLax]"}, outcome(inc, exc), tc.url)
		}
	}
	// An access that chooses its semantics keeps them.
	m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, Policy: s})
	require.NoError(t, err)
	u := jarURL(t, "http://legacy.example/")
	for _, line := range []string{"n=1; SameSite=None", "d=1"} {
		_, err = m.SetCookieLine(ctx, u, line, cm.NavigationOptions())
		require.NoError(t, err)
	}
	o := cross
	o.AccessSemantics = cm.SemanticsNonLegacy
	inc, exc, err := m.Cookies(ctx, u, o)
	require.NoError(t, err)
	assert.Equal(t, []string{"-d [ExcludeSameSiteUnspecifiedTreatedAsLax]", "-n [ExcludeSameSiteNoneInsecure]"}, outcome(inc, exc))
}

func TestCookieSettingsDeleteOnExit(t *testing.T) {
	var zero cm.CookieSettings
	assert.False(t, zero.DeleteOnExit("a.example", true))
	s := &cm.CookieSettings{}
	rule(t, s, "[*.]session.example", "", cm.SettingSessionOnly)
	rule(t, s, "keep.session.example", "", cm.SettingAllow)
	rule(t, s, "https://tls.example", "", cm.SettingSessionOnly)
	rule(t, s, "[*.]embedded.example", "[*.]top.example", cm.SettingSessionOnly)
	for _, tc := range []struct {
		domain string
		secure bool
		want   bool
	}{
		{"session.example", false, true},
		{"www.session.example", true, true},
		{"www.session.example", false, true},
		{".www.session.example", true, true},
		{"keep.session.example", false, false},
		// The domain cookie is visible to keep.session.example, which
		// is allowed: it is kept, as Chromium keeps it.
		{".session.example", true, false},
		{"tls.example", true, true},
		// Its http URL is allowed: kept.
		{"tls.example", false, false},
		// Session-only only under one top-level site; allowed elsewhere.
		{"embedded.example", true, false},
		{"other.example", true, false},
		{".example", true, false},
	} {
		assert.Equal(t, tc.want, s.DeleteOnExit(tc.domain, tc.secure), "%s secure=%v", tc.domain, tc.secure)
	}
	require.NoError(t, s.SetDefault(cm.SettingSessionOnly))
	assert.True(t, s.DeleteOnExit("other.example", false))
	assert.False(t, s.DeleteOnExit("keep.session.example", true))
	// Now that the default is session-only, the rule naming
	// embedded.example under a top-level site makes it session-only too.
	assert.True(t, s.DeleteOnExit("embedded.example", true))
	// An http cookie whose https URL is allowed is kept.
	rule(t, s, "https://mixed.example", "", cm.SettingAllow)
	assert.False(t, s.DeleteOnExit("mixed.example", false))
	assert.True(t, s.DeleteOnExit("unmixed.example", false))
}

func TestCookieSettingsErrors(t *testing.T) {
	s := &cm.CookieSettings{}
	require.ErrorIs(t, s.SetDefault(cm.ContentSetting(9)), cm.ErrContentSetting)
	require.ErrorIs(t, s.SetContentSetting("a.example", "", cm.ContentSetting(-1)), cm.ErrContentSetting)
	require.ErrorIs(t, s.SetContentSetting("a.example/x", "", cm.SettingBlock), cm.ErrContentPattern)
	require.ErrorIs(t, s.SetContentSetting("a.example", "http://", cm.SettingBlock), cm.ErrContentPattern)
	require.ErrorIs(t, s.SetLegacyAccess("", true), cm.ErrContentPattern)
	require.ErrorIs(t, s.GrantStorageAccess("https://", "a.example"), cm.ErrSite)
	require.ErrorIs(t, s.GrantTopLevelStorageAccess("a.example", "%zz"), cm.ErrSite)
	require.ErrorIs(t, s.RevokeStorageAccess("a.example", "http://"), cm.ErrSite)
	// Nothing was applied.
	setting, explicit := s.Setting(jarURL(t, "https://a.example/"), nil)
	assert.Equal(t, cm.SettingAllow, setting)
	assert.False(t, explicit)
	assert.Equal(t, "SettingSessionOnly", cm.SettingSessionOnly.String())
	assert.Equal(t, "ContentSetting(7)", cm.ContentSetting(7).String())
	assert.Equal(t, "ExemptTopLevelStorageAccess", cm.ExemptTopLevelStorageAccess.String())
	assert.Equal(t, "ExemptionReason(9)", cm.ExemptionReason(9).String())
}

// TestCookieSettingsConcurrent changes the settings while a Monster reads
// with them (run with -race).
func TestCookieSettingsConcurrent(t *testing.T) {
	s := &cm.CookieSettings{}
	m, err := cm.New(cm.Config{Policy: s})
	require.NoError(t, err)
	ctx := context.Background()
	u := jarURL(t, "https://cdn.example/")
	_, err = m.SetCookieLine(ctx, u, "u=1", cm.NavigationOptions())
	require.NoError(t, err)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			s.SetBlockThirdParty(i%2 == 0)
			_ = s.SetContentSetting(fmt.Sprintf("s%d.example", i), "", cm.SettingBlock)
			_ = s.GrantStorageAccess(fmt.Sprintf("s%d.example", i), "news.example")
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			h, err := m.CookieHeader(ctx, u, cm.NavigationOptions())
			assert.NoError(t, err)
			assert.Equal(t, "u=1", h, "a first-party read is never blocked")
		}
	}()
	wg.Wait()
}

// TestCookieSettingsThroughTransport: a Transport applies the settings from
// the request context: the unpartitioned cookie is sent to a cross-site
// subresource only from a frame with Storage Access granted, and a
// cross-site response's cookie is stored only there. site-c.test keeps
// legacy semantics, so that SameSite does not withhold its cookies over
// http.
func TestCookieSettingsThroughTransport(t *testing.T) {
	_, base := obsServer(t)
	s := cm.NewCookieSettings(jarPSL{})
	s.SetBlockThirdParty(true)
	require.NoError(t, s.GrantStorageAccess("http://cdn.site-c.test", "http://www.site-a.test"))
	require.NoError(t, s.SetLegacyAccess("[*.]site-c.test", true))
	m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, PublicSuffixList: jarPSL{}, Policy: s})
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	ctx := context.Background()
	_, err = m.SetCookieLine(ctx, jarURL(t, "http://cdn.site-c.test/"), "u=1", cm.NavigationOptions())
	require.NoError(t, err)
	c := &http.Client{Transport: m.Transport(base)}
	top := jarURL(t, "http://www.site-a.test/")
	for _, tc := range []struct {
		name   string
		rc     *cm.RequestContext
		want   string // the Cookie header the server saw
		stored bool   // the response's cookie was stored
	}{
		{"navigation", nil, "u=1", true},
		{"cross-site subresource", &cm.RequestContext{TopFrame: top, Initiator: top}, "", false},
		{"with Storage Access", &cm.RequestContext{TopFrame: top, Initiator: top, StorageAccess: true}, "u=1", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rctx := ctx
			if tc.rc != nil {
				rctx = cm.WithRequestContext(ctx, *tc.rc)
			}
			req, err := http.NewRequestWithContext(rctx, http.MethodGet, jarSetURL("http://cdn.site-c.test", "/", "v=1"), nil)
			require.NoError(t, err)
			assert.Equal(t, tc.want, jarDo(t, c, req))
			var names []string
			all, err := m.AllCookies(ctx)
			require.NoError(t, err)
			for _, c := range all {
				names = append(names, c.Name)
			}
			if tc.stored {
				assert.Equal(t, []string{"u", "v"}, names)
			} else {
				assert.Equal(t, []string{"u"}, names)
			}
			_, err = m.DeleteMatchingFunc(ctx, func(c *cm.CanonicalCookie) bool { return c.Name == "v" })
			require.NoError(t, err)
		})
	}
}

// TestCookieSettingsThroughJar: a Jar's accesses are top-level and
// first-party (http.CookieJar carries no frame), so the settings that apply
// are the default and the site rules; third-party blocking does not.
func TestCookieSettingsThroughJar(t *testing.T) {
	s := &cm.CookieSettings{}
	s.SetBlockThirdParty(true)
	rule(t, s, "[*.]blocked.example", "", cm.SettingBlock)
	m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, Policy: s})
	require.NoError(t, err)
	j := m.Jar()
	for _, raw := range []string{"https://www.blocked.example/", "https://open.example/"} {
		u := jarURL(t, raw)
		j.SetCookies(u, []*http.Cookie{{Name: "a", Value: "1"}})
	}
	ctx := context.Background()
	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	require.Len(t, all, 1)
	assert.Equal(t, "open.example", all[0].Domain)
	assert.Equal(t, []*http.Cookie{{Name: "a", Value: "1", Quoted: false}}, j.Cookies(jarURL(t, "https://open.example/")))
	// A cookie already stored for a site blocked afterwards is withheld.
	rule(t, s, "open.example", "", cm.SettingBlock)
	assert.Empty(t, j.Cookies(jarURL(t, "https://open.example/")))
}

// FuzzParseContentPattern: any input parses or fails with
// ErrContentPattern, never panics, and a parsed pattern prints as a pattern
// that parses back to itself.
func FuzzParseContentPattern(f *testing.F) {
	for _, s := range []string{"*", "[*.]example.com", "https://a.example:8443", "http://a.example:*",
		"*://a.example:81", "[::1]", "bücher.example", "https://[*.]x.example/", "file:///x", "a.example:0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := cm.ParseContentPattern(s)
		if err != nil {
			require.ErrorIs(t, err, cm.ErrContentPattern)
			return
		}
		again, err := cm.ParseContentPattern(p.String())
		require.NoError(t, err, "%q printed as %q", s, p.String())
		require.Equal(t, p, again, "%q printed as %q", s, p.String())
	})
}

// TestCookieSettingsExplain: a policy refusal explains itself.
func TestCookieSettingsExplain(t *testing.T) {
	ctx := context.Background()
	s := &cm.CookieSettings{}
	s.SetBlockThirdParty(true)
	s.SetThirdPartyPhaseout(true)
	m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, Policy: s})
	require.NoError(t, err)
	u := jarURL(t, "https://cdn.example/")
	res, err := m.SetCookieLine(ctx, u, "u=1; Secure; SameSite=None", settingsOptions(t, thirdParty))
	require.NoError(t, err)
	assert.Equal(t, []string{
		`the cookie settings (Config.Policy) block cookie "u" from https://cdn.example`,
		"third-party cookies are phased out: an unpartitioned cookie is not used in a cross-site context",
	}, cm.ExplainSet(u, "u=1; Secure; SameSite=None", res.Status))
	_, err = m.SetCookieLine(ctx, u, "u=1; Secure; SameSite=None", cm.NavigationOptions())
	require.NoError(t, err)
	_, exc, err := m.Cookies(ctx, u, settingsOptions(t, thirdParty))
	require.NoError(t, err)
	require.Len(t, exc, 1)
	assert.Equal(t, []string{
		`the cookie settings (Config.Policy) withhold cookie "u" from https://cdn.example`,
		`unpartitioned cookie "u" is not sent in a third-party context: third-party cookies are phased out`,
	}, cm.ExplainRead(u, &exc[0].Cookie, exc[0].AccessResult))
}
