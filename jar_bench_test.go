package cookiemonster_test

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/publicsuffix"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// The jar benchmarks run our Jar and net/http/cookiejar (with
// publicsuffix.List) on the same workloads in one binary. Sub-benchmarks
// are named op=…/impl=… so that `benchstat -col /impl` pivots them, stdlib
// first so that the delta column reads "cookiemonster vs stdlib".

var jarBenchSink int

// jarBenchImpl builds a fresh jar of one implementation.
type jarBenchImpl struct {
	name string
	new  func(b *testing.B) http.CookieJar
}

var jarBenchImpls = []jarBenchImpl{
	{"stdlib", func(b *testing.B) http.CookieJar {
		j, err := cookiejar.New(&cookiejar.Options{PublicSuffixList: publicsuffix.List})
		if err != nil {
			b.Fatal(err)
		}
		return j
	}},
	{"cookiemonster", func(b *testing.B) http.CookieJar {
		j, err := cm.NewJar(nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = j.Monster().Close() })
		return j
	}},
	// The same jar with an Observer that counts what it hears: the cost
	// of watching every decision.
	{"cookiemonster-observed", func(b *testing.B) http.CookieJar {
		var heard atomic.Int64
		j, err := cm.NewJar(&cm.Config{Observer: cm.Observer{
			Set:  func(e cm.SetEvent) { heard.Add(1) },
			Read: func(e cm.ReadEvent) { heard.Add(int64(len(e.Included) + len(e.Excluded))) },
		}})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = j.Monster().Close() })
		return j
	}},
	// The same jar with CookieSettings at their zero value, which allow
	// everything: the cost of a policy that does nothing.
	{"cookiemonster-settings-allow", func(b *testing.B) http.CookieJar {
		return jarBenchWithPolicy(b, &cm.CookieSettings{})
	}},
	// The same jar with third-party cookies blocked and 50 site rules, none
	// of which matches the workload's sites: every decision scans them all.
	{"cookiemonster-settings-block", func(b *testing.B) http.CookieJar {
		s := &cm.CookieSettings{}
		s.SetBlockThirdParty(true)
		for i := range 50 {
			if err := s.SetContentSetting(fmt.Sprintf("[*.]blocked%02d.example", i), "", cm.SettingBlock); err != nil {
				b.Fatal(err)
			}
		}
		return jarBenchWithPolicy(b, s)
	}},
}

// jarBenchWithPolicy returns a Jar whose Monster consults p.
func jarBenchWithPolicy(b *testing.B, p cm.Policy) http.CookieJar {
	j, err := cm.NewJar(&cm.Config{Policy: p})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = j.Monster().Close() })
	return j
}

const (
	jarBenchSites         = 300
	jarBenchCookiesSite   = 10 // 3000 cookies in all
	jarBenchURLs          = 4096
	jarBenchHitPercent    = 80
	jarBenchResponseLines = 3
)

// jarBenchSiteCookies returns the responses that fill a jar: for each of
// 300 sites, what www.siteNNN.com sets (benchSite).
func jarBenchSiteCookies() (urls []*url.URL, cookies [][]*http.Cookie) {
	for s := range jarBenchSites {
		u, cs := benchSite(fmt.Sprintf("site%03d.com", s), s)
		urls = append(urls, u)
		cookies = append(cookies, cs)
	}
	return urls, cookies
}

// benchSite returns the URL of a login page on www.host and the ten
// cookies it sets (host-only and domain cookies, two paths, some
// Secure/HttpOnly/SameSite), parsed by net/http as http.Client gives them
// to a jar; s numbers the site, for values of its own.
func benchSite(host string, s int) (*url.URL, []*http.Cookie) {
	u := &url.URL{Scheme: "https", Host: "www." + host, Path: "/account/login"}
	h := http.Header{}
	for i := range jarBenchCookiesSite {
		var line string
		switch {
		case i < 4:
			line = fmt.Sprintf("host%d=v%d-%d; Path=/; Max-Age=86400", i, s, i)
		case i < 6:
			line = fmt.Sprintf("sess%d=%016x; Path=/; Secure; HttpOnly; SameSite=Lax", i, s*1000+i)
		case i < 8:
			line = fmt.Sprintf("dom%d=v%d; Domain=%s; Path=/; Max-Age=604800", i, i, host)
		default:
			line = fmt.Sprintf("acct%d=v%d; Path=/account; SameSite=Strict", i, i)
		}
		h.Add("Set-Cookie", line)
	}
	return u, (&http.Response{Header: h}).Cookies()
}

