package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

const (
	// storeHeader is the Cookie header of the store's cookies.
	storeHeader = "sid=1; pref=dark"
	// clientJarHeader is the Cookie header of net/http's cookiejar, which
	// colly and resty install by default: it keeps tracker=1, which the
	// store refuses.
	clientJarHeader = "sid=1; pref=dark; tracker=1"
)

// refused are the cookies of /login the store refuses, whatever the door.
var refused = []refusal{
	{Name: "bad", Reasons: []cookiemonster.ExclusionReason{cookiemonster.ExcludeDomainMismatch, cookiemonster.ExcludeInvalidDomain}},
	{Name: "sec", Reasons: []cookiemonster.ExclusionReason{cookiemonster.ExcludeSecureOnly}},
	{Name: "tracker", Reasons: []cookiemonster.ExclusionReason{cookiemonster.ExcludeSameSiteNoneInsecure}},
}

func TestScenarios(t *testing.T) {
	tests := []struct {
		name string
		echo string // the Cookie header the server receives with /echo
		read read   // the store's read for /echo
	}{
		{"colly-jar", storeHeader, read{Path: "/echo", Included: storeHeader}},
		{"colly-transport", storeHeader, read{Path: "/echo", Included: storeHeader}},
		{"colly-trap", clientJarHeader, read{Path: "/echo", Included: storeHeader, CallerHeader: clientJarHeader, CallerKept: true}},
		{"colly-replace", storeHeader, read{Path: "/echo", Included: storeHeader, CallerHeader: clientJarHeader}},
		{"resty-jar", storeHeader, read{Path: "/echo", Included: storeHeader}},
		{"resty-transport", storeHeader, read{Path: "/echo", Included: storeHeader}},
		{"resty-trap", clientJarHeader, read{Path: "/echo", Included: storeHeader, CallerHeader: clientJarHeader, CallerKept: true}},
		{"resty-replace", storeHeader, read{Path: "/echo", Included: storeHeader, CallerHeader: clientJarHeader}},
	}
	names := make([]string, len(tests))
	for i, tt := range tests {
		names[i] = tt.name
	}
	all := make([]string, len(scenarios))
	for i, sc := range scenarios {
		all[i] = sc.name
	}
	require.Equal(t, all, names, "every scenario is tested")

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			res, err := runScenario(context.Background(), &out, scenarios[indexOf(tt.name)])
			require.NoError(t, err)
			assert.Equal(t, result{
				Received: []request{{Path: "/login"}, {Path: "/echo", Cookie: tt.echo}},
				Stored:   []string{"sid", "pref"},
				Refused:  refused,
				Reads:    []read{{Path: "/login"}, tt.read},
			}, res)
		})
	}
}

// withoutWhy drops the Observer's explanations, whose wording may change,
// from the output.
func withoutWhy(s string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		if !strings.HasPrefix(strings.TrimSpace(line), "why: ") {
			b.WriteString(line)
		}
	}
	return b.String()
}

func TestRunOutput(t *testing.T) {
	tests := []struct {
		names []string
		want  string
	}{
		{
			names: []string{"resty-trap"},
			want: `== resty-trap
resty with the Transport, resty's own jar left on (the trap): client.SetTransport(m.Transport(base))
GET http://shop.example.test/login
  read     (transport): sends (none)
  stored   sid=1; Path=/; HttpOnly (transport)
  stored   pref=dark; Max-Age=3600 (transport)
  refused  bad=1; Domain=example.org (transport): ExcludeDomainMismatch, ExcludeInvalidDomain
  refused  sec=1; Secure (transport): ExcludeSecureOnly; WarnTentativelyAllowingSecureSourceScheme
  refused  tracker=1; SameSite=None (transport): ExcludeSameSiteNoneInsecure; WarnSameSiteNoneInsecure
  the server received Cookie: (none)
GET http://shop.example.test/echo
  read     (transport): the request already had Cookie: sid=1; pref=dark; tracker=1 (the client's own jar); sent as is, the store's sid=1; pref=dark not sent
  the server received Cookie: sid=1; pref=dark; tracker=1
`,
		},
		{
			names: []string{"colly-jar", "resty-replace"},
			want: `== colly-jar
colly with the Jar: c.SetCookieJar(m.Jar())
GET http://shop.example.test/login
  read     (jar): sends (none)
  stored   sid=1; Path=/; HttpOnly (jar)
  stored   pref=dark; Max-Age=3600 (jar)
  refused  bad=1; Domain=example.org (jar): ExcludeDomainMismatch, ExcludeInvalidDomain
  refused  sec=1; Secure (jar): ExcludeSecureOnly; WarnTentativelyAllowingSecureSourceScheme
  refused  tracker=1; SameSite=None (jar): ExcludeSameSiteNoneInsecure; WarnSameSiteNoneInsecure
  the server received Cookie: (none)
GET http://shop.example.test/echo
  read     (jar): sends sid=1; pref=dark
  the server received Cookie: sid=1; pref=dark

== resty-replace
resty with the Transport, resty's own jar left on, fixed by t.ReplaceCookieHeader = true
GET http://shop.example.test/login
  read     (transport): sends (none)
  stored   sid=1; Path=/; HttpOnly (transport)
  stored   pref=dark; Max-Age=3600 (transport)
  refused  bad=1; Domain=example.org (transport): ExcludeDomainMismatch, ExcludeInvalidDomain
  refused  sec=1; Secure (transport): ExcludeSecureOnly; WarnTentativelyAllowingSecureSourceScheme
  refused  tracker=1; SameSite=None (transport): ExcludeSameSiteNoneInsecure; WarnSameSiteNoneInsecure
  the server received Cookie: (none)
GET http://shop.example.test/echo
  read     (transport): dropped the client's Cookie: sid=1; pref=dark; tracker=1; sends the store's sid=1; pref=dark
  the server received Cookie: sid=1; pref=dark
`,
		},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.names, ","), func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, run(context.Background(), &out, tt.names))
			assert.Equal(t, tt.want, withoutWhy(out.String()))
		})
	}
}

func TestRunAll(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, nil))
	for _, sc := range scenarios {
		assert.Equal(t, 1, strings.Count(out.String(), "== "+sc.name+"\n"), sc.name)
	}
	assert.Equal(t, 2, strings.Count(out.String(), "the server received Cookie: "+clientJarHeader+"\n"), "the two traps")
	assert.Equal(t, 6, strings.Count(out.String(), "the server received Cookie: "+storeHeader+"\n"))
}

func TestRunUnknownScenario(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), &out, []string{"colly-jar", "curl"})
	require.EqualError(t, err, `unknown scenario "curl" (run with -h for the list)`)
	assert.Empty(t, out.String(), "nothing runs")
}
