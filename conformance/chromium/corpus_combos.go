package main

import (
	"fmt"
	"strings"
)

// The pages most combinations are set from.
const (
	comboHTTP  = "http://www.example.com/dir/page"
	comboHTTPS = "https://www.example.com/dir/page"
)

// combo adds a scenario of category "combo-"+cat, as add does, and returns
// it for adjusting; the pointer is valid until the next scenario is added.
func (b *builder) combo(cat, u string, lines []string, extra ...string) *Scenario {
	b.add("combo-"+cat, u, lines, extra...)
	return &b.list[len(b.list)-1]
}

// combos adds the systematic single-navigation combinations.
func combos(b *builder) {
	comboControls(b)
	comboNames(b)
	comboSizes(b)
	comboDomains(b)
	comboIPs(b)
	comboPaths(b)
	comboExpiry(b)
	comboServerDate(b)
	comboSecure(b)
	comboSecureAlone(b)
	comboPrefixes(b)
	comboSameSite(b)
	comboPriority(b)
	comboPartitioned(b)
	comboOrder(b)
}

// comboControls puts every control byte, 0x00–0x1F and 0x7F, in every part
// of a line: the name, the value, a nameless value, an attribute's name,
// and the values of Path, Domain and an unknown attribute. CR, LF and NUL
// break the header itself; whatever Chromium makes of them is recorded.
func comboControls(b *builder) {
	var ctls []string
	for c := 0; c < 0x20; c++ {
		ctls = append(ctls, string(rune(c)))
	}
	ctls = append(ctls, "\x7f")
	for _, c := range ctls {
		for _, l := range []string{
			c + "a=b",
			"a" + c + "b=c",
			"a" + c + "=b",
			"a=" + c + "b",
			"a=b" + c + "c",
			"a=b" + c,
			"b" + c + "c",
			"a=b; Pa" + c + "th=/",
			"a=b; Path=/p" + c + "q",
			"a=b; Domain=exa" + c + "mple.com",
			"a=b; foo=b" + c + "ar",
		} {
			b.combo(fmt.Sprintf("ctl-%02x", c[0]), comboHTTP, []string{l})
		}
	}
}

// comboNames varies names and values: nameless cookies, '=', quotes,
// spaces, separators, UTF-8 and bytes that are not UTF-8.
func comboNames(b *builder) {
	for _, l := range []string{
		// Nameless cookies and '='.
		"b", " b", "b ", "b c", "=b", " =b", "= b", "=b ", "=", " = ", "==", "a==", "a=b=", "a=b=c=d",
		"a =b", "a= b", "a = b", "a\u00a0=b", "=b; Path=/", "b; Path=/", "b; Secure",
		// Quotes.
		`a=""`, `a="b"`, `a="b`, `a=b"`, `a="b"c`, `a=" b "`, `"a"=b`, `a"=b`, `"a=b"`, `""`, `="b"`,
		`a="b;c"`, `a="b=c"`, `a='b'`, `a=\"b\"`, `a= "b" `,
		// Separators and punctuation.
		"a=[b]", "a={b}", `a=b\c`, "a=<b>", "a=b/c", "a=b?c", "a=b@c", "a=b:c", "a=(b)", "a=%",
		"a(b)=c", "a,b=c", "a/b=c", "a:b=c", "a@b=c", "a[b]=c", `a\b=c`, "$a=b", "a%20b=c", "a?b=c",
		"a{b}=c", "a<b>=c", "a b=c d", "a  b=c  d", "a=b  c",
		// UTF-8.
		"a=\u65e5\u672c", "\u65e5\u672c=a", "\U0001F36A=b", "\ufeffa=b", "a=\ufeffb", "a=\u00a0b\u00a0",
		"a=\u2028", "a=\u0085", "a=e\u0301", "a=\u202eb", "a=\ufffd", "\u00e9t\u00e9=\u00e9t\u00e9",
		"a=b; Path=/\u00fc", "a=b; x=\u00fc",
		// Bytes that are not UTF-8.
		"a=\x80", "a=\xff", "a=b\xc3", "a=\xc3(", "a=\xed\xa0\x80", "a=\xc0\xaf", "a=\xf4\x90\x80\x80",
		"\x80=b", "a\xff=b", "\xff", "=\xfe", "a=b; Path=/\xff", "a=b; Domain=\xff.example.com", "a=b; x=\xff",
		"a=b; Max-Age=60\xff",
	} {
		b.combo("name", comboHTTP, []string{l})
	}
	for _, l := range []string{"b", `a="b"`, "a=\u00e9", "\xff=\xff"} {
		b.combo("name", comboHTTPS, []string{l, "c=d; Secure"})
	}
}

