package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/cookiemonster-go/cookiemonster"
)

// The hosts index lets the first LoadKey after Open find the hosts of one
// eTLD+1 at once, without listing every host_key of the cookies table
// first (a scan of the whole unique index: about half a second at a
// million cookies).
//
// cookiemonster_hosts holds each host_key of the cookies table once, with
// the host reversed byte by byte ("www.example.com" -> "moc.elpmaxe.www",
// without a leading dot), so that the hosts under a registrable domain are
// one range of its index. A host whose storage key is not a suffix of it
// (no such host is known; the check keeps the index right whatever the
// public suffix list says) gets "" and is read by every lookup.
//
// While a Store has the file open, its transactions keep the index: each
// adds the hosts it inserts rows of, and deletes those it deleted the last
// rows of. While no Store has the file open,
// triggers on the cookies table keep the set of hosts exact whoever writes
// the file: a program that knows nothing of the index (Chromium) adds rows
// whose reversed column is NULL, which the next Open fills in. The
// triggers are dropped by Open and created again by Close, since a
// trigger costs every insert a third of its time; the meta row
// cookiemonster_hosts says that a Store had the file open. Open rebuilds
// the index from the cookies table, once, when an object is missing or
// different (a file Chromium made, or one whose cookies table Chromium
// rebuilt, dropping the triggers) or when that row is there (a Store that
// did not close: another program may have written since). The index holds
// only host names, which the cookies table holds too.
const (
	createHosts       = `CREATE TABLE cookiemonster_hosts(host_key TEXT NOT NULL PRIMARY KEY, reversed TEXT) WITHOUT ROWID`
	createHostsIndex  = `CREATE INDEX cookiemonster_hosts_reversed ON cookiemonster_hosts(reversed)`
	createHostsInsert = `CREATE TRIGGER cookiemonster_hosts_insert AFTER INSERT ON cookies BEGIN ` +
		`INSERT OR IGNORE INTO cookiemonster_hosts(host_key) VALUES (NEW.host_key); END`
	createHostsDelete = `CREATE TRIGGER cookiemonster_hosts_delete AFTER DELETE ON cookies ` +
		`WHEN NOT EXISTS (SELECT 1 FROM cookies WHERE host_key = OLD.host_key) BEGIN ` +
		`DELETE FROM cookiemonster_hosts WHERE host_key = OLD.host_key; END`
	createHostsUpdate = `CREATE TRIGGER cookiemonster_hosts_update AFTER UPDATE OF host_key ON cookies BEGIN ` +
		`INSERT OR IGNORE INTO cookiemonster_hosts(host_key) VALUES (NEW.host_key); ` +
		`DELETE FROM cookiemonster_hosts WHERE host_key = OLD.host_key ` +
		`AND NOT EXISTS (SELECT 1 FROM cookies WHERE host_key = OLD.host_key); END`
	markOpen = `INSERT OR REPLACE INTO meta(key, value) VALUES ('cookiemonster_hosts', 'open')`
	markShut = `DELETE FROM meta WHERE key = 'cookiemonster_hosts'`
	addHost  = `INSERT OR IGNORE INTO cookiemonster_hosts(host_key, reversed) VALUES (?, ?)`
	// dropHost deletes a host without rows.
	dropHost = `DELETE FROM cookiemonster_hosts WHERE host_key = ?1 ` +
		`AND NOT EXISTS (SELECT 1 FROM cookies WHERE host_key = ?1)`
)

// hostsObjects are the objects of the hosts index, by name.
var hostsObjects = map[string]struct{ typ, sql string }{
	"cookiemonster_hosts":          {"table", createHosts},
	"cookiemonster_hosts_reversed": {"index", createHostsIndex},
	"cookiemonster_hosts_insert":   {"trigger", createHostsInsert},
	"cookiemonster_hosts_delete":   {"trigger", createHostsDelete},
	"cookiemonster_hosts_update":   {"trigger", createHostsUpdate},
}

// hostsTriggers are the statements that create the triggers.
var hostsTriggers = []string{createHostsInsert, createHostsDelete, createHostsUpdate}

// isHostsObject reports whether name is an object of the hosts index (or
// one an earlier version of it might have made).
func isHostsObject(name string) bool { return strings.HasPrefix(name, "cookiemonster_hosts") }

// openHosts makes the hosts index of the file right for an open Store, in
// the schema transaction tx of Open: it checks the objects and the meta
// row, rebuilds the index if needed, fills in the reversed column where
// another program left it NULL, drops the triggers and writes the meta
// row.
func (d *database) openHosts(ctx context.Context, tx *sql.Tx) error {
	stmts, rebuild, err := hostsStatements(ctx, tx)
	if err != nil {
		return err
	}
	for _, q := range append(stmts, markOpen) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("building the hosts index: %w", err)
		}
	}
	if rebuild {
		if err := d.fillHosts(ctx, tx); err != nil {
			return fmt.Errorf("building the hosts index: %w", err)
		}
		// After the rows: one sort rather than a hundred thousand inserts.
		if _, err := tx.ExecContext(ctx, createHostsIndex); err != nil {
			return fmt.Errorf("building the hosts index: %w", err)
		}
	}
	if err := d.fillReversed(ctx, tx); err != nil {
		return fmt.Errorf("building the hosts index: %w", err)
	}
	return nil
}

