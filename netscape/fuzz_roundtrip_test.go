package netscape_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster/internal/vectors"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/netscape"
)

// writeReadURLs are the URLs FuzzWriteRead sets its cookies from, beside
// the fuzzed one: every kind of host a cookie can have and default paths
// with unusual characters.
var writeReadURLs = []string{
	"https://www.example.com/dir/page",
	"http://home.example.org:8888/cookie-parser?x",
	"http://127.0.0.1/",
	"https://[::1]/a/b",
	"http://localhost/",
	"https://shop.example.co.uk:8443/x y/z",
	"http://bücher.example/ä/ö",
	"http://www.example.com/a;b/c",
}

// maxWriteReadCookies is how many lines of its input FuzzWriteRead makes
// cookies of; the rest are ignored.
const maxWriteReadCookies = 8

// The bits of FuzzWriteRead's flags argument.
const (
	wrSecure      = 1 << iota // the explicit-field cookie is Secure
	wrHTTPOnly                // and HttpOnly
	wrPartitioned             // Partitioned lines get a partition key
	wrFirstParty              // the first cookie gets a first-party domain
	wrNil                     // a nil cookie comes first
	wrPersistent              // the explicit-field cookie expires
)

// writtenLine returns the cookies.txt line of c as Write documents it,
// LF included, or why Write cannot write it (the documented cases, each a
// reason Read would refuse the line or read it as another cookie).
func writtenLine(c *cookiemonster.CanonicalCookie) (line, why string) {
	d := strings.TrimPrefix(c.Domain, ".")
	switch {
	case d == "" || d[0] == '.' || d[0] == '#':
		return "", "domain"
	case len(d) > cookiemonster.MaxAttributeValueSize:
		return "", "long domain"
	case c.Path == "" || c.Path[0] != '/':
		return "", "path"
	case len(c.Path) > cookiemonster.MaxAttributeValueSize:
		return "", "long path"
	case strings.Contains(c.Path, ";"):
		return "", "';' in the path"
	case c.Name == "" && c.Value == "":
		return "", "empty name and value"
	}
	for _, s := range []string{c.Domain, c.Path, c.Name, c.Value} {
		for i := 0; i < len(s); i++ {
			if s[i] < 0x20 || s[i] == 0x7f {
				return "", "control character"
			}
		}
		if strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
			return "", "space at an edge"
		}
	}
	var b strings.Builder
	if c.HTTPOnly {
		b.WriteString("#HttpOnly_")
	}
	flag := func(v bool) string { return strings.ToUpper(strconv.FormatBool(v)) }
	var exp int64
	if c.IsPersistent() {
		exp = max(c.Expiry.Unix(), 1)
	}
	fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", c.Domain, flag(!c.IsHostOnly()), c.Path, flag(c.Secure), exp, c.Name, c.Value)
	if b.Len()-1 > netscape.MaxLineLength {
		return "", "line too long"
	}
	return b.String(), ""
}

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

