package cookiejson

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

var now = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

func partition(t *testing.T, site string, cross bool) cookiemonster.PartitionKey {
	p, err := cookiemonster.PartitionKeyFromStorage(site, cross, nil)
	require.NoError(t, err)
	return p
}

// base is a cookie as Read builds it from the i-th entry, before the
// entry's fields.
func base(i int, name, domain string, edit func(c *cookiemonster.CanonicalCookie)) *cookiemonster.CanonicalCookie {
	at := now.Add(time.Duration(i) * time.Microsecond)
	c := &cookiemonster.CanonicalCookie{Name: name, Value: "v", Domain: domain, Path: "/",
		Creation: at, LastAccess: at, LastUpdate: at, Priority: cookiemonster.PriorityMedium,
		SourcePort: cookiemonster.PortUnspecified}
	if edit != nil {
		edit(c)
	}
	return c
}

func TestReadPlaywright(t *testing.T) {
	in := `{"cookies": [
 {"name": "sid", "value": "v", "domain": "www.example.com", "path": "/", "expires": -1, "httpOnly": true, "secure": true, "sameSite": "Lax"},
 {"name": "pref", "value": "v", "domain": ".example.com", "path": "/app", "expires": 1796644800.5, "httpOnly": false, "secure": false, "sameSite": "None"},
 {"name": "chips", "value": "v", "domain": "widget.example", "path": "/", "expires": -1, "secure": true, "sameSite": "None", "partitionKey": "https://top.example"},
 {"name": "bad same-site", "value": "v", "domain": "a.example", "path": "/", "expires": -1, "sameSite": "Sometimes"},
 {"value": "no name", "domain": "a.example", "path": "/"},
 {"name": "bad\u0001", "value": "v", "domain": "a.example", "path": "/", "expires": -1},
 "not an object"
], "origins": []}`
	got, bad, err := Read(strings.NewReader(in), now, nil)
	require.NoError(t, err)
	assert.Equal(t, []*cookiemonster.CanonicalCookie{
		base(0, "sid", "www.example.com", func(c *cookiemonster.CanonicalCookie) {
			c.HTTPOnly, c.Secure, c.SameSite = true, true, cookiemonster.SameSiteLax
		}),
		base(1, "pref", ".example.com", func(c *cookiemonster.CanonicalCookie) {
			c.Path, c.SameSite = "/app", cookiemonster.SameSiteNone
			c.Expiry = time.Date(2026, 12, 7, 12, 0, 0, 500_000_000, time.UTC)
		}),
		base(2, "chips", "widget.example", func(c *cookiemonster.CanonicalCookie) {
			c.Secure, c.SameSite, c.Partition = true, cookiemonster.SameSiteNone, partition(t, "https://top.example", true)
		}),
	}, got)
	var idx []int
	for _, b := range bad {
		idx = append(idx, b.Index)
	}
	assert.Equal(t, []int{3, 4, 5, 6}, idx)
	assert.ErrorContains(t, bad[0], `sameSite "Sometimes"`)
	assert.Equal(t, "bad same-site", bad[0].Name)
	assert.ErrorIs(t, bad[2], cookiemonster.ErrNotCanonical)
}

func TestReadCDP(t *testing.T) {
	in := `[
 {"name": "a", "value": "v", "domain": ".example.com", "path": "/", "expires": 1796644800, "size": 2, "httpOnly": true, "secure": true,
  "session": false, "sameSite": "Strict", "priority": "High", "sourceScheme": "Secure", "sourcePort": 443,
  "partitionKey": {"topLevelSite": "https://top.example", "hasCrossSiteAncestor": false}},
 {"name": "b", "value": "v", "domain": "www.example.com", "path": "/", "expires": -1, "size": 2, "httpOnly": false, "secure": false,
  "session": true, "priority": "Low", "sourceScheme": "NonSecure", "sourcePort": 80},
 {"name": "c", "value": "v", "domain": "www.example.com", "path": "/", "expires": -1, "size": 2, "httpOnly": false, "secure": false,
  "session": true, "priority": "Medium", "sourceScheme": "Unset", "sourcePort": -1},
 {"name": "d", "value": "v", "domain": "www.example.com", "path": "/", "expires": -1, "sourcePort": 70000}
]`
	got, bad, err := Read(strings.NewReader(in), now, nil)
	require.NoError(t, err)
	require.Len(t, bad, 1)
	assert.Equal(t, 3, bad[0].Index)
	assert.EqualError(t, bad[0], `cookie 3 ("d"): sourcePort 70000: not -1 (unspecified) or a port 1-65535`)
	assert.Equal(t, []*cookiemonster.CanonicalCookie{
		base(0, "a", ".example.com", func(c *cookiemonster.CanonicalCookie) {
			c.HTTPOnly, c.Secure, c.SameSite, c.Priority = true, true, cookiemonster.SameSiteStrict, cookiemonster.PriorityHigh
			c.SourceScheme, c.SourcePort, c.Expiry = cookiemonster.SourceSchemeSecure, 443, time.Unix(1796644800, 0).UTC()
			c.Partition = partition(t, "https://top.example", false)
		}),
		base(1, "b", "www.example.com", func(c *cookiemonster.CanonicalCookie) {
			c.Priority, c.SourceScheme, c.SourcePort = cookiemonster.PriorityLow, cookiemonster.SourceSchemeNonSecure, 80
		}),
		base(2, "c", "www.example.com", nil),
	}, got)
}

