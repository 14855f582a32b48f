// Package firefoxprofile reads the cookies of a Firefox profile (its
// cookies.sqlite database, table moz_cookies) into CanonicalCookies, every
// field CanonicalCookie has kept, each with the WebExtension cookie store
// it belongs to. A row that cannot be read is reported with its id, never
// dropped silently.
//
// The profile is never modified: Read copies the database (and its
// write-ahead log and journal) aside and reads the copy, so a profile the
// browser has open and locked reads as well.
//
// # Layout
//
// Columns are read by name, so the layouts of older schema versions
// (PRAGMA user_version) read too; a column a version lacks takes the value
// Firefox's migration gives it. What the columns hold:
//
//   - host is the cookie's domain; a leading dot makes a domain cookie,
//     none a host-only one.
//   - expiry is the expiry time since the Unix epoch: in seconds up to
//     schema version 15, in milliseconds from version 16 (whose migration
//     multiplied every expiry by 1000). Firefox never writes session
//     cookies to this database (session restore keeps them elsewhere), so
//     every row is a persistent cookie.
//   - creationTime and lastAccessed are in microseconds since the Unix
//     epoch. Firefox keeps no last-update time: LastUpdate is the creation
//     time. It keeps no priority or source port either: PriorityMedium,
//     PortUnspecified.
//   - sameSite is 0 (None), 1 (Lax), 2 (Strict) or, from version 15, 256
//     (no attribute: SameSiteUnspecified). Up to version 14 a rawSameSite
//     column kept what the Set-Cookie line said, and a cookie without the
//     attribute was stored as sameSite Lax with rawSameSite None; version
//     15's migration turned exactly those rows into 256 and dropped the
//     column. Read does the same: Lax with a raw None is unspecified; any
//     other row is its sameSite. (rawSameSite None also covered a missing
//     attribute when Firefox did not default to Lax, so a sameSite None
//     row of those versions may have had no attribute: it reads as None,
//     as Firefox reads it.) A table without sameSite (before version 9)
//     reads unspecified.
//   - schemeMap (from version 12) is a bit set of the schemes the cookie
//     was set from: 1 http, 2 https, 4 file. https alone is
//     SourceSchemeSecure, http alone SourceSchemeNonSecure, anything else
//     SourceSchemeUnset.
//   - originAttributes is "" or "^" and URL-encoded attributes:
//     userContextId (a container), privateBrowsingId, firstPartyDomain
//     (first-party isolation; kept as FirstPartyDomain, with Firefox's '+'
//     for ':' undone) and partitionKey (below); inBrowser=1, appId and
//     addonId are legacy and ignored, as Firefox ignores them; any other
//     attribute (geckoViewUserContextId among them) makes the row an error.
//   - partitionKey is "(scheme,baseDomain[,port][,f])": the top-level site
//     the cookie is partitioned under (CHIPS, or Total Cookie Protection's
//     partitioning of third-party cookies), with "f" when the frame had a
//     cross-site ancestor. It reads as the Partition of site
//     "scheme://baseDomain" with a cross-site ancestor when "f" is given
//     or the cookie's own site is not the key's (a third-party cookie); a
//     cookie of the key's own site without "f" was set first-party. A port
//     (Firefox writes one only for IP addresses and hosts without a
//     registrable domain, when asked to) and the old form without
//     parentheses (a bare host) have no PartitionKey equivalent and make
//     the row an error wrapping ErrUnsupported.
//   - isPartitionedAttributeSet (from version 13) records the Partitioned
//     attribute; CanonicalCookie has no field for it, and a cookie is
//     partitioned by its partitionKey alone, so it is not kept. A
//     partitioned cookie that is not Secure (Total Cookie Protection
//     partitions those too) is not canonical here and is reported.
//
// # Stores
//
// A cookie's store is named as Firefox's WebExtension API names it (and as
// package webext's store IDs are named): "firefox-private" for a
// non-zero privateBrowsingId, else "firefox-container-N" for
// userContextId N > 0, else "firefox-default". Firefox keeps private
// browsing cookies in memory only, so a real profile has none.
package firefoxprofile

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/internal/profilefile"
)

