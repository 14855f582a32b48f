package cookiemonster_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// obsLog records what an Observer hears, one line per event.
type obsLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *obsLog) observer() cm.Observer {
	return cm.Observer{
		Set: func(e cm.SetEvent) {
			l.add(obsSetLine(e))
		},
		Read: func(e cm.ReadEvent) {
			l.add(obsReadLine(e))
		},
	}
}

func (l *obsLog) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, s)
}

// take returns the lines heard since the last take.
func (l *obsLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.lines
	l.lines = nil
	return out
}

// obsURL is the URL of an event without the test server's port.
func obsURL(u *url.URL) string {
	if u == nil {
		return "<nil>"
	}
	c := *u
	c.Host = c.Hostname()
	c.RawQuery = ""
	return c.String()
}

func obsSetLine(e cm.SetEvent) string {
	verdict := "refused " + obsReasons(e.Result.Status)
	if e.Stored {
		verdict = "stored"
	}
	if e.Err != nil {
		verdict = "err=" + e.Err.Error()
	}
	what := e.Line
	if what == "" && e.Cookie != nil {
		what = e.Cookie.Name + "=" + e.Cookie.Value
	}
	return fmt.Sprintf("set %v %s %q %s", e.Door, obsURL(e.URL), what, verdict)
}

// obsReasons lists the exclusions of st by name.
func obsReasons(st cm.InclusionStatus) string {
	var names []string
	for _, r := range st.Exclusions() {
		names = append(names, r.String())
	}
	return "[" + strings.Join(names, " ") + "]"
}

func obsReadLine(e cm.ReadEvent) string {
	var in, ex []string
	for _, c := range e.Included {
		in = append(in, c.Cookie.Name)
	}
	for _, c := range e.Excluded {
		ex = append(ex, c.Cookie.Name+obsReasons(c.AccessResult.Status))
	}
	s := fmt.Sprintf("read %v %s included=%v excluded=%v", e.Door, obsURL(e.URL), in, ex)
	if e.CallerCookieHeader != "" {
		s += fmt.Sprintf(" caller=%q kept=%v", e.CallerCookieHeader, e.CallerHeaderKept)
	}
	if e.Err != nil {
		s += " err=" + e.Err.Error()
	}
	return s
}

// obsServer serves every host: "set" query values become Set-Cookie
// lines; the body is the request's Cookie header.
func obsServer(t *testing.T) (*httptest.Server, http.RoundTripper) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, line := range r.URL.Query()["set"] {
			w.Header().Add("Set-Cookie", line)
		}
		_, _ = io.WriteString(w, r.Header.Get("Cookie"))
	}))
	t.Cleanup(srv.Close)
	base := srv.Client().Transport.(*http.Transport).Clone()
	addr := srv.Listener.Addr().String()
	var d net.Dialer
	base.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr) // every host is the test server
	}
	t.Cleanup(base.CloseIdleConnections)
	return srv, base
}

func obsGet(t *testing.T, c *http.Client, rawURL string, header ...string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return jarDo(t, c, req)
}

// TestObserverEveryDoor sends one response with a stored and two refused
// cookies, then a request, through the Jar and through the Transport, and
// checks the exact events the Observer hears.
func TestObserverEveryDoor(t *testing.T) {
	_, base := obsServer(t)
	setURL := "http://www.site-a.test/set?" + url.Values{"set": {
		"ok=1", "adm=2; Path=/admin", "sec=3; Secure", "far=4; Domain=site-b.test",
	}}.Encode()

	for _, tc := range []struct {
		door   string
		client func(m *cm.Monster) *http.Client
	}{
		{"jar", func(m *cm.Monster) *http.Client { return &http.Client{Jar: m.Jar(), Transport: base} }},
		{"transport", func(m *cm.Monster) *http.Client { return &http.Client{Transport: m.Transport(base)} }},
	} {
		t.Run(tc.door, func(t *testing.T) {
			var log obsLog
			m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, PublicSuffixList: jarPSL{}, Observer: log.observer()})
			require.NoError(t, err)
			t.Cleanup(func() { _ = m.Close() })
			c := tc.client(m)

			obsGet(t, c, setURL)
			assert.Equal(t, []string{
				"read " + tc.door + " http://www.site-a.test/set included=[] excluded=[]",
				"set " + tc.door + ` http://www.site-a.test/set "ok=1" stored`,
				"set " + tc.door + ` http://www.site-a.test/set "adm=2; Path=/admin" stored`,
				"set " + tc.door + ` http://www.site-a.test/set "sec=3; Secure" refused [ExcludeSecureOnly]`,
				"set " + tc.door + ` http://www.site-a.test/set "far=4; Domain=site-b.test" refused [ExcludeDomainMismatch ExcludeInvalidDomain]`,
			}, log.take())

			assert.Equal(t, "ok=1", obsGet(t, c, "http://www.site-a.test/"))
			assert.Equal(t, []string{
				"read " + tc.door + " http://www.site-a.test/ included=[ok] excluded=[adm[ExcludeNotOnPath]]",
			}, log.take())
		})
	}
}