// fillHosts fills the new, empty index of hosts from the cookies table, in
// tx, many rows per statement.
func (d *database) fillHosts(ctx context.Context, tx *sql.Tx) error {
	hosts, err := readStrings(ctx, tx, `SELECT DISTINCT host_key FROM cookies`)
	if err != nil {
		return err
	}
	r := hostInserter{d: d, tx: tx}
	defer r.close()
	return r.add(ctx, hosts)
}

// readStrings runs a query of one text column and returns its values.
func readStrings(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// hostInserter inserts rows of the hosts index in a transaction, up to
// insertRows per statement, keeping its statements by number of rows
// until close.
type hostInserter struct {
	d     *database
	tx    *sql.Tx
	stmts map[int]*sql.Stmt
}

// add inserts hosts, with their reversed column, skipping those indexed.
func (r *hostInserter) add(ctx context.Context, hosts []string) error {
	args := make([]any, 0, 2*min(len(hosts), insertRows))
	for start := 0; start < len(hosts); start += insertRows {
		part := hosts[start:min(start+insertRows, len(hosts))]
		args = args[:0]
		for _, h := range part {
			args = append(args, h, reverseHost(h, r.d.keyOf(h)))
		}
		st := r.stmts[len(part)]
		if st == nil {
			var err error
			if st, err = r.tx.PrepareContext(ctx, addHost+strings.Repeat(", (?, ?)", len(part)-1)); err != nil {
				return fmt.Errorf("indexing %d hosts: %w", len(part), err)
			}
			if r.stmts == nil {
				r.stmts = make(map[int]*sql.Stmt)
			}
			r.stmts[len(part)] = st
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("indexing %d hosts: %w", len(part), err)
		}
	}
	return nil
}

// close closes the statements.
func (r *hostInserter) close() {
	for _, st := range r.stmts {
		_ = st.Close()
	}
}

// shutHosts creates the triggers again and deletes the meta row, as the
// database closes.
func (d *database) shutHosts(ctx context.Context) error {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("arming the hosts index: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, q := range append(slices.Clone(hostsTriggers), markShut) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("arming the hosts index: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("arming the hosts index: %w", err)
	}
	return nil
}

// hostsStatements reads the objects of the hosts index and the meta row
// and returns the statements that leave the index right without its
// triggers: DROPs of the triggers when the index was left right by a
// Close; otherwise DROPs of every object there and the CREATE of the
// table, with rebuild: the table is to be filled (fillHosts), and its
// index created. It writes nothing.
func hostsStatements(ctx context.Context, q queryer) (stmts []string, rebuild bool, err error) {
	var open int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM meta WHERE key = 'cookiemonster_hosts'`).Scan(&open); err != nil {
		return nil, false, fmt.Errorf("reading the hosts index: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name LIKE 'cookiemonster\_hosts%' ESCAPE '\'`)
	if err != nil {
		return nil, false, fmt.Errorf("reading the hosts index: %w", err)
	}
	defer func() { _ = rows.Close() }()
	type object struct{ typ, name string }
	var found []object
	right := 0
	for rows.Next() {
		var typ, name, tbl string
		var text *string
		if err := rows.Scan(&typ, &name, &tbl, &text); err != nil {
			return nil, false, fmt.Errorf("reading the hosts index: %w", err)
		}
		found = append(found, object{typ, name})
		want, ok := hostsObjects[name]
		wantTable := "cookies"
		if typ != "trigger" {
			wantTable = "cookiemonster_hosts"
		}
		if ok && want.typ == typ && tbl == wantTable && text != nil && *text == want.sql {
			right++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("reading the hosts index: %w", err)
	}
	var out []string
	for _, o := range found {
		if o.typ == "trigger" {
			out = append(out, `DROP TRIGGER IF EXISTS "`+o.name+`"`)
		}
	}
	if open == 0 && right == len(hostsObjects) && len(found) == right {
		return out, false, nil
	}
	for _, o := range found {
		if o.typ == "index" {
			out = append(out, `DROP INDEX IF EXISTS "`+o.name+`"`)
		}
	}
	for _, o := range found {
		if o.typ == "table" || o.typ == "view" {
			out = append(out, `DROP `+strings.ToUpper(o.typ)+` IF EXISTS "`+o.name+`"`)
		}
	}
	return append(out, createHosts), true, nil
}

// reverseHost returns the reversed column of a host_key whose storage
// key is key: host without its leading dot, lower-cased and reversed; ""
// when key is not host or a suffix of it after a dot.
func reverseHost(hostKey, key string) string {
	h := strings.ToLower(strings.TrimPrefix(hostKey, "."))
	if h != key && !(strings.HasSuffix(h, key) && len(h) > len(key) && h[len(h)-len(key)-1] == '.') {
		return ""
	}
	return reverseString(h)
}

// reverseString returns s with its bytes in reverse order.
func reverseString(s string) string {
	b := make([]byte, len(s))
	for i := range len(s) {
		b[len(s)-1-i] = s[i]
	}
	return string(b)
}

// fillReversed fills in the reversed column of the hosts that lack it, in
// the transaction tx: hosts added by another program, or by the triggers
// of this transaction's inserts.
func (d *database) fillReversed(ctx context.Context, tx *sql.Tx) error {
	hosts, err := readStrings(ctx, tx, `SELECT host_key FROM cookiemonster_hosts WHERE reversed IS NULL`)
	if err != nil {
		return fmt.Errorf("reading the new hosts: %w", err)
	}
	if len(hosts) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, `UPDATE cookiemonster_hosts SET reversed = ? WHERE host_key = ?`)
	if err != nil {
		return fmt.Errorf("indexing the new hosts: %w", err)
	}
	defer func() { _ = st.Close() }()
	for _, h := range hosts {
		if _, err := st.ExecContext(ctx, reverseHost(h, d.keyOf(h)), h); err != nil {
			return fmt.Errorf("indexing host %q: %w", h, err)
		}
	}
	return nil
}

