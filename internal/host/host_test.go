package host

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCanonicalize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		ok   bool
	}{
		{"lower-case name unchanged", "example.com", "example.com", true},
		{"upper-case ASCII lowered", "WWW.Example.COM", "www.example.com", true},
		{"IDN to punycode", "BÜCHER.example", "xn--bcher-kva.example", true},
		{"IDN lower-case", "bücher.example", "xn--bcher-kva.example", true},
		{"IDN fullwidth mapped", "ｅｘａｍｐｌｅ.com", "example.com", true},
		{"punycode kept", "xn--bcher-kva.example", "xn--bcher-kva.example", true},
		{"underscore allowed", "Domain_1.com", "domain_1.com", true},
		{"underscore allowed in IDN", "bü_cher.example", "xn--b_cher-3ya.example", true},
		{"hyphens allowed", "a-b--c.example", "a-b--c.example", true},
		{"single trailing dot kept", "example.com.", "example.com.", true},
		{"single label", "localhost", "localhost", true},
		{"IPv4 kept", "127.0.0.1", "127.0.0.1", true},
		// IPv4 addresses in the forms the URL Standard reads (Chromium's
		// recorded hosts: conformance/chromium, combo-ip).
		{"IPv4 short form", "127.1", "127.0.0.1", true},
		{"IPv4 three parts", "3.2.4", "3.2.0.4", true},
		{"IPv4 one decimal number", "2130706433", "127.0.0.1", true},
		{"IPv4 hexadecimal part", "0x7f.0.0.1", "127.0.0.1", true},
		{"IPv4 upper-case hexadecimal", "0X7F000001", "127.0.0.1", true},
		{"IPv4 octal part", "0177.0.0.1", "127.0.0.1", true},
		{"IPv4 leading zeros are octal", "127.000.000.001", "127.0.0.1", true},
		{"IPv4 octal and decimal", "01.2.03.4", "1.2.3.4", true},
		{"IPv4 bare 0x is zero", "0x.0x.0.1", "0.0.0.1", true},
		{"IPv4 trailing dot dropped", "127.0.0.1.", "127.0.0.1", true},
		{"IPv4 fullwidth digits", "\uff11\uff12\uff17.0.0.1", "127.0.0.1", true},
		{"IPv4 part over 255", "1.2.3.256", "", false},
		{"IPv4 last part too large", "1.2.65536", "", false},
		{"IPv4 number of 2^32", "4294967296", "", false},
		{"IPv4 five parts", "1.2.3.4.5", "", false},
		{"IPv4 bad octal digit", "08.0.0.1", "", false},
		{"IPv4 empty part", "1..2.3", "", false},
		{"name ending in a number", "foo.1", "", false},
		{"name ending in a hexadecimal number", "foo.0x1", "", false},
		{"name ending in hexadecimal letters", "foo.bad", "foo.bad", true},
		{"number inside a name", "1.foo", "1.foo", true},
		{"empty", "", "", false},
		{"double trailing dot", "a..", "", false},
		{"only dot", ".", "", false},
		{"only dots", "..", "", false},
		{"space", "a b.com", "", false},
		{"tab", "a\tb.com", "", false},
		{"NUL", "a\x00b.com", "", false},
		{"DEL", "a\x7fb.com", "", false},
		{"hash", "a#b.com", "", false},
		{"slash", "a/b.com", "", false},
		{"colon (port)", "example.com:443", "", false},
		{"less than", "a<b.com", "", false},
		{"greater than", "a>b.com", "", false},
		{"question mark", "a?b.com", "", false},
		{"at sign", "user@example.com", "", false},
		{"backslash", "a\\b.com", "", false},
		{"caret", "a^b.com", "", false},
		{"pipe", "a|b.com", "", false},
		{"percent", "a%2eb.com", "", false},
		{"bare close bracket", "a]b.com", "", false},
		{"IDN with forbidden ASCII", "bü/cher.example", "", false},
		{"IPv6 canonicalized", "[0:0::1]", "[::1]", true},
		{"IPv6 already canonical", "[::1]", "[::1]", true},
		{"IPv6 upper-case hex", "[2001:DB8::A]", "[2001:db8::a]", true},
		{"IPv6 zeros compressed", "[2001:0db8:0000:0000:0000:0000:0000:0001]", "[2001:db8::1]", true},
		{"IPv6 without brackets", "::1", "", false},
		{"IPv6 missing close bracket", "[::1", "", false},
		{"IPv6 trailing garbage", "[::1]x", "", false},
		{"IPv6 double close bracket", "[::1]]", "", false},
		{"empty brackets", "[]", "", false},
		{"lone bracket", "[", "", false},
		{"IPv4 in brackets", "[127.0.0.1]", "", false},
		{"IPv6 with zone", "[fe80::1%eth0]", "", false},
		{"name in brackets", "[example.com]", "", false},
		// A last label that is a number makes the host IPv4 (URL Standard,
		// as Chromium parses hosts).
		{"IPv4 short form", "3.2.4", "3.2.0.4", true},
		{"IPv4 two parts", "127.1", "127.0.0.1", true},
		{"IPv4 one number", "16843009", "1.1.1.1", true},
		{"IPv4 hex number", "0x1010101", "1.1.1.1", true},
		{"IPv4 hex upper", "0X7F.1", "127.0.0.1", true},
		{"IPv4 hex parts", "0x7f.0x0.0x0.0x1", "127.0.0.1", true},
		{"IPv4 bare 0x", "0x.1.2.3", "0.1.2.3", true},
		{"IPv4 octal parts", "01.2.03.4", "1.2.3.4", true},
		{"IPv4 octal 0177", "0177.0.0.1", "127.0.0.1", true},
		{"IPv4 trailing dot dropped", "127.0.0.1.", "127.0.0.1", true},
		{"IPv4 leading dot", ".3.2.4", "", false},
		{"IPv4 part over 255", "1.2.256.4", "", false},
		{"IPv4 last part too big", "1.2.3.256", "", false},
		{"IPv4 last part fills the rest", "1.65535", "1.0.255.255", true},
		{"IPv4 number over 32 bits", "4294967296", "", false},
		{"IPv4 huge number", "99999999999999999999999", "", false},
		{"IPv4 max", "4294967295", "255.255.255.255", true},
		{"IPv4 five parts", "1.2.3.4.5", "", false},
		{"IPv4 bad octal", "1.2.3.09", "", false},
		{"last label not a number after all", "1.2.3.0xg", "1.2.3.0xg", true},
		{"name ending in a number", "a.123", "", false},
		{"name ending in hex", "example.0x1", "", false},
		{"number inside a name", "a1.b2c", "a1.b2c", true},
		{"hex-looking name", "0xg.com", "0xg.com", true},
		{"label of digits then a name", "123.example", "123.example", true},
		{"fullwidth digits", "\uff11\uff12\uff17.0.0.1", "127.0.0.1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Canonicalize(tt.in)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCanonicalizeIdempotent(t *testing.T) {
	for _, in := range []string{"WWW.Example.COM", "BÜCHER.example", "[0:0::1]", "Domain_1.com", "example.com.", "127.1", "0x7F.1", "127.0.0.1."} {
		once, ok := Canonicalize(in)
		require.True(t, ok, in)
		twice, ok := Canonicalize(once)
		require.True(t, ok, once)
		assert.Equal(t, once, twice, in)
	}
}

func TestIsIP(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"127.0.0.1", true},
		{"192.168.1.255", true},
		{"0.0.0.0", true},
		{"[::1]", true},
		{"[2001:db8::1]", true},
		{"", false},
		{"example.com", false},
		{"1.2.3.com", false},
		{"1.2.3", false},
		{"256.1.1.1", false},
		{"localhost", false},
		{"a0001.izzle", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, IsIP(tt.in))
		})
	}
}

