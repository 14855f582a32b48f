// Package host canonicalizes host names and computes registrable domains
// (eTLD+1) for cookie domain checks and storage keys.
package host

import (
	"net/netip"
	"strings"
	"sync"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// PublicSuffixList reports the public suffix of a domain. It has the same
// method set as net/http/cookiejar.PublicSuffixList.
type PublicSuffixList interface {
	// PublicSuffix returns the public suffix of domain.
	PublicSuffix(domain string) string
	// String returns a description of the list's source.
	String() string
}

// Default returns the public suffix list used when none is configured:
// golang.org/x/net/publicsuffix. A top-level domain that the list does not
// know is a one-label registry (the implicit "*" rule), as Chromium counts
// it (GetDomainAndRegistry with INCLUDE_UNKNOWN_REGISTRIES): "a.foo.test"
// has the registrable domain "foo.test", "a.b.localhost" "b.localhost".
func Default() PublicSuffixList { return publicsuffix.List }

// profile maps non-ASCII host names to punycode the way a browser's URL
// parser does: UTS #46 non-transitional mapping, without the STD3 character
// restriction so that underscores stay allowed.
var profile = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.StrictDomainName(false),
	idna.CheckHyphens(false),
)

// forbidden reports whether b may not appear in a canonical host name.
func forbidden(b byte) bool {
	if b <= 0x20 || b == 0x7f {
		return true
	}
	switch b {
	case '#', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|', '%':
		return true
	}
	return false
}

// Canonicalize returns s lower-cased, with internationalized labels converted
// to punycode, and reports whether s is a valid host name. IPv6 literals must
// be enclosed in brackets and are returned in their canonical form. A host
// whose last label is a number is an IPv4 address in any of the URL
// Standard's forms ("0x7f.1", "3.2.4", "16843009"), returned dotted-decimal,
// or invalid ("a.123", "1.2.3.256"). A host ending in ".." is invalid.
func Canonicalize(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	if s[0] == '[' {
		if len(s) < 3 || s[len(s)-1] != ']' {
			return "", false
		}
		a, err := netip.ParseAddr(s[1 : len(s)-1])
		if err != nil || !a.Is6() || a.Zone() != "" {
			return "", false
		}
		return "[" + a.String() + "]", true
	}
	ascii := true
	upper := false
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch {
		case 'a' <= b && b <= 'z', '0' <= b && b <= '9', b == '.', b == '-':
			// the bytes of most host names
		case b >= 0x80:
			ascii = false
		case 'A' <= b && b <= 'Z':
			upper = true
		case forbidden(b):
			return "", false
		}
	}
	if !ascii {
		out, err := profile.ToASCII(s)
		if err != nil || out == "" {
			return "", false
		}
		for i := 0; i < len(out); i++ {
			if forbidden(out[i]) || out[i] >= 0x80 {
				return "", false
			}
		}
		s = out
	} else if upper {
		s = strings.ToLower(s)
	}
	if strings.HasSuffix(s, "..") || s == "." {
		return "", false
	}
	if endsInNumber(s) {
		return parseIPv4(s)
	}
	return s, true
}

// IsIP reports whether the canonical host h is an IP address literal
// (IPv4 dotted quad, or IPv6 in brackets).
func IsIP(h string) bool {
	if h == "" {
		return false
	}
	if h[0] == '[' {
		return true
	}
	last := h[len(h)-1]
	if last < '0' || last > '9' {
		return false
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.Is4()
}

// RegistrableDomain returns the eTLD+1 of the canonical host h under psl, or
// "" when h has none: an IP address or a public suffix itself (an unknown
// top-level domain, with the default list). A trailing dot on h is kept on
// the result.
func RegistrableDomain(psl PublicSuffixList, h string) string {
	if h == "" || IsIP(h) {
		return ""
	}
	if psl == nil {
		psl = publicsuffix.List
	}
	full := h
	if h[len(h)-1] == '.' {
		h = h[:len(h)-1]
	}
	if h == "" || h[0] == '.' {
		return ""
	}
	ps := psl.PublicSuffix(h)
	if len(ps) >= len(h) || !strings.HasSuffix(h, ps) || h[len(h)-len(ps)-1] != '.' {
		return ""
	}
	// The registrable domain is the label before the suffix, with the
	// suffix: a tail of h (and of full, trailing dot included).
	rest := h[:len(h)-len(ps)-1]
	start := strings.LastIndexByte(rest, '.') + 1
	if start == len(rest) {
		return ""
	}
	return full[start:]
}

// Key returns the storage key of a cookie domain (with or without a leading
// dot, any case): its registrable domain, or the dotless domain itself when
// it has none, in lower case.
func Key(psl PublicSuffixList, domain string) string {
	domain = strings.TrimPrefix(domain, ".")
	for i := 0; i < len(domain); i++ {
		if 'A' <= domain[i] && domain[i] <= 'Z' {
			domain = strings.ToLower(domain)
			break
		}
	}
	if rd := RegistrableDomain(psl, domain); rd != "" {
		return rd
	}
	return domain
}

// IsLocalhost reports whether the canonical host h is a loopback name or
// address: "localhost", a name under ".localhost", 127.0.0.0/8 or [::1].
// Such hosts are potentially trustworthy origins even over http.
func IsLocalhost(h string) bool {
	h = strings.TrimSuffix(h, ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	if h == "" {
		return false
	}
	if h[0] == '[' && h[len(h)-1] == ']' {
		h = h[1 : len(h)-1]
	}
	a, err := netip.ParseAddr(h)
	if err != nil || a.Zone() != "" {
		return false
	}
	// An IPv4-mapped IPv6 address is not loopback, as in Chromium.
	return (a.Is4() && a.IsLoopback()) || a == netip.IPv6Loopback()
}

// cacheMax bounds a Cache; when full it starts over.
const cacheMax = 1 << 14

// Cache is a PublicSuffixList that remembers the answers of another, so
// that the hot paths of a store do not ask the list (and allocate) again
// for the hosts they see over and over. It is safe for concurrent use.
type Cache struct {
	list PublicSuffixList
	mu   sync.RWMutex
	m    map[string]string
}

// NewCache returns a Cache over list.
func NewCache(list PublicSuffixList) *Cache {
	return &Cache{list: list, m: make(map[string]string)}
}

// PublicSuffix returns the public suffix of domain.
func (c *Cache) PublicSuffix(domain string) string {
	c.mu.RLock()
	ps, ok := c.m[domain]
	c.mu.RUnlock()
	if ok {
		return ps
	}
	ps = c.list.PublicSuffix(domain)
	c.mu.Lock()
	if len(c.m) >= cacheMax {
		clear(c.m)
	}
	c.m[domain] = ps
	c.mu.Unlock()
	return ps
}

// String describes the underlying list.
func (c *Cache) String() string { return c.list.String() }
