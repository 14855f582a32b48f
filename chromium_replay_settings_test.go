package cookiemonster_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/internal/golden"
)

// knownSettingsDifferences lists the scenarios of golden-site-settings.json
// in which CookieSettings does not do what Chromium did, each with what
// Chromium does and what the library does.
var knownSettingsDifferences = map[string]string{}

// TestChromiumReplaySiteSettings replays the recordings made with
// per-scenario cookie settings, each through a Monster whose Policy is a
// CookieSettings built from the scenario's settings.
func TestChromiumReplaySiteSettings(t *testing.T) {
	def := readGolden(t, "testdata/chromium/golden.json", golden.ProfileDefault)
	g := readGolden(t, "testdata/chromium/golden-site-settings.json", golden.ProfileSiteSettings)
	require.Equal(t, def.Chromium, g.Chromium, "recorded by the browser of the other golden files")
	diffs := map[string][]string{}
	for _, r := range g.Results {
		require.NotNil(t, r.Settings, "%s: a scenario of this profile carries its settings", r.ID)
		require.True(t, strings.HasPrefix(r.Category, "set-"), "%s: category set-*", r.ID)
		cs := cookieSettings(t, r.Settings)
		diffs[r.ID] = append(replaySteps(t, r, cs).diffs, afterRestart(t, r, cs)...)
	}
	agree, known := replayAll(t, g.Results, knownSettingsDifferences, func(r golden.Result) []string { return diffs[r.ID] })
	t.Logf("%s: %d scenarios: %d passed, %d failed, %d known differences",
		g.Profile, len(g.Results), agree, len(g.Results)-agree-known, known)
}

// contentSettings maps the settings of a golden file to the library's.
var contentSettings = map[string]cookiemonster.ContentSetting{
	"":                        cookiemonster.SettingAllow,
	golden.SettingAllow:       cookiemonster.SettingAllow,
	golden.SettingBlock:       cookiemonster.SettingBlock,
	golden.SettingSessionOnly: cookiemonster.SettingSessionOnly,
}

// cookieSettings builds the CookieSettings of a recorded scenario.
func cookieSettings(t *testing.T, s *golden.Settings) *cookiemonster.CookieSettings {
	t.Helper()
	setting := func(v string) cookiemonster.ContentSetting {
		cs, ok := contentSettings[v]
		require.True(t, ok, "content setting %q", v)
		return cs
	}
	cs := &cookiemonster.CookieSettings{}
	require.NoError(t, cs.SetDefault(setting(s.Default)))
	cs.SetBlockThirdParty(s.BlockThirdParty)
	for _, e := range s.Exceptions {
		require.NoError(t, cs.SetContentSetting(e.Primary, e.Secondary, setting(e.Setting)))
	}
	for _, g := range s.StorageAccess {
		require.NoError(t, cs.GrantStorageAccess(g.Embedded, g.TopLevel))
	}
	for _, g := range s.TopLevelStorageAccess {
		require.NoError(t, cs.GrantTopLevelStorageAccess(g.Embedded, g.TopLevel))
	}
	for _, p := range s.Legacy {
		require.NoError(t, cs.SetLegacyAccess(p, true))
	}
	return cs
}

// afterRestart compares the cookies the browser kept over a restart with
// those the library keeps: the persistent ones among the browser's last
// cookies (which the replay requires the library to have too) are loaded
// through the session cleanup store made with cs.DeleteOnExit, which is
// then closed, as a Monster closes its store.
func afterRestart(t *testing.T, r golden.Result, cs *cookiemonster.CookieSettings) []string {
	t.Helper()
	if r.AfterRestart == nil {
		return nil
	}
	var persistent []*cookiemonster.CanonicalCookie
	for _, c := range r.Cookies {
		if c.Expires != -1 {
			persistent = append(persistent, fromChromium(t, c, r.Time))
		}
	}
	mem := cookiemonster.NewMemoryStore(nil, persistent...)
	store := cookiemonster.NewSessionCleanupStore(mem, cs.DeleteOnExit)
	_, err := store.Load(context.Background())
	require.NoError(t, err)
	require.NoError(t, store.Close())
	key := func(c golden.Cookie) string {
		return fmt.Sprintf("%s@%s%s %s", c.Name, c.Domain, c.Path, c.PartitionKey)
	}
	var want, got []string
	for _, c := range mem.Cookies() {
		want = append(want, key(asChromium(c)))
	}
	for _, c := range r.AfterRestart {
		got = append(got, key(c))
	}
	sort.Strings(want)
	sort.Strings(got)
	if slices.Equal(want, got) {
		return nil
	}
	return []string{fmt.Sprintf("after a restart: the library keeps %q, Chromium kept %q", want, got)}
}

