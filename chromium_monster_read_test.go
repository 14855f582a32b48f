package cookiemonster

import "time"

// Rows of Chromium's CookieMonster tests about reading cookies: which ones
// a URL gets, in which order, with which exclusions and warnings, and the
// last-access time. See chromium_monster_test.go.

// chromiumMonsterReadRows are the reading rows.
func chromiumMonsterReadRows() []monsterRow {
	rows := []monsterRow{
		// Chromium builds this monster with a 200 ms access threshold; the
		// library's is Chromium's default, one minute.
		{id: "TestLastAccess", steps: []mStep{
			sSet(cmHTTPFoo, "A=B", "ok"),
			sObs("access", "+0s"),
			sGet(cmHTTPFoo, "A=B"),
			sObs("access", "+0s"),
			sAdv(time.Minute + time.Second),
			sGetO(cmHTTPFoo, "all", "", "A=B"),
			sObs("access", "+0s"),
			sList(cmHTTPFoo, "", "A@www.foo.com"),
			sObs("access", "+0s"),
			sGetO(cmHTTPFoo, "all-update", "", "A=B"),
			sObs("access", "+1m1s"),
		}},
		{id: "GetAllCookiesForURL", steps: []mStep{
			sSetO(cmHTTPFoo, "A=B; httponly", "all", "", "ok"),
			sSetO(cmHTTPFoo, "C=D; domain=.foo.com", "all", "", "ok"),
			sSetO(cmHTTPSFoo, "E=F; domain=.foo.com; secure", "all", "", "ok"),
			sSetO(cmHTTPBar, "G=H; domain=.bar.com", "all", "", "ok"),
			sSetO(cmHTTPSFoo, "I=J; domain=.foo.com; secure", "all", "", "ok"),
			sSetO(cmHTTPSBar, "__Host-K=L; secure; path=/; partitioned", "all", cmTop1, "ok"),
			sSetO(cmHTTPSBar, "__Host-M=N; secure; path=/; partitioned", "all", cmTop2, "ok"),
			sSetO(cmHTTPSBar, "__Host-O=P; secure; path=/; partitioned", "all", cmTop3, "ok"),
			sAdv(time.Minute + time.Second),
			sList(cmHTTPFoo, "", "A@www.foo.com C@.foo.com"),
			{op: "list", url: cmHTTPFoo, opts: "all-noho", want: "C@.foo.com"},
			sList(cmHTTPSFoo, "", "A@www.foo.com C@.foo.com E@.foo.com I@.foo.com"),
			sList(cmHTTPSBar, cmTop1, "G@.bar.com __Host-K@www.bar.com"),
			sList(cmHTTPSBar, cmTop2, "G@.bar.com __Host-M@www.bar.com"),
			sList(cmHTTPSBar, cmTop1+"|"+cmTop2, "G@.bar.com __Host-K@www.bar.com __Host-M@www.bar.com"),
			sList(cmHTTPSBar, "*", "G@.bar.com __Host-K@www.bar.com __Host-M@www.bar.com __Host-O@www.bar.com"),
			sList(cmHTTPSBar, "", "G@.bar.com"),
			sObs("access", "+0s"),
		}},
		{id: "GetExcludedCookiesForURL", steps: []mStep{
			sSetO(cmHTTPFoo, "A=B; httponly", "all", "", "ok"),
			sSetO(cmHTTPFoo, "C=D; domain=.foo.com", "all", "", "ok"),
			sSetO(cmHTTPSFoo, "E=F; domain=.foo.com; secure", "all", "", "ok"),
			sAdv(time.Minute + time.Second),
			{op: "excl", url: cmHTTPFoo, opts: "none", want: ""},
			{op: "excl", url: cmHTTPFoo, want: "E@.foo.com:SecureOnly"},
			{op: "excl", url: cmHTTPFoo, opts: "std-excl", want: "A@www.foo.com:HTTPOnly E@.foo.com:SecureOnly"},
			{op: "excl", url: cmHTTPSFoo, want: ""},
		}},
		{id: "GetAllCookiesForURLPathMatching", steps: []mStep{
			sSetO(cmFooFoo, "A=B; path=/foo;", "all", "", "ok"),
			sSetO(cmFooBar, "C=D; path=/bar;", "all", "", "ok"),
			sSetO(cmHTTPFoo, "E=F;", "all", "", "ok"),
			{op: "paths", url: cmFooFoo, want: "A@/foo E@/"},
			{op: "paths", url: cmFooBar, want: "C@/bar E@/"},
		}},
		{id: "GetExcludedCookiesForURLPathMatching", steps: []mStep{
			sSetO(cmFooFoo, "A=B; path=/foo;", "all", "", "ok"),
			sSetO(cmFooBar, "C=D; path=/bar;", "all", "", "ok"),
			sSetO(cmHTTPFoo, "E=F;", "all", "", "ok"),
			{op: "excl", url: cmFooFoo, want: "C@www.foo.com:NotOnPath"},
			{op: "excl", url: cmFooBar, want: "A@www.foo.com:NotOnPath"},
		}},
		// SetCookieWithSystemTime: created 100 ms apart; the re-set keeps
		// the creation time of the cookie it replaces.
		{id: "CookieSorting", steps: []mStep{
			sSetAt(cmHTTPFoo, "B=B1; path=/", 0, "std", "", "ok"),
			sSetAt(cmHTTPFoo, "B=B2; path=/foo", 100*time.Millisecond, "std", "", "ok"),
			sSetAt(cmHTTPFoo, "B=B3; path=/foo/bar", 200*time.Millisecond, "std", "", "ok"),
			sSetAt(cmHTTPFoo, "A=A1; path=/", 300*time.Millisecond, "std", "", "ok"),
			sSetAt(cmHTTPFoo, "A=A2; path=/foo", 400*time.Millisecond, "std", "", "ok"),
			sSetAt(cmHTTPFoo, "A=A3; path=/foo/bar", 500*time.Millisecond, "std", "", "ok"),
			sSetAt(cmHTTPFoo, "B=B3; path=/foo/bar", 600*time.Millisecond, "std", "", "ok"),
			sObs("all", "B=B3; A=A3; B=B2; A=A2; B=B1; A=A1"),
		}},
		{id: "InheritCreationDate", steps: []mStep{
			sSetAt(cmHTTPFoo, "Name=Value; path=/", -1000*time.Second, "all", "", "ok"),
			sObs("created", "-16m40s"),
			sObs("upd", "first"),
			sAdv(time.Second),
			sSet(cmHTTPFoo, "Name=Value; path=/", "ok"),
			sObs("created", "-16m40s"),
			sObs("upd", "later"),
			sAdv(time.Second),
			sSet(cmHTTPFoo, "Name=NewValue; path=/", "ok"),
			sObs("created", "+2s"),
			sObs("upd", "later"),
		}},
		{id: "CookieListOrdering", steps: []mStep{
			sSet("http://d.c.b.a.foo.com/aa/x.html", "c=1", "ok"),
			sSet("http://b.a.foo.com/aa/bb/cc/x.html", "d=1; domain=b.a.foo.com", "ok"),
			sSet("http://b.a.foo.com/aa/bb/cc/x.html", "a=4; domain=b.a.foo.com", "ok"),
			sSet("http://c.b.a.foo.com/aa/bb/cc/x.html", "e=1; domain=c.b.a.foo.com", "ok"),
			sSet("http://d.c.b.a.foo.com/aa/bb/x.html", "b=1", "ok"),
			sSet("http://news.bbc.co.uk/midpath/x.html", "g=10", "ok"),
			{op: "listv", url: "http://d.c.b.a.foo.com/aa/bb/cc/dd", want: "d=1 a=4 e=1 b=1 c=1"},
			sObs("names", "d a e g b c"),
		}},
		{id: "GetAllCookiesForURLNonce", steps: []mStep{
			sSetO(cmHTTPSFoo, "A=0; Secure; HttpOnly; Path=/;", "all", "", "ok"),
			sSetO(cmHTTPSFoo, "__Host-B=0; Secure; HttpOnly; Path=/;", "all", "", "ok"),
			sSetO(cmHTTPSFoo, "__Host-B=1; Secure; HttpOnly; Path=/; Partitioned", "all", "nonce:https://anonymous-iframe.test", "ok"),
			sSetO(cmHTTPSFoo, "__Host-C=0; Secure; HttpOnly; Path=/; Partitioned", "all", "nonce:https://anonymous-iframe.test", "ok"),
			{op: "listv", url: cmHTTPSFoo, want: "A=0 __Host-B=0"},
			{op: "listv", url: cmHTTPSFoo, part: "nonce:https://anonymous-iframe.test", want: "__Host-B=1 __Host-C=0"},
		}},
		{id: "SecureCookieLocalhost", steps: []mStep{
			{op: "setatw", url: "http://localhost", arg: "from_insecure_localhost=1; Secure", opts: "http", want: "ok warn:SecureAccessGrantedNonCryptographic"},
			{op: "setatw", url: "https://localhost", arg: "from_secure_localhost=1; Secure", opts: "http", want: "ok"},
			{op: "read", url: "http://localhost", want: "from_insecure_localhost=1:ok+SecureAccessGrantedNonCryptographic from_secure_localhost=1:ok+SecureAccessGrantedNonCryptographic"},
			{op: "read", url: "https://localhost", want: "from_insecure_localhost=1:ok from_secure_localhost=1:ok"},
		}},
		{id: "CookieMonsterLegacyCookieAccessTest.GetLegacyNoSameSiteCookie", steps: []mStep{
			sSetO("http://example.test", "cookie=chocolate_chip", "all", "", "ok"),
			sGetO("http://example.test", "none", "", ""),
			sGetO("http://example.test", "none-nonlegacy", "", ""),
			sGetO("http://example.test", "none-legacy", "", "cookie=chocolate_chip"),
		}},
		{id: "CookieMonsterLegacyCookieAccessTest.GetLegacySameSiteNoneInsecureCookie", steps: []mStep{
			sSetO("http://example.test", "cookie=oatmeal_raisin; SameSite=None", "all-legacy", "", "ok"),
			sGetO("http://example.test", "none", "", ""),
			sGetO("http://example.test", "none-nonlegacy", "", ""),
			sGetO("http://example.test", "none-legacy", "", "cookie=oatmeal_raisin"),
		}},
	}
	for _, k := range []struct{ host, key string }{
		{"www.foo.com", "foo.com"},
		{"www.google.izzie", "google.izzie"},
		{".google.izzie", "google.izzie"},
		{"bbc.co.uk", "bbc.co.uk"},
		{"a.b.c.d.bbc.co.uk", "bbc.co.uk"},
		{"a.b.c.d.apple.com", "apple.com"},
		{"a.b.c.d.apple.izzie", "apple.izzie"},
		{"co.uk", "co.uk"},
		{"iehocdgbbocmkdidlbnnfbmbinnahbae", "iehocdgbbocmkdidlbnnfbmbinnahbae"},
		{"com", "com"},
		{"hostalias", "hostalias"},
		{"localhost", "localhost"},
	} {
		rows = append(rows, monsterRow{id: "GetKey/" + k.host, steps: []mStep{{op: "key", arg: k.host, want: k.key}}})
	}
	return append(rows, shadowingRows()...)
}