// TestRoundTrip: what Write writes, Read reads back, but for what the
// notes say the format does not carry.
func TestRoundTrip(t *testing.T) {
	cookies := []*cookiemonster.CanonicalCookie{
		base(0, "a", ".example.com", func(c *cookiemonster.CanonicalCookie) {
			c.HTTPOnly, c.Secure, c.SameSite, c.Priority = true, true, cookiemonster.SameSiteStrict, cookiemonster.PriorityHigh
			c.SourceScheme, c.SourcePort, c.Expiry = cookiemonster.SourceSchemeSecure, 443, now.Add(time.Hour)
		}),
		base(1, "b", "www.example.com", func(c *cookiemonster.CanonicalCookie) {
			c.Secure, c.SameSite, c.Partition = true, cookiemonster.SameSiteNone, partition(t, "https://top.example", true)
		}),
		base(2, "c", "www.example.com", nil),
	}
	for _, tc := range []struct {
		f     Format
		notes []string
		want  func(c *cookiemonster.CanonicalCookie)
	}{
		{CDP, []string{"creation and last-access times not carried: 3 cookies"}, nil},
		{Playwright, []string{
			"creation and last-access times not carried: 3 cookies", "priority not carried: 1 cookies",
			"source scheme and port not carried: 1 cookies", "SameSite unspecified written as Lax: 1 cookies",
		}, func(c *cookiemonster.CanonicalCookie) {
			c.Priority, c.SourceScheme, c.SourcePort = cookiemonster.PriorityMedium, cookiemonster.SourceSchemeUnset, cookiemonster.PortUnspecified
			if c.SameSite == cookiemonster.SameSiteUnspecified {
				c.SameSite = cookiemonster.SameSiteLax
			}
		}},
	} {
		t.Run(tc.f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			notes, err := Write(&buf, tc.f, cookies)
			require.NoError(t, err)
			assert.Equal(t, tc.notes, notes)
			assert.Equal(t, tc.f, Detect(buf.Bytes()))
			got, bad, err := Read(&buf, now, nil)
			require.NoError(t, err)
			require.Empty(t, bad)
			var want []*cookiemonster.CanonicalCookie
			for _, c := range cookies {
				w := *c
				if tc.want != nil {
					tc.want(&w)
				}
				want = append(want, &w)
			}
			assert.Equal(t, want, got)
		})
	}
}

func TestReadBadFiles(t *testing.T) {
	for _, tc := range []struct {
		name, in, says string
	}{
		{"truncated", `{"cookies": [{"name": "a",`, "line 1, byte 26"},
		{"binary", "\x00\x01\x02", "not a cookie JSON file"},
		{"another shape", `{"users": []}`, `neither a cookie array nor an object with a "cookies" array`},
		{"second line", "[\n {\"name\": }]", "line 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, bad, err := Read(strings.NewReader(tc.in), now, nil)
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrFormat), "%v", err)
			assert.ErrorContains(t, err, tc.says)
			assert.Nil(t, got)
			assert.Nil(t, bad)
		})
	}
}

// FuzzRead: no input makes Read panic; what it reads, Write writes and
// Read reads back as many cookies.
func FuzzRead(f *testing.F) {
	f.Add(`{"cookies": [{"name": "a", "value": "v", "domain": "example.com", "path": "/", "expires": -1}], "origins": []}`)
	f.Add(`[{"name": "a", "value": "v", "domain": ".example.com", "path": "/", "expires": 1796644800, "partitionKey": {"topLevelSite": "https://top.example", "hasCrossSiteAncestor": true}}]`)
	f.Add(`[{"name": "a", "value": "v", "domain": "x", "expires": 1e300}]`)
	f.Add("[")
	f.Fuzz(func(t *testing.T, in string) {
		got, _, err := Read(strings.NewReader(in), now, nil)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if _, err := Write(&buf, CDP, got); err != nil {
			t.Fatal(err)
		}
		again, bad, err := Read(&buf, now, nil)
		require.NoError(t, err)
		require.Empty(t, bad)
		require.Len(t, again, len(got))
	})
}

// TestWriteUnspecifiedPort: the DevTools protocol's unspecified source
// port is -1, not the store's 0.
func TestWriteUnspecifiedPort(t *testing.T) {
	var buf bytes.Buffer
	_, err := Write(&buf, CDP, []*cookiemonster.CanonicalCookie{
		base(0, "a", "www.example.com", nil),
		base(1, "b", "www.example.com", func(c *cookiemonster.CanonicalCookie) { c.SourcePort = 8443 }),
	})
	require.NoError(t, err)
	var got []struct {
		Name       string `json:"name"`
		SourcePort int    `json:"sourcePort"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
	assert.Equal(t, []int{-1, 8443}, []int{got[0].SourcePort, got[1].SourcePort})
}
