// Package sqlitestore is a cookiemonster.PersistentStore on SQLite, in the
// layout of Chromium's "Cookies" database (schema version 24), on
// modernc.org/sqlite (pure Go, no cgo).
//
// The database has Chromium's cookies table with its unique index and a
// meta table holding version = last_compatible_version = 24. Times are
// stored as microseconds since 1601-01-01 UTC (0 for none), host_key is the
// cookie's Domain with its leading dot, and a partitioned cookie keeps its
// partition as the serialized top-level site plus the cross-site-ancestor
// bit.
//
// # Opening a file
//
// [Open] creates the database on a new path or an empty file. It reads an
// existing file before it writes anything to it, and refuses, leaving the
// file as it was (no byte changed, no -wal, -shm or -journal file created
// beside it), a file that is not an SQLite database ([ErrNotSQLite]), an
// SQLite database with other tables and no cookie tables
// ([ErrNotCookieDB]) and a cookie database of an incompatible schema
// version ([ErrTooNew], [ErrTooOld]). (One exception: the schema of a
// database in WAL mode that has a -wal file is read through it, and SQLite
// then creates the -shm file if it is missing.) An SQLite database without
// any table is taken over. The journal of an accepted database is switched
// to a write-ahead log. A -wal file beside a database file that is missing
// or empty is refused ([ErrOrphanWAL]), both left as they are: it holds
// the last commits of that database, which opening it would throw away.
//
// # One Store per file
//
// A database file has one Store (or one [Backend]) at a time: Open and
// OpenBackend fail with [ErrInUse] while another Store or a Backend has
// the file open, in this process or, on Linux, in another process, which
// they detect with an flock(2) lock on the file held until Close (the
// kernel releases it when a process dies). On other systems only the
// Stores of the same process are detected, by the file's absolute,
// symlink-resolved path: on the BSDs and macOS flock(2) locks interact
// with the fcntl(2) locks SQLite takes, and elsewhere there is no
// flock(2). Nor is the lock reliable on network file systems, which SQLite
// advises against anyway.
//
// Close closes a descriptor of the file after the database: on POSIX
// systems that drops the fcntl(2) locks that other SQLite connections of
// the same process hold on the file, so close such connections (ones
// opened for inspection, say) before the Store.
//
// # Many stores in one file
//
// A [Backend] keeps the stores of a cookiemonster.StoreSet (the default
// store, containers, a crawler's thousand identities) in one database
// file, as a cookiemonster.StoreBackend. Its default store
// (cookiemonster.DefaultStoreID) is Chromium's cookies table, unchanged:
// [Open] and Chromium read it as they read any cookie file, and a file of
// Open's can be opened as a Backend. The other stores live in two more
// tables, which OpenBackend adds to the file:
//
//	CREATE TABLE stores(store_id TEXT NOT NULL PRIMARY KEY)
//	CREATE TABLE store_cookies(store_id TEXT NOT NULL,
//	  first_party_domain TEXT NOT NULL DEFAULT '', creation_utc INTEGER NOT NULL,
//	  ... every column of the cookies table, in its order ...,
//	  has_cross_site_ancestor INTEGER NOT NULL)
//	CREATE UNIQUE INDEX store_cookies_unique_index ON store_cookies(store_id,
//	  first_party_domain, host_key, top_frame_site_key, has_cross_site_ancestor,
//	  name, path, source_scheme, source_port)
//
// stores lists the IDs of the stores other than the default one, so that
// a store without cookies still exists after a restart (a new store's row
// is written by the next commit, as its cookies are); store_cookies holds
// their rows, in the cookies table's format, each tagged with its store's
// ID and its cookie's first-party domain (cookiemonster's
// CanonicalCookie.FirstPartyDomain, "" for none). OpenBackend refuses
// ([ErrNotCookieDB], the file unchanged) a store_cookies table of the
// earlier layout without first_party_domain, which it does not migrate.
// Chromium's cookie store reads and writes only the meta and cookies
// tables and does not look for others, so adding these tables to a
// Chromium cookie file does not keep Chromium from reading it (though
// when Chromium razes a database, as it does one whose schema is too old
// for it, every table goes); Open ignores them too. Backend.DeleteStore deletes
// a store's rows and its row of stores in one transaction; for the
// default store, it deletes the rows of the cookies table, which stays,
// and its rows of store_cookies.
//
// Cookies with a first-party domain (Firefox's first-party isolation)
// have no place in Chromium's cookies table: written there, they would
// come back visible to every first party. The default store of a Backend
// keeps them in store_cookies under its ID, "default" (which has no row
// of stores and is listed once by StoreIDs), and its Load and LoadKey
// return the rows of both tables; Open and Chromium do not see them. The
// Store of Open, whose file Chromium may read, does not store them: Add,
// UpdateAccessTime and Delete of such a cookie are logged (Options.Logf)
// and dropped.
//
// The stores of a Backend share its file lock, its connections and its
// commits: one transaction writes what every store has queued (see
// Writes), so a thousand stores cost one fsync per commit. Each store
// has its own queue, load and session-cookie setting, and sees only its
// own rows.
//
// # Session cookies
//
// As Chromium does at startup, the session cookies of an earlier run (the
// rows with is_persistent = 0) are deleted from the file, once, by the
// first Load or LoadKey, unless [Store.KeepSessionCookies] was called with
// true before it. cookiemonster.New makes that call with
// Config.PersistSessionCookies, which is thus the one switch that both
// writes session cookies and keeps them across restarts. A Store that is
// never loaded deletes nothing. The deletion runs in the background, before
// any later commit; the loads read the persistent rows only, so the first
// LoadKey does not wait for it. Load waits for it and reports its failure;
// Close waits for it too, and reports the failure if no Load did.
//
// # The first access
//
// At Open the Store starts listing the hosts of the file in the
// background, for Load. A LoadKey does not wait for that listing: the file
// keeps an index of its hosts (the cookiemonster_hosts table, which
// Chromium ignores), through which LoadKey finds the hosts of one site at
// once, so that the first Cookie header after Open does not wait for a scan
// of the file. Triggers keep the index right while no Store has the file
// open, whoever writes it; a file without the index, or one another program
// may have written without it, gets it rebuilt, once, by Open.
//
// # Writes
//
// Writes never block the caller: Add, UpdateAccessTime and Delete append to
// an in-memory queue, coalesced per unique key as Chromium does (a Delete
// drops the earlier queued operations of its cookie, a second consecutive
// access-time update replaces the first). A background goroutine commits the
// queue in one transaction CommitInterval (30 s) after the first queued
// operation, or as soon as BatchSize (512) operations are queued; Flush
// commits at once. The journal is a write-ahead log with synchronous=FULL,
// so a cookie whose Flush returned nil survives a crash of the process or of
// the machine; the operations queued since the last commit are lost if the
// process exits without Flush or Close (see [Options.CommitInterval]).
// The stores of a Backend have a queue each and one worker: its commits
// (and a Flush or Close of any of them) write every store's queue in one
// transaction, CommitInterval after the first operation queued in any
// store, or once BatchSize operations are queued in all.
//
// # Loading
//
// Loading is per eTLD+1, as in Chromium: Load returns everything not yet
// returned, LoadKey one eTLD+1 ahead of the rest (a Monster's first access
// to a site waits only for that site). A group whose rows fail to load (a
// row that is not canonical, a bad partition key, a samesite, priority or
// source_scheme value that Chromium never writes, a value that fails to
// decrypt or whose host hash does not match) is deleted as a whole, with a
// logged reason, so that half a site's cookies never come back.
//
// # Errors
//
// Every error the package returns starts with "sqlitestore: " once, then
// says what failed and on which file (the path given to Open or
// OpenBackend; for a store of a Backend, followed by its ID, as in
// `/home/me/Cookies (store "alice")`), then why, as in
//
//	sqlitestore: open /home/me/Cookies: database is too new: its last compatible version is 25, this package writes version 24
//
// An error joining several (Flush returns every error since the last one)
// has a line per error, each of that form. The sentinel errors
// ([ErrTooNew], [ErrClosed], ...) are causes: their own text has no
// prefix, and they are returned wrapped in such an error. Test for them
// with [errors.Is].
package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cookiemonster-go/cookiemonster"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

