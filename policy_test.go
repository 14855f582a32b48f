package cookiemonster_test

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// recordingPolicy blocks the accesses block says, gives legacy semantics to
// the cookies of legacy domains, and records what it was asked.
type recordingPolicy struct {
	block  func(cm.PolicyAccess) bool
	legacy map[string]bool
	mu     sync.Mutex
	asked  []cm.PolicyAccess
}

func (p *recordingPolicy) Decide(a cm.PolicyAccess) cm.PolicyVerdict {
	p.mu.Lock()
	p.asked = append(p.asked, a)
	p.mu.Unlock()
	return cm.PolicyVerdict{Block: p.block != nil && p.block(a)}
}

func (p *recordingPolicy) Semantics(c *cm.CanonicalCookie) cm.AccessSemantics {
	if p.legacy[c.DomainWithoutDot()] {
		return cm.SemanticsLegacy
	}
	return cm.SemanticsUnknown
}

// TestPolicyHook checks that the Policy is consulted on sets and on every
// read candidate, that a block is ExcludeUserPreferences (in Cookies'
// excluded list too), and that its semantics apply per cookie.
func TestPolicyHook(t *testing.T) {
	ctx := context.Background()
	p := &recordingPolicy{
		block:  func(a cm.PolicyAccess) bool { return a.Cookie.Name == "blocked" },
		legacy: map[string]bool{"legacy.example": true},
	}
	m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, Policy: p})
	require.NoError(t, err)
	u := jarURL(t, "https://www.example.com/")

	res, err := m.SetCookieLine(ctx, u, "blocked=1", cm.NavigationOptions())
	require.NoError(t, err)
	assert.Equal(t, []cm.ExclusionReason{cm.ExcludeUserPreferences}, res.Status.Exclusions())
	res, err = m.SetCookieLine(ctx, u, "ok=1", cm.NavigationOptions())
	require.NoError(t, err)
	assert.True(t, res.Status.IsInclude())
	p.block = func(a cm.PolicyAccess) bool { return !a.Set && a.Cookie.Name == "ok" && a.ThirdParty }

	o := cm.NavigationOptions()
	o.ReturnExcluded = true
	o.ThirdParty = true
	o.TopFrame = jarURL(t, "https://news.example/")
	inc, exc, err := m.Cookies(ctx, u, o)
	require.NoError(t, err)
	assert.Empty(t, inc)
	require.Len(t, exc, 1)
	assert.Equal(t, "ok", exc[0].Cookie.Name)
	assert.Equal(t, []cm.ExclusionReason{cm.ExcludeUserPreferences}, exc[0].AccessResult.Status.Exclusions())
	last := p.asked[len(p.asked)-1]
	assert.Equal(t, "https://news.example/", last.TopFrame.String())
	assert.True(t, last.ThirdParty)
	assert.False(t, last.Set)

	// Legacy semantics for one domain: SameSite=None without Secure is
	// stored there, refused elsewhere.
	lu := jarURL(t, "https://legacy.example/")
	res, err = m.SetCookieLine(ctx, lu, "n=1; SameSite=None", cm.NavigationOptions())
	require.NoError(t, err)
	assert.True(t, res.Status.IsInclude(), "%v", res.Status)
	assert.Equal(t, cm.SemanticsLegacy, res.AccessSemantics)
	res, err = m.SetCookieLine(ctx, u, "n=1; SameSite=None", cm.NavigationOptions())
	require.NoError(t, err)
	assert.Equal(t, []cm.ExclusionReason{cm.ExcludeSameSiteNoneInsecure}, res.Status.Exclusions())
}

// TestPolicyThroughTransport: the Transport tells the Policy the top-level
// frame, whether the request is third-party (schemefully) and whether its
// frame has Storage Access.
func TestPolicyThroughTransport(t *testing.T) {
	_, base := obsServer(t)
	p := &recordingPolicy{}
	m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, PublicSuffixList: jarPSL{}, Policy: p})
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	_, err = m.SetCookieLine(context.Background(), jarURL(t, "http://cdn.site-c.test/"), "c=1", cm.NavigationOptions())
	require.NoError(t, err)
	c := &http.Client{Transport: m.Transport(base)}
	for _, tc := range []struct {
		name          string
		top           string // "" a navigation
		storageAccess bool
		thirdParty    bool
	}{
		{"navigation", "", false, false},
		{"same site", "http://www.site-c.test/", false, false},
		{"cross site", "http://www.site-a.test/", false, true},
		{"cross scheme", "https://www.site-c.test/", false, true},
		{"storage access", "http://www.site-a.test/", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			if tc.top != "" {
				top := jarURL(t, tc.top)
				ctx = cm.WithRequestContext(ctx, cm.RequestContext{TopFrame: top, Initiator: top, StorageAccess: tc.storageAccess})
			}
			p.mu.Lock()
			p.asked = nil
			p.mu.Unlock()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://cdn.site-c.test/", nil)
			require.NoError(t, err)
			jarDo(t, c, req)
			p.mu.Lock()
			defer p.mu.Unlock()
			require.Len(t, p.asked, 1, "one candidate, read once")
			a := p.asked[0]
			assert.Equal(t, tc.thirdParty, a.ThirdParty)
			assert.Equal(t, tc.storageAccess, a.StorageAccess)
			var top *url.URL
			if tc.top != "" {
				top = jarURL(t, tc.top)
			}
			assert.Equal(t, top, a.TopFrame)
		})
	}
}