// comboSizes tries the limits: 4096 bytes of name and value, 1024 of every
// attribute's value, with what the parser trims or drops around them.
func comboSizes(b *builder) {
	pad := func(c string, n int) string { return strings.Repeat(c, n) }
	for _, total := range []int{4095, 4096, 4097} {
		for _, n := range []int{1, 2048, total - 1} {
			b.combo("size", comboHTTP, []string{pad("n", n) + "=" + pad("v", total-n)})
		}
		b.combo("size", comboHTTP, []string{"=" + pad("v", total)})
		b.combo("size", comboHTTP, []string{pad("v", total)})
		b.combo("size", comboHTTP, []string{"  " + pad("n", total/2) + " = " + pad("v", total-total/2) + "  "})
		b.combo("size", comboHTTP, []string{"a=\"" + pad("v", total-3) + "\""})
		b.combo("size", comboHTTP, []string{"a=" + pad("v", total-1) + "; Path=/" + pad("p", 1023)})
		b.combo("size", comboHTTP, []string{pad("n", total-2) + "=\u00e9"})
	}
	for _, n := range []int{1023, 1024, 1025} {
		long := "/" + pad("p", n-1)
		b.combo("size", comboHTTP, []string{"a=b; Path=/x; Path=" + long}, "http://www.example.com/x", "http://www.example.com"+long)
		b.combo("size", comboHTTP, []string{"a=b; Domain=example.com; Domain=" + pad("d", n-len(".example.com")) + ".example.com"}, "http://example.com/")
		b.combo("size", comboHTTP, []string{"a=b; Expires=" + pad(",", n-29) + "Wed, 09 Jun 2100 10:18:14 GMT"})
		b.combo("size", comboHTTP, []string{"a=b; Max-Age=" + pad("0", n-2) + "60"})
		b.combo("size", comboHTTP, []string{"a=b; Expires=Wed, 09 Jun 2100 10:18:14 GMT; Max-Age=" + pad("0", n)})
		b.combo("size", comboHTTP, []string{"a=b; SameSite=Strict; SameSite=" + pad("x", n)})
		b.combo("size", comboHTTP, []string{"a=b; Priority=High; Priority=" + pad("x", n)})
		b.combo("size", comboHTTPS, []string{"a=b; Secure=" + pad("x", n)})
		b.combo("size", comboHTTP, []string{"a=b; HttpOnly=" + pad("x", n)})
		b.combo("size", comboHTTPS, []string{"a=b; Secure; Partitioned=" + pad("x", n)})
		b.combo("size", comboHTTP, []string{"a=b; x=" + pad("x", n) + "; Max-Age=60"})
		b.combo("size", comboHTTP, []string{"a=b; Path=/" + pad(" ", n) + "; Max-Age=60"})
	}
	b.combo("size", comboHTTP, []string{"a=b; " + pad("n", 5000) + "=v; Max-Age=60"})
	b.combo("size", comboHTTP, []string{"a=b; " + pad("n", 5000) + "; Max-Age=60"})
	b.combo("size", comboHTTP, []string{"a=b" + pad("; x", 2000) + "; Max-Age=60"})
	b.combo("size", comboHTTP, []string{"a=b" + pad("; x="+pad("y", 1024), 50) + "; Path=/"})
	b.combo("size", comboHTTP, []string{pad("n", 4096) + "=" + "; Max-Age=60"})
	b.combo("size", comboHTTP, []string{pad("n", 2048) + "=" + pad("v", 2048) + "; Domain=example.com; Path=/; Max-Age=60; " + pad("x", 8000)}, "http://example.com/")
}

// idnHosts maps the Unicode hosts of the corpus to their ASCII forms, for
// the follow-up URLs (the recorder keys requests by the host Chromium sends).
var idnHosts = map[string]string{
	"www.b\u00fccher.example":      "www.xn--bcher-kva.example",
	"b\u00fccher.example":          "xn--bcher-kva.example",
	"sub.www.b\u00fccher.example":  "sub.www.xn--bcher-kva.example",
	"www.fa\u00df.example":         "www.xn--fa-hia.example",
	"fa\u00df.example":             "xn--fa-hia.example",
	"sub.www.fa\u00df.example":     "sub.www.xn--fa-hia.example",
	"www.example.\u0440\u0444":     "www.example.xn--p1ai",
	"example.\u0440\u0444":         "example.xn--p1ai",
	"sub.www.example.\u0440\u0444": "sub.www.example.xn--p1ai",
}

// asciiHost returns the host as Chromium sends it.
func asciiHost(h string) string {
	if a, ok := idnHosts[h]; ok {
		return a
	}
	return strings.ToLower(h)
}

// comboDomains sets cookies from many kinds of hosts with Domain attributes
// derived from each: the host itself with dots and case changed, its
// parent, its top-level domain, a suffix that is not a label, a subdomain,
// an unrelated domain, and the IDN forms of each.
func comboDomains(b *builder) {
	type host struct {
		name  string
		extra []string // further Domain values
	}
	for _, h := range []host{
		{"www.example.com", []string{"example.org", "com.", "example.com:80", "example.com/x", "*.example.com", "exa mple.com", `"example.com"`, "example.com.."}},
		{"example.com", nil},
		{"a.b.example.com", []string{"example.com", ".example.com"}},
		{"WWW.EXAMPLE.COM", []string{"example.com", "EXAMPLE.COM"}},
		{"www.example.com.", []string{"example.com", "example.com."}},
		{"foo.github.io", nil},
		{"github.io", nil},
		{"x.blogspot.com", nil},
		{"foo.appspot.com", nil},
		{"foo.s3.amazonaws.com", []string{"amazonaws.com"}},
		{"www.example.co.uk", []string{"co.uk"}},
		{"example.co.uk", nil},
		{"a.b.test", nil},
		{"b.test", nil},
		{"test", nil},
		{"a.b.internal", nil},
		{"a.b.localhost", []string{"localhost"}},
		{"localhost", nil},
		{"a.b.zzz-made-up", nil},
		{"intranet", nil},
		{"www.xn--bcher-kva.example", []string{"b\u00fccher.example", ".b\u00fccher.example", "B\u00dcCHER.example", "www.b\u00fccher.example", "b\u00fccher\u3002example", "XN--BCHER-KVA.example"}},
		{"www.b\u00fccher.example", []string{"xn--bcher-kva.example", ".xn--bcher-kva.example", "www.xn--bcher-kva.example", "B\u00dcCHER.EXAMPLE"}},
		{"www.fa\u00df.example", []string{"xn--fa-hia.example", "fass.example", "FA\u00df.example"}},
		{"www.example.\u0440\u0444", []string{"example.xn--p1ai", "xn--p1ai"}},
	} {
		name := h.name
		labels := strings.Split(strings.TrimSuffix(name, "."), ".")
		attrs := []string{"", name, "." + name, ".." + name, name + ".", strings.ToUpper(name), name[1:], "sub." + name}
		if len(labels) > 1 {
			parent := strings.Join(labels[1:], ".")
			tld := labels[len(labels)-1]
			attrs = append(attrs, parent, "."+parent, parent+".", tld, "."+tld)
		}
		attrs = append(attrs, h.extra...)
		ascii := asciiHost(name)
		follow := []string{"http://" + ascii + "/", "https://" + ascii + "/"}
		if i := strings.IndexByte(ascii, '.'); i > 0 && i < len(ascii)-1 {
			follow = append(follow, "http://"+ascii[i+1:]+"/")
		}
		follow = append(follow, "http://sub."+ascii+"/")
		seen := map[string]bool{}
		for _, d := range attrs {
			if seen[d] {
				continue
			}
			seen[d] = true
			sc := b.combo("domain", "http://"+name+"/", []string{"a=b; Domain=" + d})
			sc.Follow = follow
		}
	}
}

