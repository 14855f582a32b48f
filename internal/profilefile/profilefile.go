// Package profilefile reads browser profiles' SQLite databases without
// touching them: it copies a database, with its journal or write-ahead
// log, aside and reads the copy, so a database a running browser holds
// locked reads too.
package profilefile

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

// Header is how every SQLite database file starts.
var Header = []byte("SQLite format 3\x00")

// ErrNotSQLite is wrapped by CopyAside's error for a file that does not
// start with the SQLite header.
var ErrNotSQLite = errors.New("not an SQLite database")

// CopyAside copies the database at path, and its -wal and -journal files
// when they exist, into a new temporary directory, under name, and returns
// the copy's path and a func that removes the directory.
func CopyAside(path, name string) (string, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return "", nil, err
	}
	hdr := make([]byte, len(Header))
	_, herr := io.ReadFull(f, hdr)
	f.Close()
	if herr != nil || !bytes.Equal(hdr, Header) {
		return "", nil, fmt.Errorf("%w: %s does not start with the SQLite header", ErrNotSQLite, path)
	}
	dir, err := os.MkdirTemp("", "profilefile")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { _ = os.RemoveAll(dir) }
	dst := filepath.Join(dir, name)
	for _, suffix := range []string{"", "-wal", "-journal"} {
		if err := CopyFile(path+suffix, dst+suffix); err != nil && (suffix == "" || !errors.Is(err, os.ErrNotExist)) {
			cleanup()
			return "", nil, fmt.Errorf("copying %s aside: %w", path+suffix, err)
		}
	}
	return dst, cleanup, nil
}

// Open copies the database at path aside (CopyAside) and opens the copy,
// read-write so that SQLite can apply its journal or write-ahead log; the
// profile itself is never opened. close closes the copy and removes it.
func Open(path, name string) (db *sql.DB, close func(), err error) {
	dst, cleanup, err := CopyAside(path, name)
	if err != nil {
		return nil, nil, err
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(dst), OmitHost: true, RawQuery: "mode=rw"}
	if db, err = sql.Open("sqlite", u.String()); err != nil {
		cleanup()
		return nil, nil, err
	}
	db.SetMaxOpenConns(1)
	return db, func() { _ = db.Close(); cleanup() }, nil
}

// CopyFile copies the file src to a new file dst.
func CopyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// RowError is a row of a profile's cookie table that could not be read:
// its row id, host and name, and why.
type RowError struct {
	Row  int64
	Host string
	Name string
	Err  error
}

// Error describes the row and why it could not be read.
func (e *RowError) Error() string {
	return fmt.Sprintf("row %d (%s %q): %v", e.Row, e.Host, e.Name, e.Err)
}

// Unwrap returns why the row could not be read.
func (e *RowError) Unwrap() error { return e.Err }

// Columns returns the names of a table's columns, and an error naming the
// table when there is no such table or it lacks one of the columns need.
func Columns(ctx context.Context, db *sql.DB, table string, need ...string) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, fmt.Errorf("reading the %s table: %w", table, err)
	}
	defer rows.Close()
	cols := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("reading the %s table: %w", table, err)
		}
		cols[n] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the %s table: %w", table, err)
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("no %s table", table)
	}
	for _, n := range need {
		if !cols[n] {
			return nil, fmt.Errorf("the %s table has no %s column", table, n)
		}
	}
	return cols, nil
}
