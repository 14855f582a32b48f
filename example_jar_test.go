package cookiemonster_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// exampleServer serves /login, which sets the given Set-Cookie lines, and
// /echo, which answers with the Cookie header it received.
func exampleServer(setCookies ...string) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		for _, line := range setCookies {
			w.Header().Add("Set-Cookie", line)
		}
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.Header.Get("Cookie"))
	})
	return httptest.NewServer(mux)
}

// exampleGet fetches u and returns the body.
func exampleGet(ctx context.Context, c *http.Client, u string) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		panic(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// NewJar is a drop-in for net/http/cookiejar: put it in an http.Client.
// Unlike net/http's parser and jar, it understands a one-digit day in
// Expires and keeps the quotes of a quoted value.
func ExampleNewJar() {
	srv := exampleServer(
		"sid=31d4; Path=/; HttpOnly; Expires=Wed, 9 Jun 2100 10:18:14 GMT",
		`pref="dark"; Path=/`,
	)
	defer srv.Close()

	jar, err := cookiemonster.NewJar(nil)
	if err != nil {
		panic(err)
	}
	client := &http.Client{Jar: jar}
	ctx := context.Background()
	exampleGet(ctx, client, srv.URL+"/login")
	fmt.Println(exampleGet(ctx, client, srv.URL+"/echo"))

	all, _ := jar.Monster().AllCookies(ctx)
	for _, c := range all {
		fmt.Println(c.Name, c.IsPersistent())
	}
	// Output:
	// sid=31d4; pref="dark"
	// sid true
	// pref false
}

// A Transport does the jar's work itself: it reads the raw Set-Cookie
// headers, so it keeps cookies that net/http's parser drops, and writes
// the Cookie header itself. Use it without a Jar.
func ExampleMonster_Transport() {
	srv := exampleServer(
		`prefs={"lang":"en"}; Path=/`, // a '"' in the value: net/http drops it
		"nameless",                    // no name: net/http drops it
		"sid=1; Path=/; HttpOnly",
	)
	defer srv.Close()

	m, err := cookiemonster.New(cookiemonster.Config{})
	if err != nil {
		panic(err)
	}
	defer m.Close()
	client := &http.Client{Transport: m.Transport(nil)}
	ctx := context.Background()
	exampleGet(ctx, client, srv.URL+"/login")
	fmt.Println(exampleGet(ctx, client, srv.URL+"/echo"))
	// Output:
	// prefs={"lang":"en"}; nameless; sid=1
}

// Subscribers see every change, in order, with its cause.
func ExampleChangeDispatcher_SubscribeAll() {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m, err := cookiemonster.New(cookiemonster.Config{Now: func() time.Time { return now }})
	if err != nil {
		panic(err)
	}
	defer m.Close()
	cancel := m.Changes().SubscribeAll(func(ch cookiemonster.Change) {
		fmt.Printf("%-8s %s=%s removed=%t\n", ch.Cause, ch.Cookie.Name, ch.Cookie.Value, ch.Cause.Removed())
	})
	defer cancel()

	ctx := context.Background()
	u, _ := url.Parse("https://www.example.com/")
	o := cookiemonster.NavigationOptions()
	m.SetCookieLine(ctx, u, "sid=1; Max-Age=60", o)
	m.SetCookieLine(ctx, u, "sid=2; Max-Age=60", o)
	m.SetCookieLine(ctx, u, "sid=; Max-Age=0", o)
	m.SetCookieLine(ctx, u, "theme=dark; Max-Age=60", o)
	now = now.Add(2 * time.Minute)
	m.AllCookies(ctx) // meets and removes the expired cookie
	// Output:
	// Inserted sid=1 removed=false
	// Overwrite sid=1 removed=true
	// Inserted sid=2 removed=false
	// ExpiredOverwrite sid=2 removed=true
	// Inserted theme=dark removed=false
	// Expired  theme=dark removed=true
}

// WithRequestContext tells a Transport where a request comes from, so it
// sends the cookies a browser would: a cross-site subresource gets only
// SameSite=None cookies, a cross-site navigation also the Lax ones, the
// user's own navigation everything.
func ExampleWithRequestContext() {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login" {
			w.Header().Add("Set-Cookie", "strict=1; Path=/; SameSite=Strict")
			w.Header().Add("Set-Cookie", "lax=1; Path=/; SameSite=Lax")
			w.Header().Add("Set-Cookie", "none=1; Path=/; SameSite=None; Secure")
		}
		fmt.Fprint(w, r.Header.Get("Cookie"))
	}))
	defer srv.Close()

	m, err := cookiemonster.New(cookiemonster.Config{})
	if err != nil {
		panic(err)
	}
	defer m.Close()
	client := &http.Client{Transport: m.Transport(srv.Client().Transport)}
	other, _ := url.Parse("https://other.example/page")

	ctx := context.Background()
	exampleGet(ctx, client, srv.URL+"/login")
	fmt.Printf("typed:       %q\n", exampleGet(ctx, client, srv.URL+"/"))

	nav := cookiemonster.WithRequestContext(ctx, cookiemonster.RequestContext{Initiator: other, Navigation: true})
	fmt.Printf("link:        %q\n", exampleGet(nav, client, srv.URL+"/"))

	sub := cookiemonster.WithRequestContext(ctx, cookiemonster.RequestContext{TopFrame: other, Initiator: other})
	fmt.Printf("subresource: %q\n", exampleGet(sub, client, srv.URL+"/"))
	// Output:
	// typed:       "strict=1; lax=1; none=1"
	// link:        "lax=1; none=1"
	// subresource: "none=1"
}

// GetAll filters the store as the WebExtension cookies.getAll does.
func ExampleMonster_GetAll() {
	// A clock that ticks on every read, so that creation times differ.
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tick := func() time.Time { t = t.Add(time.Millisecond); return t }
	m, err := cookiemonster.New(cookiemonster.Config{Now: tick})
	if err != nil {
		panic(err)
	}
	defer m.Close()
	ctx := context.Background()
	o := cookiemonster.NavigationOptions()
	for _, set := range []struct{ url, line string }{
		{"https://www.example.com/", "sid=1; Secure; HttpOnly"},
		{"https://www.example.com/", "theme=dark; Domain=example.com"},
		{"https://shop.example.com/cart", "cart=3; Path=/cart; Max-Age=3600"},
		{"https://example.org/", "sid=9"},
	} {
		u, _ := url.Parse(set.url)
		m.SetCookieLine(ctx, u, set.line, o)
	}

	show := func(title string, f cookiemonster.CookieFilter) {
		cs, _ := m.GetAll(ctx, f)
		fmt.Print(title, ":")
		for _, c := range cs {
			fmt.Printf(" %s@%s%s", c.Name, c.Domain, c.Path)
		}
		fmt.Println()
	}
	show("example.com", cookiemonster.CookieFilter{Domain: "example.com"})
	sid := "sid"
	show("named sid", cookiemonster.CookieFilter{Name: &sid})
	cart, _ := url.Parse("https://shop.example.com/cart/items")
	show("sent to shop", cookiemonster.CookieFilter{URL: cart})
	session := true
	show("session", cookiemonster.CookieFilter{Session: &session, Domain: "example.com"})
	// Output:
	// example.com: cart@shop.example.com/cart sid@www.example.com/ theme@.example.com/
	// named sid: sid@www.example.com/ sid@example.org/
	// sent to shop: cart@shop.example.com/cart theme@.example.com/
	// session: sid@www.example.com/ theme@.example.com/
}
