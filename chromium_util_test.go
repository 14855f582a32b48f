package cookiemonster

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster/internal/cookiedate"
)

// The expectations of Chromium's cookie_util unit tests
// (net/cookies/cookie_util_unittest.cc, the revision of commit 0446ca05),
// restated as data in the manner of chromium_parsed_test.go: each row
// names the Chromium test it comes from and checks only the observations
// that test makes. A test that runs its checks in loops gives a row for
// each distinct check; the parameterized CookieUtilComputeSameSiteContextTest
// gives rows for its schemeless and its schemeful instantiation, and one
// row for a check both make alike.
//
// GetCookieDomainWithString is cookieDomain on the URL's host as the
// library reads it; ParseCookieExpirationTime is cookiedate.ParseExpiry;
// IsCookiePrefixValid and IsCookiePartitionedValid are the checks of
// NewCanonicalCookie (with a URL) and of NewCanonicalCookieFromStorage
// (without); GetEffectiveDomain is StorageKey; the ComputeSameSiteContextFor*
// functions are the methods of SameSiteInput.
//
// Not ported here:
//
//   - GetCookieDomainWithString_NonASCII: it enables
//     kCookieDomainRejectNonASCII, which Chromium leaves off by default; the
//     library does what Chromium does by default (WarnDomainNonASCII, the
//     cookie is kept).
//   - TestRequestCookieParsing and TestRequestCookieParsing_Malformed, their
//     parsing half: the library has no parser of a request's Cookie line
//     (ParseRequestCookieLine). Their serializing half is ported, with
//     CookieLine as SerializeRequestCookieLine (every pair there is named).
//   - CookieDomainAndPathToURL and SimulatedCookieSource: the library makes
//     no URL from a cookie's domain and path.
//   - TestGetEffectiveDomain, its ftp row: StorageKey takes no scheme, the
//     library taking cookies only from http, https, ws and wss URLs, whose
//     rows are ported.
//   - TestHasHiddenPrefixName: ported already, in chromium_misc_test.go
//     (TestChromiumHasHiddenPrefixName).
//   - CookieUtilComputeSameSiteContextTest instantiated with
//     kCookieSameSiteConsidersRedirectChain on: Chromium leaves it off by
//     default, and the library has no such switch; the rows of the
//     instantiations with it off (schemeless and schemeful) are ported.
//   - ForceIgnoreSiteForCookies: SameSiteInput has no
//     force_ignore_site_for_cookies.
//   - ForRequest, its ignore_unsafe_method_for_same_site_lax=true
//     expectations: SameSiteInput has no such input.
//   - ForRequest_Redirect and ForResponse_Redirect, the
//     redirect_type_bug_1221316 and has_null_initiator checks of their
//     CrossSiteRedirectMetadataCorrect: Chromium keeps these only for its
//     metrics, and the library has no counterpart of them. Their context
//     types and their cross_site_redirect_downgrade (RedirectDowngrade and
//     SchemefulRedirectDowngrade) are ported.
//
// This revision of the file has no tests of First-Party Sets, the Storage
// Access API or Android.

// utilRow is one expectation: the observations Chromium's test makes, and
// the library's.
type utilRow struct {
	id   string
	want chromiumWant
	got  func() chromiumWant
}

// knownUtilDifferences lists the rows where the library currently disagrees
// with Chromium: row ID → what Chromium expects vs what the library does.
// The tests assert that these rows still differ.
var knownUtilDifferences = map[string]string{}

// runUtilRows checks rows against Chromium and logs how many rows each
// Chromium test gave.
func runUtilRows(t *testing.T, rows []utilRow) {
	t.Helper()
	seen := map[string]bool{}
	perTest := map[string]int{}
	var order []string
	for _, r := range rows {
		uniqueRow(t, seen, r.id)
		name, _, _ := strings.Cut(r.id, "/")
		if perTest[name] == 0 {
			order = append(order, name)
		}
		perTest[name]++
		checkAgainstChromium(t, r.id, knownUtilDifferences, mismatches(r.want, r.got()))
	}
	for _, name := range order {
		t.Logf("%d Chromium %s rows", perTest[name], name)
	}
	t.Logf("%d rows in all", len(rows))
}

func TestChromiumCookieUtil(t *testing.T) {
	var rows []utilRow
	for _, g := range [][]utilRow{
		utilDomainIsHostOnlyRows(),
		utilCookieDomainRows(),
		utilDateRows(),
		utilRequestCookieLineRows(),
		utilPrefixRows(),
		utilPartitionedRows(),
		utilHiddenPrefixRows(),
		utilEffectiveDomainRows(),
		utilMatchRows(),
		utilAccessResultRows(),
	} {
		rows = append(rows, g...)
	}
	runUtilRows(t, rows)
}

func boolWant(key string, v bool) chromiumWant {
	return chromiumWant{key: strconv.FormatBool(v)}
}

func utilDomainIsHostOnlyRows() []utilRow {
	var rows []utilRow
	for _, d := range []struct {
		domain   string
		hostOnly bool
	}{{"", true}, {"www.foo.com", true}, {".foo.com", false}} {
		c := CanonicalCookie{Domain: d.domain}
		rows = append(rows, utilRow{"TestDomainIsHostOnly/" + strconv.Quote(d.domain), boolWant("hostonly", d.hostOnly),
			func() chromiumWant { return boolWant("hostonly", c.IsHostOnly()) }})
	}
	return rows
}

// observeCookieDomain runs cookieDomain as Chromium's
// GetCookieDomainWithString runs on a URL: on the URL's host as the
// library reads it ("" for a URL without one); a URL that Go's parser
// refuses, or whose host the library refuses, gives no domain.
// Observations: found, domain (when found), reason (the exclusions).
func observeCookieDomain(rawURL, attr string) chromiumWant {
	var st InclusionStatus
	u, err := url.Parse(rawURL)
	h, ok := "", err == nil
	if ok && u.Host != "" {
		h, ok = canonicalURLHost(u)
	}
	d := ""
	if ok {
		d, ok = cookieDomain(h, attr, nil, &st)
	}
	o := chromiumWant{"found": strconv.FormatBool(ok), "reason": joinExcl(st.Exclusions()...)}
	if ok {
		o["domain"] = d
	}
	return o
}

