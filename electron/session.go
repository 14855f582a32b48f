package electron

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cookiemonster-go/cookiemonster"
)

// Partition prefixes and store IDs.
const (
	// PersistPrefix starts the name of a persistent partition, as in
	// Electron; the partition's store has the partition itself as its ID.
	PersistPrefix = "persist:"
	// MemoryPrefix starts the store ID of an in-memory partition: the
	// partition "x" is the private store "memory:x".
	MemoryPrefix = "memory:"
)

// errNilSet is the error of FromPartition given a nil set.
var errNilSet = errors.New("electron: nil *cookiemonster.StoreSet")

// Cookies is the cookies of one session, as Electron's Cookies class: a
// handle on a store of a [cookiemonster.StoreSet]. Get one with
// [FromPartition] or [DefaultSession]. A Cookies is safe for concurrent use.
//
// The zero Cookies is the default session of its own memory-only
// StoreSet, opened on first use; it must not be copied after first use.
type Cookies struct {
	set       *cookiemonster.StoreSet
	id        string // the store's ID; "" in the zero Cookies
	partition string

	own cookiemonster.StoreSet // the zero Cookies' set
}

// DefaultSession returns the default session of set, as
// session.defaultSession: its default store.
func DefaultSession(ctx context.Context, set *cookiemonster.StoreSet) (*Cookies, error) {
	return FromPartition(ctx, set, "")
}

// FromPartition returns the session of partition, as
// session.fromPartition does: "" and "persist:" are the default session,
// "persist:NAME" a persistent store with that ID, which it opens, creating
// it in set's backend the first time, and any other name an in-memory store
// with the ID "memory:NAME", which it creates unless it is open. Calls with
// the same partition give handles on the same store.
//
// It fails when set is nil or closed, when the wait for the store is
// cancelled, and when a store of the set has the ID with the other kind.
func FromPartition(ctx context.Context, set *cookiemonster.StoreSet, partition string) (*Cookies, error) {
	if set == nil {
		return nil, errNilSet
	}
	id, kind := storeOf(partition)
	if err := openStore(ctx, set, id, kind); err != nil {
		return nil, fmt.Errorf("electron: session %q: %w", partition, err)
	}
	return &Cookies{set: set, id: id, partition: partition}, nil
}

// storeOf returns the ID and kind of the store of partition.
func storeOf(partition string) (string, cookiemonster.StoreKind) {
	switch {
	case partition == "" || partition == PersistPrefix:
		return cookiemonster.DefaultStoreID, cookiemonster.StorePersistent
	case strings.HasPrefix(partition, PersistPrefix):
		return partition, cookiemonster.StorePersistent
	}
	return MemoryPrefix + partition, cookiemonster.StorePrivate
}

// openStore opens the store id of set, creating it with kind when the set
// has no such store, and checks its kind.
func openStore(ctx context.Context, set *cookiemonster.StoreSet, id string, kind cookiemonster.StoreKind) error {
	_, err := set.Store(ctx, id)
	if errors.Is(err, cookiemonster.ErrNoStore) {
		_, err = set.Create(ctx, id, kind)
		if errors.Is(err, cookiemonster.ErrStoreExists) {
			// Another call created it meanwhile.
			_, err = set.Store(ctx, id)
		}
	}
	if err != nil {
		return err
	}
	if k, ok := set.Kind(id); ok && k != kind {
		return fmt.Errorf("store %q is %v, not %v", id, k, kind)
	}
	return nil
}

// Partition returns the partition the session was made from: "" for the
// default session.
func (c *Cookies) Partition() string {
	if c == nil {
		return ""
	}
	return c.partition
}

// StoreID returns the ID of the session's store in its set.
func (c *Cookies) StoreID() string {
	if c == nil || c.id == "" {
		return cookiemonster.DefaultStoreID
	}
	return c.id
}

// storeSet returns the set and the store ID of the session.
func (c *Cookies) storeSet() (*cookiemonster.StoreSet, string) {
	if c.set == nil {
		return &c.own, cookiemonster.DefaultStoreID
	}
	return c.set, c.id
}

// monster returns the Monster of the session's store, opening a persistent
// store again if it was closed.
func (c *Cookies) monster(ctx context.Context) (*cookiemonster.Monster, error) {
	if c == nil {
		return nil, ErrNilCookies
	}
	set, id := c.storeSet()
	m, err := set.Store(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("electron: session %q: %w", c.partition, err)
	}
	return m, nil
}
