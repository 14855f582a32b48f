package cookiemonster

import "time"

// Rows of Chromium's CookieMonster tests about setting cookies: Leave
// Secure Cookies Alone, HttpOnly overwrite protection, equivalence,
// set-time SameSite, Secure and HttpOnly checks, access semantics. See
// chromium_monster_test.go.

// setcl is Chromium's SetCanonicalCookieReturnAccessResult of a cookie
// created from line at the current time, with or without
// can_modify_httponly.
func setcl(u, line string, modifyHTTPOnly bool, want string) mStep {
	opts := "std"
	if modifyHTTPOnly {
		opts = "http"
	}
	return mStep{op: "setat", url: u, arg: line, opts: opts, want: want}
}

// chromiumMonsterSetRows are the setting rows.
func chromiumMonsterSetRows() []monsterRow {
	const (
		httpURL      = "http://www.foo.com"
		httpSuper    = "http://foo.com"
		httpsURL     = "https://www.foo.com"
		httpsFooURL  = "https://www.foo.com/foo"
		httpFooURL   = "http://www.foo.com/foo"
		foo443       = "http://www.foo.com:443"
		foo80        = "https://www.foo.com:80"
		example      = "http://www.example.com"
		legacyHTTP   = "http://example.test"
		legacyHTTPS  = "https://example.test"
		overwriteSec = "OverwriteSecure"
	)
	rows := []monsterRow{
		// The default half of SetCookieableSchemes; foo:// is cookieable
		// only in a monster configured for it, which the library has not.
		{id: "SetCookieableSchemes", steps: []mStep{
			sSet("http://host/path", "x=1", "ok"),
			setcl("http://host/path", "y=1", false, "ok"),
			sSet("foo://host/path", "x=1", "NoncookieableScheme"),
			setcl("foo://host/path", "y=1", false, "NoncookieableScheme"),
		}},
		{id: "SetCookieableSchemes_StoreInitialized", steps: []mStep{
			sGet(cmHTTPSFoo, ""),
			setcl("foo://host/path", "y=1", false, "NoncookieableScheme"),
		}},
		{id: "MaybeDeleteEquivalentCookieAndUpdateStatus", store: true, steps: []mStep{
			setcl(httpsURL, "A=B;Secure;HttpOnly", true, "ok"),
			sSet(httpsURL, "B=A;", "ok"),
			sSet(httpURL, "C=A;", "ok"),
			setcl(httpURL, "A=D", true, overwriteSec),
			sGetO(httpsURL, "all", "", "A=B; B=A; C=A"),
			setcl(httpURL, "A=E; path=/some/path", true, overwriteSec),
			sGetO(httpsURL, "all", "", "A=B; B=A; C=A"),
			setcl(httpsURL, "A=E; Secure", false, "OverwriteHTTPOnly"),
		}},
		{id: "MaybeDeleteEquivalentCookieAndUpdateStatus_PartitionedCookies", store: true, steps: []mStep{
			{op: "setat", url: httpsURL, arg: "__Host-A=B; Secure; Path=/; Partitioned; HttpOnly", opts: "http", part: cmTop1, want: "ok"},
			sSetO(httpsURL, "__Host-A=C; Secure; Path=/; Partitioned", "std", cmTop2, "ok"),
			{op: "setat", url: httpsURL, arg: "__Host-A=D; Secure; Path=/; Partitioned", opts: "std", part: cmTop1, want: "OverwriteHTTPOnly"},
			sGetO(httpsURL, "all", cmTop1, "__Host-A=B"),
		}},
		{id: "CookieMonsterTest_MaybeDeleteEquivalentCookieAndUpdateStatus.NoSchemeNoPort", store: true, steps: []mStep{
			setcl(httpsURL, "A=PreexistingHttps443", true, "ok"),
			setcl(httpsURL, "A=PreexistingDomainHttps443; Domain=foo.com", true, "ok"),
			sObs("vals", "A=PreexistingDomainHttps443 A=PreexistingHttps443"),
			setcl(foo443, "A=InsertedHttp443", true, "ok"),
			sObs("vals", "A=InsertedHttp443 A=PreexistingDomainHttps443"),
			setcl(foo80, "A=InsertedHttps80", true, "ok"),
			sObs("vals", "A=InsertedHttps80 A=PreexistingDomainHttps443"),
			setcl(foo80, "A=InsertedDomainHttps80; Domain=foo.com", true, "ok"),
			sObs("vals", "A=InsertedDomainHttps80 A=InsertedHttps80"),
		}},
		{id: "SkipDontOverwriteForMultipleReasons", store: true, steps: []mStep{
			setcl(httpsURL, "A=B;Secure;HttpOnly", true, "ok"),
			setcl(httpURL, "A=B", false, "OverwriteSecure,OverwriteHTTPOnly"),
		}},
		{id: "DontDeleteEquivalentCookieIfSetIsRejected", store: true, steps: []mStep{
			setcl(httpURL, "cookie=foo", false, "ok"),
			setcl(httpURL, "cookie=bar;secure", false, "SecureOnly"),
			sGet(httpsURL, "cookie=foo"),
		}},
		{id: "SetSecureCookies", steps: []mStep{
			sSet(httpURL, "A=C;", "ok"),
			sSet(httpsURL, "A=B;", "ok"),
			sSet(httpURL, "A=B; Secure", "SecureOnly"),
			sSet(httpsURL, "A=B; Secure", "ok"),
			sSet(httpsURL, "A=B; Secure", "ok"),
			sSet(httpURL, "A=C;", overwriteSec),
			sSet(httpsURL, "A=B; Secure", "ok"),
			sSet(httpsURL, "A=C;", "ok"),
			sSet(httpsURL, "A=B; Secure", "ok"),
			sSet(httpURL, "A=C; path=/", overwriteSec),
			sSet(httpURL, "A=C; path=/my/path", overwriteSec),
			sSet(httpsURL, "WITH_PATH=B; Secure; path=/my/path", "ok"),
			sSet(httpURL, "WITH_PATH=C", "ok"),
			sSet(httpURL, "WITH_PATH=C; path=/", "ok"),
			sSet(httpURL, "WITH_PATH=C; path=/your/path", "ok"),
			sSet(httpURL, "WITH_PATH=C; path=/my/path", overwriteSec),
			sSet(httpURL, "WITH_PATH=C; path=/my/path/sub", overwriteSec),
			sObs("delall", "4"),
			sSet(httpURL, "A=B; path=/foo", "ok"),
			sSet(httpsURL, "A=C; Secure; path=/", "ok"),
			sGet(httpFooURL, "A=B"),
			sGet(httpsFooURL, "A=B; A=C"),
			sSet(httpURL, "A=D; path=/foo", overwriteSec),
			sSet(httpURL, "A=D; path=/", overwriteSec),
			sGet(httpsFooURL, "A=B; A=C"),
			sSet(httpsURL, "A=C; path=/; Expires=Thu, 01-Jan-1970 00:00:01 GMT", "ok"),
			sGet(httpsFooURL, "A=B"),
			sSet(httpsURL, "A=B; Secure", "ok"),
			sSet(httpURL, "A=C; domain=foo.com", overwriteSec),
			sSet(httpURL, "A=C; domain=www.foo.com", overwriteSec),
			sSet(httpsURL, "B=C; Secure; domain=foo.com", "ok"),
			sSet(httpURL, "B=D; domain=foo.com", overwriteSec),
			sSet(httpURL, "B=D", overwriteSec),
			sSet(httpSuper, "B=D", overwriteSec),
			sSetO(httpsURL, "C=D; httponly", "all", "", "ok"),
			sSet(httpsURL, "C=E; Secure", "OverwriteHTTPOnly"),
		}},
		{id: "EquivalentCookies", steps: []mStep{
			sSet(httpsURL, "A=B; Secure", "ok"),
			sSet(httpsURL, "A=C; path=/some/other/path", "ok"),
			sSet(httpURL, "A=D; path=/some/other/path", overwriteSec),
			sSet(httpsURL, "A=B; Secure", "ok"),
			sSet(httpsURL, "A=C; domain=foo.com", "ok"),
			sSet(httpURL, "A=D; domain=foo.com", overwriteSec),
		}},
		{id: "RejectCreatedSameSiteCookieOnSet", steps: []mStep{
			sSetAt(example, "foo=bar; SameSite=Lax", 0, "none", "", "SameSiteLax"),
		}},
		{id: "RejectCreatedSecureCookieOnSet", steps: []mStep{
			sSetAt(example, "foo=bar; Secure", 0, "all", "", "SecureOnly"),
		}},
		{id: "RejectCreatedHttpOnlyCookieOnSet", steps: []mStep{
			sSetAt(example, "foo=bar; HttpOnly", 0, "std", "", "HTTPOnly"),
		}},
		{id: "InvalidExpiryTime", steps: []mStep{
			{op: "persistent", url: cmHTTPFoo, arg: "A=B; path=/; expires=Blarg arg arg", want: "session"},
		}},
		{id: "CookieMonsterLegacyCookieAccessTest.SetLegacyNoSameSiteCookie", steps: []mStep{
			sSetO(legacyHTTP, "cookie=chocolate_chip", "none", "", "SameSiteUnspecifiedTreatedAsLax"),
			sSetO(legacyHTTP, "cookie=chocolate_chip", "none-nonlegacy", "", "SameSiteUnspecifiedTreatedAsLax"),
			sSetO(legacyHTTP, "cookie=chocolate_chip", "none-legacy", "", "ok"),
		}},
		{id: "CookieMonsterLegacyCookieAccessTest.SetLegacySameSiteNoneInsecureCookie", steps: []mStep{
			sSetO(legacyHTTPS, "cookie=oatmeal_raisin; SameSite=None", "none", "", "SameSiteNoneInsecure"),
			sSetO(legacyHTTPS, "cookie=oatmeal_raisin; SameSite=None", "none-nonlegacy", "", "SameSiteNoneInsecure"),
			sSetO(legacyHTTPS, "cookie=oatmeal_raisin; SameSite=None", "none-legacy", "", "ok"),
			sGetO(legacyHTTPS, "none-legacy", "", "cookie=oatmeal_raisin"),
		}},
	}

	// CookiesWithoutSameSiteMustBeSecure: each case sets one cookie,
	// created the given time ago, and checks the set's status and the
	// effective SameSite.
	const long, short = 4 * LaxAllowUnsafeMaxAge, LaxAllowUnsafeMaxAge / 4
	for i, c := range []struct {
		url, line string
		age       time.Duration
		want      string
	}{
		{"https://www.example1.test", "A=B; SameSite=Lax", 0, "ok LaxMode"},
		{"https://www.example1.test", "A=B", short, "ok LaxModeAllowUnsafe"},
		{"https://www.example1.test", "A=B", long, "ok LaxMode"},
		{"https://www.example1.test", "A=B; SameSite=None; Secure", 0, "ok NoRestriction"},
		{"https://www.example1.test", "A=B; SameSite=None", 0, "SameSiteNoneInsecure warn:SameSiteNoneInsecure"},
		{"http://www.example2.test", "A=B", short, "ok LaxModeAllowUnsafe"},
		{"http://www.example2.test", "A=B", long, "ok LaxMode"},
		{"http://www.example2.test", "A=B; Max-Age=1000000", short, "ok LaxModeAllowUnsafe"},
		{"http://www.example2.test", "A=B; Max-Age=1000000", long, "ok LaxMode"},
	} {
		rows = append(rows, monsterRow{id: "CookiesWithoutSameSiteMustBeSecure/" + string(rune('0'+i)), steps: []mStep{
			{op: "setss", url: c.url, arg: c.line, at: -c.age, opts: "http", want: c.want},
		}})
	}
	rows = append(rows, leaveSecureDomainRows()...)
	return append(rows, leaveSecurePathRows()...)
}