func utilCookieDomainRows() []utilRow {
	domain := func(d string) chromiumWant { return chromiumWant{"found": "true", "domain": d} }
	included := func(d string) chromiumWant { return chromiumWant{"found": "true", "domain": d, "reason": ""} }
	none := func(reasons ...ExclusionReason) chromiumWant {
		return chromiumWant{"found": "false", "reason": joinExcl(reasons...)}
	}
	found := func(ok bool) chromiumWant { return boolWant("found", ok) }
	cases := []struct {
		id, url, attr string
		want          chromiumWant
	}{
		{"Empty", "http://example.com", "", included("example.com")},
		{"EmptyNonCanonical", "foo://LOCALhost", "", included("localhost")},
		{"UnknownSchemeUrl/git://HOST", "git://HOST", "", found(true)},
		{"UnknownSchemeUrl/git://%2eHOST", "git://%2eHOST", "", found(false)},
		{"UnknownSchemeUrl/o://%2e", "o://%2e", "", found(false)},
		{"EmptyNonSpecial", "foo://\x05.localhost", "", found(false)},
		{"IP", "http://192.0.2.3", "192.0.2.3", included("192.0.2.3")},
		{"DotIP", "http://192.0.2.3", ".192.0.2.3", included("192.0.2.3")},
		{"PercentEncoded", "http://a.test", "a%2Etest", none()},
		{"UnCanonicalizable", "http://a.test", "a^test", none()},
		{"ETldMatchesUrl", "http://gov.uk", "gov.uk", included("gov.uk")},
		{"ETldMatchesUrl_DotPrefix", "http://gov.uk", ".gov.uk", included("gov.uk")},
		{"ETldMatchesUrl_NonCanonical", "http://gov.uk", "GoV.Uk", included("gov.uk")},
		{"ETldDifferentUrl", "http://nhs.gov.uk", "gov.uk", none(ExcludeDomainMismatch)},
		{"DifferentOrgHost", "http://portal.globex.com", "portal.initech.com", none(ExcludeDomainMismatch)},
		{"MatchesUrl", "http://globex.com", "globex.com", included(".globex.com")},
		{"MatchesUrlWithDot", "http://globex.com", ".globex.com", included(".globex.com")},
		{"Subdomain", "http://globex.com", "mail.globex.com", none()},
		{"UrlSubdomain", "http://mail.globex.com", "globex.com", included(".globex.com")},
		{"SubstringButUrlNotSubdomain", "http://myglobex.com", "globex.com", none(ExcludeDomainMismatch)},
		{"DifferentSubdomain/1", "http://l.globex.com", "portal.globex.com", none()},
		{"DifferentSubdomain/2", "http://portal.globex.com", "l.globex.com", none()},
		{"NoUrlHost", "file:///C:/bar.html", "", domain("")},
		{"TrailingDots", "http://foo.com../", "foo.com..", none()},
		{"TrailingDots_NotMatchingUrlHost/1", "http://foo.com/", ".foo.com..", none(ExcludeDomainMismatch)},
		{"TrailingDots_NotMatchingUrlHost/2", "http://foo.com/", ".foo.com.", none(ExcludeDomainMismatch)},
		{"UrlHostIP", "http://192.0.2.3/", "192.0.2.3", domain("192.0.2.3")},
		{"UrlHostIP_DomainCookie", "http://192.0.2.3/", ".192.0.2.3", domain("192.0.2.3")},
		{"Invalid_UrlHostIP_SubDomain/1", "http://192.0.2.3/", "192", found(false)},
		{"Invalid_UrlHostIP_SubDomain/2", "http://0.0.16.0/0000000", "00000000", found(false)},
		{"UnknownRegistry", "http://bar/", "bar", domain("bar")},
	}
	rows := make([]utilRow, 0, len(cases))
	for _, c := range cases {
		rows = append(rows, utilRow{"GetCookieDomainWithString_" + c.id, c.want,
			func() chromiumWant { return observeCookieDomain(c.url, c.attr) }})
	}
	return rows
}

// observeExpiry reads s as the library reads an Expires attribute.
// Observations: valid; epoch (seconds since the Unix epoch, for a date
// from 1601 on); after2038 (later than 68 years of 365 days after the
// epoch, as ParseCookieExpirationTimeBeyond2038 checks); notafter1970 (at
// or before the epoch, as ParseCookieExpirationTimeBefore1970 checks; a
// date before 1601 is).
func observeExpiry(s string) chromiumWant {
	tm, early, ok := cookiedate.ParseExpiry(s)
	o := chromiumWant{"valid": strconv.FormatBool(ok)}
	if !ok {
		return o
	}
	epoch := time.Unix(0, 0)
	if !early {
		o["epoch"] = strconv.FormatInt(tm.Unix(), 10)
	}
	o["after2038"] = strconv.FormatBool(!early && tm.After(epoch.Add(365*68*24*time.Hour)))
	o["notafter1970"] = strconv.FormatBool(early || !tm.After(epoch))
	return o
}

func utilDateRows() []utilRow {
	const invalidDate = -1
	dates := []struct {
		s     string
		epoch int64 // invalidDate: Chromium finds no date
	}{
		{"Sat, 15-Apr-17 21:01:22 GMT", 1492290082},
		{"Thu, 19-Apr-2007 16:00:00 GMT", 1176998400},
		{"Wed, 25 Apr 2007 21:02:13 GMT", 1177534933},
		{"Thu, 19/Apr\\2007 16:00:00 GMT", 1176998400},
		{"Fri, 1 Jan 2010 01:01:50 GMT", 1262307710},
		{"Wednesday, 1-Jan-2003 00:00:00 GMT", 1041379200},
		{", 1-Jan-2003 00:00:00 GMT", 1041379200},
		{" 1-Jan-2003 00:00:00 GMT", 1041379200},
		{"1-Jan-2003 00:00:00 GMT", 1041379200},
		{"Wed,18-Apr-07 22:50:12 GMT", 1176936612},
		{"WillyWonka  , 18-Apr-07 22:50:12 GMT", 1176936612},
		{"WillyWonka  , 18-Apr-07 22:50:12", 1176936612},
		{"WillyWonka  ,  18-apr-07   22:50:12", 1176936612},
		{"Mon, 18-Apr-1977 22:50:13 GMT", 230251813},
		{"Mon, 18-Apr-77 22:50:13 GMT", 230251813},
		{"\"Sat, 15-Apr-17\\\"21:01:22\\\"GMT\"", 1492290082},
		{"Partyday, 18- April-07 22:50:12", 1176936612},
		{"Partyday, 18 - Apri-07 22:50:12", 1176936612},
		{"Wednes, 1-Januar-2003 00:00:00 GMT", 1041379200},
		{"Sat, 15-Apr-17 21:01:22", 1492290082},
		{"Sat, 15-Apr-17 21:01:22 GMT-2", 1492290082},
		{"Sat, 15-Apr-17 21:01:22 GMT BLAH", 1492290082},
		{"Sat, 15-Apr-17 21:01:22 GMT-0400", 1492290082},
		{"Sat, 15-Apr-17 21:01:22 GMT-0400 (EDT)", 1492290082},
		{"Sat, 15-Apr-17 21:01:22 DST", 1492290082},
		{"Sat, 15-Apr-17 21:01:22 -0400", 1492290082},
		{"Sat, 15-Apr-17 21:01:22 (hello there)", 1492290082},
		{"Sat, 15-Apr-17 21:01:22 11:22:33", 1492290082},
		{"Sat, 15-Apr-17 ::00 21:01:22", 1492290082},
		{"Sat, 15-Apr-17 boink:z 21:01:22", 1492290082},
		{"Sat, 15-Apr-17 91:22:33 21:01:22", invalidDate},
		{"Thu Apr 18 22:50:12 2007 GMT", 1176936612},
		{"22:50:12 Thu Apr 18 2007 GMT", 1176936612},
		{"Thu 22:50:12 Apr 18 2007 GMT", 1176936612},
		{"Thu Apr 22:50:12 18 2007 GMT", 1176936612},
		{"Thu Apr 18 22:50:12 2007 GMT", 1176936612},
		{"Thu Apr 18 2007 22:50:12 GMT", 1176936612},
		{"Thu Apr 18 2007 GMT 22:50:12", 1176936612},
		{"Sat, 15-Apr-17 21:01:22 GMT", 1492290082},
		{"15-Sat, Apr-17 21:01:22 GMT", 1492290082},
		{"15-Sat, Apr 21:01:22 GMT 17", 1492290082},
		{"15-Sat, Apr 21:01:22 GMT 2017", 1492290082},
		{"15 Apr 21:01:22 2017", 1492290082},
		{"15 17 Apr 21:01:22", 1492290082},
		{"Apr 15 17 21:01:22", 1492290082},
		{"Apr 15 21:01:22 17", 1492290082},
		{"2017 April 15 21:01:22", 1492290082},
		{"15 April 2017 21:01:22", 1492290082},
		{"1-Jan-71 00:00:00 GMT", 31536000},
		{"1-Jan-70 00:00:00 GMT", 0},
		{"1-Jan-69 00:00:00 GMT", 3124224000},
		{"1-Jan-68 00:00:00 GMT", 3092601600},
		{"98 April 17 21:01:22", invalidDate},
		{"Thu, 012-Aug-2008 20:49:07 GMT", invalidDate},
		{"Thu, 12-Aug-9999999999 20:49:07 GMT", invalidDate},
		{"Thu, 999999999999-Aug-2007 20:49:07 GMT", invalidDate},
		{"Thu, 12-Aug-2007 20:61:99999999999 GMT", invalidDate},
		{"IAintNoDateFool", invalidDate},
		{"1600 April 33 21:01:22", invalidDate},
		{"1970 April 33 21:01:22", invalidDate},
		{"Thu, 33-Aug-31841 20:49:07 GMT", invalidDate},
	}
	var rows []utilRow
	add := func(test string, i int, s string, want chromiumWant) {
		rows = append(rows, utilRow{test + "/" + strconv.Itoa(i) + "/" + strconv.Quote(s), want,
			func() chromiumWant { return observeExpiry(s) }})
	}
	// The lists repeat some dates: the index tells the rows apart.
	for i, d := range dates {
		w := chromiumWant{"valid": "false"}
		if d.epoch != invalidDate {
			w = chromiumWant{"valid": "true", "epoch": strconv.FormatInt(d.epoch, 10)}
		}
		add("TestCookieDateParsing", i, d.s, w)
	}
	for i, s := range []string{
		"Thu, 12-Aug-31841 20:49:07 GMT", "2039 April 15 21:01:22",
		"2039 April 15 21:01:22", "2038 April 15 21:01:22",
		"15 April 69 21:01:22", "15 April 68, 21:01:22",
	} {
		add("ParseCookieExpirationTimeBeyond2038", i, s, chromiumWant{"valid": "true", "after2038": "true"})
	}
	for i, s := range []string{
		"1970 Jan 1 00:00:00", "1969 March 3 21:01:22",
		"1-Jan-70 00:00:00", "Jan 1, 70 00:00:00",
		"1601 Jan 1 00:00:00", "1600 April 15 21:01:22",
		"1902 Jan 1 00:00:00", "1901 Jan 1 00:00:00",
	} {
		add("ParseCookieExpirationTimeBefore1970", i, s, chromiumWant{"valid": "true", "notafter1970": "true"})
	}
	return rows
}

