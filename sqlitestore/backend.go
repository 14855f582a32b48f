package sqlitestore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/cookiemonster-go/cookiemonster"
)

// The store tables of a Backend's file: stores lists the IDs of the
// stores other than the default one, store_cookies holds their cookies
// and the default store's cookies with a first-party domain, in
// Chromium's columns after a store_id and a first_party_domain, with
// Chromium's unique index after those two.
const (
	createStores       = `CREATE TABLE stores(store_id TEXT NOT NULL PRIMARY KEY)`
	createStoreCookies = `CREATE TABLE store_cookies(` +
		`store_id TEXT NOT NULL,` +
		`first_party_domain TEXT NOT NULL DEFAULT '',` +
		`creation_utc INTEGER NOT NULL,` +
		`host_key TEXT NOT NULL,` +
		`top_frame_site_key TEXT NOT NULL,` +
		`name TEXT NOT NULL,` +
		`value TEXT NOT NULL,` +
		`encrypted_value BLOB NOT NULL,` +
		`path TEXT NOT NULL,` +
		`expires_utc INTEGER NOT NULL,` +
		`is_secure INTEGER NOT NULL,` +
		`is_httponly INTEGER NOT NULL,` +
		`last_access_utc INTEGER NOT NULL,` +
		`has_expires INTEGER NOT NULL,` +
		`is_persistent INTEGER NOT NULL,` +
		`priority INTEGER NOT NULL,` +
		`samesite INTEGER NOT NULL,` +
		`source_scheme INTEGER NOT NULL,` +
		`source_port INTEGER NOT NULL,` +
		`last_update_utc INTEGER NOT NULL,` +
		`source_type INTEGER NOT NULL,` +
		`has_cross_site_ancestor INTEGER NOT NULL)`
	createStoreIndex = `CREATE UNIQUE INDEX store_cookies_unique_index ON store_cookies(` +
		`store_id, first_party_domain, host_key, top_frame_site_key, has_cross_site_ancestor, name, path, source_scheme, source_port)`
)

// storeTableNames are the names of the store tables and their index.
var storeTableNames = map[string]bool{"stores": true, "store_cookies": true, "store_cookies_unique_index": true}

// storeTableColumns are the columns of the store tables, in order.
var storeTableColumns = map[string][]string{
	"stores": {"store_id"},
	"store_cookies": {"store_id", "first_party_domain", "creation_utc", "host_key", "top_frame_site_key", "name", "value",
		"encrypted_value", "path", "expires_utc", "is_secure", "is_httponly", "last_access_utc", "has_expires",
		"is_persistent", "priority", "samesite", "source_scheme", "source_port", "last_update_utc", "source_type",
		"has_cross_site_ancestor"},
}

// oldStoreCookiesColumns are the columns of the store_cookies table of
// earlier, unreleased code, without first_party_domain: refused with a
// message of its own.
var oldStoreCookiesColumns = slices.Delete(slices.Clone(storeTableColumns["store_cookies"]), 1, 2)

