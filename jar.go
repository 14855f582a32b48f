package cookiemonster

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cookiemonster-go/cookiemonster/internal/cookiedate"
)

// Jar is the net/http view of a [Monster]: it implements http.CookieJar.
//
// http.CookieJar only sees a URL, so a Jar judges every access as an HTTP
// request that is a same-site top-level navigation: HttpOnly cookies
// included, a strict [SameSite] context, unpartitioned. These are the cookies
// a browser tab sends when the user types the URL. For cross-site requests,
// SameSite and CHIPS partitions use [Monster.Transport], which knows the
// request's context.
//
// SetCookies re-parses http.Cookie.Raw when it holds the cookie's own
// Set-Cookie line (net/http's parser rewrites or drops attributes it does not
// know), and otherwise builds the cookie from the fields. Cookies sets
// Quoted for values in DQUOTEs so that Request.AddCookie sends them
// unchanged. Values that net/http cannot carry (bytes outside 0x20–0x7E,
// '"' inside, ';', '\', or a nameless cookie) reach a server intact only
// through a [Transport].
//
// The zero Jar is an empty memory-only jar. A Jar over a persistent store
// must be closed ([Jar.Close]), or the writes queued in the store's last
// commit interval are lost.
type Jar struct {
	// m is the store; nil until the zero Jar's first use makes one. (An
	// atomic pointer, not a sync.Once: a closure would take every Jar to
	// the heap.)
	m atomic.Pointer[Monster]
}

// Jar returns the http.CookieJar view of m.
func (m *Monster) Jar() *Jar {
	j := &Jar{}
	j.m.Store(m)
	return j
}

// NewJar returns the [Jar] of a new [Monster]; nil cfg is a memory-only store
// with the golang.org/x/net/publicsuffix list, a drop-in for
// cookiejar.New(&cookiejar.Options{PublicSuffixList: publicsuffix.List}).
func NewJar(cfg *Config) (*Jar, error) {
	var c Config
	if cfg != nil {
		c = *cfg
	}
	m, err := New(c)
	if err != nil {
		return nil, err
	}
	return m.Jar(), nil
}

// Monster returns the store behind the jar.
func (j *Jar) Monster() *Monster {
	m := j.m.Load()
	if m == nil {
		j.m.CompareAndSwap(nil, new(Monster))
		m = j.m.Load()
	}
	m.ready() // the zero Monster's fields are read directly
	return m
}

// Flush commits the writes the jar's persistent store has queued (see
// [Monster.Flush]).
func (j *Jar) Flush(ctx context.Context) error { return j.Monster().Flush(ctx) }

// Close flushes and closes the jar's [Monster] and its persistent store;
// later calls fail with [ErrClosed] (see [Monster.Close]). A program with a
// persistent store closes its Jar before it exits.
func (j *Jar) Close() error { return j.Monster().Close() }

// ErrUnsafeCookieFields is the error of an http.Cookie that cannot be
// written as a Set-Cookie line without changing its meaning: a ';' or a
// control character in its name, value, path or domain, or a '=' in its
// name.
var ErrUnsafeCookieFields = errors.New("cookiemonster: http.Cookie fields hold ';', '=' in the name, or a control character")

// SetCookies stores the cookies of a response from u. http.CookieJar
// cannot report errors or refusals: [Config.Observer] hears them.
func (j *Jar) SetCookies(u *url.URL, cookies []*http.Cookie) {
	m := j.Monster()
	o := NavigationOptions()
	o.SameSite = MakeSameSiteContext(ContextLax) // a response: Strict is Lax
	if m.fpi {
		o.FirstPartyDomain = m.firstPartyOf(u) // a typed URL is its own first party
	}
	r := newKeyedURL(u)
	now := normTime(m.clock())
	for _, c := range cookies {
		if c == nil {
			continue
		}
		line, ok := setCookieLineOf(c)
		if !ok {
			if m.observingSets() {
				var st InclusionStatus
				st.addExclusion(ExcludeFailureToStore)
				res := AccessResult{Status: st, EffectiveSameSite: EffectiveUndefined}
				m.observeSet(DoorJar, u, "", nil, res, false, fmt.Errorf("%w: cookie %q", ErrUnsafeCookieFields, c.Name))
			}
			continue
		}
		// The errors are a nil URL, a closed Monster or a cancelled load,
		// which http.CookieJar cannot report; the observer hears them.
		_, _ = m.setLine(context.Background(), DoorJar, u, &r, line, o, now)
	}
}

