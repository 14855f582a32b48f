package cookiemonster_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/internal/golden"
)

// stepReplay is the state of a scenario with steps being replayed: the
// Monster, its clock, and the documents of the tab.
type stepReplay struct {
	t   *testing.T
	m   *cookiemonster.Monster
	now time.Time
	// frames are the URLs of the documents: the top-level one first, then
	// each iframe embedded by the one before.
	frames []*url.URL
	// crossSite is set once an access was cross-site: a request, a
	// response or a script whose URL is not same-site (schemefully) with
	// the site for cookies, which a third-party cookie policy would judge.
	crossSite bool
	diffs     []string
	// acting is the step being replayed; storageAccess holds the documents
	// (by their URL in frames) whose requestStorageAccess() resolved.
	acting        golden.Step
	storageAccess map[*url.URL]bool
}

// withContext returns o with the top-level frame and whether the access to
// u is third-party for sfc, for a Policy.
func (s *stepReplay) withContext(o cookiemonster.Options, sfc cookiemonster.SiteForCookies, u *url.URL) cookiemonster.Options {
	if len(s.frames) > 0 {
		o.TopFrame = s.frames[0]
	}
	o.ThirdParty = !sfc.IsFirstParty(u, nil)
	s.frameAccess(&o, u)
	return o
}

// replaySteps plays a recorded scenario with steps through a fresh Monster,
// each step at the time the recorder played it, and returns how the
// outcome differs and whether an access was cross-site.
func replaySteps(t *testing.T, r golden.Result, policy cookiemonster.Policy) *stepReplay {
	t.Helper()
	s := &stepReplay{t: t, now: r.Time}
	cfg := cookiemonster.Config{Now: func() time.Time { return s.now }, Policy: policy}
	if len(r.Stored) > 0 {
		cfg.Store = startStore(storedCookies(t, r))
	}
	m, err := cookiemonster.New(cfg)
	require.NoError(t, err)
	defer func() { _ = m.Close() }()
	s.m = m
	if len(r.Stored) > 0 {
		// As the recorder does, wait until every stored cookie is loaded.
		_, err := m.AllCookies(context.Background())
		require.NoError(t, err)
	}
	for i, st := range r.Steps {
		res := r.StepResults[i]
		s.now = res.Time
		if res.Error != "" {
			s.diffs = append(s.diffs, fmt.Sprintf("step %d (%s): not played as planned: %s", i, st.Kind, res.Error))
		}
		s.step(i, st, res)
	}
	s.diffs = append(s.diffs, compareStored(t, m, r.Cookies)...)
	return s
}

// storedCookies returns the cookies a scenario's browser started with.
func storedCookies(t *testing.T, r golden.Result) []*cookiemonster.CanonicalCookie {
	t.Helper()
	out := make([]*cookiemonster.CanonicalCookie, 0, len(r.Stored))
	for i, sc := range r.Stored {
		created := r.StoredCreation(i)
		c, st := cookiemonster.NewCanonicalCookie(mustParse(t, sc.URL), sc.Line, created, cookiemonster.CreateOptions{})
		require.True(t, st.IsInclude(), "stored cookie %q: %v", sc.Line, st)
		c.LastAccess, c.LastUpdate = created, created
		out = append(out, c)
	}
	return out
}

// startStore is a store that only loads: the cookies a recorded browser
// started with. What the Monster writes back does not matter to the replay.
type startStore []*cookiemonster.CanonicalCookie

func (s startStore) Load(context.Context) ([]*cookiemonster.CanonicalCookie, error) {
	return s, nil
}
func (startStore) Add(*cookiemonster.CanonicalCookie)              {}
func (startStore) UpdateAccessTime(*cookiemonster.CanonicalCookie) {}
func (startStore) Delete(*cookiemonster.CanonicalCookie)           {}
func (startStore) Flush(context.Context) error                     { return nil }
func (startStore) Close() error                                    { return nil }