// FuzzWriteRead checks that Write and Read are inverse on what the
// cookies.txt format carries, and that Write refuses exactly the cookies
// it documents. The cookies are made by cookiemonster.NewCanonicalCookie
// from each line of lines (up to maxWriteReadCookies), set from the
// fuzzed URL rawURL or one of writeReadURLs (which picks the first), at
// creation creationNs after t0, and by cookiemonster.NewSanitizedCookie
// from the explicit fields name, value, domain and path; flags adds a
// partition, a first-party domain and a nil cookie, which Write skips
// silently.
//
// Every other cookie is either refused, with one error wrapping
// ErrNotRepresentable that names its index, or written as the line
// writtenLine describes; the file holds the Header and those lines, in
// order, and reads back without error as readBack says: domain (and so
// host-only or not), path, name, value, Secure, HttpOnly and the expiry
// in seconds kept, the other fields given Read's defaults.
func FuzzWriteRead(f *testing.F) {
	wpt, err := vectors.WPTLines("..")
	require.NoError(f, err)
	for i := 0; i < len(wpt); i += maxWriteReadCookies {
		chunk := wpt[i:min(i+maxWriteReadCookies, len(wpt))]
		n := i / maxWriteReadCookies
		f.Add(strings.Join(chunk, "\n"), "http://home.example.org:8888/cookie-parser?"+strconv.Itoa(n), uint8(n), int64(n)*int64(time.Minute),
			"n"+strconv.Itoa(n), "v", "home.example.org", "", uint8(n))
	}
	for i, l := range []string{
		"sid=1; Domain=example.com; Path=/; Secure; HttpOnly; Max-Age=3600; SameSite=Strict",
		"pref=x y z; Expires=Wed, 01 Jan 2025 00:00:00 GMT\n=nameless\nempty=",
		"__Host-k=v; Path=/; Secure; Priority=High\n__Secure-p=1; Secure; Partitioned; Max-Age=60",
		"a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT\nc=d; Path=/x;y\ne=f; Max-Age=0",
		"x=1\nx=2; Domain=home.example.org\ny=3; Domain=localhost\nz=4; Domain=127.0.0.1",
	} {
		f.Add(l, "http://home.example.org:8888/a/b;c/d", uint8(i), int64(i)*int64(time.Hour),
			"n", "v", "", "/p", uint8(i*13))
	}
	f.Add("a=b", "https://[2001:db8::1]:444/", uint8(3), int64(-50*365*24*time.Hour),
		"", "bare", "", "", uint8(wrSecure|wrPersistent))
	f.Add("a=b; Max-Age=1", "http://xn--bcher-kva.example/", uint8(6), int64(0),
		"sp ace", "v", ".xn--bcher-kva.example", "/a b/\\c", uint8(wrHTTPOnly|wrPersistent))
	f.Add("", "http://www.example.com/"+strings.Repeat("p", 1100)+"/x", uint8(7), int64(7),
		"long", strings.Repeat("v", 4000), "example.com", "", uint8(wrNil|wrFirstParty))
	key, err := cookiemonster.NewPartitionKey(&url.URL{Scheme: "https", Host: "top.example"}, true)
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, lines, rawURL string, which uint8, creationNs int64, name, value, domain, path string, flags uint8) {
		urls := make([]*url.URL, 0, len(writeReadURLs)+1)
		for _, s := range writeReadURLs {
			u, err := url.Parse(s)
			require.NoError(t, err)
			urls = append(urls, u)
		}
		if u, err := url.Parse(rawURL); err == nil {
			urls = append(urls, u)
		}
		creation := t0.Add(time.Duration(creationNs))
		o := cookiemonster.CreateOptions{}
		if flags&wrPartitioned != 0 {
			o.Partition = key
		}
		var cookies []*cookiemonster.CanonicalCookie
		if flags&wrNil != 0 {
			cookies = append(cookies, nil)
		}
		for i, line := range strings.SplitN(lines, "\n", maxWriteReadCookies+1) {
			if i == maxWriteReadCookies {
				break
			}
			c, st := cookiemonster.NewCanonicalCookie(urls[(int(which)+i)%len(urls)], line, creation, o)
			if c != nil {
				require.True(t, st.IsInclude(), "%q: %v", line, st)
				cookies = append(cookies, c)
			}
		}
		d := cookiemonster.CookieDetails{
			URL: urls[int(which)%len(urls)], Name: name, Value: value, Domain: domain, Path: path,
			Secure: flags&wrSecure != 0, HTTPOnly: flags&wrHTTPOnly != 0, Creation: creation,
		}
		if flags&wrPersistent != 0 {
			d.Expiry = creation.Add(time.Duration(creationNs % int64(cookiemonster.MaxExpiryAge)))
		}
		if c, _ := cookiemonster.NewSanitizedCookie(d, creation); c != nil {
			cookies = append(cookies, c)
		}
		if flags&wrFirstParty != 0 {
			for i, c := range cookies {
				if c != nil {
					fp := *c
					fp.FirstPartyDomain = "top.example"
					cookies[i] = &fp
					break
				}
			}
		}
		if len(cookies) == 0 {
			return
		}

		var buf bytes.Buffer
		werr := netscape.Write(&buf, cookies)
		wantFile := netscape.Header
		var carried []*cookiemonster.CanonicalCookie
		refused := 0
		for i, c := range cookies {
			if c == nil || c.IsPartitioned() || c.FirstPartyDomain != "" {
				continue
			}
			require.Truef(t, c.IsCanonical(), "%#v", c)
			line, why := writtenLine(c)
			if why != "" {
				refused++
				require.ErrorIs(t, werr, netscape.ErrNotRepresentable)
				require.Containsf(t, werr.Error(), fmt.Sprintf("cookie %d (domain %q, name %q) ", i, c.Domain, c.Name),
					"%s: %#v", why, c)
				continue
			}
			wantFile += line
			carried = append(carried, c)
		}
		if refused == 0 {
			require.NoError(t, werr)
		} else {
			var joined interface{ Unwrap() []error }
			require.True(t, errors.As(werr, &joined), "%v", werr)
			require.Len(t, joined.Unwrap(), refused, "%v", werr)
		}
		require.Equal(t, wantFile, buf.String())

		back, err := netscape.ReadWithOptions(&buf, netscape.Options{Now: t0})
		require.NoError(t, err, "file:\n%s", wantFile)
		require.Len(t, back, len(carried))
		for i, c := range carried {
			require.Equal(t, readBack(c, i, t0), back[i], "cookie %#v", c)
		}
	})
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