// The cookie stores' names, as Firefox's WebExtension API has them.
const (
	DefaultStore         = "firefox-default"
	PrivateStore         = "firefox-private"
	ContainerStorePrefix = "firefox-container-" // followed by the userContextId
)

// ErrNotFirefox is wrapped by the error of Read on a file that is not a
// Firefox cookies database: not SQLite, or without a moz_cookies table of
// the columns every version has.
var ErrNotFirefox = errors.New("firefoxprofile: not a Firefox cookies database")

// ErrUnsupported is wrapped by the error of a row holding something
// CanonicalCookie cannot express (a partition key with a port, a bare-host
// partition key).
var ErrUnsupported = errors.New("firefoxprofile: unsupported")

// RowError is a row that could not be read: its id, host and name, and
// why.
type RowError = profilefile.RowError

// Profile is what Read found.
type Profile struct {
	// Version is the database's schema version (PRAGMA user_version).
	Version int
	// Cookies are the rows read, in id order.
	Cookies []*cookiemonster.CanonicalCookie
	// Stores holds the same cookies by store name (DefaultStore,
	// PrivateStore, ContainerStorePrefix+N), each in id order.
	Stores map[string][]*cookiemonster.CanonicalCookie
	// Errors are the rows that could not be read, in id order.
	Errors []*RowError
}

// Read reads the Firefox cookies database at path. psl parses partition
// keys and tells first-party partitioned cookies; nil: the default list.
// The error is for the file as a whole (not found, not a Firefox database,
// unreadable); rows that cannot be read are in Profile.Errors.
func Read(ctx context.Context, path string, psl cookiemonster.PublicSuffixList) (*Profile, error) {
	db, closeDB, err := open(path)
	if err != nil {
		return nil, err
	}
	defer closeDB()

	p := &Profile{Stores: map[string][]*cookiemonster.CanonicalCookie{}}
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&p.Version); err != nil {
		return nil, fmt.Errorf("%w: %s: reading the schema version: %w", ErrNotFirefox, path, err)
	}
	cols, err := columns(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("firefoxprofile: %s: %w", path, err)
	}
	if err := readRows(ctx, db, cols, p, psl); err != nil {
		return nil, fmt.Errorf("firefoxprofile: %s: %w", path, err)
	}
	return p, nil
}

// open opens a copy of the database (profilefile.Open).
func open(path string) (*sql.DB, func(), error) {
	db, closeDB, err := profilefile.Open(path, "cookies.sqlite")
	switch {
	case errors.Is(err, profilefile.ErrNotSQLite):
		return nil, nil, fmt.Errorf("%w: %w", ErrNotFirefox, err)
	case err != nil:
		return nil, nil, fmt.Errorf("firefoxprofile: %w", err)
	}
	return db, closeDB, nil
}

// columns returns the names of the moz_cookies table's columns.
func columns(ctx context.Context, db *sql.DB) (map[string]bool, error) {
	cols, err := profilefile.Columns(ctx, db, "moz_cookies", "name", "value", "host", "path", "expiry", "creationTime", "isSecure", "isHttpOnly")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotFirefox, err)
	}
	return cols, nil
}

// column returns the expression reading a column: the first of names the
// table has, else def; NULL reads as def.
func column(cols map[string]bool, def string, names ...string) string {
	for _, n := range names {
		if cols[n] {
			return "COALESCE(" + n + ", " + def + ")"
		}
	}
	return def
}

