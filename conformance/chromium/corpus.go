package main

import (
	"fmt"
	"strings"
)

// follows returns the default follow-up URLs of a response from u: both
// schemes of u's host at the root and at u's path.
func follows(u string) []string {
	_, rest, _ := strings.Cut(u, "://")
	host, path, _ := strings.Cut(rest, "/")
	path = "/" + path
	out := []string{"http://" + host + "/", "https://" + host + "/"}
	if path != "/" {
		out = append(out, "http://"+host+path, "https://"+host+path)
	}
	return out
}

// idCounter numbers the scenarios of each category.
type idCounter map[string]int

// next returns the next ID of category cat, such as "value-007".
func (n *idCounter) next(cat string) string {
	if *n == nil {
		*n = idCounter{}
	}
	(*n)[cat]++
	return fmt.Sprintf("%s-%03d", cat, (*n)[cat])
}

// builder collects scenarios with numbered IDs per category.
type builder struct {
	list []Scenario
	n    idCounter
}

// add records a scenario in category cat: a response from u with the lines,
// followed by the default follow-ups and extra.
func (b *builder) add(cat, u string, lines []string, extra ...string) {
	b.list = append(b.list, Scenario{
		ID:        b.n.next(cat),
		Category:  cat,
		URL:       u,
		SetCookie: lines,
		Follow:    append(follows(u), extra...),
	})
}

// one adds a scenario with a single Set-Cookie line.
func (b *builder) one(cat, u, line string, extra ...string) {
	b.add(cat, u, []string{line}, extra...)
}

