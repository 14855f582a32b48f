package cookiemonster

import (
	"strings"
	"time"
)

// String returns the cookie as a Set-Cookie line that, received from a URL
// on its domain and path at its creation time, creates an equal cookie.
func (c *CanonicalCookie) String() string {
	f := lineFields{name: c.Name, value: c.Value, path: c.Path, secure: c.Secure, httpOnly: c.HTTPOnly,
		sameSite: c.SameSite, priority: c.Priority, partitioned: c.IsPartitioned(), expires: c.Expiry}
	if !c.IsHostOnly() {
		f.domain = c.DomainWithoutDot()
	}
	return f.String()
}

// lineFields are the parts of a Set-Cookie line this package writes, for
// CanonicalCookie.String and for cookies that come as fields (net/http).
type lineFields struct {
	name, value, domain, path string
	// maxAge, when not "", is written instead of expires.
	maxAge                        string
	expires                       time.Time
	secure, httpOnly, partitioned bool
	sameSite                      SameSite
	priority                      Priority
}

// String writes the line; empty attributes are left out.
func (f *lineFields) String() string {
	var b strings.Builder
	b.Grow(len(f.name) + len(f.value) + len(f.domain) + len(f.path) + 96)
	b.WriteString(f.name)
	b.WriteByte('=')
	b.WriteString(f.value)
	attr := func(name, value string) {
		if value != "" {
			b.WriteString("; ")
			b.WriteString(name)
			b.WriteByte('=')
			b.WriteString(value)
		}
	}
	flag := func(name string, on bool) {
		if on {
			b.WriteString("; ")
			b.WriteString(name)
		}
	}
	attr("Domain", f.domain)
	attr("Path", f.path)
	switch {
	case f.maxAge != "":
		attr("Max-Age", f.maxAge)
	case !f.expires.IsZero():
		attr("Expires", f.expires.UTC().Format(httpTimeFormat))
	}
	flag("Secure", f.secure)
	flag("HttpOnly", f.httpOnly)
	// A value outside the defined ones is left out, as unspecified and
	// medium are: no attribute names it.
	if f.sameSite != SameSiteUnspecified && f.sameSite.defined() {
		attr("SameSite", f.sameSite.String())
	}
	if f.priority != PriorityMedium && f.priority.defined() {
		attr("Priority", f.priority.String())
	}
	flag("Partitioned", f.partitioned)
	return b.String()
}

// httpTimeFormat is the IMF-fixdate layout of RFC 9110.
const httpTimeFormat = "Mon, 02 Jan 2006 15:04:05 GMT"