// utilRequestCookieLineRows: the serializing half of the request Cookie
// line tests, each pair a cookie.
func utilRequestCookieLineRows() []utilRow {
	type pair struct{ name, value string }
	cases := []struct {
		test  string
		pairs []pair
		line  string
	}{
		{"TestRequestCookieParsing", []pair{{"key", "value"}}, "key=value"},
		{"TestRequestCookieParsing", []pair{{"key1", "value1"}, {"key2", "value2"}}, "key1=value1; key2=value2"},
		{"TestRequestCookieParsing", []pair{{"key", ""}, {"otherkey", "1234"}}, "key=; otherkey=1234"},
		{"TestRequestCookieParsing", []pair{{"key", ""}, {"a2", "s=(./&t=:&u=a#$"}, {"a3", "+~"}}, "key=; a2=s=(./&t=:&u=a#$; a3=+~"},
		{"TestRequestCookieParsing", []pair{{"key", `"abcdef"`}, {"otherkey", "1234"}}, `key="abcdef"; otherkey=1234`},
		{"TestRequestCookieParsing_Malformed", []pair{{"key", ""}}, "key="},
		{"TestRequestCookieParsing_Malformed", nil, ""},
		{"TestRequestCookieParsing_Malformed", nil, ""},
		{"TestRequestCookieParsing_Malformed", []pair{{"key", `"abcdef; otherkey="`}, {`234"`, ""}}, `key="abcdef; otherkey="; 234"=`},
		{"TestRequestCookieParsing_Malformed", []pair{{"key", "abcdef"}}, "key=abcdef"},
	}
	var rows []utilRow
	n := map[string]int{}
	for _, c := range cases {
		var cookies []*CanonicalCookie
		for _, p := range c.pairs {
			cookies = append(cookies, &CanonicalCookie{Name: p.name, Value: p.value})
		}
		rows = append(rows, utilRow{c.test + "/serialize/" + strconv.Itoa(n[c.test]), chromiumWant{"line": c.line},
			func() chromiumWant { return chromiumWant{"line": CookieLine(cookies)} }})
		n[c.test]++
	}
	return rows
}

const (
	utilSecureURL   = "https://b.a.com"
	utilInsecureURL = "http://b.a.com"
	utilTrustedURL  = "http://localhost"
)

