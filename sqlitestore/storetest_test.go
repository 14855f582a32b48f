package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/storetest"
	"github.com/stretchr/testify/assert"
)

// conformanceOpener makes a database in a temporary directory for each
// rule; Break renames its cookies table away, Stall holds its write lock
// from another connection.
func conformanceOpener(t *testing.T, restore bool, logs *logSink) storetest.Opener {
	return func() (*storetest.Backing, error) {
		path := dbPath(t)
		opts := &Options{Logf: logs.logf}
		other := func() (*sql.DB, error) {
			db, err := sql.Open("sqlite", dsn(path))
			if err != nil {
				return nil, err
			}
			db.SetMaxOpenConns(1)
			return db, nil
		}
		return &storetest.Backing{
			Open: func() (cookiemonster.PersistentStore, error) {
				s, err := Open(path, opts)
				if err != nil {
					return nil, err
				}
				s.KeepSessionCookies(restore)
				return s, nil
			},
			SessionCookies: restore,
			Break: func() (func() error, error) {
				db, err := other()
				if err != nil {
					return nil, err
				}
				if _, err := db.Exec(`ALTER TABLE cookies RENAME TO cookies_away`); err != nil {
					return nil, errors.Join(err, db.Close())
				}
				return func() error {
					_, err := db.Exec(`ALTER TABLE cookies_away RENAME TO cookies`)
					return errors.Join(err, db.Close())
				}, nil
			},
			Stall: func() (func() error, error) {
				ctx := context.Background()
				db, err := other()
				if err != nil {
					return nil, err
				}
				conn, err := db.Conn(ctx)
				if err != nil {
					return nil, errors.Join(err, db.Close())
				}
				if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
					return nil, errors.Join(err, conn.Close(), db.Close())
				}
				return func() error {
					_, err := conn.ExecContext(ctx, `ROLLBACK`)
					return errors.Join(err, conn.Close(), db.Close())
				}, nil
			},
		}, nil
	}
}

func TestConformance(t *testing.T) {
	for _, restore := range []bool{true, false} {
		name := map[bool]string{true: "restoring session cookies", false: "deleting session cookies at the first load"}[restore]
		t.Run(name, func(t *testing.T) {
			logs := &logSink{}
			storetest.Run(t, conformanceOpener(t, restore, logs))
			assert.Empty(t, logs.all(), "nothing dropped or skipped")
		})
	}
}
