// Command clients shows cookiemonster as the cookie store of two popular
// HTTP clients, colly and resty, through each of its doors: the Jar (an
// http.CookieJar) and the Transport (an http.RoundTripper that sends and
// stores cookies itself). It also shows the trap of the Transport: a
// client that keeps its own default cookie jar sets the Cookie header
// before the Transport runs, and the Transport then sends that header
// instead of the store's cookies.
//
// Each scenario starts a local server on 127.0.0.1 whose /login page sets
// five cookies, three of which a browser refuses, then fetches /login and
// /echo. The store's Observer prints each cookie stored or refused, with
// the reasons, and each read of the cookies to send; the server's
// answer shows the Cookie header it received.
//
// Usage:
//
//	go run . [scenario ...]
//
// With no argument, every scenario runs.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/cookiemonster-go/cookiemonster"
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: clients [scenario ...]\n\nscenarios:")
		for _, sc := range scenarios {
			fmt.Fprintf(flag.CommandLine.Output(), "  %-16s %s\n", sc.name, sc.title)
		}
	}
	flag.Parse()
	if err := run(context.Background(), os.Stdout, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "clients:", err)
		os.Exit(1)
	}
}

// run runs the named scenarios, or all of them when names is empty, and
// prints what each did to w.
func run(ctx context.Context, w io.Writer, names []string) error {
	selected, err := pick(names)
	if err != nil {
		return err
	}
	for i, sc := range selected {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if _, err := runScenario(ctx, w, sc); err != nil {
			return err
		}
	}
	return nil
}

// pick returns the scenarios of the names, in the order given; all of them
// for no names.
func pick(names []string) ([]scenario, error) {
	if len(names) == 0 {
		return scenarios, nil
	}
	var out []scenario
	for _, name := range names {
		i := indexOf(name)
		if i < 0 {
			return nil, fmt.Errorf("unknown scenario %q (run with -h for the list)", name)
		}
		out = append(out, scenarios[i])
	}
	return out, nil
}

// indexOf returns the index of the scenario called name, or -1.
func indexOf(name string) int {
	for i, sc := range scenarios {
		if sc.name == name {
			return i
		}
	}
	return -1
}

// result is what a scenario did, as the server and the Observer saw it.
type result struct {
	// Received are the requests the server got, with their Cookie header.
	Received []request
	// Stored names the cookies the store accepted, in order.
	Stored []string
	// Refused are the cookies the store refused, in order.
	Refused []refusal
	// Reads are the store's reads of the cookies to send, one per request.
	Reads []read
}

// refusal is a cookie the store refused and why.
type refusal struct {
	Name    string
	Reasons []cookiemonster.ExclusionReason
}

// read is one read of the cookies to send with a request.
type read struct {
	Path string
	// Included is the Cookie header of the cookies the store gave.
	Included string
	// CallerHeader is the Cookie header the request already had when it
	// reached the Transport; CallerKept reports that it was sent instead
	// of Included.
	CallerHeader string
	CallerKept   bool
}

// runScenario runs sc against a new server and store, printing to w.
func runScenario(ctx context.Context, w io.Writer, sc scenario) (result, error) {
	srv := newServer()
	defer srv.Close()
	base := pinnedTransport(srv.srv.Listener.Addr().String())
	defer base.CloseIdleConnections()

	var res result
	p := &printer{w: w, res: &res}
	m, err := cookiemonster.New(cookiemonster.Config{
		Observer: cookiemonster.Observer{Set: p.set, Read: p.read},
	})
	if err != nil {
		return res, fmt.Errorf("%s: creating the store: %w", sc.name, err)
	}
	defer m.Close()

	fetch := sc.client(m, base)
	fmt.Fprintf(w, "== %s\n%s\n", sc.name, sc.title)
	for _, path := range []string{"/login", "/echo"} {
		fmt.Fprintf(w, "GET http://%s%s\n", siteHost, path)
		if err := fetch(ctx, srv.url(path)); err != nil {
			return res, fmt.Errorf("%s: %w", sc.name, err)
		}
		reqs := srv.requests()
		if len(reqs) == 0 || reqs[len(reqs)-1].Path != path {
			return res, fmt.Errorf("%s: the server did not get %s", sc.name, path)
		}
		fmt.Fprintf(w, "  the server received Cookie: %s\n", orNone(reqs[len(reqs)-1].Cookie))
	}
	res.Received = srv.requests()
	return res, nil
}

