package electron

import (
	"math"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// SameSite is a cookie's SameSite policy as Electron names it.
type SameSite string

// SameSite policies.
const (
	SameSiteUnspecified   SameSite = "unspecified"
	SameSiteNoRestriction SameSite = "no_restriction"
	SameSiteLax           SameSite = "lax"
	SameSiteStrict        SameSite = "strict"
)

// Cookie is a cookie as Electron returns it (its Cookie structure), with
// Electron's JSON names.
type Cookie struct {
	// Name and Value are the cookie's name and value.
	Name  string `json:"name"`
	Value string `json:"value"`
	// Domain is the cookie's domain: with a leading dot for a domain
	// cookie, the host alone for a host-only one.
	Domain string `json:"domain"`
	// HostOnly reports a host-only cookie (no Domain attribute).
	HostOnly bool `json:"hostOnly"`
	// Path is the cookie's path.
	Path string `json:"path"`
	// Secure and HTTPOnly are the Secure and HttpOnly attributes.
	Secure   bool `json:"secure"`
	HTTPOnly bool `json:"httpOnly"`
	// Session reports a session cookie, one without an expiration date.
	Session bool `json:"session"`
	// ExpirationDate is the expiry of a persistent cookie in seconds since
	// the Unix epoch, with microsecond precision; zero, and absent from
	// JSON, for a session cookie.
	ExpirationDate float64 `json:"expirationDate,omitempty"`
	// SameSite is the cookie's SameSite policy.
	SameSite SameSite `json:"sameSite"`
}

// Expires returns the cookie's expiry as a time.Time in UTC, or the zero
// Time for a session cookie.
func (c Cookie) Expires() time.Time {
	if c.Session {
		return time.Time{}
	}
	// Rounded, not truncated: ExpirationDate holds whole microseconds, which
	// the division by a million may leave a hair below.
	return timeOfMicros(math.Round(c.ExpirationDate * 1e6))
}

// UnixSeconds returns t as Electron counts dates, in seconds since the Unix
// epoch, for [Details].ExpirationDate. A zero t is year 1, long past.
func UnixSeconds(t time.Time) *float64 {
	s := secondsOf(t)
	return &s
}

// cookieOf converts a stored cookie as Electron's Cookie converter does.
func cookieOf(c *cookiemonster.CanonicalCookie) Cookie {
	out := Cookie{
		Name:     c.Name,
		Value:    c.Value,
		Domain:   c.Domain,
		HostOnly: c.IsHostOnly(),
		Path:     c.Path,
		Secure:   c.Secure,
		HTTPOnly: c.HTTPOnly,
		Session:  !c.IsPersistent(),
		SameSite: sameSiteName(c.SameSite),
	}
	if c.IsPersistent() {
		out.ExpirationDate = secondsOf(c.Expiry)
	}
	return out
}

// sameSiteName names s as Electron does; a value outside the defined ones
// is "unknown", as Electron's converter returns for one.
func sameSiteName(s cookiemonster.SameSite) SameSite {
	switch s {
	case cookiemonster.SameSiteUnspecified:
		return SameSiteUnspecified
	case cookiemonster.SameSiteNone:
		return SameSiteNoRestriction
	case cookiemonster.SameSiteLax:
		return SameSiteLax
	case cookiemonster.SameSiteStrict:
		return SameSiteStrict
	}
	return "unknown"
}

// parseSameSite converts the sameSite of Details as Electron's
// StringToCookieSameSite does: "" (omitted) is lax.
func parseSameSite(s SameSite) (cookiemonster.SameSite, bool) {
	switch s {
	case "", SameSiteLax:
		return cookiemonster.SameSiteLax, true
	case SameSiteUnspecified:
		return cookiemonster.SameSiteUnspecified, true
	case SameSiteNoRestriction:
		return cookiemonster.SameSiteNone, true
	case SameSiteStrict:
		return cookiemonster.SameSiteStrict, true
	}
	return cookiemonster.SameSiteUnspecified, false
}

// secondsOf returns t in seconds since the Unix epoch, as Chromium's
// Time::InSecondsFSinceUnixEpoch: microseconds divided by a million.
func secondsOf(t time.Time) float64 {
	return float64(t.UnixMicro()) / 1e6
}

// timeOfSeconds returns the instant s seconds after the Unix epoch, as
// Chromium's Time::FromSecondsSinceUnixEpoch computes it: truncated to the
// microsecond, saturating far outside Go's range of microseconds. NaN is
// the zero Time, as Chromium makes it the null time.
func timeOfSeconds(s float64) time.Time {
	return timeOfMicros(math.Trunc(s * 1e6))
}

// timeOfMicros returns the instant us microseconds after the Unix epoch,
// saturating outside the range of int64; NaN is the zero Time.
func timeOfMicros(us float64) time.Time {
	switch {
	case math.IsNaN(us):
		return time.Time{}
	case us >= math.MaxInt64:
		return time.UnixMicro(math.MaxInt64).UTC()
	case us <= math.MinInt64:
		return time.UnixMicro(math.MinInt64).UTC()
	}
	return time.UnixMicro(int64(us)).UTC()
}

// parseTimeProperty converts a date of Details as Electron's
// ParseTimeProperty does: nil is the zero Time, which the store takes as
// "not given", and 0 is the Unix epoch itself.
func parseTimeProperty(s *float64) time.Time {
	if s == nil {
		return time.Time{}
	}
	if *s == 0 {
		return time.Unix(0, 0).UTC()
	}
	return timeOfSeconds(*s)
}