// readRows reads every row of moz_cookies into p.
func readRows(ctx context.Context, db *sql.DB, cols map[string]bool, p *Profile, psl cookiemonster.PublicSuffixList) error {
	raw := cols["rawSameSite"]
	query := "SELECT rowid, " + strings.Join([]string{
		column(cols, "''", "originAttributes"), column(cols, "''", "name"), column(cols, "''", "value"),
		column(cols, "''", "host"), column(cols, "''", "path"), column(cols, "0", "expiry"),
		column(cols, "0", "creationTime"), column(cols, "COALESCE(creationTime, 0)", "lastAccessed"),
		column(cols, "0", "isSecure"), column(cols, "0", "isHttpOnly"),
		column(cols, "256", "sameSite"), column(cols, "-1", "rawSameSite"), column(cols, "0", "schemeMap"),
	}, ", ") + " FROM moz_cookies ORDER BY rowid"
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("reading the cookies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.attrs, &r.name, &r.value, &r.host, &r.path, &r.expiry,
			&r.creation, &r.lastAccess, &r.secure, &r.httpOnly, &r.sameSite, &r.rawSameSite, &r.schemeMap); err != nil {
			return fmt.Errorf("reading the cookies: %w", err)
		}
		c, store, err := r.cookie(p.Version, raw, psl)
		if err != nil {
			p.Errors = append(p.Errors, &RowError{Row: r.id, Host: r.host, Name: r.name, Err: err})
			continue
		}
		p.Cookies = append(p.Cookies, c)
		p.Stores[store] = append(p.Stores[store], c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading the cookies: %w", err)
	}
	return nil
}

// row is one row of moz_cookies.
type row struct {
	id                               int64
	attrs, name, value, host, path   string
	expiry, creation, lastAccess     int64
	secure, httpOnly                 int64
	sameSite, rawSameSite, schemeMap int64
}

// Firefox's nsICookie SameSite values.
const (
	sameSiteNone   = 0
	sameSiteLax    = 1
	sameSiteStrict = 2
	sameSiteUnset  = 256
)

// cookie decodes the row of a database of schema version; raw: the table
// has a rawSameSite column.
func (r *row) cookie(version int, raw bool, psl cookiemonster.PublicSuffixList) (*cookiemonster.CanonicalCookie, string, error) {
	oa, err := parseOriginAttributes(r.attrs)
	if err != nil {
		return nil, "", err
	}
	sameSite, err := sameSiteFromDB(r.sameSite, r.rawSameSite, raw)
	if err != nil {
		return nil, "", err
	}
	scheme, err := schemeFromDB(r.schemeMap)
	if err != nil {
		return nil, "", err
	}
	part, err := partitionFromDB(oa.partitionKey, r.host, psl)
	if err != nil {
		return nil, "", fmt.Errorf("partitionKey %q: %w", oa.partitionKey, err)
	}
	expiry := time.Unix(r.expiry, 0).UTC()
	if version >= 16 {
		expiry = time.UnixMilli(r.expiry).UTC().Truncate(time.Microsecond)
	}
	creation := microTime(r.creation)
	c, err := cookiemonster.NewCanonicalCookieFromStorage(cookiemonster.CanonicalCookie{
		Name: r.name, Value: r.value, Domain: r.host, Path: r.path,
		Creation: creation, Expiry: expiry, LastAccess: microTime(r.lastAccess), LastUpdate: creation,
		Secure: r.secure != 0, HTTPOnly: r.httpOnly != 0, SameSite: sameSite,
		Priority: cookiemonster.PriorityMedium, Partition: part, SourceScheme: scheme,
		SourcePort: cookiemonster.PortUnspecified, FirstPartyDomain: oa.firstPartyDomain,
	})
	if err != nil {
		return nil, "", fmt.Errorf("not canonical: %w", err)
	}
	return c, oa.store(), nil
}