// checkStoreTables reads the store tables of a database that checkSchema
// accepted and returns the statements that create what is missing: both
// tables and the index, or the index alone. It writes nothing. It refuses
// (ErrNotCookieDB) one table without the other, and a table of that name
// with other columns.
func checkStoreTables(ctx context.Context, q queryer) ([]string, error) {
	has := make(map[string]bool)
	for name := range storeTableNames {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = ?`, name).Scan(&n); err != nil {
			return nil, fmt.Errorf("reading the schema: %w", err)
		}
		has[name] = n > 0
	}
	switch {
	case !has["stores"] && !has["store_cookies"]:
		if has["store_cookies_unique_index"] {
			return nil, fmt.Errorf("%w: a store_cookies_unique_index without a store_cookies table", ErrNotCookieDB)
		}
		return []string{createStores, createStoreCookies, createStoreIndex}, nil
	case !has["stores"]:
		return nil, fmt.Errorf("%w: a store_cookies table without a stores table", ErrNotCookieDB)
	case !has["store_cookies"]:
		return nil, fmt.Errorf("%w: a stores table without a store_cookies table", ErrNotCookieDB)
	}
	for _, name := range []string{"stores", "store_cookies"} {
		cols, err := columnsOf(ctx, q, name)
		if err != nil {
			return nil, err
		}
		want := storeTableColumns[name]
		if name == "store_cookies" && slices.Equal(cols, oldStoreCookiesColumns) {
			return nil, fmt.Errorf("%w: its store_cookies table is of an earlier layout, without a first_party_domain column, "+
				"which this package does not migrate", ErrNotCookieDB)
		}
		if !slices.Equal(cols, want) {
			return nil, fmt.Errorf("%w: its %s table has the columns %s, not %s", ErrNotCookieDB, name,
				strings.Join(cols, ", "), strings.Join(want, ", "))
		}
	}
	if !has["store_cookies_unique_index"] {
		return []string{createStoreIndex}, nil
	}
	return nil, nil
}

// columnsOf returns the names of the columns of table, in order.
func columnsOf(ctx context.Context, q queryer, table string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return nil, fmt.Errorf("reading the columns of %s: %w", table, err)
	}
	defer func() { _ = rows.Close() }()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("reading the columns of %s: %w", table, err)
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the columns of %s: %w", table, err)
	}
	return cols, nil
}

// ErrStoreOpen: OpenStore or DeleteStore was given the ID of a store of the
// Backend that is open (not yet closed).
var ErrStoreOpen = errors.New("store is open")

// noStoreError is the cause of DeleteStore's error for an ID the Backend
// does not hold.
type noStoreError struct{}

func (noStoreError) Error() string { return "no such store" }
func (noStoreError) Unwrap() error { return cookiemonster.ErrNoStore }

// Backend is a cookiemonster.StoreBackend on one SQLite database file: the
// stores of a cookiemonster.StoreSet, each a [Store], in one file (see
// "Many stores in one file" in the package documentation). It is safe for
// concurrent use. Create it with [OpenBackend]; a Backend not made by
// OpenBackend (the zero Backend) is closed.
type Backend struct {
	d *database

	// mu guards ids and closed, and makes OpenStore, DeleteStore and Close
	// one at a time.
	mu     sync.Mutex
	ids    []string // the IDs of the stores table and the default store's, sorted
	closed bool
}

// OpenBackend opens or creates the cookie database at path as a
// [Backend], creating its directory if needed, and adds the store tables
// to it if it lacks them. nil opts: defaults; the options apply to every
// store of the file.
//
// OpenBackend refuses the files [Open] refuses, with the same errors,
// leaving them unchanged; also, with [ErrNotCookieDB], a file that has one
// store table without the other or a store table of other columns (the
// store_cookies of earlier code, without first_party_domain, included). A file
// has one Backend or one Store at a time: OpenBackend fails with
// [ErrInUse] while another Backend or a Store has the file open, and Open
// fails while a Backend has.
func OpenBackend(path string, opts *Options) (*Backend, error) {
	return openBackend(path, opts, nil)
}

func openBackend(path string, opts *Options, hooks *testHooks) (*Backend, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlitestore: open: %w: the path is empty", fs.ErrInvalid)
	}
	d, err := openDatabase(path, opts, hooks, true)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	b := &Backend{d: d}
	if err := b.readIDs(context.Background()); err != nil {
		return nil, errors.Join(fmt.Errorf("sqlitestore: open %s: %w", path, err), d.close(nil))
	}
	return b, nil
}

// readIDs reads the stores table.
func (b *Backend) readIDs(ctx context.Context) error {
	rows, err := b.d.db.QueryContext(ctx, `SELECT store_id FROM stores`)
	if err != nil {
		return fmt.Errorf("listing the stores: %w", err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("listing the stores: %w", err)
		}
		// A row of the default store's ID, which the package never
		// writes, names no store: the default store is the cookies table.
		if id != cookiemonster.DefaultStoreID {
			b.ids = append(b.ids, id)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("listing the stores: %w", err)
	}
	// The default store's ID among them, sorted as Go sorts strings,
	// whatever SQLite's collation.
	b.ids = append(b.ids, cookiemonster.DefaultStoreID)
	slices.Sort(b.ids)
	return nil
}

// name is the path given to OpenBackend, for the errors.
func (b *Backend) name() string {
	if b == nil || b.d == nil {
		return "(a Backend not made by OpenBackend)"
	}
	return b.d.path
}

// lockOpen locks b.mu and reports whether b is open; on false, b.mu is
// not held.
func (b *Backend) lockOpen() bool {
	if b == nil || b.d == nil {
		return false
	}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return false
	}
	return true
}

// StoreIDs lists the IDs of the stores the file holds, sorted: the
// default store's ([cookiemonster.DefaultStoreID], Chromium's cookies
// table, always there) and those of the stores table, empty ones
// included. After Close it returns an error wrapping [ErrClosed].
func (b *Backend) StoreIDs(ctx context.Context) ([]string, error) {
	if !b.lockOpen() {
		return nil, fmt.Errorf("sqlitestore: list the stores of %s: %w", b.name(), ErrClosed)
	}
	defer b.mu.Unlock()
	return slices.Clone(b.ids), nil
}

// OpenStore returns the store id of the file, a [*Store] (a
// cookiemonster.KeyLoader and cookiemonster.SessionKeeper too), creating
// it when the file has none. A new store is listed by StoreIDs at once,
// and its row of the stores table is written by the next commit, as an
// operation is (see [Store.Flush]; at the latest by the store's Close):
// from then on it exists, empty or not, after a restart. The default
// store is the cookies table, with its cookies that have a first-party
// domain in store_cookies; any other ID but "" is a store of the store
// tables.
//
// The stores of a Backend share its database file, connections and
// commits (see [Store.Flush]). An ID has one open Store at a time:
// OpenStore fails with [ErrStoreOpen] until the Store of id is
// closed. After Close it returns an error wrapping [ErrClosed].
func (b *Backend) OpenStore(ctx context.Context, id string) (cookiemonster.PersistentStore, error) {
	s, err := b.openStore(ctx, id)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// openStore is OpenStore returning the *Store.
func (b *Backend) openStore(ctx context.Context, id string) (*Store, error) {
	if id == "" {
		return nil, fmt.Errorf("sqlitestore: open a store of %s: %w: the ID is empty", b.name(), fs.ErrInvalid)
	}
	if !b.lockOpen() {
		return nil, fmt.Errorf("sqlitestore: open store %q of %s: %w", id, b.name(), ErrClosed)
	}
	defer b.mu.Unlock()
	if b.d.isOpen(id) {
		return nil, fmt.Errorf("sqlitestore: open store %q of %s: %w", id, b.name(), ErrStoreOpen)
	}
	i, exists := slices.BinarySearch(b.ids, id)
	s, err := newStore(ctx, b.d, id, false, !exists)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: open store %q of %s: %w", id, b.name(), err)
	}
	if !exists {
		b.ids = slices.Insert(b.ids, i, id)
		// The new store's row is written like an operation.
		b.d.queued()
	}
	return s, nil
}

// DeleteStore deletes the store id and every cookie it holds, in one
// transaction: its rows of store_cookies and its row of stores. The
// default store is not deleted but emptied: every row of the cookies
// table and its rows of store_cookies (its cookies with a first-party
// domain) are deleted, and the (empty) store is still listed, since
// Chromium needs that table. DeleteStore fails with [ErrStoreOpen] while a Store of
// id is open, and with an error wrapping cookiemonster.ErrNoStore for an
// ID the file does not hold. After Close it returns an error wrapping
// [ErrClosed].
func (b *Backend) DeleteStore(ctx context.Context, id string) error {
	if !b.lockOpen() {
		return fmt.Errorf("sqlitestore: delete store %q of %s: %w", id, b.name(), ErrClosed)
	}
	defer b.mu.Unlock()
	if b.d.isOpen(id) {
		return fmt.Errorf("sqlitestore: delete store %q of %s: %w", id, b.name(), ErrStoreOpen)
	}
	i, ok := slices.BinarySearch(b.ids, id)
	if !ok {
		return fmt.Errorf("sqlitestore: delete store %q of %s: %w", id, b.name(), noStoreError{})
	}
	if err := b.deleteRows(ctx, id); err != nil {
		return fmt.Errorf("sqlitestore: delete store %q of %s: %w", id, b.name(), err)
	}
	if id != cookiemonster.DefaultStoreID {
		b.ids = slices.Delete(b.ids, i, i+1)
	}
	return nil
}

// deleteRows deletes the rows of the store id in one transaction. b.mu is
// held.
func (b *Backend) deleteRows(ctx context.Context, id string) error {
	b.d.writeMu.Lock()
	defer b.d.writeMu.Unlock()
	tx, err := b.d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("starting the transaction: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	// The default store's cookies with a first-party domain are its rows
	// of store_cookies; it has no row of stores but the cookies table.
	last := `DELETE FROM stores WHERE store_id = ?`
	lastArgs := []any{id}
	if id == cookiemonster.DefaultStoreID {
		last, lastArgs = `DELETE FROM cookies`, nil
		if _, err := tx.ExecContext(ctx, `DELETE FROM cookiemonster_hosts`); err != nil {
			return fmt.Errorf("deleting its rows: %w", err)
		}
		b.d.hostsAdded = nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM store_cookies WHERE store_id = ?`, id); err != nil {
		return fmt.Errorf("deleting its rows: %w", err)
	}
	if _, err := tx.ExecContext(ctx, last, lastArgs...); err != nil {
		return fmt.Errorf("deleting its rows: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

// Close closes the stores still open (as [Store.Close] does, their queues
// committed), closes the database and releases the file for the next
// OpenBackend or Open. It returns the errors of the stores it closed and
// its own. Later calls do nothing and return nil; every other method then
// fails with an error wrapping [ErrClosed], and so do those of the stores
// it closed.
func (b *Backend) Close() error {
	if !b.lockOpen() {
		return nil
	}
	b.closed = true
	b.mu.Unlock()
	var errs []error
	for _, s := range b.d.openStores() {
		errs = append(errs, s.Close())
	}
	errs = append(errs, b.d.close(nil))
	return errors.Join(errs...)
}

var _ cookiemonster.StoreBackend = (*Backend)(nil)
