package cookiemonster

import (
	"slices"
)

// compareCookies orders cookies for a Cookie header: longer path first,
// then earlier creation.
func compareCookies(a, b *CanonicalCookie) int {
	if len(a.Path) != len(b.Path) {
		return len(b.Path) - len(a.Path)
	}
	return a.Creation.Compare(b.Creation)
}

// SortCookies sorts cookies in the order of a Cookie header: longer path
// first, then earlier creation, keeping the order of ties.
func SortCookies(cookies []*CanonicalCookie) {
	slices.SortStableFunc(cookies, compareCookies)
}

// CookieLine builds a Cookie request header value: "name=value" pairs, or
// the value alone for a nameless cookie, joined by "; ". It keeps the given
// order.
func CookieLine(cookies []*CanonicalCookie) string {
	n := 0
	for _, c := range cookies {
		n += len(c.Name) + len(c.Value) + 3
	}
	b := make([]byte, 0, n)
	for _, c := range cookies {
		b = appendPair(b, c)
	}
	return string(b)
}

// appendPair appends c to a Cookie header being built in b: "name=value",
// or the value alone for a nameless cookie, after "; " unless b is empty.
func appendPair(b []byte, c *CanonicalCookie) []byte {
	if len(b) > 0 {
		b = append(b, "; "...)
	}
	if c.Name != "" {
		b = append(b, c.Name...)
		b = append(b, '=')
	}
	return append(b, c.Value...)
}