// microTime converts microseconds since the Unix epoch; 0 is no time.
func microTime(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// sameSiteFromDB decodes sameSite, and rawSameSite when the table has it.
func sameSiteFromDB(v, rawV int64, raw bool) (cookiemonster.SameSite, error) {
	if raw && v == sameSiteLax && rawV == sameSiteNone {
		return cookiemonster.SameSiteUnspecified, nil // no attribute, Lax by default
	}
	switch v {
	case sameSiteNone:
		return cookiemonster.SameSiteNone, nil
	case sameSiteLax:
		return cookiemonster.SameSiteLax, nil
	case sameSiteStrict:
		return cookiemonster.SameSiteStrict, nil
	case sameSiteUnset:
		return cookiemonster.SameSiteUnspecified, nil
	}
	return 0, fmt.Errorf("sameSite %d", v)
}

// schemeFromDB decodes schemeMap: bits 1 http, 2 https, 4 file.
func schemeFromDB(m int64) (cookiemonster.SourceScheme, error) {
	switch {
	case m < 0 || m > 7:
		return 0, fmt.Errorf("schemeMap %d", m)
	case m == 2:
		return cookiemonster.SourceSchemeSecure, nil
	case m == 1:
		return cookiemonster.SourceSchemeNonSecure, nil
	}
	return cookiemonster.SourceSchemeUnset, nil
}

// originAttributes are the attributes of a row's originAttributes.
type originAttributes struct {
	userContextID, privateBrowsingID uint64
	firstPartyDomain, partitionKey   string
}

// store returns the name of the cookie store of oa.
func (oa originAttributes) store() string {
	switch {
	case oa.privateBrowsingID != 0:
		return PrivateStore
	case oa.userContextID != 0:
		return ContainerStorePrefix + strconv.FormatUint(oa.userContextID, 10)
	}
	return DefaultStore
}

// parseOriginAttributes parses Firefox's origin attribute suffix: "" or
// "^" and URL-encoded name=value pairs joined by '&'.
func parseOriginAttributes(s string) (originAttributes, error) {
	var oa originAttributes
	if s == "" {
		return oa, nil
	}
	if s[0] != '^' {
		return oa, fmt.Errorf("originAttributes %q: no leading ^", s)
	}
	q, err := url.ParseQuery(s[1:])
	if err != nil {
		return oa, fmt.Errorf("originAttributes %q: %w", s, err)
	}
	for name, vs := range q {
		if len(vs) != 1 {
			return oa, fmt.Errorf("originAttributes %q: %s given %d times", s, name, len(vs))
		}
		v := vs[0]
		switch name {
		case "userContextId", "privateBrowsingId":
			n, err := strconv.ParseUint(v, 10, 32)
			if err != nil {
				return oa, fmt.Errorf("originAttributes %q: %s %q", s, name, v)
			}
			if name == "userContextId" {
				oa.userContextID = n
			} else {
				oa.privateBrowsingID = n
			}
		case "firstPartyDomain":
			oa.firstPartyDomain = strings.ReplaceAll(v, "+", ":")
		case "partitionKey":
			oa.partitionKey = strings.ReplaceAll(v, "+", ":")
		case "inBrowser":
			if v != "1" {
				return oa, fmt.Errorf("originAttributes %q: inBrowser %q", s, v)
			}
		case "appId", "addonId":
		default:
			return oa, fmt.Errorf("originAttributes %q: unknown attribute %s", s, name)
		}
	}
	return oa, nil
}

// partitionFromDB decodes a partitionKey of a cookie of host.
func partitionFromDB(key, host string, psl cookiemonster.PublicSuffixList) (cookiemonster.PartitionKey, error) {
	if key == "" {
		return cookiemonster.PartitionKey{}, nil
	}
	if len(key) < 5 || key[0] != '(' || key[len(key)-1] != ')' {
		return cookiemonster.PartitionKey{}, fmt.Errorf("%w: a partition key without a scheme", ErrUnsupported)
	}
	fields := strings.Split(key[1:len(key)-1], ",")
	if len(fields) < 2 || len(fields) > 4 || slices.Contains(fields, "") {
		return cookiemonster.PartitionKey{}, errors.New("malformed")
	}
	foreign := false
	switch {
	case len(fields) == 3 && fields[2] == "f":
		foreign = true
	case len(fields) >= 3:
		if _, err := strconv.ParseUint(fields[2], 10, 16); err != nil || (len(fields) == 4 && fields[3] != "f") {
			return cookiemonster.PartitionKey{}, errors.New("malformed")
		}
		return cookiemonster.PartitionKey{}, fmt.Errorf("%w: a partition key with a port", ErrUnsupported)
	}
	site := fields[0] + "://" + fields[1]
	k, err := cookiemonster.PartitionKeyFromStorage(site, true, psl)
	if err != nil {
		return k, err
	}
	if !foreign && cookiemonster.StorageKey(host, psl) == k.Site().Domain {
		// Set by the key's own site in a first-party context.
		return cookiemonster.PartitionKeyFromStorage(site, false, psl)
	}
	return k, nil
}