// TestObserverExplains checks that events explain their refusals in plain
// language through ExplainSet and ExplainRead.
func TestObserverExplains(t *testing.T) {
	var sets []cm.SetEvent
	var reads []cm.ReadEvent
	m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, Observer: cm.Observer{
		Set:  func(e cm.SetEvent) { sets = append(sets, e) },
		Read: func(e cm.ReadEvent) { reads = append(reads, e) },
	}})
	require.NoError(t, err)
	ctx := context.Background()
	u := jarURL(t, "http://www.example.com/")
	_, err = m.SetCookieLine(ctx, u, "sec=1; Secure", cm.NavigationOptions())
	require.NoError(t, err)
	_, err = m.SetCookieLine(ctx, u, "ok=1", cm.NavigationOptions())
	require.NoError(t, err)
	_, err = m.SetCookieLine(ctx, u, "adm=1; Path=/admin", cm.NavigationOptions())
	require.NoError(t, err)
	_, err = m.CookieHeader(ctx, u, cm.NavigationOptions())
	require.NoError(t, err)

	require.Len(t, sets, 3)
	assert.Equal(t, cm.ExplainSet(u, "sec=1; Secure", sets[0].Result.Status), sets[0].Explain())
	assert.NotEmpty(t, sets[0].Explain())
	assert.Nil(t, sets[1].Explain(), "stored without warnings")
	require.Len(t, reads, 1)
	require.Len(t, reads[0].Excluded, 1)
	assert.Equal(t, cm.ExplainRead(u, &reads[0].Excluded[0].Cookie, reads[0].Excluded[0].AccessResult), reads[0].Explain())
	assert.NotEmpty(t, reads[0].Explain())
}

// TestObserverMonsterDoorAndErrors checks the Monster's own door, nil URLs
// (an error, heard) and a closed Monster (ErrClosed, heard).
func TestObserverMonsterDoorAndErrors(t *testing.T) {
	var log obsLog
	m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, Observer: log.observer()})
	require.NoError(t, err)
	ctx := context.Background()
	u := jarURL(t, "https://www.example.com/")

	_, err = m.SetCookieLine(ctx, u, "a=1", cm.NavigationOptions())
	require.NoError(t, err)
	_, err = m.SetCookieLine(ctx, nil, "b=2", cm.NavigationOptions())
	require.ErrorIs(t, err, cm.ErrNilURL)
	_, err = m.SetCanonicalCookie(ctx, &cm.CanonicalCookie{Name: "c", Value: "3", Domain: "www.example.com", Path: "/"}, u, cm.NavigationOptions())
	require.NoError(t, err)
	_, _, err = m.Cookies(ctx, nil, cm.NavigationOptions())
	require.ErrorIs(t, err, cm.ErrNilURL)
	_, err = m.CookieHeader(ctx, u, cm.NavigationOptions())
	require.NoError(t, err)
	m.Jar().SetCookies(u, []*http.Cookie{{Name: "bad;name", Value: "x"}})
	m.Jar().SetCookies(nil, []*http.Cookie{{Name: "d", Value: "4"}})
	require.NoError(t, m.Close())
	_, err = m.SetCookieLine(ctx, u, "e=5", cm.NavigationOptions())
	require.ErrorIs(t, err, cm.ErrClosed)
	assert.Nil(t, m.Jar().Cookies(u))

	assert.Equal(t, []string{
		`set monster https://www.example.com/ "a=1" stored`,
		`set monster <nil> "b=2" err=cookiemonster: nil URL`,
		`set monster https://www.example.com/ "c=3" stored`,
		`read monster <nil> included=[] excluded=[] err=cookiemonster: nil URL`,
		`read monster https://www.example.com/ included=[a c] excluded=[]`,
		`set jar https://www.example.com/ "" err=` + cm.ErrUnsafeCookieFields.Error() + `: cookie "bad;name"`,
		`set jar <nil> "d=4" err=cookiemonster: nil URL`,
		`set monster https://www.example.com/ "e=5" err=cookiemonster: monster is closed`,
		`read jar https://www.example.com/ included=[] excluded=[] err=cookiemonster: monster is closed`,
	}, log.take())
}

