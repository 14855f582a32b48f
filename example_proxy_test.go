package cookiemonster_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"

	"github.com/cookiemonster-go/cookiemonster"
)

// rewriteSetCookie rewrites the upstream's Set-Cookie lines for the
// public face of a reverse proxy, as nginx's proxy_cookie_domain and
// proxy_cookie_path do: a Domain of from becomes to, and a Path under prefix
// loses it. A line that does not parse is dropped rather than passed on.
func rewriteSetCookie(h http.Header, from, to, prefix string) {
	lines := h.Values("Set-Cookie")
	h.Del("Set-Cookie")
	for _, line := range lines {
		pc, st := cookiemonster.ParseCookie(line)
		if !st.IsInclude() {
			continue
		}
		if d, ok := pc.Domain(); ok && strings.EqualFold(strings.TrimPrefix(d, "."), from) {
			if err := pc.SetDomain(to); err != nil {
				continue
			}
		}
		if p, ok := pc.Path(); ok && strings.HasPrefix(p, prefix) {
			if err := pc.SetPath("/" + strings.TrimPrefix(p, prefix)); err != nil {
				continue
			}
		}
		h.Add("Set-Cookie", pc.String())
	}
}

// The ParsedCookie setters serve a reverse proxy that rewrites its
// upstream's Set-Cookie lines: only the attributes it changes are touched,
// in place, and every other attribute, known or not, is passed on as written.
func ExampleParsedCookie_SetDomain() {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "sid=31d4; Domain=app.internal; Path=/app/account; Secure; HttpOnly; SameSite=Lax")
		w.Header().Add("Set-Cookie", "theme=dark; Path=/static; Max-Age=3600; Priority=High")
	}))
	defer upstream.Close()
	target, _ := url.Parse(upstream.URL)

	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		rewriteSetCookie(resp.Header, "app.internal", "www.example.com", "/app/")
		return nil
	}
	front := httptest.NewServer(proxy)
	defer front.Close()

	resp, err := http.Get(front.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	for _, line := range resp.Header.Values("Set-Cookie") {
		fmt.Println(line)
	}
	// Output:
	// sid=31d4; Domain=www.example.com; Path=/account; Secure; HttpOnly; SameSite=Lax
	// theme=dark; Path=/static; Max-Age=3600; Priority=High
}
