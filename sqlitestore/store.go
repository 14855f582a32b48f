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
// Writes never block the caller: Add, UpdateAccessTime and Delete append to
// an in-memory queue, coalesced per unique key as Chromium does (a Delete
// drops the earlier queued operations of its cookie, a second consecutive
// access-time update replaces the first). A background goroutine commits the
// queue in one transaction CommitInterval (30 s) after the first queued
// operation, or as soon as BatchSize (512) operations are queued; Flush
// commits at once. The journal is a write-ahead log with synchronous=FULL,
// so a cookie whose Flush returned nil survives a crash of the process or of
// the machine.
//
// Loading is per eTLD+1, as in Chromium: Load returns everything not yet
// returned, LoadKey one eTLD+1 ahead of the rest (a Monster's first access
// to a site waits only for that site). A group whose rows fail to load (a
// row that is not canonical, a bad partition key, a samesite, priority or
// source_scheme value that Chromium never writes, a value that fails to
// decrypt or whose host hash does not match) is deleted as a whole, with a
// logged reason, so that half a site's cookies never come back.
package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"sync"
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
	// for its commit.
	DefaultCommitInterval = 30 * time.Second
	// DefaultBatchSize is how many queued operations start a commit at
	// once.
	DefaultBatchSize = 512
)

// Errors of Open and of a closed Store.
var (
	// ErrTooNew: the database was written by a newer, incompatible version
	// (its last_compatible_version is greater than [CurrentVersion]).
	ErrTooNew = errors.New("sqlitestore: database is too new")
	// ErrTooOld: the database has a schema older than [CurrentVersion];
	// this package does not migrate old schemas and does not delete them.
	ErrTooOld = errors.New("sqlitestore: database schema is too old")
	// ErrNotCookieDB: the file is an SQLite database but not a cookie
	// database this package can use.
	ErrNotCookieDB = errors.New("sqlitestore: not a cookie database")
	// ErrClosed is returned by the methods of a closed [Store]. It wraps
	// cookiemonster.ErrStoreClosed, as the PersistentStore contract asks.
	ErrClosed error = closedError{}
)

// closedError is ErrClosed.
type closedError struct{}

func (closedError) Error() string { return "sqlitestore: store is closed" }
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

// Options configure a [Store]. The zero value (or a nil *Options) gives
// Chromium's behaviour: commits every 30 s or 512 operations, no
// encryption, session cookies deleted at open.
type Options struct {
	// CommitInterval is how long after the first queued operation the
	// queue is committed; zero or negative: DefaultCommitInterval.
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
	// RestoreSessionCookies keeps the stored session cookies (rows with
	// is_persistent = 0) at open, Chromium's restore_old_session_cookies.
	// Set it together with cookiemonster.Config.PersistSessionCookies:
	// without it, Open deletes the session cookies of the previous run, as
	// a browser does at startup.
	RestoreSessionCookies bool
	// Crypter, when set, encrypts values at rest; nil: plaintext values.
	// Rows written with a Crypter cannot be loaded without one (their
	// eTLD+1 group is dropped).
	Crypter Crypter
	// OnError receives every error of a background commit, from the
	// store's goroutine, outside its locks. The same errors are returned
	// by the next Flush (or Close). nil: only Flush reports them.
	OnError func(error)
	// Logf receives what Chromium only logs: eTLD+1 groups dropped at load
	// and why, inserts skipped because the row already exists, operations
	// on unserializable (nonced) partitions. nil: log.Printf.
	Logf func(format string, args ...any)
}

// Store is a cookiemonster.PersistentStore and cookiemonster.KeyLoader on
// an SQLite database. It is safe for concurrent use. Create it with [Open].
type Store struct {
	db       *sql.DB
	interval time.Duration
	batch    int
	psl      cookiemonster.PublicSuffixList
	restore  bool
	crypter  Crypter
	onError  func(error)
	logf     func(format string, args ...any)
	hooks    *testHooks

	// mu guards the write queue, the error list and closed. It is only
	// held for short, non-blocking work, so Add never waits long.
	mu          sync.Mutex
	queue       *opQueue
	nOps        int // Add/UpdateAccessTime/Delete calls since the last take
	timer       *time.Timer
	errs        []error
	closed      bool
	lostOps     int
	commitSem   chan struct{} // one commit at a time
	writeMu     sync.Mutex    // one writing transaction at a time
	kick        chan struct{}
	done        chan struct{}
	workerDone  chan struct{}
	loadSem     chan struct{} // one load query at a time
	lmu         sync.Mutex    // guards the load state below
	pending     map[string][]string
	hostKey     map[string]string
	loaded      map[string][]*cookiemonster.CanonicalCookie
	loadedOrder []string
}

