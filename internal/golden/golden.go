// Package golden is the format of the golden files in testdata/chromium:
// what headless Chromium did for each scenario of the recorder in
// conformance/chromium, which the root package's replay test reads.
package golden

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
	"unicode/utf8"
)

// File is a golden file.
type File struct {
	// Chromium is the browser's version, such as "Chrome/156.0.8078.129".
	Chromium  string   `json:"chromium"`
	UserAgent string   `json:"userAgent"`
	Flags     []string `json:"flags"`
	// Profile names the browser's cookie controls: ProfileDefault,
	// Profile3PCBlocked or ProfileSiteSettings.
	Profile string   `json:"profile"`
	Results []Result `json:"results"`
}

// The profiles a golden file is recorded in.
const (
	// ProfileDefault allows third-party cookies.
	ProfileDefault = "3pc-allowed"
	// Profile3PCBlocked blocks third-party cookies, as Chromium's default
	// cookie controls do.
	Profile3PCBlocked = "3pc-blocked"
)

// Scenario is either one response's Set-Cookie lines and the requests that
// follow it, or, when Steps is not empty, a sequence of steps in one tab.
type Scenario struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	// URL is the URL the response answers.
	URL       string   `json:"url,omitempty"`
	SetCookie []string `json:"setCookie,omitempty"`
	// Follow are the URLs requested afterwards, whose Cookie headers are
	// recorded. A follow-up URL whose query is s=ID, ID the scenario's,
	// is answered with the scenario's Set-Cookie lines again instead.
	Follow []string `json:"follow,omitempty"`
	// Date is the raw Date header of the responses that carry the
	// Set-Cookie lines; none when empty.
	Date string `json:"date,omitempty"`
	// SetCookieBytes holds the lines byte for byte when one of them is
	// not valid UTF-8, which a JSON string cannot carry (SetCookie then
	// has U+FFFD in place of each invalid byte).
	SetCookieBytes [][]byte `json:"setCookieBytes,omitempty"`
	// Steps are the actions of a scenario with steps, played in order in
	// one tab that starts on about:blank with no cookies; URL, SetCookie
	// and Follow are then empty.
	Steps []Step `json:"steps,omitempty"`
	// Note says what a scenario with steps checks.
	Note string `json:"note,omitempty"`
	// Stored are cookies already in the browser's cookie database when it
	// starts, in this order; such a scenario plays in a browser of its own.
	Stored []StoredCookie `json:"stored,omitempty"`
	// Settings are the browser's cookie settings, for a scenario of
	// ProfileSiteSettings, which plays in a browser of its own.
	Settings *Settings `json:"settings,omitempty"`
}

// Lines returns the Set-Cookie lines as sent, byte for byte.
func (s *Scenario) Lines() []string {
	if s.SetCookieBytes == nil {
		return s.SetCookie
	}
	out := make([]string, len(s.SetCookieBytes))
	for i, b := range s.SetCookieBytes {
		out[i] = string(b)
	}
	return out
}

// KeepBytes fills SetCookieBytes when a line is not valid UTF-8, so that
// the lines survive a JSON round trip.
func (s *Scenario) KeepBytes() {
	s.SetCookieBytes = nil
	for _, l := range s.SetCookie {
		if !utf8.ValidString(l) {
			for _, l := range s.SetCookie {
				s.SetCookieBytes = append(s.SetCookieBytes, []byte(l))
			}
			return
		}
	}
}

// StoredCookie is a cookie in the browser's cookie database before a
// scenario starts.
type StoredCookie struct {
	// URL is the URL the cookie was set from, Line its Set-Cookie line.
	URL  string `json:"url"`
	Line string `json:"line"`
	// Age is how long, in seconds, before Result.StoredAt the cookie was
	// created and last used.
	Age int64 `json:"age"`
}

