// Command quickstart starts a local HTTP server that sets a mix of cookies,
// fetches a page from it, and shows what cookiemonster makes of every raw
// Set-Cookie header: the cookie it stores or the exact reasons it refuses
// it, and in which request contexts the stored cookies would be sent.
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// setCookies are the headers the local server sends.
var setCookies = []string{
	"sid=31d4d96e407aad42; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax",
	"theme=dark",
	`quoted="a b"; Path=/`,
	"nameless-value",
	"tracker=1; SameSite=None",
	"__Host-csrf=x; Secure; Path=/",
	"big=" + strings.Repeat("x", 5000),
	"old=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
	"wide=1; Domain=127.0.0.1",
}

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer) error {
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		for _, c := range setCookies {
			rw.Header().Add("Set-Cookie", c)
		}
		fmt.Fprintln(rw, "hello")
	}))
	defer srv.Close()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/app/index.html", nil)
	if err != nil {
		return fmt.Errorf("building request: %w", err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		return fmt.Errorf("fetching %s: %w", req.URL, err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return fmt.Errorf("reading body: %w", err)
	}

	u := resp.Request.URL
	now := time.Now()
	serverTime, _ := http.ParseTime(resp.Header.Get("Date"))
	// A response to a top-level navigation the user started.
	setOpts := cookiemonster.HTTPOptions(cookiemonster.MakeSameSiteContext(cookiemonster.ContextLax), cookiemonster.PartitionKey{})

	fmt.Fprintf(w, "Set-Cookie headers from %s (Go's resp.Cookies() sees %d of %d)\n\n",
		u, len(resp.Cookies()), len(resp.Header.Values("Set-Cookie")))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "HEADER\tRESULT")
	var stored []*cookiemonster.CanonicalCookie
	for _, line := range resp.Header.Values("Set-Cookie") {
		c, st := cookiemonster.NewCanonicalCookie(u, line, now, cookiemonster.CreateOptions{ServerTime: serverTime})
		if c != nil {
			st = c.IsSetPermittedInContext(u, setOpts, now).Status
		}
		switch {
		case c == nil || !st.IsInclude():
			fmt.Fprintf(tw, "%s\trefused: %s\n", short(line), st)
		case c.IsExpired(now):
			fmt.Fprintf(tw, "%s\tdeletes any equal cookie (already expired)\n", short(line))
		default:
			stored = append(stored, c)
			fmt.Fprintf(tw, "%s\tstored: domain=%s path=%s expires=%s\n", short(line), c.Domain, c.Path, expiry(c))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	contexts := []struct {
		name string
		url  string
		opts cookiemonster.Options
	}{
		{"same-site navigation", u.String(), cookiemonster.NavigationOptions()},
		{"cross-site subresource", u.String(), cookiemonster.HTTPOptions(cookiemonster.SameSiteContext{}, cookiemonster.PartitionKey{})},
		{"script (document.cookie)", u.String(), cookiemonster.ScriptOptions(cookiemonster.MakeSameSiteContext(cookiemonster.ContextStrict), cookiemonster.PartitionKey{})},
		{"other path", srv.URL + "/elsewhere", cookiemonster.NavigationOptions()},
	}
	fmt.Fprintln(w, "\nCookie header per request context")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, rc := range contexts {
		target, err := url.Parse(rc.url)
		if err != nil {
			return fmt.Errorf("parsing %s: %w", rc.url, err)
		}
		var send []*cookiemonster.CanonicalCookie
		for _, c := range stored {
			if c.IncludeForRequestURL(target, rc.opts, now).Status.IsInclude() {
				send = append(send, c)
			}
		}
		cookiemonster.SortCookies(send)
		fmt.Fprintf(tw, "%s\t%s\t%q\n", rc.name, target.Path, cookiemonster.CookieLine(send))
	}
	return tw.Flush()
}

func short(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

func expiry(c *cookiemonster.CanonicalCookie) string {
	if !c.IsPersistent() {
		return "session"
	}
	return c.Expiry.Format(time.RFC3339)
}
