package cookiemonster_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"testing"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// BenchmarkTransport: one response with three Set-Cookie headers and the
// Cookie header of the next request, through an http.Client: the stdlib
// jar as the Client's Jar, against a Client over our Transport. The base
// RoundTripper answers from memory, so only the cookie handling and the
// Client differ.
func BenchmarkTransport(b *testing.B) {
	lines := []string{
		"sid=31d4d96e407aad42; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600",
		"theme=dark; Path=/; Max-Age=86400",
		"csrf=0123456789abcdef; Path=/; Secure; SameSite=Strict",
	}
	for _, impl := range jarBenchImpls[:2] {
		b.Run("impl="+impl.name, func(b *testing.B) {
			base := &fixedResponse{lines: lines}
			client := &http.Client{Transport: base}
			if impl.name == "stdlib" {
				client.Jar = impl.new(b)
			} else {
				client.Transport = impl.new(b).(*cm.Jar).Monster().Transport(base)
			}
			u, err := url.Parse("https://www.example.com/account")
			if err != nil {
				b.Fatal(err)
			}
			// A new request each time: the Client adds the stdlib jar's
			// cookies to the request it is given.
			do := func() {
				req := &http.Request{Method: http.MethodGet, URL: u, Header: make(http.Header), Host: u.Host}
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
			}
			do()
			do()
			if got := base.lastCookie; got != "sid=31d4d96e407aad42; theme=dark; csrf=0123456789abcdef" {
				b.Fatalf("the request carried Cookie %q", got)
			}
			b.ReportAllocs()
			for b.Loop() {
				do()
			}
		})
	}
}

// fixedResponse is an http.RoundTripper answering every request with the
// same Set-Cookie lines; it keeps the last Cookie header it was sent.
type fixedResponse struct {
	lines      []string
	lastCookie string
}

func (f *fixedResponse) RoundTrip(req *http.Request) (*http.Response, error) {
	f.lastCookie = req.Header.Get("Cookie")
	h := make(http.Header, 1)
	h["Set-Cookie"] = f.lines
	return &http.Response{StatusCode: http.StatusOK, Header: h, Body: http.NoBody, Request: req}, nil
}

// BenchmarkJarScale: the jars at 1k to 1M cookies (10 per site, as
// jarBenchSiteCookies sets them): op=lookup is Cookies over a mix of URLs
// (80% on sites with cookies), op=set overwrites one cookie of a random
// site, op=insert-delete adds a new cookie to a random site and deletes it
// (two SetCookies, so that the jar keeps its size); op=lookup reports the
// heap the jar holds per cookie (heap-B/cookie).
func BenchmarkJarScale(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000, 1_000_000} {
		for _, impl := range jarBenchImpls[:2] {
			b.Run(fmt.Sprintf("size=%d/impl=%s", n, impl.name), func(b *testing.B) {
				sites := n / jarBenchCookiesSite
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				j := impl.new(b)
				for s := range sites {
					u, cs := benchSite("s"+strconv.Itoa(s)+".com", s)
					j.SetCookies(u, cs)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				perCookie := float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
				if got := len(j.Cookies(&url.URL{Scheme: "https", Host: "www.s0.com", Path: "/account/x"})); got != jarBenchCookiesSite {
					b.Fatalf("site 0 sends %d cookies", got)
				}
				r := rand.New(rand.NewPCG(3, 4))
				urls := make([]*url.URL, jarBenchURLs)
				for i := range urls {
					s := r.IntN(sites)
					if r.IntN(100) < jarBenchHitPercent {
						urls[i] = &url.URL{Scheme: "https", Host: "www.s" + strconv.Itoa(s) + ".com", Path: "/"}
					} else {
						urls[i] = &url.URL{Scheme: "https", Host: "cdn" + strconv.Itoa(s) + ".example.net", Path: "/app.js"}
					}
				}
				b.Run("op=lookup", func(b *testing.B) {
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						jarBenchSink += len(j.Cookies(urls[i%len(urls)]))
						i++
					}
					b.ReportMetric(perCookie, "heap-B/cookie")
				})
				b.Run("op=set", func(b *testing.B) {
					sets := siteURLs(r, sites, len(urls))
					c := []*http.Cookie{{Name: "host0", Value: "changed", Path: "/", MaxAge: 86400,
						Raw: "host0=changed; Path=/; Max-Age=86400"}}
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						j.SetCookies(sets[i%len(sets)], c)
						i++
					}
				})
				b.Run("op=insert-delete", func(b *testing.B) {
					sets := siteURLs(r, sites, len(urls))
					add := []*http.Cookie{{Name: "extra", Value: "1", Path: "/", MaxAge: 86400,
						Raw: "extra=1; Path=/; Max-Age=86400"}}
					del := []*http.Cookie{{Name: "extra", Value: "", Path: "/", MaxAge: -1,
						Raw: "extra=; Path=/; Max-Age=0"}}
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						u := sets[i%len(sets)]
						j.SetCookies(u, add)
						j.SetCookies(u, del)
						i++
					}
					if got := len(j.Cookies(sets[0])); got != 8 {
						b.Fatalf("a site sends %d cookies after the inserts and deletions, want 8", got)
					}
				})
				runtime.KeepAlive(j)
			})
		}
	}
}

// siteURLs returns n URLs of random sites of the scale jars.
func siteURLs(r *rand.Rand, sites, n int) []*url.URL {
	out := make([]*url.URL, n)
	for i := range out {
		out[i] = &url.URL{Scheme: "https", Host: "www.s" + strconv.Itoa(r.IntN(sites)) + ".com", Path: "/"}
	}
	return out
}
