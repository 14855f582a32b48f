package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/chromeprofile"
	"github.com/cookiemonster-go/cookiemonster/cookiejson"
	"github.com/cookiemonster-go/cookiemonster/firefoxprofile"
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

// detect picks a file's format from its contents, or, for a file that does
// not exist yet, its name.
func detect(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil && len(b) > 0 {
		switch {
		case bytes.HasPrefix(b, []byte("SQLite format 3\x00")):
			return fmtSQLite, nil
		case isWebExt(b):
			return fmtWebExt, nil
		case cookiejson.Detect(b) == cookiejson.Playwright:
			return fmtPlaywright, nil
		case cookiejson.Detect(b) == cookiejson.CDP:
			return fmtJSON, nil
		}
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt":
		return fmtTxt, nil
	case ".json":
		return fmtJSON, nil
	case ".sqlite", ".db":
		return fmtSQLite, nil
	}
	if filepath.Base(path) == "Cookies" {
		return fmtSQLite, nil
	}
	if err == nil {
		return fmtTxt, nil // cookies.txt has no magic; its reader reports what it cannot read
	}
	return "", fmt.Errorf("%s: cannot tell the format from the name; use --from or --to (%s)", path, strings.Join(formats, ", "))
}

// readCookies reads the cookies of path in format f ("": detected), and
// the entries it could not read, each named by its position.
func readCookies(ctx context.Context, path, f string, keys chromeprofile.Keys) ([]*cookiemonster.CanonicalCookie, []string, error) {
	if f == "" {
		var err error
		if f, err = detect(path); err != nil {
			return nil, nil, err
		}
	}
	switch f {
	case fmtSQLite:
		p, err := chromeprofile.Read(ctx, path, keys, nil)
		if errors.Is(err, chromeprofile.ErrNotChrome) {
			// Not Chrome's layout: a Firefox profile's cookies.sqlite?
			fp, ferr := firefoxprofile.Read(ctx, path, nil)
			if ferr == nil {
				var bad []string
				for _, e := range fp.Errors {
					bad = append(bad, fmt.Sprintf("%s: %v", path, e))
				}
				return fp.Cookies, bad, nil
			}
			if !errors.Is(ferr, firefoxprofile.ErrNotFirefox) {
				return nil, nil, ferr
			}
			return nil, nil, fmt.Errorf("%s: neither a Chrome cookies database nor a Firefox cookies.sqlite: %w", path, err)
		}
		if err != nil {
			return nil, nil, err
		}
		var bad []string
		for _, e := range p.Errors {
			bad = append(bad, fmt.Sprintf("%s: %v", path, e))
		}
		return p.Cookies, bad, nil
	case fmtWebExt:
		return readWebExt(ctx, path)
	case fmtTxt:
		fh, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		defer fh.Close()
		cs, err := netscape.Read(fh)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		return cs, nil, nil
	case fmtJSON, fmtPlaywright:
		fh, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		defer fh.Close()
		cs, entries, err := cookiejson.Read(fh, time.Now(), nil)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		var bad []string
		for _, e := range entries {
			bad = append(bad, fmt.Sprintf("%s: %v", path, e))
		}
		return cs, bad, nil
	}
	return nil, nil, fmt.Errorf("unknown format %q (%s)", f, strings.Join(formats, ", "))
}

// writeCookies writes cookies to path in format f ("": from the name) and
// returns notes on what the format could not carry. A database is written
// through sqlitestore; a file is written whole or not at all (a temporary
// file renamed over it).
func writeCookies(path, f string, cookies []*cookiemonster.CanonicalCookie) ([]string, error) {
	if f == "" {
		var err error
		if f, err = detect(path); err != nil {
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