// Corpus returns every scenario the recorder plays.
func Corpus() []Scenario {
	var b builder
	const h = "http://www.example.com/dir/page"
	const s = "https://www.example.com/dir/page"

	// Names and values.
	for _, l := range []string{
		"a=b",
		"a=b=c",
		"a==b",
		"=b",
		"=a=b",
		"==a",
		"= a=b",
		"b",
		"=",
		"a=",
		" a = b ",
		"a=\"b\"",
		"a=\"b c\"",
		"a=b c",
		"a=\"b",
		"a b=c",
		"a=b;",
		";a=b",
		"a=b ; ; path=/",
		"a=\u00e9t\u00e9",
		"\u00e9=x",
		"a=\U0001F36A",
		"a\tb=c",
		"a=b\tc",
		"a=\tb\t",
		"\ta=b",
		"a=b\x01",
		"a\x01=b",
		"a=b\x7f",
		"a=b\x1fc",
		"a=b,c",
		"a=b, c=d",
		"a=%20b",
		"A=b",
		"a=b;path",
		"a=b; =x",
		"a=b; httponly",
		"a=b; HTTPONLY=yes",
		"a=b; secure=no",
		"a=b; unknown=1",
		"__proto__=x",
		"a=b; Partitioned",
	} {
		b.one("value", h, l)
	}
	b.add("value", h, []string{"a=1", "a=2"})
	b.add("value", h, []string{"a=1", "A=2", "b=3"})
	b.add("value", h, []string{"=1", "x"})
	b.add("value", h, []string{"a=1; path=/", "a=2; path=/dir"})
	b.add("value", h, []string{"a=1; HttpOnly", "a=2"})
	b.add("value", s, []string{"a=1; Secure", "a=2"})

	// Size limits: name+value 4096, attribute values 1024.
	for _, n := range []int{4095, 4096, 4097} {
		b.one("size", h, "a="+strings.Repeat("v", n-1))
		b.one("size", h, strings.Repeat("n", n-1)+"=v")
	}
	b.one("size", h, strings.Repeat("n", 4096))
	b.one("size", h, "="+strings.Repeat("v", 4097))
	for _, n := range []int{1023, 1024, 1025} {
		b.one("size", h, "a=b; path=/"+strings.Repeat("p", n-1))
		b.one("size", h, "a=b; domain="+strings.Repeat("d", n-len(".example.com"))+".example.com")
	}
	b.one("size", h, "a=b; max-age=1000; x="+strings.Repeat("z", 2000))

	// Domain.
	const dom = "http://www.example.com/"
	for _, d := range []string{
		"example.com", ".example.com", "..example.com", "EXAMPLE.COM", "Example.Com",
		"www.example.com", ".www.example.com", "example.com.", "com", ".com",
		"other.com", "sub.www.example.com", "ample.com", "", "  example.com  ",
		"xn--exmple-cua.com", "ex%61mple.com", "example.com:80",
	} {
		b.one("domain", dom, "a=b; domain="+d, "http://sub.www.example.com/", "http://example.com/", "http://other.example.com/")
	}
	b.one("domain", "http://www.example.co.uk/", "a=b; domain=co.uk", "http://example.co.uk/")
	b.one("domain", "http://www.example.co.uk/", "a=b; domain=example.co.uk", "http://example.co.uk/", "http://x.example.co.uk/")
	b.one("domain", "http://co.uk/", "a=b; domain=co.uk", "http://x.co.uk/")
	b.one("domain", "http://co.uk/", "a=b", "http://x.co.uk/")
	b.one("domain", "http://foo.github.io/", "a=b; domain=github.io", "http://bar.github.io/")
	b.one("domain", "http://foo.github.io/", "a=b; domain=foo.github.io", "http://x.foo.github.io/")
	b.one("domain", "http://a.foo.test/", "a=b; domain=foo.test", "http://b.foo.test/")
	b.one("domain", "http://a.foo.test/", "a=b; domain=test", "http://b.test/")
	b.one("domain", "http://foo.test/", "a=b; domain=foo.test", "http://x.foo.test/")
	b.one("domain", "http://a.b.localhost/", "a=b; domain=b.localhost", "http://c.b.localhost/")
	b.one("domain", "http://WWW.EXAMPLE.COM/", "a=b", "http://www.example.com/")
	b.one("domain", "http://127.0.0.1/", "a=b")
	b.one("domain", "http://127.0.0.1/", "a=b; domain=127.0.0.1")
	b.one("domain", "http://127.0.0.1/", "a=b; domain=.127.0.0.1")
	b.one("domain", "http://127.0.0.1/", "a=b; domain=0.0.1")
	b.one("domain", "http://www.example.com./", "a=b", "http://www.example.com/")
	b.one("domain", "http://www.example.com./", "a=b; domain=example.com", "http://www.example.com/")
	b.add("domain", dom, []string{"a=1", "a=2; domain=example.com"}, "http://example.com/")
	b.add("domain", dom, []string{"a=1; domain=example.com", "a=2; domain=www.example.com"}, "http://example.com/")

	// Path.
	for _, u := range []string{
		"http://www.example.com/", "http://www.example.com/a", "http://www.example.com/a/",
		"http://www.example.com/a/b", "http://www.example.com/a/b/", "http://www.example.com/a/b?x=/c/d",
	} {
		b.one("path", u, "a=b", "http://www.example.com/a", "http://www.example.com/a/b/c", "http://www.example.com/ab")
	}
	for _, p := range []string{"/", "/a", "/a/", "/a/b", "a", "", "/A", "/a;b", "/%61", "/a b", " /a ", "//a"} {
		b.one("path", "http://www.example.com/x/y", "a=b; path="+p,
			"http://www.example.com/a", "http://www.example.com/a/b", "http://www.example.com/ab", "http://www.example.com/A", "http://www.example.com/x/z")
	}
	b.add("path", "http://www.example.com/a/b", []string{"a=1; path=/", "a=2; path=/a", "a=3; path=/a/b"}, "http://www.example.com/a/b/c")
	b.add("path", "http://www.example.com/a/b", []string{"x=1; path=/a/b", "y=2; path=/a", "z=3"}, "http://www.example.com/a/b/c")

	// Expiry.
	for _, a := range []string{
		"max-age=0", "max-age=-1", "max-age=60", "max-age=+60", "max-age=060", "max-age=1e3",
		"max-age=", "max-age=abc", "max-age=9999999999999999999", "max-age=-9999999999999999999",
		"max-age=31536000000", "max-age=60.5",
		"expires=Wed, 09 Jun 2100 10:18:14 GMT",
		"expires=Thu, 01 Jan 1970 00:00:00 GMT",
		"expires=Mon, 01 Jan 1600 00:00:00 GMT",
		"expires=Sat, 31 Dec 1601 23:59:59 GMT",
		"expires=Tue, 01 Jan 2030 00:00:00 GMT",
		"expires=01 Jan 2030 00:00:00",
		"expires=2030-01-01",
		"expires=Jan 1 30 00:00:00",
		"expires=Jan 1 69 00:00:00",
		"expires=Jan 1 70 00:00:00",
		"expires=garbage",
		"expires=",
		"max-age=60; expires=Thu, 01 Jan 1970 00:00:00 GMT",
		"expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=60",
		"max-age=0; max-age=60",
		"max-age=60; max-age=0",
	} {
		b.one("expiry", h, "a=b; "+a)
	}
	b.add("expiry", h, []string{"a=1", "a=2; max-age=0"})
	b.add("expiry", h, []string{"a=1; max-age=60", "a=2; expires=Thu, 01 Jan 1970 00:00:00 GMT"})

	// Secure.
	b.one("secure", h, "a=b; Secure")
	b.one("secure", s, "a=b; Secure")
	b.one("secure", s, "a=b; secure=")
	b.one("secure", s, "a=b; SECURE")
	b.add("secure", s, []string{"a=1; Secure"})
	b.add("secure", h, []string{"a=2"})
	b.add("secure", s, []string{"a=1; Secure", "a=2; domain=example.com"}, "http://example.com/")
	b.add("secure", s, []string{"a=1", "a=2; Secure"})
	b.add("secure", s, []string{"a=1; Secure; path=/", "a=2; path=/dir"})

	// Prefixes.
	for _, n := range []string{"__Secure-", "__secure-", "__SECURE-", "__Host-", "__host-", "__HOST-", "__Http-", "__HostHttp-"} {
		for _, a := range []string{"", "; Secure", "; Secure; Path=/", "; Secure; Path=/; Domain=www.example.com", "; Secure; Path=/dir", "; Secure; Path=/; HttpOnly"} {
			b.one("prefix", s, n+"a=b"+a)
		}
		b.one("prefix", h, n+"a=b; Secure; Path=/")
	}
	b.one("prefix", s, "=__Secure-a=b")
	b.one("prefix", s, "=__Host-a=b; Secure; Path=/")
	b.one("prefix", s, "__Host-=b; Secure; Path=/")

	// SameSite.
	for _, a := range []string{
		"", "; SameSite=None", "; SameSite=None; Secure", "; SameSite=Lax", "; SameSite=Strict",
		"; SameSite=lax", "; SameSite=STRICT", "; SameSite=", "; SameSite=bogus", "; SameSite",
		"; SameSite=Lax; SameSite=Strict", "; SameSite=Strict; SameSite=bogus",
	} {
		b.one("samesite", h, "a=b"+a)
		b.one("samesite", s, "a=b"+a)
	}

	// Priority.
	for _, a := range []string{"low", "Low", "MEDIUM", "high", "High", "", "bogus", "high; priority=low"} {
		b.one("priority", h, "a=b; priority="+a)
	}

	// HttpOnly.
	for _, a := range []string{"HttpOnly", "httponly", "HttpOnly=", "HttpOnly; HttpOnly", " HttpOnly "} {
		b.one("httponly", h, "a=b; "+a)
	}
	b.add("httponly", h, []string{"a=1; HttpOnly", "b=2", "c=3; HttpOnly; path=/"})

	// Partitioned, set by a top-level page.
	for _, a := range []string{"Partitioned", "Partitioned; Secure", "Partitioned; Secure; SameSite=None", "Partitioned; Secure; Path=/", "Partitioned=no; Secure"} {
		b.one("partitioned", s, "a=b; "+a)
	}
	b.one("partitioned", s, "__Host-a=b; Partitioned; Secure; Path=/")
	b.one("partitioned", h, "a=b; Partitioned; Secure")

	// Order of the Cookie header.
	b.add("order", "http://www.example.com/a/b/c", []string{"a=1; path=/", "b=2; path=/a/b", "c=3; path=/a", "d=4; path=/a/b/c"}, "http://www.example.com/a/b/c/d")
	b.add("order", "http://www.example.com/a/b/c", []string{"z=1", "y=2", "x=3", "w=4; domain=example.com"})
	b.add("order", "http://www.example.com/", []string{"a=1; domain=example.com", "a=2"})
	b.add("order", "http://www.example.com/", []string{"a=2", "a=1; domain=example.com"})

	// More control characters.
	for _, l := range []string{"a=b\x0bc", "a=b\x0c", "a\x7f=b", "a=b; path=/\x01", "a=b; domain=example.com\x01"} {
		b.one("value", h, l)
	}

	// HttpOnly and ports.
	b.one("port", "http://www.example.com/", "a=b")
	b.one("port", "https://www.example.com/", "a=b; Secure")

	combos(&b)
	return append(append(append(b.list, contextCorpus()...), settingsCorpus()...), scriptCorpus()...)
}
