package cookiemonster

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSecureRulesCheck(t *testing.T) {
	host := secureRules{secure: true, pathSlash: true, noDomain: true}
	with := func(r secureRules, name, value string) secureRules {
		r.name, r.value = name, value
		return r
	}
	cases := []struct {
		name  string
		rules secureRules
		want  secureFaults
	}{
		{"no prefix, nothing needed", with(secureRules{}, "a", "b"), 0},
		{"__Secure- with Secure", with(secureRules{secure: true}, "__Secure-a", "b"), 0},
		{"__Secure- without Secure", with(secureRules{}, "__Secure-a", "b"), faultPrefix},
		{"__SECURE- upper case", with(secureRules{}, "__SECURE-a", "b"), faultPrefix},
		{"__Host- with everything", with(host, "__Host-a", "b"), 0},
		{"__Host- with a Domain", with(secureRules{secure: true, pathSlash: true}, "__Host-a", "b"), faultPrefix},
		{"__Host- with another path", with(secureRules{secure: true, noDomain: true}, "__Host-a", "b"), faultPrefix},
		{"__Http- without HttpOnly", with(secureRules{secure: true}, "__Http-a", "b"), faultPrefix},
		{"__Http- with Secure and HttpOnly", with(secureRules{secure: true, httpOnly: true}, "__Http-a", "b"), 0},
		{"__Host-Http- without HttpOnly", with(host, "__Host-Http-a", "b"), faultPrefix},
		{"__Host-Http- with everything", with(secureRules{secure: true, httpOnly: true, pathSlash: true, noDomain: true}, "__Host-Http-a", "b"), 0},
		{"prefix not at the start", with(secureRules{}, "x__Secure-a", "b"), 0},
		{"nameless value with a prefix", with(host, "", " __host-a=b"), faultHiddenPrefix},
		{"named value with a prefix", with(secureRules{}, "a", "__Secure-b"), 0},
		{"partitioned with Secure", with(secureRules{secure: true, partitioned: true}, "a", "b"), 0},
		{"partitioned without Secure", with(secureRules{partitioned: true}, "a", "b"), faultPartitioned},
		{"every rule broken", with(secureRules{partitioned: true}, "__Host-a", "b"), faultPrefix | faultPartitioned},
		{"hidden prefix and partitioned", with(secureRules{partitioned: true}, "", "__Http-a"), faultHiddenPrefix | faultPartitioned},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.rules.check())
		})
	}
}

func TestSecureFaultsOutcomes(t *testing.T) {
	cases := []struct {
		faults  secureFaults
		exclude []ExclusionReason
		err     string
	}{
		{0, nil, ""},
		{faultPrefix, []ExclusionReason{ExcludeInvalidPrefix}, `cookiemonster: stored cookie is not canonical: prefix rules of "__Host-a"`},
		{faultHiddenPrefix, []ExclusionReason{ExcludeInvalidPrefix}, "cookiemonster: stored cookie is not canonical: nameless cookie with a prefix in its value"},
		{faultPartitioned, []ExclusionReason{ExcludeInvalidPartitioned}, "cookiemonster: stored cookie is not canonical: partitioned cookie without Secure"},
		{faultPrefix | faultHiddenPrefix, []ExclusionReason{ExcludeInvalidPrefix}, `cookiemonster: stored cookie is not canonical: prefix rules of "__Host-a"`},
		{faultPrefix | faultPartitioned, []ExclusionReason{ExcludeInvalidPrefix, ExcludeInvalidPartitioned}, `cookiemonster: stored cookie is not canonical: prefix rules of "__Host-a"`},
		{faultHiddenPrefix | faultPartitioned, []ExclusionReason{ExcludeInvalidPrefix, ExcludeInvalidPartitioned}, "cookiemonster: stored cookie is not canonical: nameless cookie with a prefix in its value"},
	}
	for _, tc := range cases {
		var st InclusionStatus
		tc.faults.addTo(&st)
		assert.Equal(t, tc.exclude, st.Exclusions(), "faults %03b", tc.faults)
		err := tc.faults.err("__Host-a")
		if tc.err == "" {
			assert.NoError(t, err)
			continue
		}
		require.Error(t, err)
		assert.Equal(t, tc.err, err.Error())
		assert.True(t, errors.Is(err, ErrNotCanonical))
	}
}

