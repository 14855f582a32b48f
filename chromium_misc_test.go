package cookiemonster

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// More of Chromium's CanonicalCookie expectations
// (net/cookies/canonical_cookie_unittest.cc), restated as data: the
// effective SameSite, the Cookie header line, the hidden-prefix check,
// whether a URL may set Secure cookies, and SameSite on set under legacy
// semantics. See chromium_parsed_test.go for the scheme.

func TestChromiumEffectiveSameSite(t *testing.T) {
	now := cpCreation
	recent, notRecent := now.Add(-LaxAllowUnsafeMaxAge/4), now.Add(-LaxAllowUnsafeMaxAge*4)
	expiry := now.Add(LaxAllowUnsafeMaxAge / 4)
	all := []AccessSemantics{SemanticsUnknown, SemanticsLegacy, SemanticsNonLegacy}
	type age int
	const (
		anyAge age = iota
		isRecent
		notRecentOnly
	)
	rows := []struct {
		ss   SameSite
		want EffectiveSameSite
		sems []AccessSemantics
		age  age
	}{
		{SameSiteNone, EffectiveNoRestriction, all, anyAge},
		{SameSiteLax, EffectiveLaxMode, all, anyAge},
		{SameSiteStrict, EffectiveStrictMode, all, anyAge},
		{SameSiteUnspecified, EffectiveNoRestriction, []AccessSemantics{SemanticsLegacy}, anyAge},
		{SameSiteUnspecified, EffectiveLaxModeAllowUnsafe, []AccessSemantics{SemanticsNonLegacy}, isRecent},
		{SameSiteUnspecified, EffectiveLaxModeAllowUnsafe, []AccessSemantics{SemanticsUnknown}, isRecent},
		{SameSiteUnspecified, EffectiveLaxMode, []AccessSemantics{SemanticsNonLegacy}, notRecentOnly},
		{SameSiteUnspecified, EffectiveLaxMode, []AccessSemantics{SemanticsUnknown}, notRecentOnly},
	}
	n := 0
	for i, r := range rows {
		var creations []time.Time
		if r.age != notRecentOnly {
			creations = append(creations, recent)
		}
		if r.age != isRecent {
			creations = append(creations, notRecent)
		}
		for _, cr := range creations {
			for _, exp := range []time.Time{{}, expiry} {
				c := CanonicalCookie{Name: "A", Value: "2", Domain: "example.test", Path: "/", Creation: cr, Expiry: exp,
					Secure: true, SameSite: r.ss, Priority: PriorityMedium}
				for _, sem := range r.sems {
					n++
					id := "GetEffectiveSameSite/" + strconv.Itoa(i) + "/" + r.ss.String() + "/" + now.Sub(cr).String() + "/persistent=" +
						strconv.FormatBool(!exp.IsZero()) + "/semantics=" + strconv.Itoa(int(sem))
					var diff []string
					if got := c.EffectiveSameSite(now, sem); got != r.want {
						diff = append(diff, "Chromium "+r.want.String()+", library "+got.String())
					}
					checkAgainstChromium(t, id, knownCanonicalDifferences, diff)
				}
			}
		}
	}
	t.Logf("%d Chromium GetEffectiveSameSite rows", n)
}

func TestChromiumBuildCookieLine(t *testing.T) {
	// Chromium's test builds its cookies unchecked ("=H=I" cannot come
	// from a Set-Cookie line): so does this one.
	mk := func(line string, age time.Duration) *CanonicalCookie {
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			name, value = "", line
		}
		at := cpCreation.Add(-age)
		return &CanonicalCookie{Name: name, Value: value, Domain: "example.com", Path: "/", Creation: at, LastAccess: at, LastUpdate: at}
	}
	steps := []struct {
		line string
		age  time.Duration
		want string
	}{
		{"A=B", 0, "A=B"},
		{"C", 0, "A=B; C"},
		{"D=E", 0, "A=B; C; D=E"},
		{"F=G", time.Second, "A=B; C; D=E; F=G"},
		{"D=E", 2 * time.Second, "A=B; C; D=E; F=G; D=E"},
		{"=H=I", 0, "A=B; C; D=E; F=G; D=E; H=I"},
	}
	var cookies []*CanonicalCookie
	checkAgainstChromium(t, "BuildCookieLine/empty", knownCanonicalDifferences, lineDiff("", CookieLine(cookies)))
	for i, s := range steps {
		cookies = append(cookies, mk(s.line, s.age))
		checkAgainstChromium(t, "BuildCookieLine/"+strconv.Itoa(i+1), knownCanonicalDifferences, lineDiff(s.want, CookieLine(cookies)))
	}
}