// testHooks observe and slow down a Store, for the tests.
type testHooks struct {
	// beforeLoadChunk runs before Load reads each chunk of rows, outside
	// every lock.
	beforeLoadChunk func()
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
// defaults. It refuses a database whose last_compatible_version is newer
// than [CurrentVersion] ([ErrTooNew]) or whose version is older ([ErrTooOld]).
// Unless opts.RestoreSessionCookies, it deletes the stored session cookies.
func Open(path string, opts *Options) (*Store, error) {
	return open(path, opts, nil)
}

func open(path string, opts *Options, hooks *testHooks) (*Store, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.CommitInterval <= 0 {
		o.CommitInterval = DefaultCommitInterval
	}
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.Logf == nil {
		o.Logf = log.Printf
	}
	if hooks == nil {
		hooks = &testHooks{}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	if err = os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	// Cookies are credentials: create the file readable by its owner only
	// (SQLite gives the -wal and -shm files the same mode).
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	// One connection writes (commits), one reads (loads) at the same time;
	// WAL lets the reader go on while the writer commits.
	db.SetMaxOpenConns(2)
	db.SetMaxIdleConns(2)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)

	s := &Store{
		db:         db,
		interval:   o.CommitInterval,
		batch:      o.BatchSize,
		restore:    o.RestoreSessionCookies,
		crypter:    o.Crypter,
		onError:    o.OnError,
		logf:       o.Logf,
		hooks:      hooks,
		queue:      newOpQueue(),
		commitSem:  make(chan struct{}, 1),
		kick:       make(chan struct{}, 1),
		done:       make(chan struct{}),
		workerDone: make(chan struct{}),
		loadSem:    make(chan struct{}, 1),
		loaded:     make(map[string][]*cookiemonster.CanonicalCookie),
	}
	s.psl = o.PublicSuffixList
	if err := s.init(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	go s.worker()
	return s, nil
}

// dsn is the modernc.org/sqlite data source name of the database at the
// absolute path p: a file: URI (so that any character of the path is
// escaped) with the connection settings every pooled connection gets.
//
// synchronous=FULL makes each commit fsync the write-ahead log before it
// returns, so a flushed cookie survives a power loss or an OS crash, not
// only a crash of the process (for which NORMAL would do). Commits are
// batched, so this costs one fsync per batch.
func dsn(p string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(0)")
	q.Add("_pragma", "cache_size(-8192)")
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(p), OmitHost: true, RawQuery: q.Encode()}
	return u.String()
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

// init checks or creates the schema, drops the session cookies unless
// they are restored, and lists the eTLD+1 groups to load.
func (s *Store) init() error {
	ctx := context.Background()
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("reading the journal mode: %w", err)
	}
	if mode != "wal" {
		return fmt.Errorf("journal mode is %q, not wal", mode)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("starting the schema transaction: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	tables := map[string]bool{}
	rows, err := tx.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type IN ('table','index')`)
	if err != nil {
		return fmt.Errorf("reading the schema: %w", err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			_ = rows.Close()
			return fmt.Errorf("reading the schema: %w", err)
		}
		tables[n] = true
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("reading the schema: %w", err)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading the schema: %w", err)
	}
	switch {
	case tables["meta"]:
		version, err := metaInt(ctx, tx, "version")
		if err != nil {
			return err
		}
		compat, err := metaInt(ctx, tx, "last_compatible_version")
		if err != nil {
			return err
		}
		if compat > CurrentVersion {
			return fmt.Errorf("%w: its last compatible version is %d, this package writes version %d", ErrTooNew, compat, CurrentVersion)
		}
		if version < CurrentVersion {
			return fmt.Errorf("%w: version %d, this package reads version %d only", ErrTooOld, version, CurrentVersion)
		}
		if !tables["cookies"] {
			if _, err := tx.ExecContext(ctx, createCookies); err != nil {
				return fmt.Errorf("creating the cookies table: %w", err)
			}
		}
		if !tables["cookies_unique_index"] {
			if _, err := tx.ExecContext(ctx, createIndex); err != nil {
				return fmt.Errorf("creating the unique index: %w", err)
			}
		}
	case tables["cookies"]:
		return fmt.Errorf("%w: a cookies table without a meta table", ErrNotCookieDB)
	default:
		for _, q := range []string{createMeta, createCookies, createIndex} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("creating the schema: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES ('version', ?), ('last_compatible_version', ?)`,
			CurrentVersion, CompatibleVersion); err != nil {
			return fmt.Errorf("writing the schema version: %w", err)
		}
	}
	if !s.restore {
		if _, err := tx.ExecContext(ctx, `DELETE FROM cookies WHERE is_persistent != 1`); err != nil {
			return fmt.Errorf("deleting the session cookies: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing the schema: %w", err)
	}
	return s.listKeys(ctx)
}

// metaInt reads an integer of the meta table.
func metaInt(ctx context.Context, tx *sql.Tx, key string) (int, error) {
	var v sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if err != nil || !v.Valid {
		if err == nil {
			err = errors.New("null value")
		}
		return 0, fmt.Errorf("%w: reading meta %q: %w", ErrNotCookieDB, key, err)
	}
	return int(v.Int64), nil
}

// listKeys groups the stored host keys by eTLD+1 for loading.
func (s *Store) listKeys(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT host_key FROM cookies`)
	if err != nil {
		return fmt.Errorf("listing the stored hosts: %w", err)
	}
	defer func() { _ = rows.Close() }()
	pending := make(map[string][]string)
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return fmt.Errorf("listing the stored hosts: %w", err)
		}
		k := s.keyOf(h)
		pending[k] = append(pending[k], h)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("listing the stored hosts: %w", err)
	}
	s.pending = pending
	s.hostKey = make(map[string]string)
	for k, hs := range pending {
		for _, h := range hs {
			s.hostKey[h] = k
		}
	}
	return nil
}

// keyOf returns the storage key (eTLD+1) of a host_key, exactly as the
// Monster computes it.
func (s *Store) keyOf(hostKey string) string { return cookiemonster.StorageKey(hostKey, s.psl) }

// worker commits in the background when kicked by the timer or a full
// batch, until Close.
func (s *Store) worker() {
	defer close(s.workerDone)
	for {
		select {
		case <-s.done:
			return
		case <-s.kick:
		}
		if err := s.commit(context.Background()); err != nil {
			s.reportBackground(err)
		}
	}
}

// kickCommit asks the worker for a commit without waiting.
func (s *Store) kickCommit() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// reportBackground records an error of the store's own goroutines for the
// next Flush and hands it to OnError.
func (s *Store) reportBackground(err error) {
	s.mu.Lock()
	s.errs = append(s.errs, err)
	s.mu.Unlock()
	if s.onError != nil {
		s.onError(err)
	}
}

// Flush commits every queued operation now, in one transaction, and
// returns the errors since the last Flush joined: the background commits'
// and this commit's. ctx bounds the wait for a commit already running; a
// commit that has started is not interrupted. After Close it returns
// [ErrClosed].
func (s *Store) Flush(ctx context.Context) error {
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return ErrClosed
	}
	err := s.commit(ctx)
	s.mu.Lock()
	errs := s.errs
	s.errs = nil
	s.mu.Unlock()
	return errors.Join(append(errs, err)...)
}

// Close commits the queue, closes the database and returns the errors not
// yet returned by Flush. Later calls do nothing and return nil; every other
// method then fails with [ErrClosed] (Add, UpdateAccessTime and Delete report
// the lost operations to OnError).
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	s.mu.Unlock()
	close(s.done)
	<-s.workerDone
	err := s.commit(context.Background())
	// Wait for a load in progress before closing the database under it.
	s.loadSem <- struct{}{}
	cerr := s.db.Close()
	<-s.loadSem
	if cerr != nil {
		cerr = fmt.Errorf("sqlitestore: closing the database: %w", cerr)
	}
	s.mu.Lock()
	errs := s.errs
	s.errs = nil
	s.mu.Unlock()
	return errors.Join(append(errs, err, cerr)...)
}

// isClosed reports whether Close was called.
func (s *Store) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

var (
	_ cookiemonster.PersistentStore = (*Store)(nil)
	_ cookiemonster.KeyLoader       = (*Store)(nil)
)
