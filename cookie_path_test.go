package cookiemonster

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCanonicalCookiePath: every expected path is the one Chromium 156
// stored for a cookie given that path through Network.setCookie (the
// probe's results), except the rows marked otherwise.
func TestCanonicalCookiePath(t *testing.T) {
	var ascii strings.Builder
	ascii.WriteString("/")
	for b := 1; b < 0x80; b++ {
		if b != '\n' && b != '\r' && b != ';' {
			ascii.WriteByte(byte(b))
		}
	}
	cases := []struct {
		name, in, want string
	}{
		{"root", "/", "/"},
		{"plain", "/foo", "/foo"},
		{"trailing slash", "/a/", "/a/"},
		{"DEL", "/foo\x7f", "/foo%7F"},
		{"every ASCII byte but LF, CR and ';'", ascii.String(),
			"/%01%02%03%04%05%06%07%08%09%0B%0C%0E%0F%10%11%12%13%14%15%16%17%18%19%1A%1B%1C%1D%1E%1F%20!%22%23$%&'()*+,-./" +
				"0123456789:%3C=%3E%3F@ABCDEFGHIJKLMNOPQRSTUVWXYZ[/]%5E_%60abcdefghijklmnopqrstuvwxyz%7B%7C%7D~%7F"},
		{"UTF-8, each byte escaped", "/äÿ€", "/%C3%A4%C3%BF%E2%82%AC"},
		// Not UTF-8: Network.setCookie takes only UTF-8; Chromium's
		// unit test escapes these bytes one by one too.
		{"bytes 0x80 and 0xff", "/\x80\xff", "/%80%FF"},
		{"'#'", "/a#b", "/a%23b"},
		{"'?'", "/a?b", "/a%3Fb"},
		{"space", "/a b", "/a%20b"},
		{"inner tab", "/a\tb", "/a%09b"},
		{"'.' segment", "/a/./b", "/a/b"},
		{"'.' and '..' segments", "/a/./b/../c", "/a/c"},
		{"trailing '..'", "/a/b/..", "/a/"},
		{"trailing '.'", "/a/.", "/a/"},
		{"'..' above the root", "/../a", "/a"},
		{"only '..'", "/..", "/"},
		{"escaped dots", "/a/%2e%2E/b/.%2e/c", "/c"},
		{"escaped single dot", "/a/%2E/b", "/a/b"},
		{"trailing '.%2E'", "/a/b/.%2E", "/a/"},
		{"escaped dot inside a segment", "/a%2eb/%2e%2e%2e/x", "/a%2eb/%2e%2e%2e/x"},
		{"three dots", "/a/.../b", "/a/.../b"},
		{"dots inside segments", "/a/..b/c.", "/a/..b/c."},
		{"dot and space", "/a/. /b", "/a/.%20/b"},
		{"empty segments kept", "/a//b/../c//", "/a//c//"},
		{"escapes kept as written", "/%41%7e%2f%3a%zz%7F%e4%", "/%41%7e%2f%3a%zz%7F%e4%"},
		{"backslash", `/a\b`, "/a/b"},
		{"backslash and dots", `/a\..\b`, "/b"},
		{"many '..' segments", "/" + strings.Repeat("a/../", 300) + "z", "/z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := canonicalCookiePath(c.in)
			assert.Equal(t, c.want, got)
			assert.Equal(t, c.in == c.want, cookiePathIsCanonical(c.in))
			assert.Equal(t, got, canonicalCookiePath(got), "canonical paths stay as they are")
		})
	}
}

func TestIntactAttributeValue(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"", true},
		{"/a", true},
		{"/a b", true},
		{"/a\tb", true},
		{"/a\x01b", true},
		{"/a\x7f", true},
		{"/a;b", false},
		{"/a\x00b", false},
		{"/a\rb", false},
		{"/a\nb", false},
		{" /a", false},
		{"/a ", false},
		{"\t/a", false},
		{"/a\t", false},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, intactAttributeValue(c.in), "%q", c.in)
	}
}