func lineDiff(want, got string) []string {
	if want == got {
		return nil
	}
	return []string{"Chromium " + strconv.Quote(want) + ", library " + strconv.Quote(got)}
}

// TestHasHiddenPrefixName: Chromium's check takes the value of a nameless
// cookie.
func TestChromiumHasHiddenPrefixName(t *testing.T) {
	rows := []struct {
		value string
		want  bool
	}{
		{"", false}, {"  ", false}, {"foobar=", false}, {"foo=bar", false}, {" \t ", false}, {"\t", false},
		{"__Secure=-", false}, {"__Secure=-abc", false}, {"__Secur=e-abc", false}, {"__Secureabc", false},
		{"__Host=-", false}, {"__Host=-abc", false}, {"__Hos=t-abc", false}, {"_Host", false},
		{"a__Host-abc=123", false}, {"a__Secure-abc=123", false},
		{"__Secure-abc", true}, {"__Host-abc", true}, {"   __Secure-abc", true}, {"\t__Host-", true},
		{"__Host-=", true}, {"__Host-=123", true}, {"__host-=123", true}, {"__HOST-=123", true}, {"__HoSt-=123", true},
		{"__Host-abc=", true}, {"__Host-abc=123", true}, {" __Host-abc=123", true}, {"    __Host-abc=", true},
		{"\t\t\t\t\t__Host-abc=123", true}, {"\t __Host-abc=", true},
		{"__Secure-=", true}, {"__Secure-=123", true}, {"__secure-=123", true}, {"__SECURE-=123", true}, {"__SeCuRe-=123", true},
		{"__Secure-abc=", true}, {"__Secure-abc=123", true}, {" __Secure-abc=123", true}, {"    __Secure-abc=", true},
		{"\t\t\t\t\t__Secure-abc=123", true}, {"\t __Secure-abc=", true}, {"__Secure-abc=123=d=4=fg=", true},
	}
	for _, r := range rows {
		var diff []string
		if got := hasHiddenPrefix("", r.value); got != r.want {
			diff = append(diff, "Chromium "+strconv.FormatBool(r.want)+", library "+strconv.FormatBool(got))
		}
		checkAgainstChromium(t, "TestHasHiddenPrefixName/"+strconv.Quote(r.value), knownCanonicalDifferences, diff)
	}
	t.Logf("%d Chromium HasHiddenPrefixName rows", len(rows))
}

