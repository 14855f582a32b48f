// Command quickstart starts a local HTTP server, browses it through a
// cookiemonster Transport, and prints the change events as they happen,
// the refused cookies with their reasons, what the server received, and
// the stored cookies as a table.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// loginCookies are the Set-Cookie headers of the server's /login page.
var loginCookies = []string{
	"sid=31d4d96e407aad42; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax",
	"theme=dark; Path=/",
	`prefs={"lang":"en"}; Path=/`, // net/http's parser drops this one
	"nameless-flag",               // and this one
	"tracker=1; SameSite=None",    // refused: None needs Secure
	"big=" + strings.Repeat("x", 5000),
	"__Host-csrf=x; Secure; Path=/", // loopback counts as secure
}

func main() {
	serve := flag.String("serve", "", "only serve the pages on this loopback address (127.0.0.1:8080), to try them with other clients")
	flag.Parse()
	var err error
	if *serve != "" {
		err = listen(*serve)
	} else {
		err = run(context.Background(), os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// listen serves the pages on addr, which must be a loopback address,
// until the process is stopped.
func listen(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-serve %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-serve %q: not a loopback address", addr)
	}
	fmt.Fprintf(os.Stderr, "serving http://%s/login (Ctrl-C stops)\n", addr)
	srv := &http.Server{Addr: addr, Handler: pages(), ReadHeaderTimeout: 10 * time.Second}
	return srv.ListenAndServe()
}

func newServer() *httptest.Server { return httptest.NewServer(pages()) }

// pages are the server's pages: /login sets loginCookies and redirects to
// /account, which echoes the Cookie header; /logout deletes sid.
func pages() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		for _, c := range loginCookies {
			w.Header().Add("Set-Cookie", c)
		}
		http.Redirect(w, r, "/account", http.StatusFound)
	})
	mux.HandleFunc("/account", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s", r.Header.Get("Cookie"))
	})
	mux.HandleFunc("/logout", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "sid=; Path=/; Max-Age=0")
		fmt.Fprintln(w, "bye")
	})
	return mux
}

func run(ctx context.Context, w io.Writer) error {
	srv := newServer()
	defer srv.Close()

	// The observer hears every decision; here, the refusals and why.
	refused := func(e cookiemonster.SetEvent) {
		if e.Result.Status.IsInclude() {
			return // stored, or (Max-Age=0) a deletion
		}
		fmt.Fprintf(w, "refused: %s\n  reasons: %s\n", short(e.Line, 40), e.Result.Status)
		for _, why := range e.Explain() {
			fmt.Fprintf(w, "  why: %s\n", why)
		}
	}
	m, err := cookiemonster.New(cookiemonster.Config{Observer: cookiemonster.Observer{Set: refused}})
	if err != nil {
		return fmt.Errorf("creating the store: %w", err)
	}
	defer m.Close()
	cancel := m.Changes().SubscribeAll(func(ch cookiemonster.Change) {
		fmt.Fprintf(w, "event: %-8s %s=%s\n", ch.Cause, ch.Cookie.Name, short(ch.Cookie.Value, 20))
	})
	defer cancel()

	client := &http.Client{Transport: m.Transport(nil)}
	get := func(path string) (string, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
		if err != nil {
			return "", fmt.Errorf("building request for %s: %w", path, err)
		}
		resp, err := client.Do(req)
		if err != nil {
			return "", fmt.Errorf("fetching %s: %w", path, err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", path, err)
		}
		return string(body), nil
	}

	fmt.Fprintf(w, "GET %s/login (sets %d cookies, redirects to /account)\n", srv.URL, len(loginCookies))
	body, err := get("/login")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "the server received: Cookie: %s\n\n", body)

	fmt.Fprintln(w, "GET /logout (deletes sid)")
	if _, err := get("/logout"); err != nil {
		return err
	}

	all, err := m.AllCookies(ctx)
	if err != nil {
		return fmt.Errorf("listing cookies: %w", err)
	}
	fmt.Fprintf(w, "\n%d cookies stored\n", len(all))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVALUE\tDOMAIN\tPATH\tEXPIRES\tSECURE\tHTTPONLY\tSAMESITE")
	for _, c := range all {
		expires := "session"
		if c.IsPersistent() {
			expires = c.Expiry.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%t\t%t\t%s\n",
			c.Name, short(c.Value, 20), c.Domain, c.Path, expires, c.Secure, c.HTTPOnly, c.SameSite)
	}
	return tw.Flush()
}

func short(s string, n int) string {
	if len(s) > n {
		return s[:n-3] + "..."
	}
	return s
}