// TestTransportCallerCookieHeader checks what happens to a Cookie header
// already on the request (here from an http.Client's own stdlib jar): kept
// by default, and said so; replaced with ReplaceCookieHeader.
func TestTransportCallerCookieHeader(t *testing.T) {
	_, base := obsServer(t)
	for _, tc := range []struct {
		name     string
		replace  bool
		wantBody string
		wantRead string
	}{
		{"kept", false, "theirs=1",
			`read transport http://www.site-a.test/ included=[ours] excluded=[] caller="theirs=1" kept=true`},
		{"replaced", true, "ours=1",
			`read transport http://www.site-a.test/ included=[ours] excluded=[] caller="theirs=1" kept=false`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var log obsLog
			m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, PublicSuffixList: jarPSL{}, Observer: log.observer()})
			require.NoError(t, err)
			t.Cleanup(func() { _ = m.Close() })
			_, err = m.SetCookieLine(context.Background(), jarURL(t, "http://www.site-a.test/"), "ours=1", cm.NavigationOptions())
			require.NoError(t, err)
			log.take()

			stdJar, err := cookiejar.New(nil)
			require.NoError(t, err)
			stdJar.SetCookies(jarURL(t, "http://www.site-a.test/"), []*http.Cookie{{Name: "theirs", Value: "1"}})
			tr := m.Transport(base)
			tr.ReplaceCookieHeader = tc.replace
			c := &http.Client{Jar: stdJar, Transport: tr}

			assert.Equal(t, tc.wantBody, obsGet(t, c, "http://www.site-a.test/"))
			lines := log.take()
			require.Len(t, lines, 1)
			assert.Equal(t, tc.wantRead, lines[0])
			assert.Equal(t, tc.replace, strings.Contains(lines[0], "kept=false"))
		})
	}
}

// TestObserverHearsSet checks the WebExtension-style Set: stored, refused
// by its field checks, and a nil URL.
func TestObserverHearsSet(t *testing.T) {
	var log obsLog
	m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, Observer: log.observer()})
	require.NoError(t, err)
	ctx := context.Background()
	u := jarURL(t, "https://www.example.com/")

	_, _, err = m.Set(ctx, cm.CookieDetails{URL: u, Name: "ok", Value: "1"})
	require.NoError(t, err)
	c, st, err := m.Set(ctx, cm.CookieDetails{URL: u, Name: "bad;name", Value: "1"})
	require.NoError(t, err)
	assert.Nil(t, c)
	assert.Equal(t, []cm.ExclusionReason{cm.ExcludeDisallowedCharacter}, st.Exclusions())
	_, _, err = m.Set(ctx, cm.CookieDetails{Name: "n", Value: "1"})
	require.ErrorIs(t, err, cm.ErrNilURL)
	_, err = m.Remove(ctx, nil, "ok", cm.PartitionKey{})
	require.ErrorIs(t, err, cm.ErrNilURL)

	assert.Equal(t, []string{
		`set monster https://www.example.com/ "ok=1" stored`,
		`set monster https://www.example.com/ "" refused [ExcludeDisallowedCharacter]`,
		`set monster <nil> "" err=cookiemonster: nil URL`,
	}, log.take())
}

// obsBody records whether it was closed.
type obsBody struct {
	io.Reader
	closed bool
}

func (b *obsBody) Close() error { b.closed = true; return nil }

// TestTransportObserverDoesNotChangeTheRequest checks that an observer only
// watches: with a closed Monster, a request that carries its own Cookie
// header goes out the same with and without one, while the observer hears
// the error. Without a caller header, the closed Monster fails the request
// and the Transport closes its body, as a RoundTripper must.
func TestTransportObserverDoesNotChangeTheRequest(t *testing.T) {
	_, base := obsServer(t)
	for _, observe := range []bool{false, true} {
		var log obsLog
		cfg := cm.Config{}
		if observe {
			cfg.Observer = log.observer()
		}
		m, err := cm.New(cfg)
		require.NoError(t, err)
		require.NoError(t, m.Close())
		c := &http.Client{Transport: m.Transport(base)}
		assert.Equal(t, "mine=1", obsGet(t, c, "http://www.site-a.test/", "Cookie", "mine=1"), "observe=%v", observe)
		if observe {
			assert.Equal(t, []string{
				`read transport http://www.site-a.test/ included=[] excluded=[] caller="mine=1" kept=true err=cookiemonster: monster is closed`,
			}, log.take())
		}

		body := &obsBody{Reader: strings.NewReader("x")}
		req, err := http.NewRequest(http.MethodPost, "http://www.site-a.test/", body)
		require.NoError(t, err)
		_, err = m.Transport(base).RoundTrip(req)
		require.ErrorIs(t, err, cm.ErrClosed)
		assert.True(t, body.closed, "observe=%v: the body of an unsent request is closed", observe)
	}
}