// jarBenchRequestURLs returns the URL mix of op=cookies: 80% on hosts of
// sites with cookies (www. and the bare domain, "/" and "/account/…"), 20%
// on hosts without cookies.
func jarBenchRequestURLs() []*url.URL {
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]*url.URL, jarBenchURLs)
	for i := range out {
		s := r.IntN(jarBenchSites)
		switch p := r.IntN(100); {
		case p < jarBenchHitPercent/2:
			out[i] = &url.URL{Scheme: "https", Host: fmt.Sprintf("www.site%03d.com", s), Path: "/"}
		case p < jarBenchHitPercent*3/4:
			out[i] = &url.URL{Scheme: "https", Host: fmt.Sprintf("www.site%03d.com", s), Path: "/account/settings"}
		case p < jarBenchHitPercent:
			out[i] = &url.URL{Scheme: "https", Host: fmt.Sprintf("site%03d.com", s), Path: "/index.html"}
		default:
			out[i] = &url.URL{Scheme: "https", Host: fmt.Sprintf("cdn%03d.example.net", s), Path: "/static/app.js"}
		}
	}
	return out
}

func BenchmarkJar(b *testing.B) {
	b.Run("op=cookies", func(b *testing.B) {
		siteURLs, siteCookies := jarBenchSiteCookies()
		reqURLs := jarBenchRequestURLs()
		// Fill a jar of each implementation and check that both send the
		// same number of cookies over the URL mix.
		jars := make([]http.CookieJar, len(jarBenchImpls))
		sent := make([]int, len(jarBenchImpls))
		for k, impl := range jarBenchImpls {
			jars[k] = impl.new(b)
			for i, u := range siteURLs {
				jars[k].SetCookies(u, siteCookies[i])
			}
			for _, u := range reqURLs {
				sent[k] += len(jars[k].Cookies(u))
			}
		}
		for k := range sent {
			if sent[k] == 0 || sent[k] != sent[0] {
				b.Fatalf("the jars send different cookies over the URL mix: %v", sent)
			}
		}
		for k, impl := range jarBenchImpls {
			j := jars[k]
			b.Run("impl="+impl.name, func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					jarBenchSink += len(j.Cookies(reqURLs[i]))
					i++
					if i == len(reqURLs) {
						i = 0
					}
				}
			})
		}
	})

	// op=setcookies: SetCookies of one typical response's three cookies,
	// parsed once, into the same (reused) jar every iteration, so after
	// the first they overwrite their equivalents. Same for both.
	b.Run("op=setcookies", func(b *testing.B) {
		u := &url.URL{Scheme: "https", Host: "www.example.com", Path: "/login"}
		h := http.Header{}
		h.Add("Set-Cookie", "sid=31d4d96e407aad42; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600")
		h.Add("Set-Cookie", "theme=dark; Path=/; Expires="+time.Now().Add(24*time.Hour).UTC().Format(http.TimeFormat))
		h.Add("Set-Cookie", "_ga=GA1.2.1234567890.1700000000; Domain=example.com; Path=/; Max-Age=31536000")
		cookies := (&http.Response{Header: h}).Cookies()
		if len(cookies) != jarBenchResponseLines {
			b.Fatalf("parsed %d cookies", len(cookies))
		}
		for _, impl := range jarBenchImpls {
			b.Run("impl="+impl.name, func(b *testing.B) {
				j := impl.new(b)
				j.SetCookies(u, cookies)
				if got := len(j.Cookies(u)); got != jarBenchResponseLines {
					b.Fatalf("jar holds %d cookies", got)
				}
				b.ReportAllocs()
				for b.Loop() {
					j.SetCookies(u, cookies)
				}
			})
		}
	})

	// op=roundtrip: a full http.Client GET through httptest (loopback,
	// keep-alive); the server sets three cookies and reads them.
	b.Run("op=roundtrip", func(b *testing.B) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "sid=31d4d96e407aad42; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600")
			w.Header().Add("Set-Cookie", "theme=dark; Path=/")
			w.Header().Add("Set-Cookie", "csrf=0123456789abcdef; Path=/; SameSite=Strict")
			_, _ = fmt.Fprint(w, len(r.Cookies()))
		}))
		defer srv.Close()
		for _, impl := range jarBenchImpls {
			b.Run("impl="+impl.name, func(b *testing.B) {
				client := &http.Client{Jar: impl.new(b), Transport: srv.Client().Transport}
				get := func() string {
					resp, err := client.Get(srv.URL + "/")
					if err != nil {
						b.Fatal(err)
					}
					body, err := io.ReadAll(resp.Body)
					resp.Body.Close()
					if err != nil {
						b.Fatal(err)
					}
					return string(body)
				}
				get()
				if got := get(); got != "3" {
					b.Fatalf("server read %s cookies, want 3", got)
				}
				b.ReportAllocs()
				for b.Loop() {
					jarBenchSink += len(get())
				}
			})
		}
	})
}