// Cookies returns the cookies to send to u. http.CookieJar cannot report
// errors: [Config.Observer] hears them, and the withheld cookies.
func (j *Jar) Cookies(u *url.URL) []*http.Cookie {
	var out []*http.Cookie
	// Errors are a nil URL, a closed Monster or a cancelled load, which
	// http.CookieJar cannot report; the observer hears them.
	m := j.Monster()
	o := NavigationOptions()
	if m.fpi {
		o.FirstPartyDomain = m.firstPartyOf(u)
	}
	_ = m.visit(context.Background(), u, o, readCall{door: DoorJar}, func(n int) {
		out = cookieBlock(n)
	}, func(c *CanonicalCookie, res AccessResult) {
		if !res.Status.IsInclude() {
			return
		}
		hc := out[len(out) : len(out)+1][0]
		hc.Name, hc.Value = c.Name, c.Value
		if v := c.Value; len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			hc.Value, hc.Quoted = v[1:len(v)-1], true
		}
		out = out[:len(out)+1]
	})
	if len(out) == 0 {
		return nil
	}
	return out
}

// cookieBlock returns an empty slice with room for n cookies, each slot
// pointing to a zero http.Cookie, made in one allocation (pointers and
// cookies together) for up to 32 cookies.
func cookieBlock(n int) []*http.Cookie {
	switch {
	case n == 0:
		return nil
	case n <= 2:
		b := new(struct {
			p [2]*http.Cookie
			c [2]http.Cookie
		})
		return linkBlock(b.p[:n], b.c[:n])
	case n <= 4:
		b := new(struct {
			p [4]*http.Cookie
			c [4]http.Cookie
		})
		return linkBlock(b.p[:n], b.c[:n])
	case n <= 8:
		b := new(struct {
			p [8]*http.Cookie
			c [8]http.Cookie
		})
		return linkBlock(b.p[:n], b.c[:n])
	case n <= 16:
		b := new(struct {
			p [16]*http.Cookie
			c [16]http.Cookie
		})
		return linkBlock(b.p[:n], b.c[:n])
	case n <= 32:
		b := new(struct {
			p [32]*http.Cookie
			c [32]http.Cookie
		})
		return linkBlock(b.p[:n], b.c[:n])
	}
	return linkBlock(make([]*http.Cookie, n), make([]http.Cookie, n))
}

// linkBlock points each of ptrs at the cookie of the same index and
// returns ptrs emptied.
func linkBlock(ptrs []*http.Cookie, cookies []http.Cookie) []*http.Cookie {
	for i := range ptrs {
		ptrs[i] = &cookies[i]
	}
	return ptrs[:0]
}

// fieldsSafe reports whether the fields of c can be written into a
// Set-Cookie line without changing its meaning: no ';' or control character
// in the name, value, path or domain, no '=' in the name. net/http drops
// such bytes silently; a Jar drops such a cookie instead.
func fieldsSafe(c *http.Cookie) bool {
	for _, f := range [...]string{c.Name, c.Value, c.Path, c.Domain} {
		if hasCTL(f) || strings.IndexByte(f, ';') >= 0 {
			return false
		}
	}
	return strings.IndexByte(c.Name, '=') < 0
}

// rawNameIs reports whether the Set-Cookie line names the cookie name, as
// ParseCookie would find it.
func rawNameIs(line, name string) bool {
	if n := len(name); n > 0 && len(line) > n && line[n] == '=' && line[:n] == name {
		return true // the usual "name=value…", no whitespace
	}
	return rawName(line) == name
}

// rawName returns the name of the cookie of a Set-Cookie line as
// ParseCookie would find it, without parsing the attributes.
func rawName(line string) string {
	first, _, _ := strings.Cut(line, ";")
	name, _, found := strings.Cut(first, "=")
	if !found {
		return ""
	}
	return trimSpace(name)
}