// Schema versions, as in Chromium's SQLitePersistentCookieStore.
const (
	// CurrentVersion is the schema version this package writes.
	CurrentVersion = 24
	// CompatibleVersion is the oldest code version that can read what this
	// package writes; a database whose last_compatible_version is greater
	// than [CurrentVersion] is refused.
	CompatibleVersion = 24
)

// Defaults of Options.
const (
	// DefaultCommitInterval is how long the first queued operation waits
	// for its commit: up to that much of the latest writes is lost if the
	// process exits without Flush or Close.
	DefaultCommitInterval = 30 * time.Second
	// DefaultBatchSize is how many queued operations start a commit at
	// once.
	DefaultBatchSize = 512
)

// Errors of Open and OpenBackend, and of a closed Store or Backend. They
// are causes, without a "sqlitestore: " prefix of their own: the package
// returns them wrapped in an error that has the prefix and names the file
// (see the package documentation). Test for them with [errors.Is].
var (
	// ErrTooNew: the database was written by a newer, incompatible version
	// (its last_compatible_version is greater than [CurrentVersion]). Open
	// leaves it unchanged.
	ErrTooNew = errors.New("database is too new")
	// ErrTooOld: the database has a schema older than [CurrentVersion];
	// this package does not migrate old schemas and does not delete them.
	// Open leaves it unchanged.
	ErrTooOld = errors.New("database schema is too old")
	// ErrNotCookieDB: the file is an SQLite database but not a cookie
	// database this package can use: it has other tables and neither a
	// meta nor a cookies table, or a cookies table without a meta table;
	// for OpenBackend also, store tables it cannot use. Open and
	// OpenBackend leave it unchanged.
	ErrNotCookieDB = errors.New("not a cookie database")
	// ErrNotSQLite: the file is neither empty nor an SQLite database (it
	// does not start with the SQLite header). Open leaves it unchanged.
	ErrNotSQLite = errors.New("not an SQLite database")
	// ErrInUse: another Store or a Backend has the database file open, in
	// this process or in another one (see the package documentation for
	// how it is detected). Open and OpenBackend leave the file and the
	// other Store or Backend alone.
	ErrInUse = errors.New("database is in use by another Store")
	// ErrOrphanWAL: the database file is missing or empty but its
	// write-ahead log (the file named like it with "-wal" appended) holds
	// writes: the last commits of a program that was killed before it
	// copied them into the database file, whose file was then deleted,
	// truncated or not copied along. SQLite would delete such a log as it
	// opened the database, and its cookies with it. Open and OpenBackend
	// leave both files as they are (they create no database file).
	ErrOrphanWAL = errors.New("write-ahead log without its database")
	// ErrCorrupt: SQLite found the database file damaged (SQLite's
	// SQLITE_CORRUPT, "database disk image is malformed"): truncated, or
	// with pages overwritten. Open and OpenBackend return it when the
	// pages they read are damaged, leaving the file as it was; Load and
	// LoadKey when the pages of some cookies are, returning the sites
	// they could read whole (see [Store.Load]).
	ErrCorrupt = errors.New("database is corrupt")
	// ErrClosed is wrapped by the errors of the methods of a closed
	// [Store] or [Backend]. It wraps cookiemonster.ErrStoreClosed, as the
	// PersistentStore contract asks.
	ErrClosed error = closedError{}
)

