package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/chromeprofile"
	"github.com/cookiemonster-go/cookiemonster/sqlitestore"
)

// runRm removes the matching cookies from a file or a store.
func runRm(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rm", flag.ContinueOnError)
	from := fs.String("from", "", "the format (default: detected)")
	rawURL := fs.String("url", "", "the cookies that URL would see")
	domain := fs.String("domain", "", "the cookies of this domain and its subdomains")
	name := fs.String("name", "", "the cookies with this name")
	pos, ok := parse(fs, args, 1, stderr)
	if !ok {
		return exitUsage
	}
	if *rawURL == "" && *domain == "" && *name == "" {
		fmt.Fprintln(stderr, "cookiemonster rm: say which cookies: --url, --domain or --name")
		return exitUsage
	}
	var u *url.URL
	if *rawURL != "" {
		var err error
		if u, err = url.Parse(*rawURL); err != nil || u.Host == "" {
			fmt.Fprintf(stderr, "cookiemonster rm: --url %q is not an absolute URL\n", *rawURL)
			return exitUsage
		}
	}
	match := matcher(*name, *domain, u)
	f := *from
	if f == "" {
		var err error
		if f, _, err = sniff(pos[0]); err != nil {
			fmt.Fprintln(stderr, "cookiemonster:", err)
			return exitFailed
		}
	}
	var n int
	var err error
	if f == fmtSQLite {
		n, err = rmFromStore(ctx, pos[0], match)
	} else {
		n, err = rmFromFile(ctx, pos[0], f, match)
	}
	if err != nil {
		fmt.Fprintln(stderr, "cookiemonster:", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "%d cookies removed from %s\n", n, pos[0])
	return exitOK
}

// rmFromStore deletes the matching cookies of a cookiemonster store.
func rmFromStore(ctx context.Context, path string, match func(*cookiemonster.CanonicalCookie) bool) (int, error) {
	s, err := sqlitestore.Open(path, nil)
	if err != nil {
		return 0, fmt.Errorf("rm writes cookiemonster and Chrome cookie databases only: %w", err)
	}
	s.KeepSessionCookies(true)
	cookies, err := s.Load(ctx)
	if err != nil {
		_ = s.Close()
		return 0, err
	}
	n := 0
	for _, c := range cookies {
		if match(c) {
			s.Delete(c)
			n++
		}
	}
	return n, s.Close()
}

// rmFromFile writes a file back without the matching cookies.
func rmFromFile(ctx context.Context, path, f string, match func(*cookiemonster.CanonicalCookie) bool) (int, error) {
	in, err := readCookies(ctx, path, f, chromeprofile.Keys{})
	if err != nil {
		return 0, err
	}
	if len(in.bad) > 0 {
		return 0, fmt.Errorf("%s has entries that cannot be read (%s); removing would lose them", path, in.bad[0])
	}
	keep := &cookieFile{}
	for i, c := range in.cookies {
		if !match(c) {
			keep.cookies = append(keep.cookies, c)
			if in.stores != nil {
				keep.stores = append(keep.stores, in.stores[i])
			}
		}
	}
	if _, _, err := writeCookies(path, f, keep); err != nil {
		return 0, err
	}
	return len(in.cookies) - len(keep.cookies), nil
}

// runImport adds the cookies of a file to a cookiemonster store, showing
// progress on a terminal.
func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	in := inputFlags(fs)
	pos, ok := parse(fs, args, 2, stderr)
	if !ok {
		return exitUsage
	}
	f, err := in.readOne(ctx, pos[0], stderr)
	if err != nil {
		fmt.Fprintln(stderr, "cookiemonster:", err)
		return exitFailed
	}
	cookies := f.cookies
	s, err := sqlitestore.Open(pos[1], nil)
	if err != nil {
		fmt.Fprintln(stderr, "cookiemonster:", err)
		return exitFailed
	}
	s.KeepSessionCookies(true)
	bar := newProgress(stderr, len(cookies))
	for i, c := range cookies {
		s.Add(c)
		bar.set(i + 1)
	}
	bar.done()
	if err := s.Close(); err != nil {
		fmt.Fprintln(stderr, "cookiemonster:", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "%d cookies imported into %s\n", len(cookies), pos[1])
	return report(f.bad, stderr)
}

// progress draws a bar on stderr when it is a terminal.
type progress struct {
	w        io.Writer
	total    int
	shown    int // the last percentage drawn
	terminal bool
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total, shown: -1}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.terminal = true
		}
	}
	return p
}

func (p *progress) set(n int) {
	if !p.terminal || p.total == 0 {
		return
	}
	pct := n * 100 / p.total
	if pct == p.shown {
		return
	}
	p.shown = pct
	bar := make([]byte, 40)
	for i := range bar {
		bar[i] = ' '
		if i < pct*40/100 {
			bar[i] = '='
		}
	}
	fmt.Fprintf(p.w, "\r[%s] %3d%% %d/%d", bar, pct, n, p.total)
}

func (p *progress) done() {
	if p.terminal && p.shown >= 0 {
		fmt.Fprintln(p.w)
	}
}