// comboIPs sets cookies from IPv4 and IPv6 hosts, written in their
// canonical and other forms, with Domain attributes naming them in many
// ways. Every host maps to the recorder's loopback servers.
func comboIPs(b *builder) {
	v4 := []string{"http://127.0.0.1/", "https://127.0.0.1/"}
	v6 := []string{"http://[::1]/", "https://[::1]/"}
	for _, u := range []string{"http://127.1/", "http://2130706433/", "http://0x7f.0.0.1/", "http://0177.0.0.1/", "http://0x7F000001/", "http://127.0.0.1./", "http://127.000.000.001/"} {
		sc := b.combo("ip", u, []string{"a=b"})
		sc.Follow = v4
		sc = b.combo("ip", u, []string{"a=b; Domain=127.0.0.1"})
		sc.Follow = v4
	}
	for _, u := range []string{"http://[0:0:0:0:0:0:0:1]/", "http://[::0:1]/", "http://[0::1]/"} {
		sc := b.combo("ip", u, []string{"a=b"})
		sc.Follow = v6
	}
	for _, d := range []string{"127.0.0.1", ".127.0.0.1", "..127.0.0.1", "127.0.0.1.", "127.1", "0x7f.0.0.1", "127.000.000.001", "2130706433", "0.0.1", ".0.1", "1", "[127.0.0.1]", "localhost", "127.0.0.2", " 127.0.0.1 "} {
		sc := b.combo("ip", "http://127.0.0.1/", []string{"a=b; Domain=" + d})
		sc.Follow = v4
	}
	for _, d := range []string{"[::1]", ".[::1]", "::1", "[0:0::1]", "[::0:1]", "[::1].", "[::1", "::1]", "[0:0:0:0:0:0:0:1]", "[::2]"} {
		sc := b.combo("ip", "http://[::1]/", []string{"a=b; Domain=" + d})
		sc.Follow = v6
	}
	for _, l := range []string{"a=b; Secure", "__Host-a=b; Secure; Path=/", "__Host-a=b; Secure; Path=/; Domain=127.0.0.1", "a=b; Secure; Partitioned"} {
		sc := b.combo("ip", "https://127.0.0.1/", []string{l})
		sc.Follow = v4
		sc = b.combo("ip", "https://[::1]/", []string{strings.ReplaceAll(l, "127.0.0.1", "[::1]")})
		sc.Follow = v6
	}
}

