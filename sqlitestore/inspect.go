package sqlitestore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/cookiemonster-go/cookiemonster/internal/profilefile"
)

// inspect checks the file abs, open as f, before anything writes to it: it
// must be empty (a new database), or an SQLite database whose schema
// checkSchema accepts (with multi: as a Backend's file). It writes nothing
// and creates no file beside abs, with one exception: the schema of a
// database in WAL mode with a -wal file is read through the WAL, and
// SQLite creates the -shm file if it is missing.
func inspect(f *os.File, abs string, multi bool) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("reading the file's size: %w", unwrapPath(err))
	}
	if fi.Size() == 0 {
		return nil
	}
	// The 100-byte database header.
	var hdr [100]byte
	n, err := f.ReadAt(hdr[:], 0)
	if n < len(hdr) {
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("reading the header: %w", unwrapPath(err))
		}
		return fmt.Errorf("%w: the file is %d bytes long, shorter than an SQLite header", ErrNotSQLite, n)
	}
	if !bytes.HasPrefix(hdr[:], profilefile.Header) {
		return fmt.Errorf("%w: the file does not start with the SQLite header", ErrNotSQLite)
	}
	// Without a write-ahead log to read, the file alone is the database,
	// read as immutable: without locks, without a journal, and without
	// creating a -wal or -shm file (which a read-only connection to a
	// database in WAL mode does). A database in rollback mode with a hot
	// journal is read as it is, half-written: the check after the
	// rollback, before any write, has the last word. A database in WAL
	// mode (header bytes 18 and 19 are 2) with a -wal file is read
	// through its WAL, read-only.
	q := url.Values{}
	q.Set("mode", "ro")
	wal := hdr[18] == 2 && hdr[19] == 2
	if _, err := os.Lstat(abs + "-wal"); !wal || err != nil {
		q.Set("immutable", "1")
	} else {
		q.Add("_pragma", "busy_timeout(10000)")
	}
	db, err := sql.Open("sqlite", fileURI(abs, q))
	if err != nil {
		return fmt.Errorf("reading the schema: %w", err)
	}
	db.SetMaxOpenConns(1)
	_, err = checkSchema(context.Background(), db, multi)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("reading the schema: %w", cerr)
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_NOTADB {
		return fmt.Errorf("%w: %w", ErrNotSQLite, err)
	}
	return err
}

// walHeaderSize is the size of the header of a write-ahead log file,
// which a log without any frame (no writes) is.
const walHeaderSize = 32

// checkOrphanWAL refuses, with ErrOrphanWAL, a database file abs that is
// missing or empty while its -wal file holds frames. SQLite deletes the
// -wal file of an empty database as it opens it, and the database file is
// created empty if missing: the commits in the log would be lost. path is
// abs as given to Open, for the error.
func checkOrphanWAL(abs, path string) error {
	wi, err := os.Lstat(abs + "-wal")
	if err != nil || !wi.Mode().IsRegular() || wi.Size() <= walHeaderSize {
		return nil
	}
	state := "missing"
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil || fi.Size() > 0:
		// Opening reports a file it cannot read; a database file that
		// has content reads its log.
		return nil
	default:
		state = "empty"
	}
	return fmt.Errorf("%w: %s holds %d bytes of writes but the database file is %s "+
		"(restore the database file, or move %s away to start a new database)",
		ErrOrphanWAL, path+"-wal", wi.Size(), state, path+"-wal")
}

// markCorrupt returns err wrapping ErrCorrupt too when its cause is
// SQLite's SQLITE_CORRUPT (or an extended code of it); err otherwise.
func markCorrupt(err error) error {
	if isCorrupt(err) && !errors.Is(err, ErrCorrupt) {
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return err
}

// isCorrupt reports whether the cause of err is SQLite's SQLITE_CORRUPT
// (or an extended code of it).
func isCorrupt(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CORRUPT
}
