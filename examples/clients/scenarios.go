package main

import (
	"context"
	"fmt"
	"net/http"

	"github.com/go-resty/resty/v2"
	"github.com/gocolly/colly/v2"

	"github.com/cookiemonster-go/cookiemonster"
)

// getFunc fetches a URL with a client and returns once the response is read.
type getFunc func(ctx context.Context, url string) error

// A scenario wires a client to a store in one way.
type scenario struct {
	// name is the scenario's command-line name.
	name string
	// title says what it shows, with the wiring code.
	title string
	// client makes the client over the store m; its requests go out
	// through base.
	client func(m *cookiemonster.Monster, base http.RoundTripper) getFunc
}

// scenarios are the ways of wiring, each client with each door of the
// store, and the trap of a client's own jar.
var scenarios = []scenario{
	{
		name:   "colly-jar",
		title:  "colly with the Jar: c.SetCookieJar(m.Jar())",
		client: collyJar,
	},
	{
		name:   "colly-transport",
		title:  "colly with the Transport: c.WithTransport(m.Transport(base)); c.DisableCookies()",
		client: collyTransport,
	},
	{
		name:   "colly-trap",
		title:  "colly with the Transport, colly's own jar left on (the trap): c.WithTransport(m.Transport(base))",
		client: collyTrap,
	},
	{
		name:   "colly-replace",
		title:  "colly with the Transport, colly's own jar left on, fixed by t.ReplaceCookieHeader = true",
		client: collyReplace,
	},
	{
		name:   "resty-jar",
		title:  "resty with the Jar: client.SetCookieJar(m.Jar())",
		client: restyJar,
	},
	{
		name:   "resty-transport",
		title:  "resty with the Transport: client.SetTransport(m.Transport(base)).SetCookieJar(nil)",
		client: restyTransport,
	},
	{
		name:   "resty-trap",
		title:  "resty with the Transport, resty's own jar left on (the trap): client.SetTransport(m.Transport(base))",
		client: restyTrap,
	},
	{
		name:   "resty-replace",
		title:  "resty with the Transport, resty's own jar left on, fixed by t.ReplaceCookieHeader = true",
		client: restyReplace,
	},
}

// collyJar makes the store colly's cookie jar. colly's http.Client asks
// the Jar for the cookies of each request and hands it those of each
// response; requests go out through base.
func collyJar(m *cookiemonster.Monster, base http.RoundTripper) getFunc {
	c := colly.NewCollector()
	c.WithTransport(base)
	c.SetCookieJar(m.Jar())
	return visit(c)
}

// collyTransport sends colly's requests through the store's Transport,
// which adds the Cookie header and stores the Set-Cookie headers itself.
// DisableCookies removes the net/http cookiejar colly installs by default,
// whose Cookie header would otherwise reach the Transport first.
func collyTransport(m *cookiemonster.Monster, base http.RoundTripper) getFunc {
	c := colly.NewCollector()
	c.WithTransport(m.Transport(base))
	c.DisableCookies()
	return visit(c)
}

// collyTrap is collyTransport without DisableCookies: colly's own jar sets
// the Cookie header, and the Transport sends it as is instead of the
// store's cookies (the Observer's ReadEvent has CallerHeaderKept set).
func collyTrap(m *cookiemonster.Monster, base http.RoundTripper) getFunc {
	c := colly.NewCollector()
	c.WithTransport(m.Transport(base))
	return visit(c)
}

// collyReplace keeps colly's own jar but makes the Transport drop the
// Cookie header it sets and send the store's cookies in its place.
func collyReplace(m *cookiemonster.Monster, base http.RoundTripper) getFunc {
	c := colly.NewCollector()
	t := m.Transport(base)
	t.ReplaceCookieHeader = true
	c.WithTransport(t)
	return visit(c)
}

// visit fetches with colly.
func visit(c *colly.Collector) getFunc {
	return func(ctx context.Context, url string) error {
		c.Context = ctx
		return c.Visit(url)
	}
}

// restyJar makes the store resty's cookie jar, in place of the net/http
// cookiejar resty installs by default.
func restyJar(m *cookiemonster.Monster, base http.RoundTripper) getFunc {
	client := resty.New().SetTransport(base).SetCookieJar(m.Jar())
	return get(client)
}

// restyTransport sends resty's requests through the store's Transport.
// SetCookieJar(nil) removes resty's default jar, whose Cookie header would
// otherwise reach the Transport first.
func restyTransport(m *cookiemonster.Monster, base http.RoundTripper) getFunc {
	client := resty.New().SetTransport(m.Transport(base)).SetCookieJar(nil)
	return get(client)
}

// restyTrap is restyTransport without SetCookieJar(nil): resty's own jar
// sets the Cookie header and the Transport sends it as is.
func restyTrap(m *cookiemonster.Monster, base http.RoundTripper) getFunc {
	client := resty.New().SetTransport(m.Transport(base))
	return get(client)
}

// restyReplace keeps resty's own jar but makes the Transport send the
// store's cookies in place of its Cookie header.
func restyReplace(m *cookiemonster.Monster, base http.RoundTripper) getFunc {
	t := m.Transport(base)
	t.ReplaceCookieHeader = true
	client := resty.New().SetTransport(t)
	return get(client)
}

// get fetches with resty; a status of 400 or more is an error.
func get(client *resty.Client) getFunc {
	return func(ctx context.Context, url string) error {
		resp, err := client.R().SetContext(ctx).Get(url)
		if err != nil {
			return err
		}
		if resp.IsError() {
			return fmt.Errorf("GET %s: %s", url, resp.Status())
		}
		return nil
	}
}
