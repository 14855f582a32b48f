package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
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

// outFormat returns the format to write path in: f, or else the one its
// contents or name tell.
func outFormat(path, f string) (string, error) {
	if f != "" {
		return f, nil
	}
	f, _, err := sniff(path)
	return f, err
}

// positioned names each entry error by the file.
func positioned[E error](path string, errs []E) []string {
	var out []string
	for _, e := range errs {
		out = append(out, fmt.Sprintf("%s: %v", path, e))
	}
	return out
}

// cookieFile is what a command read from a cookie file.
type cookieFile struct {
	cookies []*cookiemonster.CanonicalCookie
	// stores names the store of each cookie, index by index, for a file
	// that keeps stores apart (a Firefox profile's containers and private
	// browsing, a WebExtension export's storeId); nil for a file of one
	// store.
	stores []string
	// bad names each entry that could not be read, by its position.
	bad []string
}

// storeIDs returns the stores of the file, sorted; none for a file of one
// store.
func (f *cookieFile) storeIDs() []string {
	seen := map[string]bool{}
	var ids []string
	for _, id := range f.stores {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// only keeps the cookies of the store id.
func (f *cookieFile) only(id string) {
	var cs []*cookiemonster.CanonicalCookie
	var ids []string
	for i, c := range f.cookies {
		if f.stores[i] == id {
			cs = append(cs, c)
			ids = append(ids, id)
		}
	}
	f.cookies, f.stores = cs, ids
}

// storeOf returns the store of the i-th cookie, the default store for a
// file of one store.
func (f *cookieFile) storeOf(i int) string {
	if f.stores == nil {
		return cookiemonster.DefaultStoreID
	}
	return f.stores[i]
}

// withCookies returns a file of cookies cs in the one store f holds.
func (f *cookieFile) withCookies(cs []*cookiemonster.CanonicalCookie) *cookieFile {
	out := &cookieFile{cookies: cs}
	if ids := f.storeIDs(); len(ids) == 1 {
		out.stores = make([]string, len(cs))
		for i := range cs {
			out.stores[i] = ids[0]
		}
	}
	return out
}

// defaultStores are the IDs of the stores a browser uses outside
// containers and private windows, in the order a command prefers them.
var defaultStores = []string{firefoxprofile.DefaultStore, cookiemonster.DefaultStoreID, "0"}

// mainStore returns the store a command that reads one store uses when
// the file has several and none was chosen.
func mainStore(ids []string) string {
	for _, d := range defaultStores {
		if slices.Contains(ids, d) {
			return d
		}
	}
	return ids[0]
}

// readCookies reads the cookies of path in format f ("": detected). A
// file is read once; a database is read from a copy (chromeprofile,
// firefoxprofile).
func readCookies(ctx context.Context, path, f string, keys chromeprofile.Keys) (*cookieFile, error) {
	var b []byte
	var err error
	if f == "" {
		if f, b, err = sniff(path); err != nil {
			return nil, err
		}
	}
	if f == fmtSQLite {
		return readDatabase(ctx, path, keys)
	}
	if b == nil {
		if b, err = os.ReadFile(path); err != nil {
			return nil, err
		}
	}
	switch f {
	case fmtWebExt:
		return readWebExt(ctx, path, b)
	case fmtTxt:
		cs, err := netscape.Read(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return &cookieFile{cookies: cs}, nil
	case fmtJSON, fmtPlaywright:
		cs, entries, err := cookiejson.Read(bytes.NewReader(b), time.Now(), nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return &cookieFile{cookies: cs, bad: positioned(path, entries)}, nil
	}
	return nil, fmt.Errorf("unknown format %q (%s)", f, strings.Join(formats, ", "))
}

// readDatabase reads a Chrome cookies database, or else a Firefox
// cookies.sqlite.
func readDatabase(ctx context.Context, path string, keys chromeprofile.Keys) (*cookieFile, error) {
	p, err := chromeprofile.Read(ctx, path, keys, nil)
	if err == nil {
		return &cookieFile{cookies: p.Cookies, bad: positioned(path, p.Errors)}, nil
	}
	if !errors.Is(err, chromeprofile.ErrNotChrome) {
		return nil, err
	}
	fp, ferr := firefoxprofile.Read(ctx, path, nil)
	switch {
	case ferr == nil:
		store := make(map[*cookiemonster.CanonicalCookie]string, len(fp.Cookies))
		for id, cs := range fp.Stores {
			for _, c := range cs {
				store[c] = id
			}
		}
		out := &cookieFile{cookies: fp.Cookies, stores: make([]string, len(fp.Cookies)), bad: positioned(path, fp.Errors)}
		for i, c := range fp.Cookies {
			out.stores[i] = store[c]
		}
		return out, nil
	case !errors.Is(ferr, firefoxprofile.ErrNotFirefox):
		return nil, ferr
	}
	return nil, fmt.Errorf("%s: neither a Chrome cookies database nor a Firefox cookies.sqlite: %w", path, err)
}

// writeCookies writes the cookies of in to path in format f (detected
// already: outFormat) and returns how many it wrote and notes on what the
// format could not carry. Only the WebExtension format keeps the cookies' stores apart. A
// database is written through sqlitestore; a file is written whole or not
// at all (a temporary file renamed over it).
func writeCookies(path, f string, in *cookieFile) (int, []string, error) {
	cookies := in.cookies
	if f == fmtSQLite {
		s, err := sqlitestore.Open(path, nil)
		if err != nil {
			return 0, nil, err
		}
		s.KeepSessionCookies(true)
		for _, c := range cookies {
			s.Add(c)
		}
		return len(cookies), nil, s.Close()
	}
	var buf bytes.Buffer
	var notes []string
	var err error
	n := len(cookies)
	switch f {
	case fmtTxt:
		n, notes, err = writeTxt(&buf, cookies)
	case fmtJSON:
		notes, err = cookiejson.Write(&buf, cookiejson.CDP, cookies)
	case fmtPlaywright:
		notes, err = cookiejson.Write(&buf, cookiejson.Playwright, cookies)
	case fmtWebExt:
		n, notes, err = writeWebExt(&buf, in)
	default:
		return 0, nil, fmt.Errorf("unknown format %q (%s)", f, strings.Join(formats, ", "))
	}
	if err != nil {
		return 0, nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".cookiemonster-*")
	if err != nil {
		return 0, nil, err
	}
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return 0, nil, err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return 0, nil, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return 0, nil, err
	}
	return n, notes, nil
}

// writeTxt writes cookies as a cookies.txt file, and returns how many it
// wrote and notes on what the format could not carry: a cookie no line can
// hold is left out and named, not a failure.
func writeTxt(w io.Writer, cookies []*cookiemonster.CanonicalCookie) (int, []string, error) {
	var notes []string
	left := 0
	err := netscape.Write(w, cookies)
	if errors.Is(err, netscape.ErrNotRepresentable) {
		var each []error
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			each = j.Unwrap()
		} else {
			each = []error{err}
		}
		for _, e := range each {
			notes = append(notes, "left out: "+e.Error())
		}
		left = len(each)
		err = nil
	}
	if err != nil {
		return 0, nil, err
	}
	var part, sameSite int
	for _, c := range cookies {
		switch {
		case c.IsPartitioned() || c.FirstPartyDomain != "":
			part++
		case c.SameSite != cookiemonster.SameSiteUnspecified:
			sameSite++
		}
	}
	if part > 0 {
		notes = append(notes, fmt.Sprintf("partitioned or first-party-isolated cookies left out (cookies.txt cannot mark them): %d cookies", part))
	}
	if sameSite > 0 {
		notes = append(notes, fmt.Sprintf("SameSite not carried (read back as unspecified): %d cookies", sameSite))
	}
	if n := len(cookies) - part - left; n > 0 {
		notes = append(notes, fmt.Sprintf("creation and last-access times not carried: %d cookies", n))
	}
	return len(cookies) - part - left, notes, nil
}