// closedError is ErrClosed.
type closedError struct{}

func (closedError) Error() string { return "store is closed" }
func (closedError) Unwrap() error { return cookiemonster.ErrStoreClosed }

// Crypter encrypts cookie values at rest (Chromium's CookieCryptoDelegate).
// With a Crypter, a row's value column is empty and encrypted_value holds
// Encrypt(SHA-256(host_key) ‖ value); on load the 32-byte prefix must equal
// SHA-256(host_key), which binds each value to its host. Encrypt (in a
// commit) and Decrypt (in a load) may run at the same time, so a Crypter
// must be safe for concurrent use.
type Crypter interface {
	// Encrypt returns the ciphertext of plaintext.
	Encrypt(plaintext []byte) ([]byte, error)
	// Decrypt returns the plaintext of ciphertext, or an error when it is
	// not authentic.
	Decrypt(ciphertext []byte) ([]byte, error)
}

// Options configure a [Store] of [Open], or every store of a [Backend].
// The zero value (or a nil *Options) gives Chromium's behaviour: commits
// every 30 s or 512 operations, no encryption. Whether the session
// cookies of an earlier run are kept is not an option: see
// [Store.KeepSessionCookies].
type Options struct {
	// CommitInterval is how long after the first queued operation the
	// queue is committed; zero or negative: DefaultCommitInterval.
	//
	// It is the trade-off between durability and disk writes: the writes
	// queued in the last CommitInterval are lost if the process exits
	// without Flush or Close (on a Monster: Monster.Flush or
	// Monster.Close); a shorter interval loses less and costs more
	// commits, each an fsync of the write-ahead log.
	CommitInterval time.Duration
	// BatchSize is how many Add, UpdateAccessTime and Delete calls since
	// the last commit start a commit without waiting for CommitInterval;
	// zero or negative: DefaultBatchSize.
	BatchSize int
	// PublicSuffixList computes the eTLD+1 groups that LoadKey loads and
	// that a bad row drops, and parses stored partition keys. It must be
	// the Monster's Config.PublicSuffixList; nil: the same default as the
	// Monster's, golang.org/x/net/publicsuffix.
	PublicSuffixList cookiemonster.PublicSuffixList
	// Crypter, when set, encrypts values at rest; nil: plaintext values.
	// Rows written with a Crypter cannot be loaded without one (their
	// eTLD+1 group is dropped).
	Crypter Crypter
	// OnError receives every error of a background commit, from a
	// goroutine of the package, outside its locks; for the stores of a
	// Backend, also the errors that a store's Flush or Close meets in the
	// operations of another store, committed with its own. The same
	// errors are returned by the next Flush (or Close) of their store.
	// nil: only Flush reports them.
	OnError func(error)
	// Logf receives what Chromium only logs: eTLD+1 groups dropped at load
	// and why, inserts skipped because the row already exists, operations
	// on unserializable (nonced) partitions. nil: log.Printf.
	Logf func(format string, args ...any)
}

