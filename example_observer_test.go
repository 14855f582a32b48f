package cookiemonster_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/cookiemonster-go/cookiemonster"
)

// An Observer on the Config hears every set attempt and every read
// decision through the Jar (and the Transport, and the Monster's own
// methods), which http.CookieJar itself cannot report. Explain says why in
// plain language, naming the attribute.
func ExampleObserver() {
	obs := cookiemonster.Observer{
		Set: func(e cookiemonster.SetEvent) {
			if e.Result.Status.IsInclude() {
				fmt.Printf("stored   %s\n", e.Line)
				return
			}
			fmt.Printf("refused  %s\n         %s\n", e.Line, e.Result.Status)
			for _, why := range e.Explain() {
				fmt.Printf("         why: %s\n", why)
			}
		},
		Read: func(e cookiemonster.ReadEvent) {
			for _, c := range e.Included {
				fmt.Printf("sent     %s to %s\n", c.Cookie.Name, e.URL)
			}
			for _, why := range e.Explain() {
				fmt.Printf("withheld %s\n", why)
			}
		},
	}
	jar, err := cookiemonster.NewJar(&cookiemonster.Config{Observer: obs})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer jar.Close()

	u, _ := url.Parse("http://shop.example.com/login")
	var cookies []*http.Cookie
	for _, line := range []string{
		"sid=1; Path=/; HttpOnly",
		"cart=2; Path=/cart",
		"id=3; Domain=com",
		"pref=4; Secure",
		"__Host-token=5; Secure; Path=/; Domain=example.com",
	} {
		name, _, _ := strings.Cut(line, "=")
		cookies = append(cookies, &http.Cookie{Name: name, Raw: line}) // as net/http parses them
	}
	jar.SetCookies(u, cookies)
	home, _ := url.Parse("http://shop.example.com/")
	jar.Cookies(home)
	// Output:
	// stored   sid=1; Path=/; HttpOnly
	// stored   cart=2; Path=/cart
	// refused  id=3; Domain=com
	//          ExcludeDomainMismatch, ExcludeInvalidDomain
	//          why: Domain=com is not within example.com, the site of the host shop.example.com
	//          why: Domain=com is a public suffix: a cookie for it would reach every site under it
	// refused  pref=4; Secure
	//          ExcludeSecureOnly; WarnTentativelyAllowingSecureSourceScheme
	//          why: Secure cookie "pref" set over http://shop.example.com, which is not a secure origin
	//          why: warning: Secure cookie "pref" set over http://shop.example.com is recorded as set from a secure origin
	// refused  __Host-token=5; Secure; Path=/; Domain=example.com
	//          ExcludeInvalidPrefix
	//          why: "__Host-token" needs Secure, Path=/ and no Domain; this line has Domain=example.com, and is set over http://shop.example.com, which is not a secure origin
	// sent     sid to http://shop.example.com/
	// withheld Path=/cart of cookie "cart" does not cover /
}
