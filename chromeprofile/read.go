// Package chromeprofile reads the cookies of a Chrome or Chromium profile
// (its Cookies database) into CanonicalCookies, every field kept: the
// current layout (version 24) and the older ones found in the wild
// (columns are read by name, and a missing one takes the value Chromium's
// migrations give it), plaintext values and the values Chrome encrypts on
// Linux ("v10", "v11") and macOS. A value that cannot be read is reported
// with its row, never dropped silently; Windows' DPAPI and app-bound values
// are reported as unsupported.
//
// The profile is never modified: Read copies the database (and its journal
// or write-ahead log) aside and reads the copy, so a profile the browser
// has open and locked reads as well.
package chromeprofile

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/internal/chromedb"
	"github.com/cookiemonster-go/cookiemonster/internal/profilefile"
)

// ErrNotChrome is wrapped by the error of Read on a file that is not a
// Chrome cookies database: not SQLite, or without its meta and cookies
// tables.
var ErrNotChrome = errors.New("chromeprofile: not a Chrome cookies database")

// RowError is a row that could not be read: its rowid, host and name, and
// why.
type RowError = profilefile.RowError

// Profile is what Read found.
type Profile struct {
	// Version is the database's schema version (meta "version").
	Version int
	// Cookies are the rows read, in rowid order.
	Cookies []*cookiemonster.CanonicalCookie
	// Errors are the rows that could not be read, in rowid order.
	Errors []*RowError
}

