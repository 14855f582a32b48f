package netscape_test

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/netscape"
)

// readBack returns what Read must make of the line of c, the i-th cookie
// of the file, read at now: the fields the format carries, expiry in
// whole seconds (an expiry before 1970 as 1970-01-01T00:00:01Z, none
// after year 9999), and the documented defaults for the rest.
func readBack(c *cookiemonster.CanonicalCookie, i int, now time.Time) *cookiemonster.CanonicalCookie {
	at := now.Add(time.Duration(i) * time.Microsecond)
	want := &cookiemonster.CanonicalCookie{
		Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path,
		Creation: at, LastAccess: at, LastUpdate: at,
		Secure: c.Secure, HTTPOnly: c.HTTPOnly,
		SameSite:     cookiemonster.SameSiteUnspecified,
		Priority:     cookiemonster.PriorityMedium,
		SourceScheme: cookiemonster.SourceSchemeNonSecure,
		SourcePort:   cookiemonster.PortUnspecified,
	}
	if c.Secure {
		want.SourceScheme = cookiemonster.SourceSchemeSecure
	}
	if c.IsPersistent() {
		want.Expiry = time.Unix(min(max(c.Expiry.Unix(), 1), y9999), 0).UTC()
	}
	return want
}

// checkRefused writes c, which Write must refuse, with a carried cookie
// after it, and checks the refusal and that the file reads back as the
// carried cookie alone.
func checkRefused(t *testing.T, c *cookiemonster.CanonicalCookie, why string) {
	t.Helper()
	ok, st := cookiemonster.NewCanonicalCookie(&url.URL{Scheme: "https", Host: "ok.example", Path: "/"}, "ok=1", t0, cookiemonster.CreateOptions{})
	require.True(t, st.IsInclude())
	var buf bytes.Buffer
	err := netscape.Write(&buf, []*cookiemonster.CanonicalCookie{c, ok})
	require.ErrorIs(t, err, netscape.ErrNotRepresentable)
	require.ErrorContains(t, err, fmt.Sprintf("cookie 0 (domain %q, name %q) cannot be written as a cookies.txt line: %s", c.Domain, c.Name, why))
	back, err := netscape.ReadWithOptions(&buf, netscape.Options{Now: t0})
	require.NoError(t, err)
	require.Equal(t, []*cookiemonster.CanonicalCookie{readBack(ok, 0, t0)}, back)
}

// TestWriteRefusesSemicolonPath: a default path taken from a URL may hold
// a ';', which Read refuses in a path; Write refuses the cookie rather
// than write a line that does not read back.
func TestWriteRefusesSemicolonPath(t *testing.T) {
	u, err := url.Parse("http://www.example.com/a;b/c")
	require.NoError(t, err)
	c, st := cookiemonster.NewCanonicalCookie(u, "x=1", t0, cookiemonster.CreateOptions{})
	require.True(t, st.IsInclude(), "%v", st)
	require.Equal(t, "/a;b", c.Path)
	checkRefused(t, c, "a ';' in the path")
}

// TestWriteRefusesLongPath: a default path taken from a URL may be longer
// than cookiemonster.MaxAttributeValueSize, which Read refuses; Write
// refuses the cookie.
func TestWriteRefusesLongPath(t *testing.T) {
	u := &url.URL{Scheme: "http", Host: "www.example.com", Path: "/" + strings.Repeat("p", cookiemonster.MaxAttributeValueSize) + "/x"}
	c, st := cookiemonster.NewCanonicalCookie(u, "x=1", t0, cookiemonster.CreateOptions{})
	require.True(t, st.IsInclude(), "%v", st)
	require.Len(t, c.Path, cookiemonster.MaxAttributeValueSize+1)
	checkRefused(t, c, "a path of 1025 bytes, limit 1024")
}

// TestWriteRefusesLongDomain: the host of a URL, and so a host-only
// cookie's domain, may be longer than cookiemonster.MaxAttributeValueSize,
// which Read refuses; Write refuses the cookie.
func TestWriteRefusesLongDomain(t *testing.T) {
	h := strings.Repeat("a.", 600) + "example.com"
	c, st := cookiemonster.NewCanonicalCookie(&url.URL{Scheme: "http", Host: h, Path: "/"}, "x=1", t0, cookiemonster.CreateOptions{})
	require.True(t, st.IsInclude(), "%v", st)
	require.Equal(t, h, c.Domain)
	checkRefused(t, c, fmt.Sprintf("a domain of %d bytes, limit 1024", len(h)))
}
