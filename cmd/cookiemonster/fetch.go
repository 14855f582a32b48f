package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// runFetch requests a URL through the Transport with the cookies of a file
// (as curl -b does), prints what was sent and, for each Set-Cookie, whether
// it was stored or refused and why, and writes the cookies back (as curl
// -c does).
func runFetch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fetch", flag.ContinueOnError)
	in := fs.String("b", "", "read cookies from this file (any format); none: start empty")
	out := fs.String("c", "", "write the cookies to this file after the request (format from its name)")
	method := fs.String("X", http.MethodGet, "the request method")
	follow := fs.Bool("L", false, "follow redirects")
	timeout := fs.Duration("timeout", 30*time.Second, "give up after")
	inFlags := inputFlags(fs)
	pos, ok := parse(fs, args, 1, stderr)
	if !ok {
		return exitUsage
	}
	u, err := url.Parse(pos[0])
	if err != nil || u.Host == "" {
		fmt.Fprintf(stderr, "cookiemonster fetch: %q is not an absolute URL\n", pos[0])
		return exitUsage
	}
	jar := &cookieFile{}
	if *in != "" {
		if _, statErr := os.Stat(*in); statErr == nil || *out != *in {
			if jar, err = inFlags.readOne(ctx, *in, stderr); err != nil {
				fmt.Fprintln(stderr, "cookiemonster:", err)
				return exitFailed
			}
		}
	}
	var mu sync.Mutex
	var lines []string
	cfg := cookiemonster.Config{PersistSessionCookies: true, Store: cookiemonster.NewMemoryStore(nil, jar.cookies...)}
	cfg.Observer.Set = func(e cookiemonster.SetEvent) {
		mu.Lock()
		defer mu.Unlock()
		name := e.Line
		if i := strings.IndexAny(name, "=;"); i >= 0 {
			name = name[:i]
		}
		switch {
		case e.Stored:
			lines = append(lines, fmt.Sprintf("< stored   %s (from %s)", name, e.URL))
		case e.Result.Status.IsInclude():
			lines = append(lines, fmt.Sprintf("< expired  %s (from %s): not stored; deletes the stored cookie it matches, if any", name, e.URL))
		default:
			lines = append(lines, fmt.Sprintf("< refused  %s (from %s)", name, e.URL))
		}
		for _, why := range e.Explain() {
			lines = append(lines, "            - "+why)
		}
	}
	cfg.Observer.Read = func(e cookiemonster.ReadEvent) {
		mu.Lock()
		defer mu.Unlock()
		var names []string
		for _, c := range e.Included {
			names = append(names, label(c.Cookie.Name))
		}
		if len(names) == 0 {
			lines = append(lines, fmt.Sprintf("> %s: sent no cookie", e.URL))
			return
		}
		lines = append(lines, fmt.Sprintf("> %s: sent %d cookies: %s", e.URL, len(names), strings.Join(names, ", ")))
	}
	m, err := cookiemonster.New(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "cookiemonster:", err)
		return exitFailed
	}
	defer m.Close()
	client := &http.Client{Transport: m.Transport(nil), Timeout: *timeout}
	if !*follow {
		client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	req, err := http.NewRequestWithContext(ctx, *method, u.String(), nil)
	if err != nil {
		fmt.Fprintln(stderr, "cookiemonster fetch:", err)
		return exitUsage
	}
	resp, err := client.Do(req)
	if err != nil {
		fmt.Fprintln(stderr, "cookiemonster fetch:", err)
		return exitFailed
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	mu.Lock()
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	mu.Unlock()
	fmt.Fprintf(stdout, "%s %s: %s\n", *method, u, resp.Status)
	if *out != "" {
		all, err := m.AllCookies(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "cookiemonster:", err)
			return exitFailed
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].Creation.Before(all[j].Creation) })
		f, err := outFormat(*out, "")
		if err != nil {
			fmt.Fprintln(stderr, "cookiemonster:", err)
			return exitFailed
		}
		n, notes, err := writeCookies(*out, f, jar.withCookies(all))
		if err != nil {
			fmt.Fprintln(stderr, "cookiemonster:", err)
			return exitFailed
		}
		fmt.Fprintf(stdout, "%d cookies written to %s\n", n, *out)
		for _, n := range notes {
			fmt.Fprintln(stdout, "note:", n)
		}
	}
	return report(jar.bad, stderr)
}