// printer is the store's Observer: it prints each event to w and records
// it in res.
type printer struct {
	mu  sync.Mutex
	w   io.Writer
	res *result
}

// set hears an attempt to store a cookie.
func (p *printer) set(ev cookiemonster.SetEvent) {
	p.mu.Lock()
	defer p.mu.Unlock()
	name := cookieName(ev)
	switch {
	case ev.Err != nil:
		fmt.Fprintf(p.w, "  error    %s (%s): %v\n", ev.Line, ev.Door, ev.Err)
		return
	case ev.Stored:
		p.res.Stored = append(p.res.Stored, name)
		fmt.Fprintf(p.w, "  stored   %s (%s)\n", ev.Line, ev.Door)
	case ev.Result.Status.IsInclude():
		fmt.Fprintf(p.w, "  deleted  %s (%s): already expired\n", ev.Line, ev.Door)
	default:
		reasons := ev.Result.Status.Exclusions()
		p.res.Refused = append(p.res.Refused, refusal{Name: name, Reasons: reasons})
		fmt.Fprintf(p.w, "  refused  %s (%s): %s\n", ev.Line, ev.Door, ev.Result.Status)
	}
	printWhy(p.w, ev.Explain())
}

// read hears a read of the cookies to send with a request.
func (p *printer) read(ev cookiemonster.ReadEvent) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := read{
		Included:     cookieHeader(ev.Included),
		CallerHeader: ev.CallerCookieHeader,
		CallerKept:   ev.CallerHeaderKept,
	}
	if ev.URL != nil {
		r.Path = ev.URL.Path
	}
	p.res.Reads = append(p.res.Reads, r)
	switch {
	case ev.Err != nil:
		fmt.Fprintf(p.w, "  read     (%s): %v\n", ev.Door, ev.Err)
	case r.CallerKept:
		fmt.Fprintf(p.w, "  read     (%s): the request already had Cookie: %s (the client's own jar); sent as is, the store's %s not sent\n",
			ev.Door, r.CallerHeader, orNone(r.Included))
	case r.CallerHeader != "":
		fmt.Fprintf(p.w, "  read     (%s): dropped the client's Cookie: %s; sends the store's %s\n",
			ev.Door, r.CallerHeader, orNone(r.Included))
	default:
		fmt.Fprintf(p.w, "  read     (%s): sends %s\n", ev.Door, orNone(r.Included))
	}
	printWhy(p.w, ev.Explain())
}

// printWhy prints the Observer's explanations under an event.
func printWhy(w io.Writer, why []string) {
	for _, s := range why {
		fmt.Fprintf(w, "           why: %s\n", s)
	}
}

// cookieName returns the name of the cookie of ev.
func cookieName(ev cookiemonster.SetEvent) string {
	if ev.Cookie != nil {
		return ev.Cookie.Name
	}
	name, _, _ := strings.Cut(ev.Line, ";")
	name, _, _ = strings.Cut(name, "=")
	return strings.TrimSpace(name)
}

// cookieHeader joins cookies as a Cookie header does.
func cookieHeader(cookies []cookiemonster.CookieWithAccessResult) string {
	parts := make([]string, len(cookies))
	for i, c := range cookies {
		parts[i] = c.Cookie.Name + "=" + c.Cookie.Value
	}
	return strings.Join(parts, "; ")
}

// orNone returns s, or "(none)" for "".
func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