// Store is a cookiemonster.PersistentStore, cookiemonster.KeyLoader and
// cookiemonster.SessionKeeper on an SQLite database: the whole database
// for a Store made by [Open], one store of the file for a Store of a
// [Backend]. It is safe for concurrent use. Create it with [Open] or
// [Backend.OpenStore].
type Store struct {
	d     *database
	owner bool   // made by Open: Close closes d
	id    string // its ID in the file; DefaultStoreID for Open's
	t     *table // where its cookies without a first-party domain are
	fp    *table // where those with one are; nil: not stored
	label string // how the errors name it

	// keepAsked is what KeepSessionCookies was last told. The first load
	// sets sessionsSettled, copies keepAsked to keep and, unless keep,
	// deletes the session rows; keep is guarded by the load lock.
	keepAsked       atomic.Bool
	sessionsSettled atomic.Bool
	keep            bool
	// sessionsDone, set before sessionsSettled, is closed when the
	// deletion of the session rows has ended; nil when none was started.
	// sessionsErr (guarded by lmu) is its failure, until reported.
	sessionsDone chan struct{}
	sessionsErr  error

	// mu guards the write queue, the error list and closed. It is only
	// held for short, non-blocking work, so Add never waits long.
	mu      sync.Mutex
	queue   *opQueue
	errs    []error
	closed  bool
	lostOps int
	// unrecorded: the store's row of the stores table is for the next
	// commit to write (a new store of a Backend).
	unrecorded bool
	closeDone  chan struct{} // closed when Close has returned

	// listed is closed when the listing of the stored hosts that Open
	// started has ended; listErr is its error. The load state is set then.
	listed  chan struct{}
	listErr error

	lmu         sync.Mutex // guards the load state below
	pending     map[string][]string
	hostKey     map[string]string
	early       map[string]bool // groups loaded through the hosts index before the listing ended
	loaded      map[string][]*cookiemonster.CanonicalCookie
	loadedOrder []string
}