// step replays step i.
func (s *stepReplay) step(i int, st golden.Step, res golden.StepResult) {
	s.acting = st
	switch st.Kind {
	case golden.StepNavigate, golden.StepLink, golden.StepPost:
		s.navigation(i, st, res)
	case golden.StepImage, golden.StepFetch, golden.StepWebSocket, golden.StepIframe:
		s.subresource(i, st, res)
	case golden.StepScriptGet:
		s.scriptGet(i, st, res)
	case golden.StepScriptSet:
		u, sfc, part := s.document(i, st.Frame)
		if u == nil {
			return
		}
		in := cookiemonster.SameSiteInput{URLChain: []*url.URL{u}, SiteForCookies: sfc}
		s.noteCrossSite(in)
		_, err := s.m.SetCookieLine(context.Background(), u, st.Cookie, s.withContext(cookiemonster.ScriptOptions(in.ForScriptSet(), part), sfc, u))
		require.NoError(s.t, err)
		s.scriptGet(i, st, res)
	case golden.StepRequestStorageAccess, golden.StepHasStorageAccess:
		s.storageAccessStep(i, st, res)
	case golden.StepWait:
	default:
		s.diffs = append(s.diffs, fmt.Sprintf("step %d: unknown kind %q", i, st.Kind))
	}
}

// document returns the URL, the site for cookies and the partition of the
// document in frame, or nil when there is no such document.
func (s *stepReplay) document(i, frame int) (*url.URL, cookiemonster.SiteForCookies, cookiemonster.PartitionKey) {
	if frame < 0 || frame >= len(s.frames) {
		s.diffs = append(s.diffs, fmt.Sprintf("step %d: no document in frame %d", i, frame))
		return nil, cookiemonster.SiteForCookies{}, cookiemonster.PartitionKey{}
	}
	u := s.frames[frame]
	sfc := cookiemonster.SiteForCookiesFromFrames(s.frames[:frame+1], nil)
	return u, sfc, cookiemonster.PartitionKeyFor(s.frames[0], sfc, u, false, nil)
}

// noteCrossSite records whether the access in is cross-site for a
// third-party cookie policy: its URL is not schemefully same-site with the
// site for cookies.
func (s *stepReplay) noteCrossSite(in cookiemonster.SameSiteInput) {
	if in.ForSubresource().Schemeful == cookiemonster.ContextCrossSite {
		s.crossSite = true
	}
}

// scriptGet compares document.cookie with the library's script read.
func (s *stepReplay) scriptGet(i int, st golden.Step, res golden.StepResult) {
	u, sfc, part := s.document(i, st.Frame)
	if u == nil {
		return
	}
	// A script read has no initiator, as Chromium's RestrictedCookieManager
	// computes it.
	in := cookiemonster.SameSiteInput{URLChain: []*url.URL{u}, SiteForCookies: sfc}
	s.noteCrossSite(in)
	got, err := s.m.CookieHeader(context.Background(), u, s.withContext(cookiemonster.ScriptOptions(in.ForScriptGet(), part), sfc, u))
	require.NoError(s.t, err)
	if got != res.DocumentCookie {
		s.diffs = append(s.diffs, fmt.Sprintf("step %d (%s in frame %d): document.cookie %q, Chromium %q", i, st.Kind, st.Frame, got, res.DocumentCookie))
	}
}

// navigation replays a top-level navigation: each request of its redirect
// chain is a main-frame navigation in the partition of its own site; a link
// or a form has the top-level document as initiator.
func (s *stepReplay) navigation(i int, st golden.Step, res golden.StepResult) {
	var initiator *url.URL
	if st.Kind != golden.StepNavigate {
		if len(s.frames) == 0 {
			s.diffs = append(s.diffs, fmt.Sprintf("step %d: a %s without a document", i, st.Kind))
			return
		}
		initiator = s.frames[0]
	}
	last := s.chain(i, st, res, func(chain []*url.URL, method string) (cookiemonster.SameSiteInput, cookiemonster.PartitionKey) {
		u := chain[len(chain)-1]
		in := cookiemonster.SameSiteInput{
			Method:              method,
			URLChain:            chain,
			SiteForCookies:      cookiemonster.NewSiteForCookies(u, nil),
			Initiator:           initiator,
			MainFrameNavigation: true,
		}
		part, err := cookiemonster.NewPartitionKey(u, false)
		require.NoError(s.t, err)
		return in, part
	})
	s.frames = []*url.URL{last}
}

