package sqlitestore

import (
	"context"
	"fmt"

	"github.com/cookiemonster-go/cookiemonster"
)

// deleteOriginSQL is the statement that deletes the rows of one origin
// (host_key, and whether source_scheme is secure) from a table, as
// Chromium's DeleteAllInList runs it; the store's ID follows in
// store_cookies.
func (t *table) deleteOriginSQL() string {
	return `DELETE FROM ` + t.name + ` WHERE host_key = ? AND (source_scheme = 2) = ?` + t.filter
}

// DeleteAllInList deletes every row of the store whose host_key and
// source_scheme (secure: 2) are those of one of origins: loaded or
// not, in every partition, with every first-party domain, as Chromium's
// cookie database does for the sites cleared on exit. It is the
// cookiemonster.OriginDeleter that cookiemonster.NewSessionCleanupStore
// uses when it closes.
//
// It first commits what the store has queued, as [Store.Flush] does (for a
// store of a [Backend], with what the other stores have queued), then
// deletes the rows in one transaction of its own, committed before it
// returns. If that first commit returns an error, nothing is deleted and
// that error is returned (it is not returned again by Flush); the
// cookies stay in the file. ctx bounds the wait for a commit in progress;
// a deletion that has started is not interrupted. An empty list deletes
// nothing and commits nothing. After Close it returns an error wrapping
// [ErrClosed].
//
// Unlike Add and Delete, DeleteAllInList blocks on I/O: do not call it
// while holding a lock that a Monster's operations need.
func (s *Store) DeleteAllInList(ctx context.Context, origins []cookiemonster.CookieOrigin) error {
	if s.isClosed() {
		return fmt.Errorf("sqlitestore: delete the cookies of %d origins from %s: %w", len(origins), s.name(), ErrClosed)
	}
	if len(origins) == 0 {
		return nil
	}
	if err := s.d.commitFor(ctx, s, false); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlitestore: delete the cookies of %d origins from %s: %w", len(origins), s.name(), err)
	}
	if err := s.deleteOrigins(origins); err != nil {
		return fmt.Errorf("sqlitestore: delete the cookies of %d origins from %s: %w", len(origins), s.name(), err)
	}
	return nil
}

// deleteOrigins deletes the rows of origins from every table of the
// store, in one transaction.
func (s *Store) deleteOrigins(origins []cookiemonster.CookieOrigin) error {
	s.d.writeMu.Lock()
	defer s.d.writeMu.Unlock()
	// Not the caller's ctx: a deletion that has started goes on.
	bg := context.Background()
	tx, err := s.d.db.BeginTx(bg, nil)
	if err != nil {
		return fmt.Errorf("starting the transaction: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, t := range s.tables() {
		st, err := tx.PrepareContext(bg, t.deleteOriginSQL())
		if err != nil {
			return fmt.Errorf("preparing a statement: %w", err)
		}
		for _, o := range origins {
			if _, err := st.ExecContext(bg, s.scope(t, o.Domain, b2i(o.Secure))...); err != nil {
				_ = st.Close()
				return fmt.Errorf("deleting the cookies of %q (secure %v): %w", o.Domain, o.Secure, err)
			}
		}
		if err := st.Close(); err != nil {
			return fmt.Errorf("closing a statement: %w", err)
		}
		if t == cookiesTable {
			hosts := make([]string, len(origins))
			for i, o := range origins {
				hosts[i] = o.Domain
			}
			if err := s.d.unindexHosts(bg, tx, hosts); err != nil {
				return err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

var _ cookiemonster.OriginDeleter = (*Store)(nil)
