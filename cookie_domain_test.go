package cookiemonster

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCookieDomainMismatch: a Domain attribute whose registrable domain is
// not the host's adds ExcludeDomainMismatch; other refusals add nothing.
func TestCookieDomainMismatch(t *testing.T) {
	cases := []struct {
		name, host, attr string
		want             string
		ok               bool
		excl             []ExclusionReason
	}{
		{"another site", "www.example.com", "other.com", "", false, []ExclusionReason{ExcludeDomainMismatch}},
		{"a public suffix", "www.example.com", "com", "", false, []ExclusionReason{ExcludeDomainMismatch}},
		{"a suffix off a label boundary", "www.myexample.com", "example.com", "", false, []ExclusionReason{ExcludeDomainMismatch}},
		{"a trailing dot", "www.example.com", ".example.com.", "", false, []ExclusionReason{ExcludeDomainMismatch}},
		{"an empty last label", "www.example.com", "example.com..", "", false, []ExclusionReason{ExcludeDomainMismatch}},
		{"a sibling", "www.example.com", "api.example.com", "", false, nil},
		{"a subdomain of the host", "www.example.com", "a.www.example.com", "", false, nil},
		{"a host without a registrable domain", "co.uk", "foo.com", "", false, nil},
		{"an empty last label, a host without a registrable domain", "co.uk", "co.uk..", "", false, nil},
		{"another IP address", "1.2.3.4", "5.6.7.8", "", false, nil},
		{"a '%'", "www.example.com", "exa%6Dple.com", "", false, nil},
		{"no host name", "www.example.com", "a^b", "", false, nil},
		{"the registrable domain", "www.example.com", "example.com", ".example.com", true, nil},
		{"the host itself, a public suffix", "co.uk", ".CO.UK", "co.uk", true, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var st InclusionStatus
			got, ok := cookieDomain(c.host, c.attr, nil, &st)
			assert.Equal(t, c.want, got)
			assert.Equal(t, c.ok, ok)
			assert.Equal(t, c.excl, st.Exclusions())
		})
	}
}