// subresource replays a request made by the document in st.Frame: an
// image, a fetch, a WebSocket handshake or an iframe's navigation, in the
// site for cookies and the partition of that document's frame tree, with
// the document as initiator.
func (s *stepReplay) subresource(i int, st golden.Step, res golden.StepResult) {
	doc, sfc, _ := s.document(i, st.Frame)
	if doc == nil {
		return
	}
	last := s.chain(i, st, res, func(chain []*url.URL, method string) (cookiemonster.SameSiteInput, cookiemonster.PartitionKey) {
		u := chain[len(chain)-1]
		in := cookiemonster.SameSiteInput{Method: method, URLChain: chain, SiteForCookies: sfc, Initiator: doc}
		return in, cookiemonster.PartitionKeyFor(s.frames[0], sfc, u, false, nil)
	})
	if st.Kind == golden.StepIframe {
		s.frames = append(s.frames[:st.Frame+1], last)
	}
}

// chain replays the requests of a step in the order they reached the
// server: for each, it compares the library's Cookie header with the one
// recorded, then stores the hop's Set-Cookie lines. input gives the
// same-site input and the partition of a request from the redirect chain
// so far. It returns the URL of the last request, or of the last hop when
// none arrived.
func (s *stepReplay) chain(i int, st golden.Step, res golden.StepResult, input func([]*url.URL, string) (cookiemonster.SameSiteInput, cookiemonster.PartitionKey)) *url.URL {
	ctx := context.Background()
	if len(st.Hops) == 0 {
		s.diffs = append(s.diffs, fmt.Sprintf("step %d (%s): no hops", i, st.Kind))
		return nil
	}
	var chain []*url.URL
	for k, q := range res.Requests {
		if q.Hop != k || k >= len(st.Hops) {
			s.diffs = append(s.diffs, fmt.Sprintf("step %d: request %d reached hop %d of %d", i, k, q.Hop, len(st.Hops)))
			return mustParse(s.t, st.Hops[len(st.Hops)-1].URL)
		}
		u := mustParse(s.t, q.URL)
		chain = append(chain, u)
		in, part := input(chain, q.Method)
		s.noteCrossSite(in)
		got, err := s.m.CookieHeader(ctx, u, s.withContext(cookiemonster.HTTPOptions(in.ForRequest(), part), in.SiteForCookies, u))
		require.NoError(s.t, err)
		if got != q.Cookie {
			s.diffs = append(s.diffs, fmt.Sprintf("step %d (%s) hop %d %s %s: Cookie %q, Chromium %q", i, st.Kind, k, q.Method, q.URL, got, q.Cookie))
		}
		set := s.withContext(cookiemonster.HTTPOptions(in.ForResponse(), part), in.SiteForCookies, u)
		for _, line := range st.Hops[k].SetCookie {
			_, err := s.m.SetCookieLine(ctx, u, line, set)
			require.NoError(s.t, err)
			s.now = s.now.Add(time.Microsecond) // Chromium reads its clock for each line
		}
	}
	if len(res.Requests) != len(st.Hops) {
		s.diffs = append(s.diffs, fmt.Sprintf("step %d (%s): %d of %d hops reached the server", i, st.Kind, len(res.Requests), len(st.Hops)))
	}
	if len(chain) == 0 {
		return mustParse(s.t, st.Hops[len(st.Hops)-1].URL)
	}
	return chain[len(chain)-1]
}

// mustParse parses a recorded URL.
func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u
}
