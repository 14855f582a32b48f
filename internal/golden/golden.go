// Package golden is the format of testdata/chromium/golden.json: what
// headless Chromium did for each scenario of the recorder in
// conformance/chromium, which the root package's replay test reads.
package golden

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"time"
	"unicode/utf8"
)

// File is the golden file.
type File struct {
	// Chromium is the browser's version, such as "Chrome/156.0.8078.129".
	Chromium  string   `json:"chromium"`
	UserAgent string   `json:"userAgent"`
	Flags     []string `json:"flags"`
	Results   []Result `json:"results"`
}

// Scenario is one response's Set-Cookie lines and the requests that follow
// it.
type Scenario struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	// URL is the URL the response answers.
	URL       string   `json:"url"`
	SetCookie []string `json:"setCookie"`
	// Follow are the URLs requested afterwards, whose Cookie headers are
	// recorded. A follow-up URL whose query is s=ID, ID the scenario's,
	// is answered with the scenario's Set-Cookie lines again instead.
	Follow []string `json:"follow"`
	// Date is the raw Date header of the responses that carry the
	// Set-Cookie lines; none when empty.
	Date string `json:"date,omitempty"`
	// SetCookieBytes holds the lines byte for byte when one of them is
	// not valid UTF-8, which a JSON string cannot carry (SetCookie then
	// has U+FFFD in place of each invalid byte).
	SetCookieBytes [][]byte `json:"setCookieBytes,omitempty"`
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

// Result is what Chromium did in one scenario. URL and the follow-up URLs
// carry the ports the servers listened on.
type Result struct {
	Scenario
	// Time is when the navigation that set the cookies started.
	Time time.Time `json:"time"`
	// NavError is Chromium's error for the setting navigation, if any.
	NavError string `json:"navError,omitempty"`
	// Cookies are the cookies Chromium stored, sorted.
	Cookies []Cookie `json:"cookies"`
	// Requests are the follow-up requests, in order.
	Requests []Request `json:"requests"`
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

// Write writes f as JSON with one result a line, so that the file stays
// small and a change to one scenario is a change to one line.
func Write(w io.Writer, f *File) error {
	bw := bufio.NewWriter(w)
	field := func(name string, v any, sep string) error {
		b, err := marshal(v)
		if err != nil {
			return err
		}
		_, err = bw.WriteString("  \"" + name + "\": " + string(b) + sep + "\n")
		return err
	}
	bw.WriteString("{\n")
	if err := field("chromium", f.Chromium, ","); err != nil {
		return err
	}
	if err := field("userAgent", f.UserAgent, ","); err != nil {
		return err
	}
	if err := field("flags", f.Flags, ","); err != nil {
		return err
	}
	bw.WriteString("  \"results\": [\n")
	for i := range f.Results {
		b, err := marshal(&f.Results[i])
		if err != nil {
			return err
		}
		bw.Write(b)
		if i < len(f.Results)-1 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
	}
	bw.WriteString("  ]\n}\n")
	return bw.Flush()
}

// marshal encodes v as compact JSON, without escaping <, > and &.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