// The kinds of step.
const (
	// StepNavigate is a top-level navigation typed by the user (no
	// initiator) to Hops[0].URL.
	StepNavigate = "navigate"
	// StepLink is a click on a link to Hops[0].URL in the top-level
	// document, which navigates the tab.
	StepLink = "link"
	// StepPost is a form of the top-level document submitted with POST to
	// Hops[0].URL, which navigates the tab.
	StepPost = "post"
	// StepImage is an image loaded by the document in Frame.
	StepImage = "image"
	// StepIframe is an iframe added to the document in Frame; the document
	// it loads is Frame+1 from then on.
	StepIframe = "iframe"
	// StepFetch is fetch(url, {credentials: "include"}) by the document in
	// Frame.
	StepFetch = "fetch"
	// StepWebSocket is a WebSocket opened by the document in Frame; its
	// handshake is the request.
	StepWebSocket = "websocket"
	// StepScriptGet reads document.cookie in the document in Frame.
	StepScriptGet = "script-get"
	// StepScriptSet assigns Cookie to document.cookie in the document in
	// Frame, then reads document.cookie.
	StepScriptSet = "script-set"
	// StepWait lets Wait seconds pass.
	StepWait = "wait"
	// StepCookieStoreGet calls cookieStore.get with Args in the document
	// in Frame.
	StepCookieStoreGet = "cookiestore-get"
	// StepCookieStoreGetAll calls cookieStore.getAll with Args.
	StepCookieStoreGetAll = "cookiestore-getall"
	// StepCookieStoreSet calls cookieStore.set with Args.
	StepCookieStoreSet = "cookiestore-set"
	// StepCookieStoreDelete calls cookieStore.delete with Args.
	StepCookieStoreDelete = "cookiestore-delete"
	// StepCookieStoreChanges collects the change events the cookieStore of
	// the document in Frame fired since the last such step in it, after
	// letting half a second pass. The document's first such step starts
	// listening: it collects only what changed during its half second.
	StepCookieStoreChanges = "cookiestore-changes"
)

// IsCookieStoreStep reports whether kind is one of the cookiestore steps,
// whose outcome is a StepResult's CookieStore.
func IsCookieStoreStep(kind string) bool {
	switch kind {
	case StepCookieStoreGet, StepCookieStoreGetAll, StepCookieStoreSet, StepCookieStoreDelete, StepCookieStoreChanges:
		return true
	}
	return false
}

// Step is one action of a scenario with steps.
type Step struct {
	Kind string `json:"kind"`
	// Frame is the document that acts: 0 is the top-level document, 1 the
	// iframe it embeds, 2 the iframe that one embeds.
	Frame int `json:"frame,omitempty"`
	// Hops are the server's answers to a step that makes a request: the
	// first request goes to Hops[0].URL, and each hop but the last
	// redirects (302) to the next one's URL.
	Hops []Hop `json:"hops,omitempty"`
	// Cookie is what a script-set step assigns to document.cookie.
	Cookie string `json:"cookie,omitempty"`
	// Wait is how long a wait step lasts, in seconds.
	Wait int `json:"wait,omitempty"`
	// Args are the arguments of a cookiestore call, a JSON array such as
	// ["name"], ["name","value"] or [{"name":"a","path":"/"}]; an object
	// {"$now":N} in it stands for the page's Date.now() plus N
	// milliseconds when the call is made (CookieStoreOutcome.Args has the
	// arguments as made).
	Args json.RawMessage `json:"args,omitempty"`
}

// Hop is one response of a step's request or redirect chain.
type Hop struct {
	URL       string   `json:"url"`
	SetCookie []string `json:"setCookie,omitempty"`
}

// Result is what Chromium did in one scenario. The URLs of a result carry
// the ports the servers listened on; a hop's URL also carries the query
// that tells the server which hop it is.
type Result struct {
	Scenario
	// Time is when the navigation that set the cookies started; for a
	// scenario with steps, when its first step started.
	Time time.Time `json:"time"`
	// NavError is Chromium's error for the setting navigation, if any.
	NavError string `json:"navError,omitempty"`
	// Cookies are the cookies Chromium stored at the end, sorted.
	Cookies []Cookie `json:"cookies"`
	// Requests are the follow-up requests, in order.
	Requests []Request `json:"requests,omitempty"`
	// StepResults are the outcomes of Steps, one for each step.
	StepResults []StepResult `json:"stepResults,omitempty"`
	// StoredAt is the instant the ages of the stored cookies count back
	// from: the i-th stored cookie (from 0) was created and last used its
	// Age before StoredAt, plus i microseconds.
	StoredAt time.Time `json:"storedAt,omitzero"`
	// AfterRestart are the cookies the browser had, sorted, after it shut
	// down at the end of the scenario and started again, for a scenario of
	// ProfileSiteSettings; nil when not recorded.
	AfterRestart []Cookie `json:"afterRestart,omitzero"`
}

// StoredCreation returns when the i-th stored cookie of r was created and
// last used.
func (r *Result) StoredCreation(i int) time.Time {
	return r.StoredAt.Add(-time.Duration(r.Stored[i].Age)*time.Second + time.Duration(i)*time.Microsecond)
}