// setCookieLineOf returns the Set-Cookie line of c: its Raw line when it is
// a line for a cookie of the same name, else a line built from the fields,
// when they are safe (see fieldsSafe).
func setCookieLineOf(c *http.Cookie) (string, bool) {
	if c.Raw != "" && rawNameIs(c.Raw, c.Name) {
		return c.Raw, true
	}
	if !fieldsSafe(c) {
		return "", false
	}
	f := lineFields{name: c.Name, value: c.Value, domain: c.Domain, path: c.Path, expires: c.Expires,
		secure: c.Secure, httpOnly: c.HttpOnly, partitioned: c.Partitioned}
	if c.Quoted {
		f.value = `"` + c.Value + `"`
	}
	switch {
	case c.MaxAge > 0:
		f.maxAge = strconv.Itoa(c.MaxAge)
	case c.MaxAge < 0:
		f.maxAge = "0"
	}
	switch c.SameSite {
	case http.SameSiteLaxMode:
		f.sameSite = SameSiteLax
	case http.SameSiteStrictMode:
		f.sameSite = SameSiteStrict
	case http.SameSiteNoneMode:
		f.sameSite = SameSiteNone
	}
	return f.String(), true
}

// RequestContext is what a browser knows about a request beyond its URL
// and method: where it comes from. Attach it with [WithRequestContext].
type RequestContext struct {
	// TopFrame is the URL of the top-level document; nil: the request is
	// itself a top-level navigation.
	TopFrame *url.URL
	// Initiator is the origin that started the request; nil: the user
	// (a typed URL, a bookmark).
	Initiator *url.URL
	// Navigation marks a main-frame navigation.
	Navigation bool
	// StorageAccess marks a request from a frame that requested Storage
	// Access and holds it (see [Options.StorageAccess]).
	StorageAccess bool
	// TopLevelCORS marks a CORS request made by the top-level document
	// (see [Options.TopLevelCORS]).
	TopLevelCORS bool
}

type requestContextKey struct{}

// WithRequestContext returns a context that carries rc to a [Transport].
func WithRequestContext(ctx context.Context, rc RequestContext) context.Context {
	return context.WithValue(ctx, requestContextKey{}, rc)
}

// requestContextFrom returns the RequestContext of ctx; without one, a
// top-level navigation started by the user.
func requestContextFrom(ctx context.Context) RequestContext {
	rc, _ := ctx.Value(requestContextKey{}).(RequestContext)
	return rc
}

// Transport is an http.RoundTripper that sends and stores cookies as a
// browser does. It writes the Cookie header itself and reads the raw
// Set-Cookie headers itself, so cookies that net/http's parser drops (a
// DQUOTE inside the value, non-ASCII bytes, nameless cookies) are kept and
// sent as a browser keeps and sends them; it passes the Date header as the
// server time. It computes the [SameSite] context and the partition key of
// each hop from the request's method, its redirect chain (as http.Client
// follows it) and the [RequestContext] in the request's context. A Cookie
// header already on the request (set by the caller, or by an http.Client's
// own Jar, which runs before the Transport) is sent as is, and the store's
// cookies are not, unless ReplaceCookieHeader is set; [Config.Observer]
// hears either case.
//
// Use it without a Jar on the http.Client (Jar: nil; colly's
// DisableCookies, resty's SetCookieJar(nil)): the Transport does the jar's
// work. The zero Transport is usable: an empty memory-only store over
// http.DefaultTransport.
type Transport struct {
	// ReplaceCookieHeader makes the Transport the only source of cookies:
	// a Cookie header already on the request is dropped, and the store's
	// cookies are sent in its place.
	ReplaceCookieHeader bool

	m    atomic.Pointer[Monster] // nil until the zero Transport's first use
	base http.RoundTripper
}

// Transport returns a Transport that stores cookies in m and sends requests
// through base (nil: http.DefaultTransport).
func (m *Monster) Transport(base http.RoundTripper) *Transport {
	m.ready()
	if base == nil {
		base = http.DefaultTransport
	}
	t := &Transport{base: base}
	t.m.Store(m)
	return t
}