// TestSecureRulesEveryPath checks that a line, the same cookie's explicit
// fields and the cookie as stored are judged alike.
func TestSecureRulesEveryPath(t *testing.T) {
	partition, err := NewPartitionKey(mustURL(t, "https://top.example/"), false)
	require.NoError(t, err)
	cases := []struct {
		name    string
		line    string
		details CookieDetails
		stored  CanonicalCookie
		exclude []ExclusionReason
		err     string
	}{
		{
			name:    "__Host- without Secure",
			line:    "__Host-a=b; Path=/",
			details: CookieDetails{Name: "__Host-a", Value: "b", Path: "/"},
			stored:  CanonicalCookie{Name: "__Host-a", Value: "b", Domain: "a.com", Path: "/"},
			exclude: []ExclusionReason{ExcludeInvalidPrefix},
			err:     `prefix rules of "__Host-a"`,
		},
		{
			name:    "__Host- with a Domain",
			line:    "__Host-a=b; Path=/; Secure; Domain=a.com",
			details: CookieDetails{Name: "__Host-a", Value: "b", Path: "/", Secure: true, Domain: "a.com"},
			stored:  CanonicalCookie{Name: "__Host-a", Value: "b", Domain: ".a.com", Path: "/", Secure: true},
			exclude: []ExclusionReason{ExcludeInvalidPrefix},
			err:     `prefix rules of "__Host-a"`,
		},
		{
			name:    "nameless cookie hiding __Secure-",
			line:    "=__Secure-a; Secure",
			details: CookieDetails{Value: "__Secure-a", Secure: true},
			stored:  CanonicalCookie{Value: "__Secure-a", Domain: "a.com", Path: "/", Secure: true},
			exclude: []ExclusionReason{ExcludeInvalidPrefix},
			err:     "nameless cookie with a prefix in its value",
		},
		{
			name:    "Partitioned without Secure",
			line:    "a=b; Partitioned",
			details: CookieDetails{Name: "a", Value: "b", Partition: partition},
			stored:  CanonicalCookie{Name: "a", Value: "b", Domain: "a.com", Path: "/", Partition: partition},
			exclude: []ExclusionReason{ExcludeInvalidPartitioned},
			err:     "partitioned cookie without Secure",
		},
		{
			name:    "__Secure- and Partitioned without Secure",
			line:    "__Secure-a=b; Partitioned",
			details: CookieDetails{Name: "__Secure-a", Value: "b", Partition: partition},
			stored:  CanonicalCookie{Name: "__Secure-a", Value: "b", Domain: "a.com", Path: "/", Partition: partition},
			exclude: []ExclusionReason{ExcludeInvalidPrefix, ExcludeInvalidPartitioned},
			err:     `prefix rules of "__Secure-a"`,
		},
	}
	u := mustURL(t, "https://a.com/")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, st := NewCanonicalCookie(u, tc.line, t0, CreateOptions{Partition: partition})
			assert.Nil(t, c)
			assert.Equal(t, tc.exclude, st.Exclusions(), "from a line")

			tc.details.URL = u
			c, st = NewSanitizedCookie(tc.details, t0)
			assert.Nil(t, c)
			assert.Equal(t, tc.exclude, st.Exclusions(), "from fields")

			c, err := NewCanonicalCookieFromStorage(tc.stored)
			assert.Nil(t, c)
			require.ErrorIs(t, err, ErrNotCanonical)
			assert.Equal(t, "cookiemonster: stored cookie is not canonical: "+tc.err, err.Error())
		})
	}
}