// utilPrefixRows: IsCookiePrefixValid, with a URL as the library checks
// the prefixes when it creates a cookie from a Set-Cookie line, without
// one as it checks a cookie loaded from storage. Observation: valid (no
// ExcludeInvalidPrefix, or no storage error).
func utilPrefixRows() []utilRow {
	type prefixCase struct {
		prefix   string
		url      string
		valid    bool
		desc     string
		secure   bool
		domain   string
		path     string
		httpOnly bool
	}
	host, secure, http, hostHTTP := "__Host-", "__Secure-", "__Http-", "__Host-Http-"
	s, in, tr := utilSecureURL, utilInsecureURL, utilTrustedURL
	withURL := []prefixCase{
		{host, s, true, "__Host- on secure URL", true, "", "/", true},
		{host, in, false, "__Host- on insecure URL", true, "", "/", true},
		{host, tr, true, "__Host- on trusted URL", true, "", "/", true},
		{secure, s, true, "__Secure- on secure URL", true, "", "/", true},
		{secure, in, false, "__Secure- on insecure URL", true, "", "/", true},
		{secure, tr, true, "__Secure- on trusted URL", true, "", "/", true},
		{host, s, false, "__Host- on secure URL, non-secure cookie", false, "", "/", true},
		{host, tr, false, "__Host- on trusted URL, non-secure cookie", false, "", "/", true},
		{secure, s, false, "__Secure- on secure URL, non-secure cookie", false, "", "/", true},
		{secure, tr, false, "__Secure- on trusted URL, non-secure cookie", false, "", "/", true},
		{host, s, false, "__Host- on secure URL, with domain", true, "foo.com", "/", true},
		{host, tr, false, "__Host- on trusted URL, with domain", true, "foo.com", "/", true},
		{host, s, false, "__Host- on secure URL, with path", true, "", "/path", true},
		{host, tr, false, "__Host- on trusted URL, with path", true, "", "/path", true},
		{http, s, true, "__Http- on secure URL, with http_only", true, "", "/", true},
		{http, s, true, "__Http- on secure URL, with http_only, non-root path", true, "", "/cookies/", true},
		{http, in, false, "__Http- on insecure URL, with secure, http_only", true, "", "/", true},
		{http, s, false, "__Http- on secure URL, without secure, with http_only", false, "", "/", true},
		{http, s, true, "__Http- on secure URL, with http_only and non-root path", true, "", "/cookies/", true},
		{http, tr, true, "__Http- on trusted URL, with http_only", true, "", "/", true},
		{http, tr, true, "__Http- on trusted URL, with http_only, non-root path", true, "", "/cookies/", true},
		{http, s, false, "__Http- on secure URL, without http_only", true, "", "/", false},
		{http, tr, false, "__Http- on trusted URL, without http_only", true, "", "/", false},
		{http, s, false, "__Http- on secure URL, without http_only", true, "", "/", false},
		{http, tr, false, "__Http- on trusted URL, without http_only", true, "", "/", false},
		{http, in, false, "__Host-Http- on insecure URL, with secure, http_only", true, "", "/", true},
		{http, s, false, "__Host-Http- on secure URL, without secure, with http_only", false, "", "/", true},
		{http, s, false, "__Host-Http- on secure URL, with secure, http_only and non-root path", false, "", "/cookies/", true},
		{hostHTTP, s, true, "__Host-Http- on secure URL, with http_only", true, "", "/", true},
		{hostHTTP, tr, true, "__Host-Http- on trusted URL, with http_only", true, "", "/", true},
		{hostHTTP, s, false, "__Host-Http- on secure URL, with http_only", true, "foo.com", "/", true},
		{hostHTTP, tr, false, "__Host-Http- on trusted URL, with http_only", true, "foo.com", "/", true},
		{hostHTTP, s, false, "__Host-Http- on secure URL, with http_only", true, "", "/", false},
		{hostHTTP, tr, false, "__Host-Http- on trusted URL, with http_only", true, "", "/", false},
	}
	var rows []utilRow
	for i, c := range withURL {
		line := c.prefix + "a=b; Path=" + c.path
		if c.secure {
			line += "; Secure"
		}
		if c.httpOnly {
			line += "; HttpOnly"
		}
		if c.domain != "" {
			line += "; Domain=" + c.domain
		}
		rows = append(rows, utilRow{"PrefixedCookies/" + strconv.Itoa(i) + "/" + c.desc, boolWant("valid", c.valid),
			func() chromiumWant {
				_, st := NewCanonicalCookie(cpURL(c.url), line, cpCreation, CreateOptions{})
				return boolWant("valid", !st.HasExclusion(ExcludeInvalidPrefix))
			}})
	}
	// Without a URL the domain is a cookie's: "example.com" host-only,
	// ".example.com" a domain cookie.
	withoutURL := []prefixCase{
		{secure, "", true, "__Secure- with Secure attribute", true, "example.com", "/", true},
		{secure, "", false, "__Secure- without Secure attribute", false, "example.com", "/", true},
		{host, "", true, "__Host- valid (host-only domain)", true, "example.com", "/", true},
		{host, "", false, "__Host- without Secure attribute", false, "example.com", "/", true},
		{host, "", false, "__Host- with domain cookie (leading dot)", true, ".example.com", "/", true},
		{host, "", false, "__Host- with empty domain", true, "", "/", true},
		{host, "", false, "__Host- with non-root path", true, "example.com", "/path", true},
		{http, "", true, "__Http- with Secure and HttpOnly", true, "example.com", "/", true},
		{http, "", false, "__Http- without Secure attribute", false, "example.com", "/", true},
		{http, "", false, "__Http- without HttpOnly attribute", true, "example.com", "/", false},
		{http, "", true, "__Http- with Secure, HttpOnly, and non-root path", true, "example.com", "/path", true},
		{hostHTTP, "", true, "__Host-Http- valid", true, "example.com", "/", true},
		{hostHTTP, "", false, "__Host-Http- without Secure attribute", false, "example.com", "/", true},
		{hostHTTP, "", false, "__Host-Http- without HttpOnly attribute", true, "example.com", "/", false},
		{hostHTTP, "", false, "__Host-Http- with domain cookie (leading dot)", true, ".example.com", "/", true},
		{hostHTTP, "", false, "__Host-Http- with empty domain", true, "", "/", true},
		{hostHTTP, "", false, "__Host-Http- with non-root path", true, "example.com", "/path", true},
		{"", "", true, "No prefix", true, "example.com", "/", true},
	}
	for i, c := range withoutURL {
		cookie := CanonicalCookie{Name: c.prefix + "a", Value: "b", Domain: c.domain, Path: c.path, Creation: cpCreation,
			Secure: c.secure, HTTPOnly: c.httpOnly, Priority: PriorityMedium}
		rows = append(rows, utilRow{"PrefixedCookiesWithoutUrl/" + strconv.Itoa(i) + "/" + c.desc, boolWant("valid", c.valid),
			func() chromiumWant {
				_, err := NewCanonicalCookieFromStorage(cookie)
				return boolWant("valid", err == nil)
			}})
	}
	return rows
}

// utilPartitionedRows: IsCookiePartitionedValid, with a URL as the library
// checks Partitioned when it creates a cookie from a Set-Cookie line (the
// line says Partitioned when there is a key), without one as it checks a
// cookie loaded from storage. Observation: valid (no
// ExcludeInvalidPartitioned, or no storage error).
func utilPartitionedRows() []utilRow {
	unnonced := partitionOf("https://site.com")
	nonced, err := NewNoncedPartitionKey(cpURL("https://site.com"), Nonce{})
	if err != nil {
		return []utilRow{{"IsCookiePartitionedValid/setup", chromiumWant{"error": ""},
			func() chromiumWant { return chromiumWant{"error": err.Error()} }}}
	}
	keys := map[string]PartitionKey{"unpartitioned": {}, "unnonced": unnonced, "nonced": nonced}
	urls := map[string]string{"no URL": "", "HTTP": "http://example.com", "localhost": "http://localhost", "HTTPS": "https://example.com"}
	cases := []struct {
		url    string
		secure bool
		key    string
		valid  bool
	}{
		{"no URL", false, "unpartitioned", true}, {"no URL", false, "unnonced", false}, {"no URL", false, "nonced", true},
		{"no URL", true, "unpartitioned", true}, {"no URL", true, "unnonced", true}, {"no URL", true, "nonced", true},
		{"HTTP", false, "unpartitioned", true}, {"HTTP", false, "unnonced", false}, {"HTTP", false, "nonced", true},
		{"HTTP", true, "unpartitioned", true}, {"HTTP", true, "unnonced", false}, {"HTTP", true, "nonced", true},
		{"localhost", false, "unpartitioned", true}, {"localhost", false, "unnonced", false}, {"localhost", false, "nonced", true},
		{"localhost", true, "unpartitioned", true}, {"localhost", true, "unnonced", true}, {"localhost", true, "nonced", true},
		{"HTTPS", false, "unpartitioned", true}, {"HTTPS", false, "unnonced", false}, {"HTTPS", false, "nonced", true},
		{"HTTPS", true, "unpartitioned", true}, {"HTTPS", true, "unnonced", true}, {"HTTPS", true, "nonced", true},
	}
	var rows []utilRow
	for _, c := range cases {
		sec := "insecure"
		if c.secure {
			sec = "secure"
		}
		key, u := keys[c.key], urls[c.url]
		rows = append(rows, utilRow{"IsCookiePartitionedValid/" + c.url + " " + sec + " " + c.key, boolWant("valid", c.valid), func() chromiumWant {
			if u == "" {
				cookie := CanonicalCookie{Name: "a", Value: "b", Domain: "example.com", Path: "/", Creation: cpCreation,
					Secure: c.secure, Priority: PriorityMedium, Partition: key}
				_, err := NewCanonicalCookieFromStorage(cookie)
				return boolWant("valid", err == nil)
			}
			line := "a=b"
			if c.secure {
				line += "; Secure"
			}
			if key.IsPartitioned() {
				line += "; Partitioned"
			}
			_, st := NewCanonicalCookie(cpURL(u), line, cpCreation, CreateOptions{Partition: key})
			return boolWant("valid", !st.HasExclusion(ExcludeInvalidPartitioned))
		}})
	}
	return rows
}