// urlChain returns the URLs of a request's redirect chain, the request's
// own URL last.
func urlChain(req *http.Request) []*url.URL {
	var chain []*url.URL
	for r := req; r != nil; {
		chain = append(chain, r.URL)
		if r.Response == nil {
			break
		}
		r = r.Response.Request
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	return chain
}

// monster returns the Transport's Monster, made for the zero Transport.
func (t *Transport) monster() *Monster {
	m := t.m.Load()
	if m == nil {
		t.m.CompareAndSwap(nil, new(Monster))
		m = t.m.Load()
	}
	m.ready() // the zero Monster's fields are read directly below
	return m
}

// hopOptions computes the options of a request hop and of its response.
func (t *Transport) hopOptions(req *http.Request) (request, response Options) {
	m := t.monster()
	rc := requestContextFrom(req.Context())
	chain := urlChain(req)
	in := SameSiteInput{
		Method:              req.Method,
		URLChain:            chain,
		Initiator:           rc.Initiator,
		MainFrameNavigation: rc.Navigation || rc.TopFrame == nil,
		PublicSuffixList:    m.psl,
	}
	// A main-frame navigation is judged against the URL it goes to. The
	// sites of the request's URL and of the top frame are computed once.
	top := rc.TopFrame
	if top == nil || rc.Navigation {
		top = req.URL
	}
	reqSite := SiteOf(req.URL, m.psl)
	topSite := reqSite
	if top != req.URL {
		topSite = SiteOf(top, m.psl)
	}
	in.reqSite, in.hasReqSite = reqSite, true // req.URL ends the chain
	in.SiteForCookies = siteForCookiesOf(topSite)
	partition := partitionKeyForSites(topSite, in.SiteForCookies, reqSite, in.MainFrameNavigation)
	request, response = HTTPOptions(in.ForRequest(), partition), HTTPOptions(in.ForResponse(), partition)
	// For the policy: the top-level frame, and whether the request is
	// third-party (its site for cookies is not first-party to it, judged
	// schemefully as Chromium's CookieSettings does).
	thirdParty := !in.SiteForCookies.isFirstParty(reqSite, true)
	for _, o := range [...]*Options{&request, &response} {
		o.TopFrame, o.ThirdParty, o.StorageAccess, o.TopLevelCORS = rc.TopFrame, thirdParty, rc.StorageAccess, rc.TopLevelCORS
	}
	if m.fpi {
		fpd := m.firstPartyOf(top)
		request.FirstPartyDomain, response.FirstPartyDomain = fpd, fpd
	}
	return request, response
}

// cookieURL is the URL cookies are scoped to: req.URL, with req.Host as
// its host when set, as http.Client does for a Jar.
func cookieURL(req *http.Request) *url.URL {
	if req.Host == "" || req.Host == req.URL.Host {
		return req.URL
	}
	u := *req.URL
	u.Host = req.Host
	return &u
}

// RoundTrip sends req with its cookies and stores the cookies of the
// response.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req == nil || req.URL == nil {
		closeBody(req)
		return nil, fmt.Errorf("%w: Transport.RoundTrip of a request without a URL", ErrNilURL)
	}
	m := t.monster()
	reqOpts, respOpts := t.hopOptions(req)
	ctx := req.Context()
	u := cookieURL(req)
	// The header's keys are canonical; indexing the map spares the key's
	// canonicalization that Values and Get do on every call.
	caller := strings.Join(req.Header["Cookie"], "; ")
	switch {
	case caller == "" || t.ReplaceCookieHeader:
		line, err := m.cookieHeader(ctx, u, reqOpts, readCall{door: DoorTransport, callerHeader: caller})
		if err != nil {
			closeBody(req)
			return nil, err
		}
		if line != "" || caller != "" {
			req = withCookieHeader(req, line)
		}
	case m.observingReads():
		// The caller's header goes out; the observer hears what the
		// store would have sent, which is not sent (no access update).
		// An error (a closed Monster) goes to the observer only: watching
		// must not change the request's fate.
		o := reqOpts
		o.SkipAccessTimeUpdate = true
		call := readCall{door: DoorTransport, callerHeader: caller, callerKept: true}
		_ = m.visit(ctx, u, o, call, nil, func(*CanonicalCookie, AccessResult) {})
	}
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	if lines := resp.Header["Set-Cookie"]; len(lines) > 0 {
		if date := resp.Header["Date"]; len(date) > 0 {
			respOpts.ServerTime = serverTime(date[0])
		}
		r := newKeyedURL(u)
		// One reading of the clock for the response, as Jar.SetCookies.
		now := normTime(m.clock())
		for _, line := range lines {
			if _, err := m.setLine(ctx, DoorTransport, u, &r, line, respOpts, now); err != nil {
				resp.Body.Close()
				return nil, err
			}
		}
	}
	return resp, nil
}