func TestIsLocalhost(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"localhost", true},
		{"localhost.", true},
		{"a.localhost", true},
		{"a.b.localhost", true},
		{"127.0.0.1", true},
		{"127.0.0.5", true},
		{"127.255.255.255", true},
		{"[::1]", true},
		{"localhost.com", false},
		{"notlocalhost", false},
		{"localhostx", false},
		{"example.com", false},
		{"128.0.0.1", false},
		{"10.0.0.1", false},
		{"[::2]", false},
		{"[2001:db8::1]", false},
		{"[::ffff:127.0.0.1]", false}, // IPv4-mapped: not loopback, as in Chromium
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, IsLocalhost(tt.in))
		})
	}
}

func TestRegistrableDomainDefault(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"www.example.co.uk", "example.co.uk"},
		{"example.co.uk", "example.co.uk"},
		{"co.uk", ""},
		{"uk", ""},
		{"example.com", "example.com"},
		{"www.example.com", "example.com"},
		{"a.b.c.example.com", "example.com"},
		{"com", ""},
		// An unknown TLD is a one-label registry, as Chromium counts it.
		{"a0001.izzle", "a0001.izzle"},
		{"a.b.izzle", "b.izzle"},
		{"izzle", ""},
		{"a.b.localhost", "b.localhost"},
		{"a.foo.test", "foo.test"},
		{"localhost", ""},
		{"127.0.0.1", ""},
		{"[::1]", ""},
		{"[2001:db8::1]", ""},
		{"home.example.org.", "example.org."},
		{"example.org.", "example.org."},
		{"org.", ""},
		{"foo.blogspot.com", "foo.blogspot.com"},
		{"www.foo.blogspot.com", "foo.blogspot.com"},
		{"blogspot.com", ""},
		{"xn--bcher-kva.example.com", "example.com"},
		{"www.domain_1.com", "domain_1.com"},
		{"", ""},
		{".", ""},
		{".example.com", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, RegistrableDomain(nil, tt.in))
			assert.Equal(t, tt.want, RegistrableDomain(Default(), tt.in))
		})
	}
}