// Read reads the Chrome cookies database at path. psl parses partition
// keys; nil: the default list. The error is for the file as a whole (not
// found, not a Chrome database, unreadable); rows that cannot be read are
// in Profile.Errors.
func Read(ctx context.Context, path string, keys Keys, psl cookiemonster.PublicSuffixList) (*Profile, error) {
	dec, err := newDecrypter(keys)
	if err != nil {
		return nil, err
	}
	db, closeDB, err := open(path)
	if err != nil {
		return nil, err
	}
	defer closeDB()

	p := &Profile{}
	var v string
	if err := db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'version'`).Scan(&v); err != nil {
		return nil, fmt.Errorf("%w: %s: reading meta version: %w", ErrNotChrome, path, err)
	}
	if p.Version, err = strconv.Atoi(v); err != nil {
		return nil, fmt.Errorf("%w: %s: meta version %q", ErrNotChrome, path, v)
	}
	cols, err := columns(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("chromeprofile: %s: %w", path, err)
	}
	if err := readRows(ctx, db, cols, p, dec, psl); err != nil {
		return nil, fmt.Errorf("chromeprofile: %s: %w", path, err)
	}
	return p, nil
}

// open opens a copy of the database (profilefile.Open).
func open(path string) (*sql.DB, func(), error) {
	db, closeDB, err := profilefile.Open(path, "Cookies")
	switch {
	case errors.Is(err, profilefile.ErrNotSQLite):
		return nil, nil, fmt.Errorf("%w: %w", ErrNotChrome, err)
	case err != nil:
		return nil, nil, fmt.Errorf("chromeprofile: %w", err)
	}
	return db, closeDB, nil
}

// columns returns the names of the cookies table's columns.
func columns(ctx context.Context, db *sql.DB) (map[string]bool, error) {
	cols, err := profilefile.Columns(ctx, db, "cookies", "host_key", "name", "value", "path", "creation_utc", "expires_utc")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotChrome, err)
	}
	return cols, nil
}

// column returns the expression reading a column: the first of names the
// table has, else def.
func column(cols map[string]bool, def string, names ...string) string {
	for _, n := range names {
		if cols[n] {
			return n
		}
	}
	return def
}

// readRows reads every row of the cookies table into p.
func readRows(ctx context.Context, db *sql.DB, cols map[string]bool, p *Profile, dec *decrypter, psl cookiemonster.PublicSuffixList) error {
	query := "SELECT rowid, " + strings.Join([]string{
		"host_key", "name", "value", column(cols, "x''", "encrypted_value"), "path",
		"creation_utc", "expires_utc", column(cols, "creation_utc", "last_access_utc"),
		column(cols, "creation_utc", "last_update_utc"),
		column(cols, "0", "is_secure", "secure"), column(cols, "0", "is_httponly", "httponly"),
		column(cols, "1", "is_persistent"), column(cols, "1", "priority"), column(cols, "-1", "samesite"),
		column(cols, "0", "source_scheme"), column(cols, "-1", "source_port"),
		column(cols, "''", "top_frame_site_key"), column(cols, "-1", "has_cross_site_ancestor"),
	}, ", ") + " FROM cookies ORDER BY rowid"
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("reading the cookies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.host, &r.name, &r.value, &r.encrypted, &r.path,
			&r.creation, &r.expires, &r.lastAccess, &r.lastUpdate, &r.secure, &r.httpOnly,
			&r.persistent, &r.priority, &r.sameSite, &r.scheme, &r.port, &r.site, &r.cross); err != nil {
			return fmt.Errorf("reading the cookies: %w", err)
		}
		c, err := r.cookie(p.Version, dec, psl)
		if err != nil {
			p.Errors = append(p.Errors, &RowError{Row: r.id, Host: r.host, Name: r.name, Err: err})
			continue
		}
		p.Cookies = append(p.Cookies, c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading the cookies: %w", err)
	}
	return nil
}

// row is one row of the cookies table.
type row struct {
	id                             int64
	host, name, value, path, site  string
	encrypted                      []byte
	creation, expires, lastAccess  int64
	lastUpdate, secure, httpOnly   int64
	persistent, priority, sameSite int64
	scheme, port, cross            int64
}

// ErrHostHash is wrapped by the error of a version-24 value whose
// decrypted prefix is not SHA-256 of its host_key.
var ErrHostHash = errors.New("chromeprofile: the decrypted value does not belong to its host")

// cookie decodes the row of a database of schema version.
func (r *row) cookie(version int, dec *decrypter, psl cookiemonster.PublicSuffixList) (*cookiemonster.CanonicalCookie, error) {
	value := r.value
	if len(r.encrypted) > 0 {
		if value != "" {
			return nil, errors.New("the row has both a value and an encrypted value")
		}
		plain, err := dec.decrypt(r.encrypted)
		if err != nil {
			return nil, err
		}
		if version >= 24 {
			h := sha256.Sum256([]byte(r.host))
			if len(plain) < len(h) || !bytes.Equal(plain[:len(h)], h[:]) {
				return nil, ErrHostHash
			}
			plain = plain[len(h):]
		}
		value = string(plain)
	}
	priority, err := chromedb.PriorityFromDB(r.priority)
	if err != nil {
		return nil, err
	}
	sameSite, err := chromedb.SameSiteFromDB(r.sameSite)
	if err != nil {
		return nil, err
	}
	scheme, err := chromedb.SourceSchemeFromDB(r.scheme)
	if err != nil {
		return nil, err
	}
	// Before version 23 there is no has_cross_site_ancestor: a partitioned
	// row was cross-site, as that version's migration sets it.
	cross := r.cross != 0
	if r.cross < 0 {
		cross = r.site != ""
	}
	part, err := cookiemonster.PartitionKeyFromStorage(r.site, r.site == "" || cross, psl)
	if err != nil {
		return nil, fmt.Errorf("top_frame_site_key %q: %w", r.site, err)
	}
	expiry := chromedb.TimeFromDB(r.expires)
	if r.persistent == 0 {
		expiry = time.Time{} // a session cookie
	}
	c, err := cookiemonster.NewCanonicalCookieFromStorage(cookiemonster.CanonicalCookie{
		Name: r.name, Value: value, Domain: r.host, Path: r.path,
		Creation: chromedb.TimeFromDB(r.creation), Expiry: expiry,
		LastAccess: chromedb.TimeFromDB(r.lastAccess), LastUpdate: chromedb.TimeFromDB(r.lastUpdate),
		Secure: r.secure != 0, HTTPOnly: r.httpOnly != 0, SameSite: sameSite, Priority: priority,
		Partition: part, SourceScheme: scheme, SourcePort: chromedb.PortFromDB(r.port),
	})
	if err != nil {
		return nil, fmt.Errorf("not canonical: %w", err)
	}
	return c, nil
}