// shadowingRows are the FilterCookiesWithOptionsWarnShadowingDomains cases
// with origin-bound cookies off: Chromium filters a list of cookies for
// https://www.foo.com; the rows store the same cookies, in the same order,
// and read them. Where Chromium checks only that a warning is there, the
// row's other warnings are those Chromium's rules give (a host cookie set
// from port 80 and read on 443 has a port mismatch).
func shadowingRows() []monsterRow {
	const (
		origin1         = "foo1=origin; domain=www.foo.com; scheme=secure; port=443"
		origin2         = "foo2=origin; domain=www.foo.com; scheme=secure; port=443"
		domain1         = "foo1=domain; domain=.foo.com; scheme=secure; port=443"
		domain2         = "foo2=domain; domain=.foo.com; scheme=secure; port=443"
		domain3         = "foo3=domain; domain=.foo.com; scheme=secure; port=443"
		subDomain1      = "foo1=subdomain; domain=.www.foo.com; scheme=secure; port=443"
		pathOrigin1     = "foo1=pathorigin; domain=www.foo.com; path=/bar; scheme=secure; port=443"
		insecureOrigin1 = "foo1=insecureorigin; domain=www.foo.com; scheme=nonsecure; port=80"
		insecureDomain1 = "foo1=insecuredomain; domain=.foo.com; scheme=nonsecure; port=80"
		portOrigin1     = "foo1=differentportorigin; domain=www.foo.com; scheme=secure; port=123"
		portInsecure1   = "foo1=insecureorigin; domain=www.foo.com; scheme=nonsecure; port=123"
	)
	c := func(id, want string, specs ...string) monsterRow {
		var steps []mStep
		for _, s := range specs {
			steps = append(steps, mStep{op: "setc", url: cmHTTPSFoo, arg: s, want: "ok"})
		}
		steps = append(steps, mStep{op: "read", url: cmHTTPSFoo, want: want})
		return monsterRow{id: "FilterCookiesWithOptionsWarnShadowingDomains/" + id, steps: steps}
	}
	return []monsterRow{
		c("domain-after-origin", "foo1=domain:ok+ShadowingDomain foo1=origin:ok foo2=origin:ok", origin1, origin2, domain1),
		c("domain-before-origin", "foo1=domain:ok+ShadowingDomain foo1=origin:ok foo2=origin:ok", domain1, origin2, origin1),
		c("two-shadowing", "foo1=domain:ok+ShadowingDomain foo1=origin:ok foo2=domain:ok+ShadowingDomain foo2=origin:ok",
			domain1, origin2, origin1, domain2),
		c("non-shadowing", "foo1=domain:ok+ShadowingDomain foo1=origin:ok foo2=domain:ok+ShadowingDomain foo2=origin:ok foo3=domain:ok",
			domain1, origin2, origin1, domain2, domain3),
		c("both-shadow-one", "foo1=domain:ok+ShadowingDomain foo1=origin:ok foo1=subdomain:ok+ShadowingDomain foo2=origin:ok",
			domain1, origin2, origin1, subDomain1),
		c("domains-only", "foo1=domain:ok foo1=subdomain:ok", domain1, subDomain1),
		c("origin-other-path", "foo1=domain:ok+ShadowingDomain foo1=pathorigin:NotOnPath", pathOrigin1, domain1),
		c("insecure-origin", "foo1=domain:ok foo1=insecureorigin:ok+PortMismatch,SchemeMismatch", insecureOrigin1, domain1),
		c("insecure-domain", "foo1=insecuredomain:ok+SchemeMismatch foo1=origin:ok", origin1, insecureDomain1),
		c("both-insecure", "foo1=insecuredomain:ok+SchemeMismatch foo1=insecureorigin:ok+PortMismatch,SchemeMismatch", insecureOrigin1, insecureDomain1),
		c("port-origin", "foo1=differentportorigin:ok+PortMismatch foo1=domain:ok", portOrigin1, domain1),
		c("port-insecure-origin", "foo1=domain:ok foo1=insecureorigin:ok+PortMismatch,SchemeMismatch", portInsecure1, domain1),
	}
}
