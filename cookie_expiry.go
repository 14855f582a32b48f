package cookiemonster

import (
	"time"

	"github.com/cookiemonster-go/cookiemonster/internal/cookiedate"
)

// MaxExpiryAge is the longest lifetime a cookie may have: an expiry further
// away than creation + 400 days is moved back to it (RFC 6265bis §5.5).
const MaxExpiryAge = 400 * 24 * time.Hour

// alreadyExpired is the expiry of a cookie set with Max-Age <= 0: the
// smallest non-null time in Chromium's µs-since-1601 encoding, so it sorts
// before any creation time and survives storage.
func alreadyExpired() time.Time { return time.Date(1601, 1, 1, 0, 0, 0, 1000, time.UTC) }

// parseMaxAge parses a Max-Age value as a signed decimal int64, saturating
// on overflow. It reports false for anything else.
func parseMaxAge(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	neg := false
	switch s[0] {
	case '-':
		neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	var n int64
	sat := false
	for i := 0; i < len(s); i++ {
		d := s[i]
		if d < '0' || d > '9' {
			return 0, false
		}
		// Below the first bound no digit can overflow, so the division
		// is left for the last digits of very long numbers.
		if n >= (1<<63-1)/10 && n > (1<<63-1-int64(d-'0'))/10 {
			sat = true
			continue
		}
		n = n*10 + int64(d-'0')
	}
	if sat {
		n = 1<<63 - 1
	}
	if neg {
		return -n, true
	}
	return n, true
}

// expiryOf computes the expiry: Max-Age when it is an integer, else
// Expires corrected for clock skew, capped at creation + 400 days. Zero means
// a session cookie.
func expiryOf(pc *ParsedCookie, creation, serverTime time.Time) time.Time {
	if ma, ok := pc.MaxAge(); ok {
		if n, ok := parseMaxAge(ma); ok {
			if n <= 0 {
				return alreadyExpired()
			}
			if n > int64(MaxExpiryAge/time.Second) {
				return creation.Add(MaxExpiryAge)
			}
			return creation.Add(time.Duration(n) * time.Second)
		}
	}
	exp, ok := pc.Expires()
	if !ok || exp == "" {
		return time.Time{}
	}
	t, early, ok := cookiedate.ParseExpiry(exp)
	switch {
	case !ok:
		return time.Time{}
	case early:
		// A date before 1601 is in the past, as Chromium reads it.
		return alreadyExpired()
	}
	if !serverTime.IsZero() {
		t = t.Add(creation.Sub(serverTime))
	}
	return capExpiry(normTime(t), creation)
}

// capExpiry moves an expiry beyond creation + 400 days back to it.
func capExpiry(expiry, creation time.Time) time.Time {
	if limit := creation.Add(MaxExpiryAge); expiry.After(limit) {
		return limit
	}
	if !expiry.After(alreadyExpired()) {
		return alreadyExpired()
	}
	return expiry
}