// testHooks observe and slow down a Store, for the tests.
type testHooks struct {
	// beforeLoadChunk runs before Load reads each chunk of rows, outside
	// every lock.
	beforeLoadChunk func()
	// beforeListing runs in the listing goroutine before it reads.
	beforeListing func()
	// hostsIndexFailed runs when LoadKey, unable to read the index of
	// hosts, turns to waiting for the listing.
	hostsIndexFailed func()
	// loadChunkRows replaces defaultChunkRows when positive.
	loadChunkRows int
	// op runs for each operation a commit writes.
	op func(kind opKind)
	// committed runs after each successful commit transaction with the
	// number of operations it wrote.
	committed func(ops int)
}

// Open opens or creates the cookie database at path, creating its
// directory if needed, and returns a [Store] ready for a Monster. nil opts:
// defaults.
//
// A new path or an empty file gets a new database. An existing file is
// read before anything is written to it, and refused, unchanged, when it is
// not an SQLite database ([ErrNotSQLite]), when it is one with other tables
// and no cookie tables ([ErrNotCookieDB]), when its last_compatible_version
// is newer than [CurrentVersion] ([ErrTooNew]) or when its version is
// older ([ErrTooOld]), and when the pages Open reads (the schema and the
// meta table) are damaged, as in a truncated file ([ErrCorrupt]); a
// damaged page of cookies is Load's to report. A missing or empty file
// beside a -wal file that holds writes (path + "-wal", the write-ahead
// log of a database whose file was lost) is refused with [ErrOrphanWAL],
// naming the -wal file, and no file is created or changed: SQLite would
// delete that log, and the cookies it holds, as it created the new
// database. Restore the database file, or move the -wal file away to
// start anew. Open fails with [ErrInUse] while another Store or a
// [Backend] has the file open. Open deletes no cookie: the session
// cookies of an earlier run are deleted by the first Load or LoadKey (see
// [Store.KeepSessionCookies]); it builds the index of hosts when the file
// lacks it (see the package documentation).
//
// The Store is the file's default store, Chromium's cookies table: a file
// a [Backend] wrote can be opened with Open, which ignores its other
// stores and the default store's cookies with a first-party domain. The
// Store does not store cookies with a first-party domain, which
// Chromium's table cannot hold: it logs them and drops them (a
// [Backend] stores them).
func Open(path string, opts *Options) (*Store, error) {
	return open(path, opts, nil)
}

func open(path string, opts *Options, hooks *testHooks) (*Store, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlitestore: open: %w: the path is empty", fs.ErrInvalid)
	}
	d, err := openDatabase(path, opts, hooks, false)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	s, err := newStore(context.Background(), d, cookiemonster.DefaultStoreID, true, false)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("sqlitestore: open %s: %w", path, err), d.close(nil))
	}
	return s, nil
}

// newStore returns the open store id of d, its hosts being listed for
// loading (startListing), and registers it with d. owner: the Store of Open, which closes d;
// unrecorded: a new store of a Backend, whose row of the stores table the
// next commit writes.
func newStore(ctx context.Context, d *database, id string, owner, unrecorded bool) (*Store, error) {
	s := &Store{
		d:          d,
		owner:      owner,
		id:         id,
		label:      d.path,
		queue:      newOpQueue(),
		unrecorded: unrecorded,
		closeDone:  make(chan struct{}),
		listed:     make(chan struct{}),
		loaded:     make(map[string][]*cookiemonster.CanonicalCookie),
		early:      make(map[string]bool),
	}
	s.t, s.fp = tablesOf(id, owner)
	if !owner {
		s.label = fmt.Sprintf("%s (store %q)", d.path, id)
	}
	if err := s.startListing(ctx); err != nil {
		return nil, err
	}
	d.attach(s)
	return s, nil
}

// Schema of version 24, column for column as in Chromium's cookie
// database. Every column is NOT NULL.
const (
	createCookies = `CREATE TABLE cookies(` +
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
	createIndex = `CREATE UNIQUE INDEX cookies_unique_index ON cookies(` +
		`host_key, top_frame_site_key, has_cross_site_ancestor, name, path, source_scheme, source_port)`
	createMeta = `CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR)`
)