// comboPaths derives default paths from many URL paths, and sets many
// Path attribute values; the follow-up requests probe which paths match.
func comboPaths(b *builder) {
	const host = "http://www.example.com"
	probe := []string{host + "/", host + "/a", host + "/a/", host + "/a/b", host + "/a/b/c", host + "/A/b"}
	for _, p := range []struct {
		path  string
		extra []string // further paths to probe
	}{
		{"/", nil}, {"/a", nil}, {"/a/", nil}, {"/a/b", nil}, {"/a/b/", nil}, {"/a/b/c/d/e/f", []string{"/a/b/c/d/e", "/a/b/c/d/e/g"}},
		{"//", []string{"//"}}, {"//a", []string{"//"}}, {"//a/b", []string{"//a", "//a/c"}}, {"/a//b", []string{"/a//", "/a//c"}},
		{"/a//b/c", []string{"/a//b", "/a//b/d"}},
		{"/a/b;c", nil}, {"/a;b/c", []string{"/a;b", "/a;b/d"}}, {"/a/b;c/d", []string{"/a/b;c", "/a/b;c/e"}}, {"/;/x", []string{"/;", "/;/y"}},
		{"/a%2Fb/c", []string{"/a%2Fb", "/a%2Fb/d"}}, {"/a%2fb/c", []string{"/a%2fb", "/a%2fb/d"}}, {"/a/b%2F", nil}, {"/a%2F", nil},
		{"/%61/b/c", []string{"/%61/b", "/%61/b/d"}}, {"/a%20b/c", []string{"/a%20b", "/a%20b/d"}}, {"/a b/c", []string{"/a%20b", "/a%20b/d"}},
		{"/a/./b/c", []string{"/a/./b", "/a/b/d"}}, {"/a/../b/c", []string{"/b", "/b/d"}}, {"/a/b/.", nil}, {"/a/b/..", nil},
		{"/a/b./c", []string{"/a/b.", "/a/b./d"}}, {"/a/.b/c", []string{"/a/.b", "/a/.b/d"}}, {"/a/b../c", []string{"/a/b..", "/a/b../d"}},
		{"/a/%2e/b/c", []string{"/a/b/d"}}, {"/a/%2e%2e/b/c", []string{"/b", "/b/d"}}, {"/a/b/%2e", nil},
		{"/\u00fc/x", []string{"/%C3%BC", "/%C3%BC/y"}}, {"/%C3%BC/x", []string{"/%C3%BC", "/%C3%BC/y"}}, {"/%c3%bc/x", []string{"/%c3%bc", "/%c3%bc/y"}},
		{"/a\\b/c", []string{"/a/b", "/a/b/d", "/a%5Cb"}}, {"/a/b?c/d", nil}, {"/a/b?", nil}, {"/A/B/c", []string{"/A/B", "/A/B/d"}},
		{"/~u/x", []string{"/~u", "/~u/y"}}, {"/a/b/;", []string{"/a/b/"}},
		{"/a/b.html", nil}, {"/.", nil}, {"/..", nil}, {"/a/b/..;/c", []string{"/a/b/..;"}},
		{"/a\"b/c", []string{"/a%22b", "/a%22b/d"}}, {"/a<b>/c", []string{"/a%3Cb%3E", "/a%3Cb%3E/d"}},
		{"/a{b}/c", []string{"/a%7Bb%7D", "/a{b}"}}, {"/a|b/c", []string{"/a|b", "/a%7Cb"}}, {"/a^b/c", []string{"/a^b", "/a%5Eb"}},
	} {
		follow := append([]string{}, probe...)
		for _, e := range p.extra {
			follow = append(follow, host+e)
		}
		sc := b.combo("path", host+p.path, []string{"a=b"})
		sc.Follow = follow
	}
	attrProbe := append([]string{}, probe...)
	for _, e := range []string{"/A", "/x/y", "/x/z", "/a%2Fb", "/%61", "/%C3%BC", "/a%20b", "/a/./b", "/a//b"} {
		attrProbe = append(attrProbe, host+e)
	}
	for _, v := range []string{
		"/", "/a", "/a/", "/a/b", "/a//b", "//", "/a/./b", "/a/../b", "/a/.", "/.", "/a%2Fb", "/a%2fb", "/%61",
		"/\u00fc", "/%C3%BC", "/a b", "/A", "/a?b", "/a#b", "\\a", "/a\\b", "/a/b/", "a", "a/b", "", " ", "/ ",
		" /a/ ", `"/a"`, "/a,b", "/a=b", "/a=", "=/a", "/*", "/a*", "/a/b/c/d", "/%", "/%zz", "/x/y", "/x/y/", "/x",
		"/a; Path=/x", "/x; Path=", "/x; Path", "/x; Path=a",
	} {
		sc := b.combo("path", host+"/x/y", []string{"a=b; Path=" + v})
		sc.Follow = attrProbe
	}
}