// utilHiddenPrefixRows: the __Http- and __Host-Http- prefixes hidden in a
// nameless cookie's value.
func utilHiddenPrefixRows() []utilRow {
	cases := []struct {
		test  string
		value string
		want  bool
	}{
		{"TestHasHiddenPrefixNameWithHttpPrefix", "", false},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "foobar=", false},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "foo=bar", false},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "__Http=-abc", false},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "__Htt=p-abc", false},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "__Httpabc", false},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "a__Http-abc=123", false},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "__Http-", true},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "__Http-abc", true},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "__Http-abc=", true},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "__Http-abc=123", true},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "   __Http-abc", true},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "\t__Http-", true},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "__Http-=", true},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "__Http-=123", true},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "__http-=123", true},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "__HTTP-=123", true},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "__HtTp-=123", true},
		{"TestHasHiddenPrefixNameWithHttpPrefix", " __Http-abc=123", true},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "    __Http-abc=", true},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "\t\t\t\t\t__Http-abc=123", true},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "\t __Http-abc=", true},
		{"TestHasHiddenPrefixNameWithHttpPrefix", "__Http-abc=123=d=4=fg=", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "", false},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "foobar=", false},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "foo=bar", false},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "a__Host-Http-abc=123", false},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "__Host-", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "__Host-abc", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "__Host-Htt=p-abc", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "__Host-Httpabc", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "__Host-Http-", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "__Host-Http-abc", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "__Host-Http-abc=", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "__Host-Http-abc=123", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "   __Host-Http-abc", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "\t__Host-Http-", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "__Host-Http-=", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "__Host-Http-=123", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "__host-http-=123", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "__HOST-HTTP-=123", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "__HoSt-HtTp-=123", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", " __Host-Http-abc=123", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "    __Host-Http-abc=", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "\t\t\t\t\t__Host-Http-abc=123", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "\t __Host-Http-abc=", true},
		{"TestHasHiddenPrefixNameWithHostHttpPrefix", "__Host-Http-abc=123=d=4=fg=", true},
	}
	rows := make([]utilRow, 0, len(cases))
	for _, c := range cases {
		rows = append(rows, utilRow{c.test + "/" + strconv.Quote(c.value), boolWant("hidden", c.want),
			func() chromiumWant { return boolWant("hidden", hasHiddenPrefix("", c.value)) }})
	}
	return rows
}

// utilEffectiveDomainRows: GetEffectiveDomain of the schemes whose cookies
// the library takes is StorageKey.
func utilEffectiveDomainRows() []utilRow {
	var rows []utilRow
	for _, scheme := range []string{"http", "https", "ws", "wss"} {
		rows = append(rows, utilRow{"TestGetEffectiveDomain/" + scheme, chromiumWant{"key": "example.com"},
			func() chromiumWant { return chromiumWant{"key": StorageKey("www.example.com", nil)} }})
	}
	return rows
}

func utilMatchRows() []utilRow {
	var rows []utilRow
	for _, c := range []struct {
		domain, host string
		want         bool
	}{
		{"example.com", "example.com", true},
		{"www.example.com", "example.com", false},
		{".example.com", "example.com", true},
		{".example.com", "www.example.com", true},
		{".www.example.com", "example.com", false},
		{"example.com", "example.de", false},
		{".example.com", "example.de", false},
		{".example.de", "example.de.vu", false},
	} {
		rows = append(rows, utilRow{"TestIsDomainMatch/" + c.domain + "/" + c.host, boolWant("match", c.want),
			func() chromiumWant { return boolWant("match", isDomainMatch(c.domain, c.host)) }})
	}
	for _, c := range []struct {
		test, cookiePath, urlPath string
		want                      bool
	}{
		{"TestIsOnPath", "/", "/", true},
		{"TestIsOnPath", "/", "/test", true},
		{"TestIsOnPath", "/", "/test/bar.html", true},
		{"TestIsOnPath", "/", "", false},
		{"TestIsOnPath", "/test", "/", false},
		{"TestIsOnPath", "/test", "/test", true},
		{"TestIsOnPath", "/test", "/testtest/", false},
		{"TestIsOnPath", "/test", "/test/bar.html", true},
		{"TestIsOnPath", "/test", "/test/sample/bar.html", true},
		{"TestIsOnPathCaseSensitive", "/test", "/test", true},
		{"TestIsOnPathCaseSensitive", "/test", "/TEST", false},
		{"TestIsOnPathCaseSensitive", "/TEST", "/test", false},
	} {
		rows = append(rows, utilRow{c.test + "/" + strconv.Quote(c.cookiePath) + "/" + strconv.Quote(c.urlPath), boolWant("onpath", c.want),
			func() chromiumWant { return boolWant("onpath", isOnPath(c.cookiePath, c.urlPath)) }})
	}
	return rows
}

func utilAccessResultRows() []utilRow {
	var unknown InclusionStatus
	unknown.addExclusion(ExcludeUnknownError)
	return []utilRow{
		{"IsCookieAccessResultInclude/unknown-error", boolWant("include", false),
			func() chromiumWant { return boolWant("include", AccessResult{Status: unknown}.Status.IsInclude()) }},
		{"IsCookieAccessResultInclude/default", boolWant("include", true),
			func() chromiumWant { return boolWant("include", AccessResult{}.Status.IsInclude()) }},
	}
}

// The places of CookieUtilComputeSameSiteContextTest: request URLs, sites
// for cookies and initiators, each with its site as the test counts it
// (ws and wss as http and https; "" for none).
type ssPlace struct {
	name string
	url  string // "": the null site for cookies, or a browser-initiated request
	site string
}

var (
	ssURLs = []ssPlace{
		{"Site", "http://example.test/", "http://example.test"},
		{"SiteWithPath", "http://example.test/path", "http://example.test"},
		{"SecureSite", "https://example.test/", "https://example.test"},
		{"CrossSite", "http://notexample.test/", "http://notexample.test"},
		{"SecureCrossSite", "https://notexample.test/", "https://notexample.test"},
		{"Subdomain", "http://subdomain.example.test/", "http://example.test"},
		{"SecureSubdomain", "https://subdomain.example.test/", "https://example.test"},
		{"Ws", "ws://example.test/", "http://example.test"},
		{"Wss", "wss://example.test/", "https://example.test"},
	}
	ssSFCs = []ssPlace{
		{"Null", "", ""},
		{"Site", "http://example.test/", "http://example.test"},
		{"SecureSite", "https://example.test/", "https://example.test"},
		{"CrossSite", "http://notexample.test/", "http://notexample.test"},
		{"SecureCrossSite", "https://notexample.test/", "https://notexample.test"},
	}
	ssInitiators = []ssPlace{
		{"Browser", "", ""},
		{"Opaque", "data:text/plain,", ""},
		{"Site", "http://example.test/", "http://example.test"},
		{"SecureSite", "https://example.test/", "https://example.test"},
		{"CrossSite", "http://notexample.test/", "http://notexample.test"},
		{"SecureCrossSite", "https://notexample.test/", "https://notexample.test"},
		{"Subdomain", "http://subdomain.example.test/", "http://example.test"},
		{"SecureSubdomain", "https://subdomain.example.test/", "https://example.test"},
		{"Unrelated", "https://unrelated.test/", "https://unrelated.test"},
	}
)