// keyOf returns the storage key (eTLD+1) of a host_key, exactly as the
// Monster computes it.
func (d *database) keyOf(hostKey string) string { return cookiemonster.StorageKey(hostKey, d.psl) }

// hostsOfKey returns the hosts of the cookies table whose storage key is
// key, read through the hosts index.
func (s *Store) hostsOfKey(ctx context.Context, key string) ([]string, error) {
	rev := reverseString(key)
	listed, err := readStrings(ctx, s.d.db, `SELECT host_key FROM cookiemonster_hosts WHERE reversed = ? `+
		`OR (reversed >= ? AND reversed < ?) OR reversed = '' OR reversed IS NULL`, rev, rev+".", rev+"/")
	if err != nil {
		return nil, fmt.Errorf("finding the hosts of %q: %w", key, err)
	}
	// The range holds the hosts under key; those whose own key is key.
	hosts := listed[:0]
	for _, h := range listed {
		if s.d.keyOf(h) == key {
			hosts = append(hosts, h)
		}
	}
	return hosts, nil
}

// indexHosts adds the hosts of the rows adds inserts into the cookies
// table to the hosts index, in the commit's transaction, before the rows.
// It skips the hosts that an earlier commit added (d.hostsAdded) and
// records those it adds, for commitHosts.
func (w *writeTx) indexHosts(adds []pendingAdd) error {
	var hosts []string
	for _, a := range adds {
		h := a.o.cookie.Domain
		if a.o.t != cookiesTable || w.d.hostsAdded[h] || w.newHosts[h] {
			continue
		}
		if w.newHosts == nil {
			w.newHosts = make(map[string]bool)
		}
		w.newHosts[h] = true
		hosts = append(hosts, h)
	}
	w.hosts.d, w.hosts.tx = w.d, w.tx
	return w.hosts.add(w.ctx, hosts)
}

// maxHostsAdded bounds database.hostsAdded, which starts over when full.
const maxHostsAdded = 1 << 16

// commitHosts records the hosts a committed transaction added to the
// index (the write lock held).
func (w *writeTx) commitHosts() {
	d := w.d
	if d.hostsAdded == nil || len(d.hostsAdded)+len(w.newHosts) > maxHostsAdded {
		d.hostsAdded = make(map[string]bool, len(w.newHosts))
	}
	for h := range w.newHosts {
		d.hostsAdded[h] = true
	}
}

// unindexHosts deletes hosts from the hosts index, in tx, where the
// cookies table has no row of them left: the hosts of rows tx deleted. The
// write lock is held.
func (d *database) unindexHosts(ctx context.Context, tx *sql.Tx, hosts []string) error {
	if len(hosts) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, dropHost)
	if err != nil {
		return fmt.Errorf("unindexing hosts: %w", err)
	}
	defer func() { _ = st.Close() }()
	for _, h := range hosts {
		// Forgotten even if tx fails: a host that stays indexed is only
		// indexed again.
		delete(d.hostsAdded, h)
		if _, err := st.ExecContext(ctx, h); err != nil {
			return fmt.Errorf("unindexing host %q: %w", h, err)
		}
	}
	return nil
}