// comboExpiry parses Expires written in many ways. A Date header fixes the
// server's clock at 2000-01-01 00:00:00 UTC, so that a date parsed as
// 2000-01-02 03:04:05 expires 27h04m05s after the cookie was made, and one
// parsed otherwise shows; dates far from 2000 go without it. Max-Age takes
// every edge value, with an Expires to fall back to.
func comboExpiry(b *builder) {
	const date = "Sat, 01 Jan 2000 00:00:00 GMT"
	for _, e := range []string{
		"Sun, 02 Jan 2000 03:04:05 GMT", "Sunday, 02-Jan-00 03:04:05 GMT", "Sun Jan  2 03:04:05 2000",
		"Sun, 02-Jan-2000 03:04:05 GMT", "02 Jan 2000 03:04:05", "2 Jan 2000 3:4:5", "Jan 2 2000 03:04:05",
		"2000 Jan 02 03:04:05", "03:04:05 02 Jan 2000", "02 Jan 00 03:04:05", "Jan 02 00 03:04:05",
		"00 Jan 02 03:04:05", "02-jan-2000 03:04:05", "02 JANUARY 2000 03:04:05", "02 Janxyz 2000 03:04:05",
		"02 Jan 2000 03:04:05 +0100", "02 Jan 2000 03:04:05 PST", "02/Jan/2000:03:04:05 +0000",
		"2000-01-02T03:04:05Z", "Sun, 02 Jan 2000 03:04:05.123 GMT", "Sun, 02 Jan 2000 03:04 GMT",
		"Sun, 02 Jan 2000 03:04:05:06 GMT", "Sun, 02 Jan 2000 003:04:05 GMT", "Sun, 2nd Jan 2000 03:04:05",
		"2 Jan 0 03:04:05", "02 Jan 02000 03:04:05", "Sun, 02 Jan 2000 24:00:00 GMT",
		"Sun, 02 Jan 2000 23:59:60 GMT", "Sun, 02 Jan 2000 23:60:00 GMT", "Wed, 30 Feb 2000 03:04:05 GMT",
		"Tue, 29 Feb 2000 03:04:05 GMT", "Sun, 32 Jan 2000 03:04:05 GMT", "Sun, 0 Jan 2000 03:04:05 GMT",
		"Jan2 2000 03:04:05", "2Jan 2000 03:04:05", "02 Jan 2000 03:04:05 GMT 99", "2000 02 Jan 03:04:05",
		"70 Jan 02 03:04:05", "Jan 02 70 03:04:05", "02 Jan 99 03:04:05", "02 Jan 69 03:04:05",
		"02 Jan 2000 3:04:05", "02 Jan 2000 03:4:05", "02 Jan 2000 03:04:5", "02 Jan 2000 03:04:05GMT",
		"02Jan2000 03:04:05", "02 Jan2000 03:04:05", "Jan 02 2000 03:04:05 2001", "02 Feb Jan 2000 03:04:05",
		"02 Jan 2000 03:04:05 01:02:03", "01:02:03 02 Jan 2000 03:04:05", "02 jAn 2000 03:04:05",
		"02 \u00e9Jan 2000 03:04:05", "02 Jan 2000 03:04:05\u00e9", "\"Sun, 02 Jan 2000 03:04:05 GMT\"",
		"Sun,02-Jan-2000 03:04:05 GMT", "Sun, 02 Jan 2000 03:04:05 GMT; Expires=garbage", "02 Jan 1 03:04:05",
		"Jan 1 2 03:04:05", "1 2 Jan 03:04:05", "02 Jan 2000 1:2", "02 Jan 2000 1:2:3:4", "02 Jan 2000 12:34:567",
		"02 Jan 2000 123:45:56", "02 Jan 2000 01:02:03 Jan", "Sun 02 Jan 2000 03h04m05s",
		"02 Jan 2000 03:04:05:06 01:02:03", "02 Jan 2000 03:04:05GMT 01:02:03", "02 Jan 2000 25:04:05 01:02:03",
		"02 Jan 2000 003:004:005", "02 Jan 2000 0000000003:04:05", "02 Jan 2000 3::05", "02 Jan 2000 :03:04:05",
		"Jan 03:04:05 02 3rd", "Jan 03:04:05 2x 2000", "002 Jan 2000 03:04:05", "02 Jan 2000 03:04:05:",
		"02 Jan\u00e9 2000 03:04:05", "02 Jan 2000 03:04:05 01:02", "02 Jan 2000 1:2 03:04:05", "Jan 2000 03:04:05 2nd",
		"02 Jan 2000 03:04:-5", "02 Jan 2000 0x3:04:05", "2000 Jan 03:04:05 02 01", "02 Jan 2000 03:04:05 2001 1999",
		"31 Jan 2000 03:04:05", "Jan 2000 03:04:05 002", "Jan 2000 03:04:05 2", "02 Jan 2000 03:04:05 Feb",
		"02 Jan 2000x 03:04:05", "02 Jan 02000x 03:04:05", "02 Jan 2000 03:04:05 x", "02 Jan 2000 03:04:05 99999",
		"02 Jan 2000 \uff103:04:05", "02 Jan 2000 03:04:05\u00e9 01:02:03", "Jan 2000 03:04:05 0002",
	} {
		sc := b.combo("expiry", comboHTTP, []string{"a=b; Expires=" + e})
		sc.Date = date
	}
	for _, e := range []string{
		"Mon, 01 Jan 1600 00:00:00 GMT", "Mon, 01 Jan 1601 00:00:00 GMT", "Wed, 31 Dec 1969 23:59:59 GMT",
		"Thu, 01 Jan 1970 00:00:01 GMT", "Fri, 01 Jan 2038 00:00:00 GMT", "Tue, 19 Jan 2038 03:14:08 GMT",
		"Fri, 31 Dec 9999 23:59:59 GMT", "Sat, 01 Jan 10000 00:00:00 GMT", "01 Jan 99999 00:00:00",
		"01 Jan 100000 00:00:00", "01 Jan 275760 00:00:00", "01 Jan 0001 00:00:00", "01 Jan 0099 00:00:00",
		"01 Jan 999 00:00:00", "01 Jan 1000 00:00:00",
	} {
		b.combo("expiry", comboHTTP, []string{"a=b; Expires=" + e})
	}
	for _, m := range []string{
		"0", "-0", "+0", "60", "+60", "00000000000000000000060", "34560000", "34560001", "34559999",
		"2147483647", "2147483648", "4294967296", "9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "-9223372036854775809", "18446744073709551616", "99999999999999999999999999",
		"60 ", " 60", "6 0", "60s", "0x3c", "1e2", "\uff16\uff10", "--60", "+-60", "-", "+", "\u0663", "60.0", "60,5",
		"\"60\"", "", "-60",
	} {
		sc := b.combo("expiry", comboHTTP, []string{"a=b; Max-Age=" + m + "; Expires=Sun, 02 Jan 2000 03:04:05 GMT"})
		sc.Date = date
	}
}