// leaveSecureDomainRows are LeaveSecureCookiesAlone_DomainMatch: with
// Secure host and domain cookies set on one host, an insecure cookie of
// the same name is refused from http on every host that domain-matches it
// and accepted from https; on a host that does not domain-match, both are
// accepted.
func leaveSecureDomainRows() []monsterRow {
	hosts := []string{"foo.com", "a.foo.com", "b.a.foo.com", "c.b.a.foo.com"}
	var rows []monsterRow
	lines := func(want, wantHTTPS, newHost string) []mStep {
		http, https := "http://"+newHost, "https://"+newHost
		return []mStep{
			sSet(http, "A=1", want),
			sSet(http, "A=2; Domain="+newHost, want),
			sSet(http, "B=1", want),
			sSet(http, "B=2; Domain="+newHost, want),
			sSet(https, "A=3;", wantHTTPS),
			sSet(https, "A=4; Domain="+newHost, wantHTTPS),
			sSet(https, "B=3;", wantHTTPS),
			sSet(https, "B=4; Domain="+newHost, wantHTTPS),
		}
	}
	for _, pre := range hosts {
		for _, nh := range hosts {
			steps := []mStep{
				sSet("https://"+pre, "A=0; Secure", "ok"),
				sSet("https://"+pre, "B=0; Secure; Domain="+pre, "ok"),
			}
			steps = append(steps, lines("OverwriteSecure", "ok", nh)...)
			rows = append(rows, monsterRow{id: "LeaveSecureCookiesAlone_DomainMatch/" + pre + "/" + nh, steps: steps})
		}
	}
	const another = "z.foo.com"
	for _, h := range hosts[1:] {
		steps := []mStep{
			sSet("https://"+another, "A=0; Secure", "ok"),
			sSet("https://"+another, "B=0; Secure; Domain="+another, "ok"),
		}
		steps = append(steps, lines("ok", "ok", h)...)
		rows = append(rows, monsterRow{id: "LeaveSecureCookiesAlone_DomainMatch/" + another + "/" + h, steps: steps})
	}
	return rows
}