// queryer is a *sql.DB or a *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// checkSchema reads the schema and returns the statements that complete
// it: all three for a database without any table, the cookies table and
// its index, or the index alone, for a database with a meta table of
// version 24; with multi (a Backend's file), those of the store tables
// too (see checkStoreTables). It writes nothing. It refuses a database of
// another version (ErrTooNew, ErrTooOld), one with a cookies table and no
// meta table, one with a meta table, other tables and no cookies table
// (another Chromium database, such as History), and one with other tables
// and neither (ErrNotCookieDB).
func checkSchema(ctx context.Context, q queryer, multi bool) ([]string, error) {
	create, err := checkCookieTables(ctx, q)
	if err != nil || !multi {
		return create, err
	}
	more, err := checkStoreTables(ctx, q)
	if err != nil {
		return nil, err
	}
	return append(create, more...), nil
}

// checkCookieTables is checkSchema for Chromium's tables.
func checkCookieTables(ctx context.Context, q queryer) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("reading the schema: %w", err)
		}
		names = append(names, n)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	has := make(map[string]bool, len(names))
	for _, n := range names {
		has[n] = true
	}
	var others []string // what a cookie database does not hold
	for _, n := range names {
		if n != "meta" && n != "cookies" && n != "cookies_unique_index" && !storeTableNames[n] && !isHostsObject(n) {
			others = append(others, n)
		}
	}
	switch {
	case has["meta"] && !has["cookies"] && len(others) > 0:
		// Chromium's other databases (History, Web Data, ...) have a meta
		// table too: without a cookies table, such a file is not ours.
		return nil, fmt.Errorf("%w: it has %s and a meta table but no cookies table", ErrNotCookieDB, quoteList(others))
	case has["meta"]:
		version, err := metaInt(ctx, q, "version")
		if err != nil {
			return nil, err
		}
		compat, err := metaInt(ctx, q, "last_compatible_version")
		if err != nil {
			return nil, err
		}
		if compat > CurrentVersion {
			return nil, fmt.Errorf("%w: its last compatible version is %d, this package writes version %d", ErrTooNew, compat, CurrentVersion)
		}
		if version < CurrentVersion {
			return nil, fmt.Errorf("%w: version %d, this package reads version %d only", ErrTooOld, version, CurrentVersion)
		}
		var create []string
		if !has["cookies"] {
			create = append(create, createCookies)
		}
		if !has["cookies_unique_index"] {
			create = append(create, createIndex)
		}
		return create, nil
	case has["cookies"]:
		return nil, fmt.Errorf("%w: a cookies table without a meta table", ErrNotCookieDB)
	case len(names) > 0:
		return nil, fmt.Errorf("%w: it has %s but no meta or cookies table", ErrNotCookieDB, quoteList(names))
	}
	return []string{createMeta, createCookies, createIndex}, nil
}

// quoteList quotes names and joins them with commas, the first five at
// most.
func quoteList(names []string) string {
	const most = 5
	var b []byte
	for i, n := range names {
		if i == most {
			return fmt.Sprintf("%s and %d more", b, len(names)-most)
		}
		if i > 0 {
			b = append(b, ", "...)
		}
		b = fmt.Appendf(b, "%q", n)
	}
	return string(b)
}

// metaInt reads an integer of the meta table.
func metaInt(ctx context.Context, q queryer, key string) (int, error) {
	var v sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if err != nil || !v.Valid {
		if err == nil {
			err = errors.New("null value")
		}
		return 0, fmt.Errorf("%w: reading meta %q: %w", ErrNotCookieDB, key, err)
	}
	return int(v.Int64), nil
}