// IsSetPermitted_AllowedToAccessSecureCookies, without a delegate that
// treats URLs as trustworthy; and IsSetPermitted_SameSiteNone_Metrics.
func TestChromiumSetPermittedSecureAccessAndLegacySameSite(t *testing.T) {
	n := 0
	for _, secure := range []bool{false, true} {
		for _, ss := range []SameSite{SameSiteUnspecified, SameSiteNone, SameSiteLax} {
			c := CanonicalCookie{Name: "A", Value: "2", Domain: "www.example.com", Path: "/test", Creation: cpCreation,
				Secure: secure, SameSite: ss, Priority: PriorityMedium}
			for _, sem := range []AccessSemantics{SemanticsUnknown, SemanticsLegacy, SemanticsNonLegacy} {
				for _, u := range []struct {
					url  string
					want bool
				}{{"https://www.example.com/test", true}, {"http://www.example.com/test", false}, {"http://localhost/test", true}} {
					n++
					id := "IsSetPermitted_AllowedToAccessSecureCookies/secure=" + strconv.FormatBool(secure) + "/" + ss.String() +
						"/semantics=" + strconv.Itoa(int(sem)) + "/" + u.url
					res := c.IsSetPermittedInContext(cpURL(u.url), Options{AccessSemantics: sem}, cpCreation)
					var diff []string
					if res.AllowedToAccessSecureCookies != u.want {
						diff = append(diff, "AllowedToAccessSecureCookies: Chromium "+strconv.FormatBool(u.want)+", library "+
							strconv.FormatBool(res.AllowedToAccessSecureCookies))
					}
					checkAgainstChromium(t, id, knownCanonicalDifferences, diff)
				}
			}
		}
	}
	for _, m := range []struct {
		ss  SameSite
		ctx ContextType
		inc bool
		// exact: Chromium expects an empty status, not only inclusion.
		exact bool
	}{
		{SameSiteNone, ContextCrossSite, true, true}, {SameSiteLax, ContextCrossSite, false, false}, {SameSiteStrict, ContextCrossSite, false, false},
		{SameSiteNone, ContextLax, true, true}, {SameSiteLax, ContextLax, true, false}, {SameSiteStrict, ContextLax, true, false},
	} {
		n++
		c := CanonicalCookie{Name: "A", Value: "1", Domain: "www.example.com", Path: "/test", Creation: cpCreation,
			Secure: true, SameSite: m.ss, Priority: PriorityMedium}
		res := c.IsSetPermittedInContext(cpURL("https://www.example.com/test"),
			Options{SameSite: MakeSameSiteContext(m.ctx), AccessSemantics: SemanticsLegacy}, cpCreation)
		var diff []string
		if res.Status.IsInclude() != m.inc {
			diff = append(diff, "included: Chromium "+strconv.FormatBool(m.inc)+", library "+strconv.FormatBool(res.Status.IsInclude()))
		}
		if m.exact && (len(res.Status.Warnings()) > 0 || !res.Status.IsInclude()) {
			diff = append(diff, "status: Chromium empty, library "+res.Status.String())
		}
		if !res.AllowedToAccessSecureCookies {
			diff = append(diff, "AllowedToAccessSecureCookies: Chromium true, library false")
		}
		checkAgainstChromium(t, "IsSetPermitted_SameSiteNone_Metrics/"+m.ss.String()+"/"+m.ctx.String(), knownCanonicalDifferences, diff)
	}
	t.Logf("%d Chromium rows", n)
}

// IncludeForRequestURL_RedirectDowngradeWarning and
// IsSetPermittedInContext_RedirectDowngradeWarning, the part without
// redirect metadata: a context that was not downgraded never carries
// WarnCrossSiteRedirectDowngradeChangesInclusion.
func TestChromiumNoRedirectDowngradeWarning(t *testing.T) {
	u := cpURL("https://www.example.test/test")
	n := 0
	for _, set := range []bool{false, true} {
		ctxs := []ContextType{ContextStrict, ContextLax, ContextLaxMethodUnsafe, ContextCrossSite}
		name := "IncludeForRequestURL_RedirectDowngradeWarning"
		if set {
			ctxs = ctxs[1:]
			name = "IsSetPermittedInContext_RedirectDowngradeWarning"
		}
		for _, sem := range []AccessSemantics{SemanticsLegacy, SemanticsNonLegacy} {
			for _, ctx := range ctxs {
				for _, ss := range []SameSite{SameSiteUnspecified, SameSiteNone, SameSiteLax, SameSiteStrict} {
					n++
					c := CanonicalCookie{Name: "A", Value: "1", Domain: "www.example.test", Path: "/test", Creation: cpCreation,
						Secure: true, SameSite: ss, Priority: PriorityMedium}
					o := Options{SameSite: MakeSameSiteContext(ctx), AccessSemantics: sem}
					var res AccessResult
					if set {
						res = c.IsSetPermittedInContext(u, o, cpCreation)
					} else {
						res = c.IncludeForRequestURL(u, o, cpCreation)
					}
					var diff []string
					if res.Status.HasWarning(WarnCrossSiteRedirectDowngradeChangesInclusion) {
						diff = append(diff, "Chromium no redirect-downgrade warning, library has one")
					}
					checkAgainstChromium(t, name+"/undowngraded/semantics="+strconv.Itoa(int(sem))+"/"+ctx.String()+"/"+ss.String(),
						knownCanonicalDifferences, diff)
				}
			}
		}
	}
	t.Logf("%d Chromium rows", n)
}
