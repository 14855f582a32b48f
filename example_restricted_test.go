package cookiemonster_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/cookiemonster-go/cookiemonster"
)

// ExampleMonster_Restricted serves script in two frames: a top-level
// document of shop.example and the same origin embedded by another site.
// Neither sees the HttpOnly session cookie; the iframe sees only
// SameSite=None cookies, and partitions what it sets under its top-level
// site.
func ExampleMonster_Restricted() {
	ctx := context.Background()
	m, err := cookiemonster.New(cookiemonster.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = m.Close() }()

	page, _ := url.Parse("https://shop.example/cart")
	// The server's cookies, from a top-level navigation.
	for _, line := range []string{
		"sid=s3cr3t; HttpOnly; Secure; Path=/",
		"theme=dark; Path=/",
		"widget=on; SameSite=None; Secure; Path=/",
	} {
		if _, err := m.SetCookieLine(ctx, page, line, cookiemonster.NavigationOptions()); err != nil {
			fmt.Println(err)
			return
		}
	}

	top, err := m.Restricted(page, cookiemonster.FrameContext{})
	if err != nil {
		fmt.Println(err)
		return
	}
	dc, _ := top.DocumentCookie(ctx, page)
	fmt.Println("document.cookie:", dc)
	_, err = top.SetDocumentCookie(ctx, page, "sid=stolen; Path=/")
	fmt.Println("overwrite sid:", errors.Is(err, cookiemonster.ExcludeOverwriteHTTPOnly))

	cs, err := top.CookieStore(page)
	if err != nil {
		fmt.Println(err)
		return
	}
	cancel := cs.OnChange(func(ev cookiemonster.CookieChangeEvent) {
		b, _ := json.Marshal(ev.Changed[0])
		fmt.Println("change:", string(b))
	})
	defer cancel()
	if err := cs.Set(ctx, cookiemonster.CookieInit{Name: "lang", Value: "fr"}); err != nil {
		fmt.Println(err)
	}
	err = cs.Set(ctx, cookiemonster.CookieInit{Name: "__Host-id", Value: "1", Domain: new("shop.example")})
	fmt.Println(err, errors.Is(err, cookiemonster.ErrHostPrefixDomain))

	// The same origin in an iframe of news.example.
	news, _ := url.Parse("https://news.example/article")
	widget, _ := url.Parse("https://shop.example/widget")
	embedded, err := m.Restricted(widget, cookiemonster.FrameContext{Ancestors: []*url.URL{news}})
	if err != nil {
		fmt.Println(err)
		return
	}
	ecs, _ := embedded.CookieStore(widget)
	fmt.Println(ecs.Set(ctx, cookiemonster.CookieInit{Name: "seen", Value: "1", SameSite: cookiemonster.CookieSameSiteNone, Partitioned: true}))
	items, _ := ecs.GetAll(ctx, cookiemonster.CookieStoreGetOptions{})
	for _, it := range items {
		fmt.Printf("iframe sees %s=%s partitioned=%v\n", it.Name, it.Value, it.Partitioned)
	}
	// The handle serves its origin only.
	other, _ := url.Parse("https://news.example/")
	_, err = embedded.DocumentCookie(ctx, other)
	fmt.Println(errors.Is(err, cookiemonster.ErrOriginMismatch))

	// Output:
	// document.cookie: theme=dark; widget=on
	// overwrite sid: true
	// change: {"domain":null,"expires":null,"name":"lang","partitioned":false,"path":"/","sameSite":"strict","secure":true,"value":"fr"}
	// cookiemonster: cookieStore.set: TypeError: Cookies with "__Host-" prefix cannot have a domain true
	// <nil>
	// iframe sees widget=on partitioned=false
	// iframe sees seen=1 partitioned=true
	// true
}