// ssPick returns the places of all named, in the order of all.
func ssPick(all []ssPlace, names ...string) []ssPlace {
	var out []ssPlace
	for _, p := range all {
		for _, n := range names {
			if p.name == n {
				out = append(out, p)
			}
		}
	}
	return out
}

// ssRest returns the places of all not in some.
func ssRest(all, some []ssPlace) []ssPlace {
	var out []ssPlace
	for _, p := range all {
		in := false
		for _, s := range some {
			in = in || s.name == p.name
		}
		if !in {
			out = append(out, p)
		}
	}
	return out
}

// ssMode is one instantiation of the Chromium test, without the redirect
// chain feature: schemeless or schemeful.
type ssMode struct{ schemeful bool }

func (m ssMode) String() string {
	if m.schemeful {
		return "schemeful"
	}
	return "schemeless"
}

// key is the observation of the half of the context the mode checks.
func (m ssMode) key() string {
	if m.schemeful {
		return "schemeful"
	}
	return "context"
}

func (m ssMode) sameURLs() []ssPlace {
	names := []string{"Site", "SiteWithPath", "Subdomain", "Ws"}
	if !m.schemeful {
		names = append(names, "SecureSite", "SecureSubdomain", "Wss")
	}
	return ssPick(ssURLs, names...)
}

func (m ssMode) crossURLs() []ssPlace { return ssRest(ssURLs, m.sameURLs()) }

func (m ssMode) sameSFCs() []ssPlace {
	if m.schemeful {
		return ssPick(ssSFCs, "Site")
	}
	return ssPick(ssSFCs, "Site", "SecureSite")
}

func (m ssMode) crossSFCs() []ssPlace { return ssRest(ssSFCs, m.sameSFCs()) }

func (m ssMode) sameInitiators() []ssPlace {
	names := []string{"Browser", "Site", "Subdomain"}
	if !m.schemeful {
		names = append(names, "SecureSite", "SecureSubdomain")
	}
	return ssPick(ssInitiators, names...)
}

func (m ssMode) crossInitiators() []ssPlace { return ssRest(ssInitiators, m.sameInitiators()) }

// ssChains returns the redirect chains ending in the Site URL that are all
// same-site with it (same) or cross-site somewhere (!same).
func (m ssMode) chains(same bool) [][]ssPlace {
	site := ssPick(ssURLs, "Site")[0]
	var out [][]ssPlace
	if same {
		for _, s := range m.sameURLs() {
			out = append(out, []ssPlace{s, site})
			for _, o := range m.sameURLs() {
				out = append(out, []ssPlace{o, s, site})
			}
		}
		return out
	}
	for _, c := range m.crossURLs() {
		out = append(out, []ssPlace{c, site})
		for _, s := range m.sameURLs() {
			out = append(out, []ssPlace{c, s, site}, []ssPlace{s, c, site})
		}
	}
	return out
}

// canBeMainFrameNavigation: a main-frame navigation has a null site for
// cookies or one schemefully same-site with the URL, and is not to ws or
// wss.
func canBeMainFrameNavigation(u, sfc ssPlace) bool {
	ws := strings.HasPrefix(u.url, "ws:") || strings.HasPrefix(u.url, "wss:")
	return (sfc.name == "Null" || sfc.site == u.site) && !ws
}

func mfnValues(u, sfc ssPlace) []bool {
	if canBeMainFrameNavigation(u, sfc) {
		return []bool{false, true}
	}
	return []bool{false}
}

// ssCall is one computation of a context.
type ssCall struct {
	fn       string // ForRequest, ForResponse, ForScriptGet, ForScriptSet, ForSubresource
	method   string
	chain    []ssPlace
	sfc      ssPlace
	initiate ssPlace
	mfn      bool
	// notSchemefullySame: the site for cookies is same-site with its frames
	// only when schemes are ignored.
	notSchemefullySame bool
}

// id names the inputs the function reads.
func (c ssCall) id() string {
	names := make([]string, len(c.chain))
	for i, p := range c.chain {
		names[i] = p.name
	}
	parts := []string{c.fn, "url=" + strings.Join(names, ",")}
	parts = append(parts, "sfc="+c.sfc.name)
	if c.fn == "ForRequest" || c.fn == "ForResponse" || c.fn == "ForScriptGet" {
		parts = append(parts, "init="+c.initiate.name)
	}
	if c.fn == "ForRequest" {
		parts = append(parts, "method="+c.method)
	}
	if c.fn == "ForRequest" || c.fn == "ForResponse" {
		parts = append(parts, "mfn="+strconv.FormatBool(c.mfn))
	}
	return strings.Join(parts, "/")
}

func ssPlaceURL(p ssPlace) *url.URL {
	if p.url == "" {
		return &url.URL{}
	}
	return cpURL(p.url)
}

func (c ssCall) run() SameSiteContext {
	in := SameSiteInput{Method: c.method, MainFrameNavigation: c.mfn}
	for _, p := range c.chain {
		in.URLChain = append(in.URLChain, ssPlaceURL(p))
	}
	if c.sfc.url != "" {
		in.SiteForCookies = NewSiteForCookies(cpURL(c.sfc.url), nil)
	}
	in.SiteForCookies.schemefullySame = in.SiteForCookies.schemefullySame && !c.notSchemefullySame
	if c.initiate.url != "" {
		in.Initiator = cpURL(c.initiate.url)
	}
	switch c.fn {
	case "ForRequest":
		return in.ForRequest()
	case "ForResponse":
		return in.ForResponse()
	case "ForScriptGet":
		return in.ForScriptGet()
	case "ForScriptSet":
		return in.ForScriptSet()
	}
	return in.ForSubresource()
}

// ssRows gathers the rows of the ComputeSameSiteContext tests.
type ssRows struct{ rows []utilRow }

// half adds a row that checks the half of the context the mode checks.
func (r *ssRows) half(test string, m ssMode, c ssCall, want ContextType) {
	r.rows = append(r.rows, utilRow{test + "/" + m.String() + "/" + c.id(), chromiumWant{m.key(): want.String()},
		func() chromiumWant { return observeContext(c.run()) }})
}

// both adds a row that checks both halves, for a test that expects the
// same in every instantiation.
func (r *ssRows) both(test string, c ssCall, context, schemeful ContextType) {
	r.rows = append(r.rows, utilRow{test + "/" + c.id(), chromiumWant{"context": context.String(), "schemeful": schemeful.String()},
		func() chromiumWant { return observeContext(c.run()) }})
}

// redirectDowngrade adds a row that checks the redirect downgrade of the
// half of the context the mode checks.
func (r *ssRows) redirectDowngrade(test string, m ssMode, c ssCall, want RedirectDowngrade) {
	r.rows = append(r.rows, utilRow{test + "/" + m.String() + "/" + c.id() + "/downgrade", chromiumWant{m.downgradeKey(): want.String()},
		func() chromiumWant { return observeContext(c.run()) }})
}

// downgradeKey is the observation of the redirect downgrade of the half of
// the context the mode checks.
func (m ssMode) downgradeKey() string {
	if m.schemeful {
		return "schemeful_redirect_downgrade"
	}
	return "redirect_downgrade"
}