func TestDefaultList(t *testing.T) {
	d := Default()
	assert.Equal(t, "co.uk", d.PublicSuffix("www.example.co.uk"))
	assert.Equal(t, "izzle", d.PublicSuffix("a0001.izzle"), "an unknown TLD is a one-label registry")
	assert.Equal(t, "blogspot.com", d.PublicSuffix("foo.blogspot.com"))
}

// fakePSL is a PublicSuffixList for tests: the public suffix of a domain is
// its longest suffix listed in suffixes, or ret when no entry matches.
type fakePSL struct {
	suffixes []string
	ret      string
}

func (f fakePSL) PublicSuffix(domain string) string {
	best := f.ret
	for _, s := range f.suffixes {
		if (domain == s || strings.HasSuffix(domain, "."+s)) && len(s) > len(best) {
			best = s
		}
	}
	return best
}

func (fakePSL) String() string { return "fake" }

// constPSL always returns the same suffix, even one that is not a suffix
// of the domain.
type constPSL string

func (c constPSL) PublicSuffix(string) string { return string(c) }
func (constPSL) String() string               { return "const" }

func TestRegistrableDomainCustom(t *testing.T) {
	psl := fakePSL{suffixes: []string{"test", "corp.test", "izzle"}}
	tests := []struct {
		name string
		psl  PublicSuffixList
		in   string
		want string
	}{
		{"one-label suffix", psl, "www.example.test", "example.test"},
		{"two-label suffix", psl, "a.b.corp.test", "b.corp.test"},
		{"suffix itself", psl, "corp.test", ""},
		{"list knows izzle", psl, "a0001.izzle", "a0001.izzle"},
		{"not listed uses fallback", fakePSL{ret: "com"}, "www.example.com", "example.com"},
		{"list says nothing", fakePSL{}, "www.example.com", ""},
		{"trailing dot kept", psl, "www.example.test.", "example.test."},
		{"IP ignores list", psl, "127.0.0.1", ""},
		{"IPv6 ignores list", psl, "[::1]", ""},
		{"suffix not a suffix of host", constPSL("org"), "www.example.com", ""},
		{"suffix matches only mid-label", constPSL("ample.com"), "www.example.com", ""},
		{"suffix equal to host", constPSL("example.com"), "example.com", ""},
		{"suffix longer than host", constPSL("www.example.com"), "example.com", ""},
		{"example.com not public under a custom list", constPSL("com"), "a.b.example.com", "example.com"},
		{"co.uk unknown to custom list", fakePSL{ret: "uk"}, "co.uk", "co.uk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, RegistrableDomain(tt.psl, tt.in))
		})
	}
}

func TestKey(t *testing.T) {
	canon := func(s string) string {
		c, ok := Canonicalize(s)
		require.True(t, ok, s)
		return c
	}
	tests := []struct {
		name string
		psl  PublicSuffixList
		in   string
		want string
	}{
		{"canonicalized first", nil, canon("www.Domain_1.com"), "domain_1.com"},
		{"leading dot dropped", nil, ".example.com", "example.com"},
		{"leading dot on subdomain", nil, ".www.example.co.uk", "example.co.uk"},
		{"registrable domain", nil, "www.example.co.uk", "example.co.uk"},
		{"unknown TLD: its eTLD+1", nil, "www.a0001.izzle", "a0001.izzle"},
		{"unknown TLD with leading dot", nil, ".a.a0001.izzle", "a0001.izzle"},
		{"unknown TLD itself keeps host", nil, "izzle", "izzle"},
		{"subdomain of localhost", nil, "a.b.localhost", "b.localhost"},
		{"public suffix keeps host", nil, "co.uk", "co.uk"},
		{"IPv4 keeps host", nil, "127.0.0.1", "127.0.0.1"},
		{"IPv6 keeps host", nil, "[::1]", "[::1]"},
		{"localhost", nil, "localhost", "localhost"},
		{"trailing dot", nil, "home.example.org.", "example.org."},
		{"private registry", nil, "www.foo.blogspot.com", "foo.blogspot.com"},
		{"custom list", fakePSL{suffixes: []string{"corp.test"}}, ".a.b.corp.test", "b.corp.test"},
		{"custom list without rule", fakePSL{}, "www.example.com", "www.example.com"},
		{"empty", nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Key(tt.psl, tt.in))
		})
	}
}

func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{"example.com", "127.1", "0x7f.0.0.1", "2130706433", "1.2.3.4.", "[::1]", "bücher.example", "foo.1", "0x", "08.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once, ok := Canonicalize(s)
		if !ok {
			if once != "" {
				t.Fatalf("Canonicalize(%q) failed with %q", s, once)
			}
			return
		}
		twice, ok := Canonicalize(once)
		if !ok || twice != once {
			t.Fatalf("Canonicalize(%q) = %q, then %q, %v", s, once, twice, ok)
		}
		if endsInNumber(once) && !IsIP(once) {
			t.Fatalf("Canonicalize(%q) = %q ends in a number but is no IP", s, once)
		}
	})
}
