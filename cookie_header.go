package cookiemonster

import (
	"slices"
	"strings"
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
	var b strings.Builder
	b.Grow(n)
	for _, c := range cookies {
		writePair(&b, c)
	}
	return b.String()
}

// writePair appends c to a Cookie header being built in b: "name=value",
// or the value alone for a nameless cookie, after "; " unless b is empty.
func writePair(b *strings.Builder, c *CanonicalCookie) {
	if b.Len() > 0 {
		b.WriteString("; ")
	}
	if c.Name != "" {
		b.WriteString(c.Name)
		b.WriteByte('=')
	}
	b.WriteString(c.Value)
}
