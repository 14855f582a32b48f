package cookiemonster_test

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

func ExampleParseCookie() {
	pc, st := cookiemonster.ParseCookie(`sid=31d4; Path=/; SAMESITE=lax; Secure; Max-Age=60; Max-Age=120`)
	maxAge, _ := pc.MaxAge()
	fmt.Println(pc.Name(), pc.Value(), pc.SameSite(), pc.Secure(), maxAge, st)

	_, st = cookiemonster.ParseCookie("a=b\r\nX-Injected: 1")
	fmt.Println(st)
	// Output:
	// sid 31d4 Lax true 120 Include
	// ExcludeDisallowedCharacter
}

func ExampleNewCanonicalCookie() {
	u, _ := url.Parse("https://www.example.co.uk/account/login")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

	c, _ := cookiemonster.NewCanonicalCookie(u, "sid=1; Domain=example.co.uk; Max-Age=99999999", now, cookiemonster.CreateOptions{})
	fmt.Println(c.Domain, c.Path, c.Expiry.Sub(now) == cookiemonster.MaxExpiryAge)

	_, st := cookiemonster.NewCanonicalCookie(u, "sid=1; Domain=co.uk", now, cookiemonster.CreateOptions{})
	fmt.Println(st)
	fmt.Println(errors.Is(st.Err(), cookiemonster.ExcludeInvalidDomain))
	// Output:
	// .example.co.uk /account true
	// ExcludeDomainMismatch, ExcludeInvalidDomain
	// true
}

func ExampleCanonicalCookie_IncludeForRequestURL() {
	u, _ := url.Parse("https://shop.example/")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c, _ := cookiemonster.NewCanonicalCookie(u, "cart=42", now, cookiemonster.CreateOptions{})

	// A cross-site POST navigation to shop.example, one minute and then an
	// hour after the cookie was set: the Lax-by-default cookie is sent only
	// during its first two minutes.
	in := cookiemonster.SameSiteInput{
		Method:              "POST",
		URLChain:            []*url.URL{u},
		SiteForCookies:      cookiemonster.NewSiteForCookies(u, nil),
		Initiator:           &url.URL{Scheme: "https", Host: "other.example"},
		MainFrameNavigation: true,
	}
	opts := cookiemonster.HTTPOptions(in.ForRequest(), cookiemonster.PartitionKey{})
	fmt.Println(opts.SameSite.Schemeful)
	fmt.Println(c.IncludeForRequestURL(u, opts, now.Add(time.Minute)).Status)
	fmt.Println(c.IncludeForRequestURL(u, opts, now.Add(time.Hour)).Status)
	// Output:
	// LaxMethodUnsafe
	// Include; WarnSameSiteUnspecifiedLaxAllowUnsafe
	// ExcludeSameSiteUnspecifiedTreatedAsLax; WarnSameSiteUnspecifiedCrossSiteContext
}
