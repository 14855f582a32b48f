package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/chromeprofile"
	"github.com/cookiemonster-go/cookiemonster/cookiejson"
	"github.com/cookiemonster-go/cookiemonster/firefoxprofile"
	"github.com/cookiemonster-go/cookiemonster/internal/profilefile"
	"github.com/cookiemonster-go/cookiemonster/netscape"
	"github.com/cookiemonster-go/cookiemonster/sqlitestore"
)

// The formats the commands read and write.
const (
	fmtTxt        = "txt"        // cookies.txt (curl, wget, yt-dlp)
	fmtJSON       = "json"       // DevTools-protocol cookie JSON (Puppeteer, chromedp)
	fmtPlaywright = "playwright" // Playwright storageState JSON
	fmtSQLite     = "sqlite"     // a Chrome-layout cookies database (a profile's Cookies, a sqlitestore file) or, to read, a Firefox cookies.sqlite
)

var formats = []string{fmtTxt, fmtJSON, fmtPlaywright, fmtSQLite, fmtWebExt}

// sniff tells the format of the file at path from its contents, else its
// name, and returns the contents it read: nil for a database, which it does
// not read whole, and for a file that does not exist yet.
func sniff(path string) (string, []byte, error) {
	fh, err := os.Open(path)
	var b []byte
	if err == nil {
		defer fh.Close()
		hdr := make([]byte, len(profilefile.Header))
		n, _ := io.ReadFull(fh, hdr)
		if n == len(hdr) && bytes.Equal(hdr, profilefile.Header) {
			return fmtSQLite, nil, nil
		}
		rest, err := io.ReadAll(fh)
		if err != nil {
			return "", nil, err
		}
		b = append(hdr[:n], rest...)
		switch {
		case isWebExt(b):
			return fmtWebExt, b, nil
		case cookiejson.Detect(b) == cookiejson.Playwright:
			return fmtPlaywright, b, nil
		case cookiejson.Detect(b) == cookiejson.CDP:
			return fmtJSON, b, nil
		}
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt":
		return fmtTxt, b, nil
	case ".json":
		return fmtJSON, b, nil
	case ".sqlite", ".db":
		return fmtSQLite, nil, nil
	}
	if filepath.Base(path) == "Cookies" {
		return fmtSQLite, nil, nil
	}
	if err == nil {
		return fmtTxt, b, nil // cookies.txt has no magic; its reader reports what it cannot read
	}
	return "", nil, fmt.Errorf("%s: cannot tell the format from the name; use --from or --to (%s)", path, strings.Join(formats, ", "))
}

// positioned names each entry error by the file.
func positioned[E error](path string, errs []E) []string {
	var out []string
	for _, e := range errs {
		out = append(out, fmt.Sprintf("%s: %v", path, e))
	}
	return out
}

// readCookies reads the cookies of path in format f ("": detected), and
// the entries it could not read, each named by its position. A file is
// read once; a database is read from a copy (chromeprofile,
// firefoxprofile).
func readCookies(ctx context.Context, path, f string, keys chromeprofile.Keys) ([]*cookiemonster.CanonicalCookie, []string, error) {
	var b []byte
	var err error
	if f == "" {
		if f, b, err = sniff(path); err != nil {
			return nil, nil, err
		}
	}
	if f == fmtSQLite {
		return readDatabase(ctx, path, keys)
	}
	if b == nil {
		if b, err = os.ReadFile(path); err != nil {
			return nil, nil, err
		}
	}
	switch f {
	case fmtWebExt:
		return readWebExt(ctx, path, b)
	case fmtTxt:
		cs, err := netscape.Read(bytes.NewReader(b))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		return cs, nil, nil
	case fmtJSON, fmtPlaywright:
		cs, entries, err := cookiejson.Read(bytes.NewReader(b), time.Now(), nil)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		return cs, positioned(path, entries), nil
	}
	return nil, nil, fmt.Errorf("unknown format %q (%s)", f, strings.Join(formats, ", "))
}

// readDatabase reads a Chrome cookies database, or else a Firefox
// cookies.sqlite.
func readDatabase(ctx context.Context, path string, keys chromeprofile.Keys) ([]*cookiemonster.CanonicalCookie, []string, error) {
	p, err := chromeprofile.Read(ctx, path, keys, nil)
	if err == nil {
		return p.Cookies, positioned(path, p.Errors), nil
	}
	if !errors.Is(err, chromeprofile.ErrNotChrome) {
		return nil, nil, err
	}
	fp, ferr := firefoxprofile.Read(ctx, path, nil)
	switch {
	case ferr == nil:
		return fp.Cookies, positioned(path, fp.Errors), nil
	case !errors.Is(ferr, firefoxprofile.ErrNotFirefox):
		return nil, nil, ferr
	}
	return nil, nil, fmt.Errorf("%s: neither a Chrome cookies database nor a Firefox cookies.sqlite: %w", path, err)
}

// writeCookies writes cookies to path in format f ("": from the name) and
// returns notes on what the format could not carry. A database is written
// through sqlitestore; a file is written whole or not at all (a temporary
// file renamed over it).
func writeCookies(path, f string, cookies []*cookiemonster.CanonicalCookie) ([]string, error) {
	if f == "" {
		var err error
		if f, _, err = sniff(path); err != nil {
			return nil, err
		}
	}
	if f == fmtSQLite {
		s, err := sqlitestore.Open(path, nil)
		if err != nil {
			return nil, err
		}
		s.KeepSessionCookies(true)
		for _, c := range cookies {
			s.Add(c)
		}
		return nil, s.Close()
	}
	var buf bytes.Buffer
	var notes []string
	var err error
	switch f {
	case fmtTxt:
		err = netscape.Write(&buf, cookies)
		n := 0
		for _, c := range cookies {
			if c.IsPartitioned() || c.FirstPartyDomain != "" {
				n++
			}
		}
		if n > 0 {
			notes = append(notes, fmt.Sprintf("partitioned or first-party-isolated cookies left out (cookies.txt cannot mark them): %d cookies", n))
		}
	case fmtJSON:
		notes, err = cookiejson.Write(&buf, cookiejson.CDP, cookies)
	case fmtPlaywright:
		notes, err = cookiejson.Write(&buf, cookiejson.Playwright, cookies)
	case fmtWebExt:
		return nil, fmt.Errorf("%s: the WebExtension format is read only here; write json, playwright, txt or sqlite", path)
	default:
		return nil, fmt.Errorf("unknown format %q (%s)", f, strings.Join(formats, ", "))
	}
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".cookiemonster-*")
	if err != nil {
		return nil, err
	}
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return nil, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return nil, err
	}
	return notes, nil
}