// comboServerDate sends Date headers of several forms, in the past and in
// the future, with an Expires an hour after, an hour before and 500 days
// after it, and a Max-Age, which the server's clock does not shift.
func comboServerDate(b *builder) {
	for _, d := range []struct{ date, plusHour, minusHour, plus500d string }{
		{"Sat, 01 Jan 2000 00:00:00 GMT", "Sat, 01 Jan 2000 01:00:00 GMT", "Fri, 31 Dec 1999 23:00:00 GMT", "Thu, 15 May 2001 00:00:00 GMT"},
		{"Fri, 01 Jan 2100 00:00:00 GMT", "Fri, 01 Jan 2100 01:00:00 GMT", "Thu, 31 Dec 2099 23:00:00 GMT", "Wed, 16 May 2101 00:00:00 GMT"},
		{"Saturday, 01-Jan-00 00:00:00 GMT", "Sat, 01 Jan 2000 01:00:00 GMT", "Fri, 31 Dec 1999 23:00:00 GMT", "Thu, 15 May 2001 00:00:00 GMT"},
		{"Sat Jan  1 00:00:00 2000", "Sat, 01 Jan 2000 01:00:00 GMT", "Fri, 31 Dec 1999 23:00:00 GMT", "Thu, 15 May 2001 00:00:00 GMT"},
		{"Mon, 01 Jan 2000 00:00:00 GMT", "Sat, 01 Jan 2000 01:00:00 GMT", "Fri, 31 Dec 1999 23:00:00 GMT", "Thu, 15 May 2001 00:00:00 GMT"},
		{"garbage", "Sat, 01 Jan 2000 01:00:00 GMT", "Fri, 31 Dec 1999 23:00:00 GMT", "Wed, 09 Jun 2100 10:18:14 GMT"},
		{"01 Jan 2000 00:00:00 GMT", "Sat, 01 Jan 2000 01:00:00 GMT", "Fri, 31 Dec 1999 23:00:00 GMT", "Thu, 15 May 2001 00:00:00 GMT"},
		{"Sat, 01 Jan 2000 00:00:00 +0100", "Sat, 01 Jan 2000 01:00:00 GMT", "Fri, 31 Dec 1999 23:00:00 GMT", "Thu, 15 May 2001 00:00:00 GMT"},
		{"Sat, 01 Jan 2000 00:00:00 UTC", "Sat, 01 Jan 2000 01:00:00 GMT", "Fri, 31 Dec 1999 23:00:00 GMT", "Thu, 15 May 2001 00:00:00 GMT"},
		{"Sat, 01 Jan 2000 00:00:00", "Sat, 01 Jan 2000 01:00:00 GMT", "Fri, 31 Dec 1999 23:00:00 GMT", "Thu, 15 May 2001 00:00:00 GMT"},
		{"Sat, 01 Jan 2000 00:00:00 GMT, Sat, 01 Jan 2000 00:00:00 GMT", "Sat, 01 Jan 2000 01:00:00 GMT", "Fri, 31 Dec 1999 23:00:00 GMT", "Thu, 15 May 2001 00:00:00 GMT"},
	} {
		for _, l := range []string{
			"a=b; Expires=" + d.plusHour, "a=b; Expires=" + d.minusHour, "a=b; Expires=" + d.plus500d, "a=b; Max-Age=3600",
		} {
			sc := b.combo("date", comboHTTP, []string{l})
			sc.Date = d.date
		}
	}
}

// comboSecure sets Secure cookies over http and https from ordinary hosts
// and from the trustworthy ones, localhost and loopback addresses.
func comboSecure(b *builder) {
	for _, h := range []string{"www.example.com", "localhost", "sub.localhost", "127.0.0.1", "[::1]", "127.0.0.2", "localhost."} {
		for _, scheme := range []string{"http", "https"} {
			if scheme == "https" && strings.HasSuffix(h, ".") {
				continue // Go's TLS server refuses a server name with a trailing dot
			}
			for _, l := range []string{
				"a=b; Secure", "a=b; Secure; HttpOnly", "a=b; Secure; SameSite=None", "a=b; SameSite=None",
				"a=b; Secure; Path=/", "__Secure-a=b; Secure",
			} {
				b.combo("secure", scheme+"://"+h+"/dir/page", []string{l})
			}
		}
	}
	b.combo("secure", "http://sub.localhost/", []string{"a=b; Secure; Domain=localhost"})
	b.combo("secure", "http://a.b.localhost/", []string{"a=b; Secure; Domain=b.localhost"}, "http://c.b.localhost/")
}

// comboSecureAlone tries an insecure response overwriting or shadowing a
// Secure cookie (Leave Secure Cookies Alone). The lines are set by https
// first, then sent again by http, from another path or host: the
// follow-up URL with the query s=ID answers with them again. A line
// without Path takes its default path from the page, so the same line sets
// a different cookie the second time.
func comboSecureAlone(b *builder) {
	const h = "www.example.com"
	probe := func(paths []string, hosts ...string) []string {
		var out []string
		for _, host := range hosts {
			for _, p := range paths {
				out = append(out, "http://"+host+p, "https://"+host+p)
			}
		}
		return out
	}
	for _, c := range []struct {
		from, again string // the https page, then the http one
		lines       []string
	}{
		{"https://" + h + "/p/x", "http://" + h + "/q/y", []string{"a=2", "a=1; Secure; Path=/"}},
		{"https://" + h + "/p/x", "http://" + h + "/q/y", []string{"a=2; Path=/", "a=1; Secure; Path=/"}},
		{"https://" + h + "/p/x", "http://" + h + "/q/y", []string{"a=2", "a=1; Secure; Path=/q"}},
		{"https://" + h + "/p/x", "http://" + h + "/q/y", []string{"a=2", "a=1; Secure; Path=/q/r"}},
		{"https://" + h + "/p/x", "http://" + h + "/p/y", []string{"a=2; Domain=example.com", "a=1; Secure"}},
		{"https://" + h + "/p/x", "http://sub.example.com/p/y", []string{"a=2", "a=1; Secure; Domain=example.com; Path=/"}},
		{"https://" + h + "/p/x", "http://www.example.org/p/y", []string{"a=2", "a=1; Secure; Domain=example.com; Path=/"}},
		{"https://" + h + "/p/x", "http://" + h + "/q/y", []string{"b=2", "a=1; Secure; Path=/"}},
		{"https://" + h + "/p/x", "http://" + h + "/q/y", []string{"a=; Max-Age=0; Path=/", "a=1; Secure; Path=/"}},
		{"https://" + h + "/p/x", "http://" + h + "/q/y", []string{"A=2", "a=1; Secure; Path=/"}},
		{"https://" + h + "/p/x", "http://" + h + "/q/y", []string{"a=2; HttpOnly", "a=1; Secure; Path=/"}},
		{"https://localhost/p/x", "http://localhost/q/y", []string{"a=2", "a=1; Secure; Path=/"}},
		{"https://" + h + "/p/x", "http://" + h + "/q/y", []string{"a=2", "a=1; Secure; Path=/; Partitioned"}},
		{"https://" + h + "/p/x", "http://example.com/q/y", []string{"a=2; Domain=example.com; Path=/", "a=1; Secure; Path=/"}},
		{"https://sub.example.com/p/x", "http://" + h + "/q/y", []string{"a=2; Domain=example.com", "a=1; Secure; Path=/"}},
		{"https://" + h + "/p/x", "http://" + h + "/q/y", []string{"a=2; Path=/q/r", "a=1; Secure; Path=/q"}},
		{"https://" + h + "/p/x", "http://" + h + "/q/y", []string{"=2", "=1; Secure; Path=/"}},
	} {
		sc := b.combo("lsca", c.from, c.lines)
		hosts := []string{h}
		for _, u := range []string{c.from, c.again} {
			host := strings.Split(strings.SplitN(u, "://", 2)[1], "/")[0]
			if host != h {
				hosts = append(hosts, host)
			}
		}
		sc.Follow = append(append(probe([]string{"/"}, hosts...), c.again+"?s="+sc.ID), probe([]string{"/", "/p/", "/q/", "/q/r/"}, hosts...)...)
	}
}