// Cookie is a cookie as Chromium reports it over the DevTools protocol.
type Cookie struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Domain string `json:"domain"`
	Path   string `json:"path"`
	// Expires is in seconds since the Unix epoch; -1 for a session cookie.
	Expires      float64 `json:"expires"`
	Secure       bool    `json:"secure"`
	HTTPOnly     bool    `json:"httpOnly"`
	SameSite     string  `json:"sameSite,omitempty"`
	Priority     string  `json:"priority"`
	SourceScheme string  `json:"sourceScheme"`
	SourcePort   int64   `json:"sourcePort"`
	PartitionKey string  `json:"partitionKey,omitempty"`
	// CrossSiteAncestor is the partition key's cross-site-ancestor bit.
	CrossSiteAncestor bool `json:"crossSiteAncestor,omitempty"`
	// PartitionKeyOpaque is set for a partition key with no site.
	PartitionKeyOpaque bool `json:"partitionKeyOpaque,omitempty"`
	// The protocol's size and session fields are not kept: they are the
	// length of Name and Value, and Expires == -1.
}

// Request is one follow-up request and the Cookie header it carried.
type Request struct {
	URL string `json:"url"`
	// Reached is false when the request never reached the server.
	Reached bool `json:"reached"`
	// Cookie is the Cookie header; several are joined with "\n".
	Cookie string `json:"cookie"`
	// HasCookie tells an empty header from a missing one.
	HasCookie bool `json:"hasCookie"`
	// NavError is Chromium's error for the navigation, if any.
	NavError string `json:"navError,omitempty"`
}

// StepResult is what happened in one step.
type StepResult struct {
	// Time is when the step started.
	Time time.Time `json:"time"`
	// Outcome is how the step ended as the page saw it: "load" or "error"
	// for an image, the status for a fetch, "open" for a WebSocket, and
	// so on; "" for a navigation that loaded and for script steps.
	Outcome string `json:"outcome,omitempty"`
	// Error is set when the step did not complete as planned.
	Error string `json:"error,omitempty"`
	// Requests are the requests of the step that reached the servers, in
	// the order they arrived.
	Requests []StepRequest `json:"requests,omitempty"`
	// DocumentCookie is what document.cookie returned, for script steps.
	DocumentCookie string `json:"documentCookie,omitempty"`
	// CookieStore is how the promise of a cookiestore step settled.
	CookieStore *CookieStoreOutcome `json:"cookieStore,omitempty"`
}

// CookieStoreOutcome is how the promise of a CookieStore call settled:
// resolved with Value, or rejected with an exception.
type CookieStoreOutcome struct {
	// Args are the arguments the call was made with, when they differ
	// from the step's ({"$now":N} resolved).
	Args json.RawMessage `json:"args,omitempty"`
	// Value is the JSON of what the promise resolved with: null or a
	// CookieListItem for get, a list of them for getAll; absent for
	// undefined (set and delete). For a cookiestore-changes step, the list
	// of the change events, each {"changed":[…],"deleted":[…]}.
	Value json.RawMessage `json:"value,omitempty"`
	// ErrorName and ErrorMessage are the name and message of the exception
	// the promise was rejected with, such as "TypeError".
	ErrorName    string `json:"errorName,omitempty"`
	ErrorMessage string `json:"errorMessage,omitempty"`
}

// StepRequest is one request of a step as the server received it.
type StepRequest struct {
	// URL is the URL requested, which may differ from the hop's in scheme
	// and port when the browser upgraded it.
	URL string `json:"url"`
	// Hop is the index of the hop in the step's Hops.
	Hop    int    `json:"hop"`
	Method string `json:"method"`
	// Cookie is the Cookie header; several are joined with "\n".
	Cookie string `json:"cookie,omitempty"`
	// HasCookie tells an empty header from a missing one.
	HasCookie bool `json:"hasCookie,omitempty"`
}

// Write writes f as JSON with one result a line, so that the file stays
// readable and its diffs small however many results it holds.
func Write(w io.Writer, f *File) error {
	head := *f
	head.Results = nil
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(head); err != nil {
		return fmt.Errorf("golden: %w", err)
	}
	// The header without its results ends in `"results":null}` and a
	// newline; the results go in their place.
	const tail = `"results":null}` + "\n"
	b := buf.Bytes()
	if !bytes.HasSuffix(b, []byte(tail)) {
		return fmt.Errorf("golden: unexpected header %q", b)
	}
	out := append([]byte{}, b[:len(b)-len(tail)]...)
	out = append(out, `"results":[`...)
	for i := range f.Results {
		buf.Reset()
		if err := enc.Encode(f.Results[i]); err != nil {
			return fmt.Errorf("golden: result %s: %w", f.Results[i].ID, err)
		}
		out = append(out, '\n')
		out = append(out, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
		if i < len(f.Results)-1 {
			out = append(out, ',')
		}
	}
	out = append(out, "\n]}\n"...)
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("golden: %w", err)
	}
	return nil
}

// Read parses a golden file.
func Read(r io.Reader) (*File, error) {
	var f File
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("golden: %w", err)
	}
	return &f, nil
}