// downgradeBetween returns the only redirect downgrade that Chromium's
// CrossSiteRedirectMetadataCorrect accepts for a context type without the
// redirect chain and one with it: none when they are equal, StrictToLax
// from strict to Lax or Lax-unsafe, StrictToCross from strict to
// cross-site, LaxToCross from Lax or Lax-unsafe to cross-site. Any other
// pair accepts no downgrade, and gives a value outside the defined ones.
func downgradeBetween(without, with ContextType) RedirectDowngrade {
	lax := func(t ContextType) bool { return t == ContextLax || t == ContextLaxMethodUnsafe }
	switch {
	case without == with:
		return NoRedirectDowngrade
	case without == ContextStrict && lax(with):
		return RedirectDowngradeStrictToLax
	case without == ContextStrict && with == ContextCrossSite:
		return RedirectDowngradeStrictToCross
	case lax(without) && with == ContextCrossSite:
		return RedirectDowngradeLaxToCross
	}
	return -1
}

func observeContext(c SameSiteContext) chromiumWant {
	return chromiumWant{
		"context":                      c.Context.String(),
		"schemeful":                    c.Schemeful.String(),
		"redirect_downgrade":           c.RedirectDowngrade.String(),
		"schemeful_redirect_downgrade": c.SchemefulRedirectDowngrade.String(),
	}
}

var ssMethods = []string{"GET", "POST", "PUT", "HEAD"}