// altCase writes the letters of s in alternating case.
func altCase(s string) string {
	var out strings.Builder
	upper := false
	for _, r := range s {
		if 'a' <= r|0x20 && r|0x20 <= 'z' {
			if upper {
				r &^= 0x20
			} else {
				r |= 0x20
			}
			upper = !upper
		}
		out.WriteRune(r)
	}
	return out.String()
}

// comboPrefixes crosses the name prefixes, in several cases, with every
// combination of the attributes their rules read, over https and http.
func comboPrefixes(b *builder) {
	prefixes := []string{"__Secure-", "__Host-", "__Http-", "__Host-Http-", "__HostHttp-"}
	attrs := []string{"; Secure", "; Path=/", "; Domain=www.example.com", "; HttpOnly", "; Partitioned"}
	for _, p := range prefixes {
		for set := 0; set < 1<<len(attrs); set++ {
			l := p + "a=b"
			for i, a := range attrs {
				if set&(1<<i) != 0 {
					l += a
				}
			}
			b.combo("prefix", comboHTTPS, []string{l})
		}
		for _, a := range []string{"", "; Path=/", "; Secure; Path=/", "; Secure; Path=/; HttpOnly"} {
			b.combo("prefix", comboHTTP, []string{p + "a=b" + a})
			b.combo("prefix", "http://localhost/dir/page", []string{p + "a=b" + a})
		}
		for _, name := range []string{strings.ToLower(p), strings.ToUpper(p), altCase(p)} {
			for _, a := range []string{"; Secure; Path=/", "; Secure; Path=/; HttpOnly", "; Secure; Path=/; Domain=www.example.com", "; Path=/; HttpOnly"} {
				b.combo("prefix", comboHTTPS, []string{name + "a=b" + a})
			}
		}
	}
	for _, l := range []string{
		"__Host-a=b; Secure; Path=/dir", "__Host-a=b; Secure; Path=", "__Host-a=b; Secure; Path=/ ", "__Host-a=b; Secure; path=/",
		"__Host-a=b; Secure; Path=/; Domain=", "__Host-a=b; Secure; Path=/; Path=/dir", "__Host-a=b; Secure; Path=/dir; Path=/",
		"__Host-a=b; Secure; Path=/; Domain=.www.example.com", "__Host-a=b; Secure; Path=/; Domain=example.com",
		"__Host-a=b; Secure; Path=/; Domain=www.example.com; Domain=", "__Host-a=b; Secure; Path=//", "__Host-a=b; Secure; Path=/%2F",
		"__Secure-=b; Secure", "__Host-=b; Secure; Path=/", "__Secure-", "__Secure-; Secure", "=__Secure-a; Secure", "=__Host-a; Secure; Path=/",
		"__Secure-a; Secure", " __Secure-a=b", " __Secure-a=b; Secure", "\t__Host-a=b; Secure; Path=/", "__Secure_a=b", "_Secure-a=b",
		"__Secure a=b", "__SecureX-a=b", "__Host-Http-a=b; Secure; Path=/", "=__Http-a; Secure; HttpOnly", "=__host-http-a; Secure",
		"__Secure-a=b; Secure=no", "__Secure-a=b; Secure; Secure", "__Http-a=b; Secure; HttpOnly=no",
	} {
		b.combo("prefix", comboHTTPS, []string{l})
	}
}

