package webext

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

func TestParsePatternErrors(t *testing.T) {
	tests := []struct {
		pattern, err string
	}{
		{"", `webext: bad match pattern "": want <all_urls> or <scheme>://<host><path>`},
		{"example.com", `webext: bad match pattern "example.com": want <all_urls> or <scheme>://<host><path>`},
		{"chrome-extension://abc/*", `webext: bad match pattern "chrome-extension://abc/*": unsupported scheme "chrome-extension"`},
		{"HTTP://a.example/*", `webext: bad match pattern "HTTP://a.example/*": unsupported scheme "HTTP"`},
		{"https://a.example", `webext: bad match pattern "https://a.example": no path (add "/*")`},
		{"https:///*", `webext: bad match pattern "https:///*": no host`},
		{"https://a.*.example/*", `webext: bad match pattern "https://a.*.example/*": a wildcard may only be the whole host or start it as "*."`},
		{"https://*a.example/*", `webext: bad match pattern "https://*a.example/*": a wildcard may only be the whole host or start it as "*."`},
		{"https://*./*", `webext: bad match pattern "https://*./*": invalid host ""`},
		{"https://a b/*", `webext: bad match pattern "https://a b/*": invalid host "a b"`},
		{"https://a.example:0/*", `webext: bad match pattern "https://a.example:0/*": invalid port "0"`},
		{"https://a.example:65536/*", `webext: bad match pattern "https://a.example:65536/*": invalid port "65536"`},
		{"https://a.example:08/*", `webext: bad match pattern "https://a.example:08/*": invalid port "08"`},
		{"https://[::1/*", `webext: bad match pattern "https://[::1/*": unclosed '[' in host "[::1"`},
		{"https://[::1]x/*", `webext: bad match pattern "https://[::1]x/*": invalid host "[::1]x"`},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			_, err := parsePattern(tt.pattern)
			require.ErrorIs(t, err, ErrBadPattern)
			assert.EqualError(t, err, tt.err)
			_, err = New(nil, Options{HostPermissions: []string{"<all_urls>", tt.pattern}})
			assert.EqualError(t, err, tt.err)
		})
	}
}

func TestPatternMatchesURL(t *testing.T) {
	tests := []struct {
		pattern string
		yes, no []string
	}{
		{AllURLs, []string{"http://a.example/", "https://b.example:8443/x", "ws://c.example/", "wss://[::1]/", "file:///etc/hosts"}, []string{"mailto:a@b.example", "data:text/plain,x"}},
		{"*://*/*", []string{"http://a.example/", "https://a.example/", "ws://a.example/", "wss://a.example/"}, []string{"ftp://a.example/", "file:///x"}},
		{"*://*.example.com/*", []string{"http://example.com/", "https://www.example.com/a?b#c", "wss://a.b.example.com/", "https://WWW.Example.COM/"}, []string{"https://example.org/", "https://badexample.com/", "https://example.com.evil/"}},
		{"https://a.example/*", []string{"https://a.example/", "https://a.example:444/x"}, []string{"http://a.example/", "https://b.a.example/", "wss://a.example/"}},
		{"https://a.example/only/this/path", []string{"https://a.example/other"}, nil},
		{"http://127.0.0.1/*", []string{"http://127.0.0.1/", "http://127.0.0.1:8080/"}, []string{"https://127.0.0.1/", "http://127.0.0.2/"}},
		{"http://localhost:8080/*", []string{"http://localhost:8080/"}, []string{"http://localhost/", "http://localhost:8081/"}},
		{"https://a.example:443/*", []string{"https://a.example/", "https://a.example:443/"}, []string{"https://a.example:8443/"}},
		{"http://[::1]:*/*", []string{"http://[::1]/", "http://[::1]:3000/"}, []string{"http://[::2]/"}},
		{"*://bücher.example/*", []string{"https://xn--bcher-kva.example/"}, []string{"https://bucher.example/"}},
		{"file:///*", []string{"file:///etc/hosts"}, []string{"http://a.example/"}},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			p, err := parsePattern(tt.pattern)
			require.NoError(t, err)
			for _, s := range tt.yes {
				u, err := url.Parse(s)
				require.NoError(t, err)
				assert.True(t, p.matchesURL(u), s)
			}
			for _, s := range tt.no {
				u, err := url.Parse(s)
				require.NoError(t, err)
				assert.False(t, p.matchesURL(u), s)
			}
		})
	}
}

func TestPatternCoversCookie(t *testing.T) {
	cookie := func(domain string, secure bool) *cookiemonster.CanonicalCookie {
		return &cookiemonster.CanonicalCookie{Name: "a", Domain: domain, Path: "/", Secure: secure}
	}
	tests := []struct {
		pattern string
		cookie  *cookiemonster.CanonicalCookie
		want    bool
	}{
		{AllURLs, cookie(".example.com", true), true},
		{"http://*/*", cookie("a.example", false), true},
		{"http://*/*", cookie("a.example", true), false},
		{"https://*/*", cookie("a.example", false), true},
		{"wss://*/*", cookie("a.example", true), true},
		{"ftp://*/*", cookie("a.example", false), false},
		{"https://a.example/*", cookie("a.example", true), true},
		{"https://a.example/*", cookie("b.a.example", true), false},
		{"https://a.example/*", cookie(".a.example", true), true},
		// A domain cookie is visible to a host under its domain, which
		// receives it.
		{"https://www.example.com/*", cookie(".example.com", false), true},
		{"https://www.example.com/*", cookie("example.com", false), false},
		{"*://*.foo.example.com/*", cookie(".example.com", false), true},
		{"*://*.example.com/*", cookie(".foo.example.com", false), true},
		{"*://*.example.com/*", cookie("foo.example.com", false), true},
		{"*://*.example.com/*", cookie(".example.org", false), false},
		{"*://*.xexample.com/*", cookie(".example.com", false), false},
		{"http://127.0.0.1/*", cookie("127.0.0.1", false), true},
		{"http://127.0.0.1/*", cookie("127.0.0.1", true), false},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.cookie.Domain, func(t *testing.T) {
			ps, err := newPermissions([]string{tt.pattern})
			require.NoError(t, err)
			assert.Equal(t, tt.want, ps.coversCookie(tt.cookie))
		})
	}
	var none permissions
	assert.False(t, none.coversCookie(cookie("a.example", false)))
}
