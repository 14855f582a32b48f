package cookiemonster

import (
	"net/url"
	"strconv"
	"strings"
)

// Observer hears every decision a [Monster] makes about a cookie, as the
// DevTools network panel shows the cookies a browser stored, refused, sent
// and withheld: every attempt to set one (stored or refused, with the
// reasons) and every read for a request (which cookies are included and
// which are excluded, with the reasons), whichever door the access came
// through: the Monster's methods, its [Jar] or its [Transport].
//
// Set it in [Config.Observer]. Either func may be nil; the zero Observer
// hears nothing and costs nothing. The funcs run on the goroutine that
// made the access, after the Monster has released its lock (they may call
// the Monster), and must be safe for concurrent use when the Monster is
// used from several goroutines. Events carry copies: a func may keep them.
type Observer struct {
	// Set hears every attempt to store a cookie.
	Set func(SetEvent)
	// Read hears every read of the cookies to send with a request.
	Read func(ReadEvent)
}

// Door is the API an access came through.
type Door int8

// Doors.
const (
	// DoorMonster: a method of the Monster (SetCookieLine,
	// SetCanonicalCookie, Set, Cookies, CookieHeader).
	DoorMonster Door = iota
	// DoorJar: the net/http CookieJar view ([Jar]).
	DoorJar
	// DoorTransport: the http.RoundTripper ([Transport]).
	DoorTransport
)

// String returns the door's name: "monster", "jar" or "transport".
func (d Door) String() string {
	switch d {
	case DoorMonster:
		return "monster"
	case DoorJar:
		return "jar"
	case DoorTransport:
		return "transport"
	}
	return "door(" + strconv.Itoa(int(d)) + ")"
}

// SetEvent is one attempt to store a cookie.
type SetEvent struct {
	// Door is the API the cookie came through.
	Door Door
	// URL is the URL the cookie was set from.
	URL *url.URL
	// Line is the Set-Cookie line: the response's, or the one a Jar
	// writes from the fields of an http.Cookie without a Raw line; "" when
	// the cookie was given by its fields (SetCanonicalCookie, Set).
	Line string
	// Cookie is the cookie as it was judged; nil when the line made none
	// (it failed to parse or to validate).
	Cookie *CanonicalCookie
	// Result is the decision: Result.Status says why a cookie was refused.
	// It is final only when Err is nil.
	Result AccessResult
	// Stored reports that the cookie went into the store. A cookie that
	// is allowed but already expired is not stored: it deletes its
	// equivalent. (A site over its limits may evict it at once; change
	// events tell.)
	Stored bool
	// Err is set when the attempt did not reach a decision: the Monster is
	// closed, the wait for its store was cancelled, the URL is nil, or a
	// Jar could not write an http.Cookie as a Set-Cookie line (a ';' or a
	// control character in a field).
	Err error
}

// Explain returns why the cookie was refused, or the warnings it was
// stored with, one plain-language sentence each naming the attribute (see
// [ExplainSet]); nil when it was stored without warnings.
func (e SetEvent) Explain() []string {
	if e.Err != nil {
		return []string{e.Err.Error()}
	}
	if e.Result.Status.IsInclude() && len(e.Result.Status.Warnings()) == 0 {
		return nil
	}
	line := e.Line
	if line == "" && e.Cookie != nil {
		line = e.Cookie.String()
	}
	return ExplainSet(e.URL, line, e.Result.Status)
}

// ReadEvent is one read of the cookies to send to a URL.
type ReadEvent struct {
	// Door is the API of the read.
	Door Door
	// URL is the request's URL.
	URL *url.URL
	// Options is the access: its SameSite context and partition.
	Options Options
	// Included are the cookies the store gives the request, in Cookie
	// header order; Excluded the cookies of the URL's site it withholds,
	// each with the reasons in its AccessResult.
	Included, Excluded []CookieWithAccessResult
	// CallerCookieHeader is the Cookie header the request already had
	// when it reached a Transport (an http.Client with a Jar of its own
	// sets one). CallerHeaderKept reports that the Transport sent it as is
	// instead of Included (see [Transport.ReplaceCookieHeader]).
	CallerCookieHeader string
	CallerHeaderKept   bool
	// Err is set when the read did not happen: the Monster is closed, the
	// wait for its store was cancelled, or the URL is nil.
	Err error
}

// Explain returns the reasons of the read in plain language: a line when
// the caller's Cookie header was kept, then, for each excluded cookie and
// each included cookie with warnings, one sentence per reason naming the
// cookie (see [ExplainRead]).
func (e ReadEvent) Explain() []string {
	var out []string
	if e.Err != nil {
		out = append(out, e.Err.Error())
	}
	if e.CallerHeaderKept {
		out = append(out, "the request already had a Cookie header (an http.Client Jar?): it was sent as is and the store's cookies were not")
	}
	for _, list := range [...][]CookieWithAccessResult{e.Excluded, e.Included} {
		for i := range list {
			c := &list[i]
			if c.AccessResult.Status.IsInclude() && len(c.AccessResult.Status.Warnings()) == 0 {
				continue
			}
			out = append(out, ExplainRead(e.URL, &c.Cookie, c.AccessResult)...)
		}
	}
	return out
}

// observing reports whether the Monster has a Set observer.
func (m *Monster) observingSets() bool { return m.observer.Set != nil }

// observingReads reports whether the Monster has a Read observer.
func (m *Monster) observingReads() bool { return m.observer.Read != nil }

// observeSet sends a SetEvent built from copies of u and c (either may be
// nil), so that neither escapes from its caller.
func (m *Monster) observeSet(door Door, u *url.URL, line string, c *CanonicalCookie, res AccessResult, stored bool, err error) {
	// The line is cloned so that it does not leak: escape analysis would
	// take its caller's whole request, cookie included, to the heap.
	ev := SetEvent{Door: door, URL: copyURL(u), Line: strings.Clone(line), Result: res, Stored: stored, Err: err}
	if c != nil {
		cp := *c
		ev.Cookie = &cp
	}
	m.observer.Set(ev)
}

// copyURL returns a copy of u, nil for nil.
func copyURL(u *url.URL) *url.URL {
	if u == nil {
		return nil
	}
	cp := *u
	if u.User != nil {
		ui := *u.User
		cp.User = &ui
	}
	return &cp
}

// readCall says who reads, for the Read observer: the door, and what a
// Transport found on the request.
type readCall struct {
	door         Door
	callerHeader string
	callerKept   bool
}

// observation starts the event of a read of u in the access o.
func (c readCall) observation(u *url.URL, o *Options) *readObservation {
	return &readObservation{ev: ReadEvent{
		Door: c.door, URL: copyURL(u), Options: *o,
		CallerCookieHeader: c.callerHeader, CallerHeaderKept: c.callerKept,
	}}
}

// readObservation collects a read for the Read observer.
type readObservation struct {
	ev ReadEvent
}

// add records the decision about c.
func (r *readObservation) add(c *CanonicalCookie, res AccessResult) {
	e := CookieWithAccessResult{Cookie: *c, AccessResult: res}
	if res.Status.IsInclude() {
		r.ev.Included = append(r.ev.Included, e)
	} else {
		r.ev.Excluded = append(r.ev.Excluded, e)
	}
}