// comboSameSite crosses the SameSite values with Secure and the scheme,
// set by a top-level navigation and sent on typed ones.
func comboSameSite(b *builder) {
	for _, v := range []string{"None", "Lax", "Strict", "none", "LAX", "sTrIcT", "", "bogus", "Extended", "None ", `"Strict"`, "Lax, Strict", "Nonesense"} {
		for _, sec := range []string{"", "; Secure"} {
			for _, u := range []string{comboHTTP, comboHTTPS} {
				b.combo("samesite", u, []string{"a=b; SameSite=" + v + sec})
			}
			b.combo("samesite", "http://localhost/dir/page", []string{"a=b; SameSite=" + v + sec})
		}
	}
	b.combo("samesite", comboHTTPS, []string{"a=b; SameSite=None; Secure; SameSite=Strict"})
	b.combo("samesite", comboHTTPS, []string{"a=b; SameSite=Strict; Secure; SameSite=None"})
	b.combo("samesite", comboHTTP, []string{"a=b; SameSite=None; SameSite=Lax"})
	b.combo("samesite", comboHTTP, []string{"a=b; SameSite=Lax; SameSite=None"})
}

// comboPriority tries the Priority values, repeated and malformed.
func comboPriority(b *builder) {
	for _, v := range []string{
		"Low", "Medium", "High", "low", "MEDIUM", "hIgH", "", "bogus", `"High"`, "High; Priority=", "Low; Priority=bogus",
		"H", " High", "Highest", "High; Priority=Low; Priority=High",
	} {
		b.combo("priority", comboHTTP, []string{"a=b; Priority=" + v})
	}
	b.combo("priority", comboHTTPS, []string{"a=b; Secure; Priority=High"})
	b.combo("priority", comboHTTP, []string{"a=1; Priority=Low", "a=2; Priority=High"})
	b.combo("priority", comboHTTP, []string{"a=1; Priority=High", "a=2"})
}

// comboPartitioned sets Partitioned cookies from a top-level page over
// https, http, and trustworthy http, with the attributes that matter.
func comboPartitioned(b *builder) {
	for _, u := range []string{
		comboHTTPS, comboHTTP, "http://localhost/dir/page", "https://localhost/dir/page", "http://127.0.0.1/dir/page",
		"https://foo.github.io/dir/page", "https://a.b.test/dir/page",
	} {
		for _, l := range []string{
			"a=b; Partitioned", "a=b; Partitioned; Secure", "a=b; Partitioned; Secure; SameSite=None",
			"a=b; Partitioned; Secure; SameSite=Lax", "a=b; Partitioned; Secure; SameSite=Strict",
			"a=b; Partitioned; Secure; HttpOnly", "a=b; Partitioned; Secure; Path=/", "a=b; partitioned; secure",
			"a=b; PARTITIONED; Secure; Max-Age=60", "__Host-a=b; Partitioned; Secure; Path=/", "__Secure-a=b; Partitioned; Secure",
		} {
			b.combo("partitioned", u, []string{l})
		}
	}
	b.combo("partitioned", comboHTTPS, []string{"a=b; Partitioned; Secure; Domain=example.com"}, "https://example.com/", "https://sub.example.com/")
	b.combo("partitioned", comboHTTPS, []string{"a=1; Secure; Partitioned", "a=2; Secure"})
	b.combo("partitioned", comboHTTPS, []string{"a=2; Secure", "a=1; Secure; Partitioned"})
	b.combo("partitioned", comboHTTPS, []string{"a=1; Secure; Partitioned", "a=2; Secure; Partitioned"})
	b.combo("partitioned", comboHTTPS, []string{"a=1; Secure; Partitioned", "a=; Secure; Partitioned; Max-Age=0"})
	b.combo("partitioned", comboHTTPS, []string{"a=1; Secure; Partitioned", "a=; Secure; Max-Age=0"})
}

// comboOrder sets several cookies in every order and reads the order of
// the Cookie header: longer paths first, then older cookies.
func comboOrder(b *builder) {
	perms := func(items []string) [][]string {
		var out [][]string
		var rec func(rest, acc []string)
		rec = func(rest, acc []string) {
			if len(rest) == 0 {
				out = append(out, append([]string{}, acc...))
				return
			}
			for i := range rest {
				next := append(append([]string{}, rest[:i]...), rest[i+1:]...)
				rec(next, append(acc, rest[i]))
			}
		}
		rec(items, nil)
		return out
	}
	const u = "http://www.example.com/x/y/z"
	for _, set := range [][]string{
		{"a=1; Path=/", "b=2; Path=/x", "c=3; Path=/x/y"},
		{"a=1; Path=/", "a=2; Path=/x", "a=3; Path=/x/y"},
		{"a=1", "a=2; Domain=example.com", "a=3; Domain=www.example.com"},
		{"b", "a=1", "=c; Path=/x"},
	} {
		for _, lines := range perms(set) {
			b.combo("order", u, lines, "http://www.example.com/x/y/z/w", "http://example.com/x/y")
		}
	}
	for _, lines := range [][]string{
		{"a=1", "b=2", "a=1"},
		{"a=1", "b=2", "a=3"},
		{"a=1", "b=2", "a=1; Path=/x/y"},
		{"a=1", "b=2", "a=1; Domain=www.example.com"},
		{"a=1", "b=2", "a=1; HttpOnly"},
		{"a=1; Max-Age=60", "b=2", "a=1"},
		{"a=1", "b=2", "a=; Max-Age=0", "a=1"},
		{"j=0", "i=1", "h=2", "g=3", "f=4", "e=5", "d=6", "c=7", "b=8", "a=9"},
		{"a=1; Path=/x/", "b=2; Path=/x", "c=3; Path=/x/y/"},
		{"a=1; Path=/X", "b=2; Path=/x"},
		{"a=1; Path=/x/y/z", "b=2; Path=/x/y/z/"},
	} {
		b.combo("order", u, lines, "http://www.example.com/x/y/z/w", "http://www.example.com/x/")
	}
}