// fromChromium returns the cookie Chromium reported as c, created at
// created.
func fromChromium(t *testing.T, c golden.Cookie, created time.Time) *cookiemonster.CanonicalCookie {
	t.Helper()
	schemes := map[string]cookiemonster.SourceScheme{
		"Unset":     cookiemonster.SourceSchemeUnset,
		"NonSecure": cookiemonster.SourceSchemeNonSecure,
		"Secure":    cookiemonster.SourceSchemeSecure,
	}
	scheme, ok := schemes[c.SourceScheme]
	require.True(t, ok, "source scheme %q", c.SourceScheme)
	k := &cookiemonster.CanonicalCookie{
		Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path,
		Creation: created, LastAccess: created, LastUpdate: created,
		Secure: c.Secure, HTTPOnly: c.HTTPOnly,
		SourceScheme: scheme, SourcePort: int(c.SourcePort),
	}
	if c.Expires != -1 {
		k.Expiry = time.Unix(0, int64(c.Expires*1e9)).UTC()
	}
	if c.PartitionKey != "" {
		part, err := cookiemonster.NewPartitionKey(mustParse(t, c.PartitionKey), c.CrossSiteAncestor)
		require.NoError(t, err)
		k.Partition = part
	}
	return k
}

// storageAccessStep replays a step of the Storage Access API: a resolved
// requestStorageAccess() gives the document in the step's frame Storage
// Access, as Chromium decided; a document with Storage Access must report
// it from hasStorageAccess().
func (s *stepReplay) storageAccessStep(i int, st golden.Step, res golden.StepResult) {
	if st.Frame < 0 || st.Frame >= len(s.frames) {
		s.diffs = append(s.diffs, fmt.Sprintf("step %d: no document in frame %d", i, st.Frame))
		return
	}
	doc := s.frames[st.Frame]
	switch st.Kind {
	case golden.StepRequestStorageAccess:
		switch {
		case res.Outcome == "resolved":
			if s.storageAccess == nil {
				s.storageAccess = map[*url.URL]bool{}
			}
			s.storageAccess[doc] = true
		case !strings.HasPrefix(res.Outcome, "rejected "):
			s.diffs = append(s.diffs, fmt.Sprintf("step %d (%s): outcome %q", i, st.Kind, res.Outcome))
		}
	case golden.StepHasStorageAccess:
		if s.storageAccess[doc] && res.Outcome != "true" {
			s.diffs = append(s.diffs, fmt.Sprintf("step %d (%s in frame %d): the document has Storage Access, Chromium says %q", i, st.Kind, st.Frame, res.Outcome))
		}
	}
}

// frameAccess completes the options of an access of the step being
// replayed to u: a top-level navigation's request is itself top-level (no
// TopFrame), and the accesses of a document with Storage Access have it:
// its script's, and its requests to its own origin (not the navigations of
// the iframes it embeds), as Chromium gives them.
func (s *stepReplay) frameAccess(o *cookiemonster.Options, u *url.URL) {
	switch s.acting.Kind {
	case golden.StepNavigate, golden.StepLink, golden.StepPost:
		o.TopFrame = nil
		return
	case golden.StepScriptGet, golden.StepScriptSet, golden.StepImage, golden.StepFetch, golden.StepWebSocket:
	default:
		return
	}
	f := s.acting.Frame
	// The recorder's fetch is credentialed and in cors mode: from the
	// top-level document, top-level Storage Access grants apply to it.
	o.TopLevelCORS = s.acting.Kind == golden.StepFetch && f == 0
	if f < 0 || f >= len(s.frames) || !s.storageAccess[s.frames[f]] {
		return
	}
	doc := s.frames[f]
	switch s.acting.Kind {
	case golden.StepScriptGet, golden.StepScriptSet:
		o.StorageAccess = true
	default:
		o.StorageAccess = sameOrigin(doc, u)
	}
}

// sameOrigin reports whether a and b have one origin: scheme, host and
// port (ws and wss count as http and https).
func sameOrigin(a, b *url.URL) bool {
	scheme := func(u *url.URL) string {
		switch s := strings.ToLower(u.Scheme); s {
		case "ws":
			return "http"
		case "wss":
			return "https"
		default:
			return s
		}
	}
	return scheme(a) == scheme(b) && strings.EqualFold(a.Host, b.Host)
}