func TestChromiumComputeSameSiteContext(t *testing.T) {
	var r ssRows
	modes := []ssMode{{false}, {true}}
	u := func(name string) ssPlace { return ssPick(ssURLs, name)[0] }
	sfc := func(name string) ssPlace { return ssPick(ssSFCs, name)[0] }
	initiator := func(name string) ssPlace { return ssPick(ssInitiators, name)[0] }
	one := func(p ssPlace) []ssPlace { return []ssPlace{p} }
	cross, lax, unsafe, strict := ContextCrossSite, ContextLax, ContextLaxMethodUnsafe, ContextStrict

	for _, m := range modes {
		const test = "UrlAndSiteForCookiesCrossSite"
		for _, url := range m.sameURLs() {
			for _, s := range m.crossSFCs() {
				rep := ssPlace{"Representative" + s.name, s.url, s.site}
				r.half(test, m, ssCall{fn: "ForScriptSet", chain: one(url), sfc: s}, cross)
				r.half(test, m, ssCall{fn: "ForSubresource", chain: one(url), sfc: s}, cross)
				for _, in := range ssInitiators {
					r.half(test, m, ssCall{fn: "ForScriptGet", chain: one(url), sfc: s, initiate: in}, cross)
					for _, mfn := range mfnValues(url, s) {
						for _, chain := range [][]ssPlace{one(url), {rep, url}} {
							r.half(test, m, ssCall{fn: "ForResponse", chain: chain, sfc: s, initiate: in, mfn: mfn}, cross)
							for _, method := range ssMethods {
								r.half(test, m, ssCall{fn: "ForRequest", method: method, chain: chain, sfc: s, initiate: in, mfn: mfn}, cross)
							}
						}
					}
				}
			}
		}
	}

	// Only schemeful: a site for cookies not schemefully same is
	// schemefully cross-site.
	{
		const test = "SiteForCookiesNotSchemefullySame"
		m := ssMode{true}
		for _, url := range m.sameURLs() {
			for _, s := range ssSFCs {
				c := ssCall{chain: one(url), sfc: s, notSchemefullySame: true}
				for _, fn := range []string{"ForScriptSet", "ForSubresource"} {
					c.fn = fn
					r.half(test, m, c, cross)
				}
				for _, in := range ssInitiators {
					c.initiate = in
					for _, fn := range []string{"ForScriptGet", "ForResponse"} {
						c.fn = fn
						r.half(test, m, c, cross)
					}
					c.fn = "ForRequest"
					for _, method := range ssMethods {
						c.method = method
						r.half(test, m, c, cross)
					}
					c.method = ""
				}
			}
		}
	}

	for _, m := range modes {
		for _, url := range m.sameURLs() {
			for _, s := range m.sameSFCs() {
				for _, in := range m.crossInitiators() {
					r.half("ForScriptGet", m, ssCall{fn: "ForScriptGet", chain: one(url), sfc: s, initiate: in}, lax)
				}
				for _, in := range m.sameInitiators() {
					r.half("ForScriptGet", m, ssCall{fn: "ForScriptGet", chain: one(url), sfc: s, initiate: in}, strict)
				}
				r.half("ForScriptSet", m, ssCall{fn: "ForScriptSet", chain: one(url), sfc: s}, lax)
				r.half("ForSubresource", m, ssCall{fn: "ForSubresource", chain: one(url), sfc: s}, strict)
			}
		}
		for _, c := range []struct {
			url, sfc, init string
			want           ContextType
		}{
			{"Wss", "SecureSite", "SecureSite", strict}, {"Wss", "SecureSite", "SecureCrossSite", lax},
			{"Ws", "Site", "Site", strict}, {"Ws", "Site", "CrossSite", lax},
		} {
			r.half("ForScriptGet_WebSocketSchemes", m, ssCall{fn: "ForScriptGet", chain: one(u(c.url)), sfc: sfc(c.sfc), initiate: initiator(c.init)}, c.want)
		}
		for _, c := range []struct{ url, sfc string }{{"Wss", "SecureSite"}, {"Ws", "Site"}} {
			r.half("ForScriptSet_WebSocketSchemes", m, ssCall{fn: "ForScriptSet", chain: one(u(c.url)), sfc: sfc(c.sfc)}, lax)
			r.half("ForSubresource_WebSocketSchemes", m, ssCall{fn: "ForSubresource", chain: one(u(c.url)), sfc: sfc(c.sfc)}, strict)
		}
	}
	for _, c := range []struct {
		url, sfc, init     string
		context, schemeful ContextType
	}{
		{"Site", "Site", "SecureSite", strict, lax},
		{"SecureSite", "SecureSite", "Site", strict, lax},
		{"SecureSite", "Site", "CrossSite", lax, cross},
		{"Site", "SecureSite", "CrossSite", lax, cross},
	} {
		r.both("ForScriptGet_SchemefulDowngrade", ssCall{fn: "ForScriptGet", chain: one(u(c.url)), sfc: sfc(c.sfc), initiate: initiator(c.init)}, c.context, c.schemeful)
	}
	for _, c := range []struct{ url, sfc string }{{"Site", "SecureSite"}, {"SecureSite", "Site"}} {
		r.both("ForScriptSet_SchemefulDowngrade", ssCall{fn: "ForScriptSet", chain: one(u(c.url)), sfc: sfc(c.sfc)}, lax, cross)
		r.both("ForSubresource_SchemefulDowngrade", ssCall{fn: "ForSubresource", chain: one(u(c.url)), sfc: sfc(c.sfc)}, strict, cross)
	}

	// ForRequest: a chain of one URL.
	for _, m := range modes {
		const test = "ForRequest"
		for _, url := range m.sameURLs() {
			for _, s := range m.sameSFCs() {
				for _, in := range m.sameInitiators() {
					for _, method := range ssMethods {
						for _, mfn := range mfnValues(url, s) {
							r.half(test, m, ssCall{fn: "ForRequest", method: method, chain: one(url), sfc: s, initiate: in, mfn: mfn}, strict)
						}
					}
				}
				for _, in := range m.crossInitiators() {
					for _, method := range ssMethods {
						c := ssCall{fn: "ForRequest", method: method, chain: one(url), sfc: s, initiate: in}
						r.half(test, m, c, cross)
						if canBeMainFrameNavigation(url, s) {
							c.mfn = true
							want := lax
							if method == "POST" || method == "PUT" {
								want = unsafe
							}
							r.half(test, m, c, want)
						}
					}
				}
			}
		}
		for _, c := range []struct {
			url, sfc, init string
			want           ContextType
		}{
			{"Wss", "SecureSite", "SecureSite", strict}, {"Wss", "SecureSite", "SecureCrossSite", cross},
			{"Ws", "Site", "Site", strict}, {"Ws", "Site", "CrossSite", cross},
		} {
			r.half("ForRequest_WebSocketSchemes", m, ssCall{fn: "ForRequest", method: "GET", chain: one(u(c.url)), sfc: sfc(c.sfc), initiate: initiator(c.init)}, c.want)
		}
	}
	{
		const test = "ForRequest_SchemefulDowngrade"
		req := func(method, url, s, in string, mfn bool) ssCall {
			return ssCall{fn: "ForRequest", method: method, chain: one(u(url)), sfc: sfc(s), initiate: initiator(in), mfn: mfn}
		}
		for _, method := range []string{"GET", "POST"} {
			r.both(test, req(method, "SecureSite", "Site", "Site", false), strict, cross)
			r.both(test, req(method, "Site", "SecureSite", "Site", false), strict, cross)
		}
		for _, mfn := range []bool{false, true} {
			laxIfMFN, unsafeIfMFN := cross, cross
			if mfn {
				laxIfMFN, unsafeIfMFN = lax, unsafe
			}
			r.both(test, req("GET", "SecureSite", "SecureSite", "Site", mfn), strict, laxIfMFN)
			r.both(test, req("GET", "Site", "Site", "SecureSite", mfn), strict, laxIfMFN)
			r.both(test, req("POST", "SecureSite", "SecureSite", "Site", mfn), strict, unsafeIfMFN)
			r.both(test, req("POST", "Site", "Site", "SecureSite", mfn), strict, unsafeIfMFN)
		}
		for _, method := range []string{"GET", "POST"} {
			r.both(test, req(method, "Site", "SecureSite", "CrossSite", false), cross, cross)
			r.both(test, req(method, "SecureSite", "Site", "CrossSite", false), cross, cross)
		}
	}

	// ForResponse: a chain of one URL.
	for _, m := range modes {
		for _, url := range m.sameURLs() {
			for _, s := range m.sameSFCs() {
				if canBeMainFrameNavigation(url, s) {
					for _, in := range ssInitiators {
						r.half("ForResponse", m, ssCall{fn: "ForResponse", chain: one(url), sfc: s, initiate: in, mfn: true}, lax)
					}
				}
				for _, in := range m.sameInitiators() {
					r.half("ForResponse", m, ssCall{fn: "ForResponse", chain: one(url), sfc: s, initiate: in}, lax)
				}
				for _, in := range m.crossInitiators() {
					r.half("ForResponse", m, ssCall{fn: "ForResponse", chain: one(url), sfc: s, initiate: in}, cross)
				}
			}
		}
		for _, in := range m.sameInitiators() {
			r.half("ForResponse_WebSocketSchemes", m, ssCall{fn: "ForResponse", chain: one(u("Ws")), sfc: sfc("Site"), initiate: in}, lax)
		}
		for _, in := range m.crossInitiators() {
			r.half("ForResponse_WebSocketSchemes", m, ssCall{fn: "ForResponse", chain: one(u("Ws")), sfc: sfc("Site"), initiate: in}, cross)
		}
	}
	{
		const test = "ForResponse_SchemefulDowngrade"
		resp := func(url, s, in string, mfn bool) ssCall {
			return ssCall{fn: "ForResponse", chain: one(u(url)), sfc: sfc(s), initiate: initiator(in), mfn: mfn}
		}
		r.both(test, resp("Site", "SecureSite", "Site", false), lax, cross)
		r.both(test, resp("SecureSite", "Site", "SecureSite", false), lax, cross)
		r.both(test, resp("Site", "SecureSite", "CrossSite", false), cross, cross)
		r.both(test, resp("SecureSite", "Site", "CrossSite", false), cross, cross)
		for _, mfn := range []bool{false, true} {
			laxIfMFN := cross
			if mfn {
				laxIfMFN = lax
			}
			r.both(test, resp("Site", "Site", "SecureSite", mfn), lax, laxIfMFN)
			r.both(test, resp("SecureSite", "SecureSite", "Site", mfn), lax, laxIfMFN)
		}
	}

	// Redirect chains, with the redirect chain feature off: the context
	// types without the chain, and the redirect downgrade that would have
	// given the context types with it (Chromium's
	// CrossSiteRedirectMetadataCorrect, its cross_site_redirect_downgrade).
	type redirectCase struct {
		method                        string // "": a response
		chainSame, sfcSame, initSame  bool
		want, wantMainFrameNavigation ContextType
		// The context types with the redirect chain considered.
		withChain, withChainMainFrameNavigation ContextType
	}
	var redirects []redirectCase
	for _, method := range []string{"GET", "POST", ""} {
		laxMFN := lax
		if method == "POST" {
			laxMFN = unsafe
		}
		top := strict // a same-site initiator and site for cookies
		if method == "" {
			top = lax
		}
		redirects = append(redirects,
			redirectCase{method, true, true, true, top, top, top, top},
			redirectCase{method, true, true, false, cross, laxMFN, cross, laxMFN},
			redirectCase{method, true, false, true, cross, cross, cross, cross},
			redirectCase{method, true, false, false, cross, cross, cross, cross},
			// A cross-site hop would lower a same-site initiator's
			// context to cross-site, or to Lax (Lax-unsafe for a POST)
			// for a main-frame navigation.
			redirectCase{method, false, true, true, top, top, cross, laxMFN},
			redirectCase{method, false, true, false, cross, laxMFN, cross, laxMFN},
			redirectCase{method, false, false, true, cross, cross, cross, cross},
			redirectCase{method, false, false, false, cross, cross, cross, cross})
	}
	for _, m := range modes {
		for i, c := range redirects {
			// The index of the case in its Chromium table.
			test, fn, n := "ForRequest_Redirect", "ForRequest", i
			if c.method == "" {
				test, fn, n = "ForResponse_Redirect", "ForResponse", i-16
			}
			test += "/case=" + strconv.Itoa(n)
			sfcs, inits := m.crossSFCs(), m.crossInitiators()
			if c.sfcSame {
				sfcs = m.sameSFCs()
			}
			if c.initSame {
				inits = m.sameInitiators()
			}
			downgrade := downgradeBetween(c.want, c.withChain)
			downgradeMFN := downgradeBetween(c.wantMainFrameNavigation, c.withChainMainFrameNavigation)
			for _, chain := range m.chains(c.chainSame) {
				for _, s := range sfcs {
					for _, in := range inits {
						call := ssCall{fn: fn, method: c.method, chain: chain, sfc: s, initiate: in}
						r.half(test, m, call, c.want)
						r.redirectDowngrade(test, m, call, downgrade)
						if canBeMainFrameNavigation(chain[len(chain)-1], s) {
							call.mfn = true
							r.half(test, m, call, c.wantMainFrameNavigation)
							r.redirectDowngrade(test, m, call, downgradeMFN)
						}
					}
				}
			}
		}
	}
	runUtilRows(t, r.rows)
}