// leaveSecurePathRows are LeaveSecureCookiesAlone_PathMatch: an insecure
// cookie from http is refused on the path of a Secure cookie of the same
// name or below it, accepted elsewhere, and always accepted from https.
func leaveSecurePathRows() []monsterRow {
	paths := []string{"/", "/1", "/1/2", "/1/2/3"}
	var rows []monsterRow
	for pi, pre := range paths {
		for ni, np := range paths {
			want := "ok"
			if ni >= pi {
				want = "OverwriteSecure"
			}
			rows = append(rows, monsterRow{id: "LeaveSecureCookiesAlone_PathMatch/" + pre + "/" + np, steps: []mStep{
				sSet("https://a.foo.com"+pre, "A=0; Secure; Path="+pre, "ok"),
				sSet("http://a.foo.com"+np, "A=1; Path="+np, want),
				sSet("https://a.foo.com"+np, "A=2; Path="+np, "ok"),
			}})
		}
	}
	// Chromium's non-matching loop builds "http:///1" and the like, which
	// GURL reads as the host 1, the IPv4 address 0.0.0.1: the secure cookie
	// stays on a.foo.com, and the new cookies are set on that address.
	var steps []mStep
	for _, np := range paths[1:] {
		steps = append(steps,
			sSet("https://a.foo.com/9", "A=0; Secure; Path=/9", "ok"),
			sSet("http://0.0.0.1/", "A=1; Path="+np, "ok"),
			sSet("https://0.0.0.1/", "A=1; Path="+np, "ok"))
	}
	rows = append(rows, monsterRow{id: "LeaveSecureCookiesAlone_PathMatch/9/nonmatching", steps: steps})
	return rows
}