// withCookieHeader returns a copy of req whose Cookie header is line
// (none when line is ""). A RoundTripper may not change the request it is
// given; only the header changes, so only the header is copied.
func withCookieHeader(req *http.Request, line string) *http.Request {
	// The request and the header's value, in one allocation.
	c := new(struct {
		r     http.Request
		value [1]string
	})
	r := &c.r
	*r = *req
	r.Header = make(http.Header, len(req.Header)+1)
	for k, v := range req.Header {
		if k != "Cookie" {
			r.Header[k] = v[:len(v):len(v)] // an append copies
		}
	}
	if line != "" {
		c.value[0] = line
		r.Header["Cookie"] = c.value[:]
	}
	return r
}

// closeBody closes the body of a request the Transport will not send, as
// an http.RoundTripper must.
func closeBody(req *http.Request) {
	if req != nil && req.Body != nil {
		_ = req.Body.Close()
	}
}

// serverTime reads a Date header as Chromium does, leniently (see
// cookiedate.ParseHTTPDate); zero when it holds no date.
func serverTime(date string) time.Time {
	t, _ := cookiedate.ParseHTTPDate(date)
	return t
}

// HTTPCookie returns c as a net/http cookie, for code that speaks
// http.Cookie: name, value (Quoted when the value is in DQUOTEs, so that
// net/http writes it unchanged), Path, Domain (with its leading dot for a
// domain cookie, "" for a host-only one), Expires (zero for a session
// cookie), Secure, HttpOnly, SameSite and Partitioned. Raw is the cookie's
// Set-Cookie line (see [CanonicalCookie.String]), which a [Jar] re-parses.
// What http.Cookie cannot carry is lost: Priority, the partition's site,
// the source scheme and port, the creation and access times. nil gives nil.
func (c *CanonicalCookie) HTTPCookie() *http.Cookie {
	if c == nil {
		return nil
	}
	hc := &http.Cookie{
		Name: c.Name, Value: c.Value, Path: c.Path, Expires: c.Expiry,
		Secure: c.Secure, HttpOnly: c.HTTPOnly, Partitioned: c.IsPartitioned(), Raw: c.String(),
	}
	if !c.IsHostOnly() {
		hc.Domain = c.Domain
	}
	if v := c.Value; len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		hc.Value, hc.Quoted = v[1:len(v)-1], true
	}
	switch c.SameSite {
	case SameSiteNone:
		hc.SameSite = http.SameSiteNoneMode
	case SameSiteLax:
		hc.SameSite = http.SameSiteLaxMode
	case SameSiteStrict:
		hc.SameSite = http.SameSiteStrictMode
	}
	return hc
}

// NewCanonicalCookieFromHTTP makes the cookie that hc, received from u,
// stands for, with the checks of [NewCanonicalCookie]: from hc.Raw when it
// is the Set-Cookie line of a cookie of that name (net/http's parser drops
// what it does not know), else from the fields, written as a Set-Cookie
// line (MaxAge < 0 is Max-Age=0). Fields that cannot be written without
// changing their meaning (a ';' or a control character, a '=' in the name)
// are refused with [ExcludeDisallowedCharacter]; a nil u or hc with
// [ExcludeFailureToStore].
func NewCanonicalCookieFromHTTP(u *url.URL, hc *http.Cookie, creation time.Time, o CreateOptions) (*CanonicalCookie, InclusionStatus) {
	var st InclusionStatus
	if u == nil || hc == nil {
		st.addExclusion(ExcludeFailureToStore)
		return nil, st
	}
	line, ok := setCookieLineOf(hc)
	if !ok {
		st.addExclusion(ExcludeDisallowedCharacter)
		return nil, st
	}
	return NewCanonicalCookie(u, line, creation, o)
}