// startListing starts listing the stored host keys of the store, grouped
// by eTLD+1 for loading, in the background, from a snapshot of the
// database taken now: what is committed later is not listed (see
// scanChunk). Load and LoadKey wait for the listing (waitListed); Open
// does not, so that the first LoadKey's session-cookie deletion and the
// listing, each a scan of the table, run at the same time.
func (s *Store) startListing(ctx context.Context) error {
	tx, err := s.d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("listing the stored hosts: %w", err)
	}
	// A deferred transaction's snapshot starts with its first read.
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM meta`).Scan(&n); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("listing the stored hosts: %w", err)
	}
	go func() {
		defer close(s.listed)
		if h := s.d.hooks.beforeListing; h != nil {
			h()
		}
		pending, hostKey, err := s.listKeys(context.Background(), tx)
		if rerr := tx.Rollback(); err == nil && rerr != nil {
			err = fmt.Errorf("listing the stored hosts: %w", rerr)
		}
		if err == nil {
			// After the rollback: a load holding the load lock may be
			// waiting for the connection.
			s.install(pending, hostKey)
		}
		s.listErr = err
	}()
	return nil
}

// waitListed waits for the listing of the stored hosts and returns its
// error.
func (s *Store) waitListed(ctx context.Context) error {
	select {
	case <-s.listed:
		return s.listErr
	case <-ctx.Done():
		return ctx.Err()
	}
}

// listKeys groups the stored host keys of the store by eTLD+1 for
// loading, reading them through q, and returns the groups and the group
// of each host.
func (s *Store) listKeys(ctx context.Context, q queryer) (pending map[string][]string, hostKey map[string]string, err error) {
	pending = make(map[string][]string)
	seen := make(map[string]bool)
	for _, t := range s.tables() {
		err := s.listKeysOf(ctx, q, t, pending, seen, false)
		if err != nil && t == cookiesTable && isCorrupt(err) {
			// The hosts index is derived from the cookies table, whose
			// unique index lists the same hosts: a damaged page of the
			// index costs no cookie.
			s.d.logf("sqlitestore: %s: %v; listing the hosts of the cookies table instead", s.name(), err)
			err = s.listKeysOf(ctx, q, t, pending, seen, true)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	hostKey = make(map[string]string, len(seen))
	for k, hs := range pending {
		for _, h := range hs {
			hostKey[h] = k
		}
	}
	return pending, hostKey, nil
}

// install sets the load state listed, leaving out the groups that LoadKey
// loaded meanwhile. It takes the load lock too: such a LoadKey holds it.
func (s *Store) install(pending map[string][]string, hostKey map[string]string) {
	s.d.loadSem <- struct{}{}
	defer s.unlockLoad()
	s.lmu.Lock()
	defer s.lmu.Unlock()
	for k := range s.early {
		delete(pending, k)
	}
	s.pending, s.hostKey = pending, hostKey
}

// listKeysOf adds the host keys of t not in seen to their groups in
// pending. The hosts of the cookies table are read from the hosts index,
// unless direct.
func (s *Store) listKeysOf(ctx context.Context, q queryer, t *table, pending map[string][]string, seen map[string]bool, direct bool) error {
	text := `SELECT DISTINCT host_key FROM ` + t.name
	switch {
	case t == cookiesTable && !direct:
		text = `SELECT host_key FROM cookiemonster_hosts` // the same hosts, each once
	case t.scoped:
		text += ` WHERE store_id = ?`
	}
	rows, err := q.QueryContext(ctx, text, s.scope(t)...)
	if err != nil {
		return fmt.Errorf("listing the stored hosts: %w", err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return fmt.Errorf("listing the stored hosts: %w", err)
		}
		if seen[h] {
			continue
		}
		seen[h] = true
		k := s.keyOf(h)
		pending[k] = append(pending[k], h)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("listing the stored hosts: %w", err)
	}
	return nil
}

// keyOf returns the storage key (eTLD+1) of a host_key, exactly as the
// Monster computes it.
func (s *Store) keyOf(hostKey string) string { return s.d.keyOf(hostKey) }

// Flush commits every queued operation now, in one transaction, and
// returns the errors since the last Flush joined: the background commits'
// and this commit's. ctx bounds the wait for a commit already running; a
// commit that has started is not interrupted. After Close it returns an
// error wrapping [ErrClosed].
//
// The stores of a [Backend] share their commits: Flush writes what every
// store of the file has queued, in the same transaction, and returns the
// errors of this store.
func (s *Store) Flush(ctx context.Context) error {
	if s.isClosed() {
		return fmt.Errorf("sqlitestore: flush %s: %w", s.name(), ErrClosed)
	}
	err := s.d.commitFor(ctx, s, false)
	s.mu.Lock()
	errs := s.errs
	s.errs = nil
	s.mu.Unlock()
	return errors.Join(append(errs, err)...)
}

// Close commits the queue and returns the errors not yet returned by
// Flush. If that last commit fails, its operations are lost, and its
// error says so ("... operations failed and are lost, the store
// closing"). The Store of [Open] then closes the database and releases the
// file for the next Open; a Store of a [Backend] leaves the file to the
// Backend, and its ID may be opened again. Later calls wait for the first
// to end, do nothing and return nil; every other method then fails with
// an error wrapping [ErrClosed] (Add, UpdateAccessTime and Delete report
// the lost operations to OnError).
func (s *Store) Close() error {
	s.mu.Lock()
	if s.d == nil {
		s.mu.Unlock()
		return nil
	}
	if s.closed {
		s.mu.Unlock()
		<-s.closeDone
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	defer close(s.closeDone)
	// The listing and the deletion of the session rows use the database,
	// which a Store of Open closes now.
	<-s.listed
	// A load deciding about the session rows now ends its decision first.
	s.d.loadSem <- struct{}{}
	s.unlockLoad()
	err := s.sessionsResult()
	if err != nil {
		err = fmt.Errorf("sqlitestore: close %s: %w", s.name(), err)
	}
	if s.owner {
		err = errors.Join(err, s.d.close(s))
	} else {
		err = errors.Join(err, s.d.commitFor(context.Background(), s, true))
		s.d.detach(s)
	}
	s.mu.Lock()
	errs := s.errs
	s.errs = nil
	s.mu.Unlock()
	return errors.Join(append(errs, err)...)
}

// name is how the errors name the Store: the path given to Open, or to
// OpenBackend with the store's ID.
func (s *Store) name() string {
	if s.d == nil {
		return "(a Store not made by Open)"
	}
	return s.label
}

// isClosed reports whether Close was called. A Store not made by Open
// (the zero Store) counts as closed: its methods fail with ErrClosed, or
// do nothing, at once.
func (s *Store) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed || s.d == nil
}

// table is where rows of a store are: Chromium's cookies table (the
// default store's cookies without a first-party domain), or the rows of
// a store_id in the store_cookies table (the other stores of a Backend,
// and the default store's cookies with a first-party domain).
type table struct {
	name   string
	scoped bool   // rows of store_cookies: every statement names the store_id
	filter string // " AND store_id = ?" when scoped, "" otherwise
	index  int    // 0 or 1, for the prepared statements of a commit
}

// The two tables of the stores.
var (
	cookiesTable      = &table{name: "cookies"}
	storeCookiesTable = &table{name: "store_cookies", scoped: true, filter: " AND store_id = ?", index: 1}
)

// tablesOf returns the table of the store id for the cookies without a
// first-party domain, and that for the cookies with one: nil for the
// Store of Open (Chromium's file has no place for them), store_cookies
// for every store of a Backend.
func tablesOf(id string, owner bool) (t, fp *table) {
	switch {
	case owner:
		return cookiesTable, nil
	case id == cookiemonster.DefaultStoreID:
		return cookiesTable, storeCookiesTable
	}
	return storeCookiesTable, storeCookiesTable
}

// tables returns the tables that hold rows of s, each once.
func (s *Store) tables() []*table {
	if s.fp == nil || s.fp == s.t {
		return []*table{s.t}
	}
	return []*table{s.t, s.fp}
}

// tableFor returns the table of c's row; nil when s cannot store c.
func (s *Store) tableFor(c *cookiemonster.CanonicalCookie) *table {
	if c.FirstPartyDomain == "" {
		return s.t
	}
	return s.fp
}

// scope returns args followed by the argument of t.filter: s's ID when t
// is scoped.
func (s *Store) scope(t *table, args ...any) []any {
	if t.scoped {
		return append(args, s.id)
	}
	return args
}

var (
	_ cookiemonster.PersistentStore = (*Store)(nil)
	_ cookiemonster.KeyLoader       = (*Store)(nil)
	_ cookiemonster.SessionKeeper   = (*Store)(nil)
)
