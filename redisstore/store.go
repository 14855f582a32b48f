// Package redisstore is a [cookiemonster.PersistentStore] on Redis, for a
// fleet of workers that share one identity's cookies: every Monster
// attached to a jar sees the other Monsters' changes within a bounded
// delay, and the fleet converges to the same cookies.
//
// Every cookie is kept with all its fields (not as a Set-Cookie line), in
// one hash per jar and storage key (eTLD+1), so that the priority load of
// a site ([cookiemonster.KeyLoader]) is one HGETALL. All of a jar's keys
// carry the jar as hash tag: they live in one Redis Cluster slot, so that a
// write and its entry in the jar's log are one atomic script, and a
// cluster spreads jars over its nodes:
//
//	cm:{<jar>}:c:<storage key>   the site's cookies: field = the cookie's
//	                             UniqueKey, value = version|last access|cookie (JSON),
//	                             or version| for a deleted cookie (a tombstone)
//	cm:{<jar>}:sites             the jar's storage keys (a set)
//	cm:{<jar>}:log               the jar's changes (a stream, trimmed)
//	cm:{<jar>}:epoch             set by the jar's first write: tells a jar
//	                             Redis lost and that was written again
//	cm:{<jar>}:n                 the number of entries ever logged; each
//	                             entry carries its number, so that a gap shows
//
// Many jars share one Redis. Load reads the set of sites and then their
// hashes; nothing uses KEYS or SCAN.
//
// # Order and convergence
//
// Each write of a cookie has a version from a hybrid logical clock (wall
// time that never goes back and always passes every version the store has
// seen) and the writing store's id. Redis keeps, per cookie, the write with
// the highest version; a deletion leaves a tombstone whose version comes
// right after the deleted cookie's, so that it removes that cookie and
// nothing written after it. Each write that Redis keeps is appended to the
// jar's log in the same script. Every Monster applies the log in order,
// skipping what its own memory has newer; so all of them, and Redis, end
// with the same highest-version write of every cookie. See
// [cookiemonster.Replica.Insert] for cookies that conflict without sharing
// a UniqueKey (equivalent cookies from other schemes, Leave Secure Cookies
// Alone).
package redisstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cookiemonster-go/cookiemonster"
)

// ErrClosed is wrapped by the errors of a closed Store's Load, LoadKey and
// Flush, with [cookiemonster.ErrStoreClosed].
var ErrClosed = fmt.Errorf("redisstore: %w", cookiemonster.ErrStoreClosed)

// ErrOptions is wrapped by the errors of [Open] given unusable Options.
var ErrOptions = errors.New("redisstore: invalid options")

// DefaultLogLength is the number of changes a jar's log keeps when
// Options.LogLength is zero. A Monster that was away for more changes than
// the log keeps reloads the jar.
const DefaultLogLength = 100_000

// Options configure a [Store].
type Options struct {
	// Client is the connection to Redis: a *redis.Client, a
	// *redis.ClusterClient or any redis.UniversalClient. Required. The
	// Store does not close it.
	Client redis.UniversalClient
	// Jar names the cookie jar (one identity) in Redis. Required; it may
	// not hold '{' or '}'.
	Jar string
	// PublicSuffixList computes storage keys; nil: the default list. Give
	// the Monster the same list.
	PublicSuffixList cookiemonster.PublicSuffixList
	// OnError, when not nil, hears every failed write and every failure to
	// follow the jar's log as it happens (from the store's goroutines; it
	// must not block long). Flush reports the same errors.
	OnError func(error)
	// LogLength is about how many changes the jar's log keeps (Redis trims
	// it approximately, never below); zero: DefaultLogLength.
	LogLength int
	// TombstoneAge is how long a deleted cookie's tombstone stays in its
	// site's hash: a write of that cookie from before the deletion that
	// reaches Redis later (from a store cut off meanwhile) is refused while
	// it stays. A full Load removes older ones. Zero: DefaultTombstoneAge;
	// negative: kept for ever.
	TombstoneAge time.Duration
}

// DefaultTombstoneAge is the TombstoneAge of zero Options.
const DefaultTombstoneAge = 7 * 24 * time.Hour

// Store is a [cookiemonster.PersistentStore] and [cookiemonster.KeyLoader]
// on Redis, and a [cookiemonster.Attacher]: the Monster it is given to
// follows the changes other Monsters make to the jar. Make it with [Open].
// It is safe for concurrent use. Give each Monster a Store of its own.
type Store struct {
	client  redis.UniversalClient
	jar     string
	psl     cookiemonster.PublicSuffixList
	onError func(error)
	logLen  int
	tombAge time.Duration

	mu        sync.Mutex
	queue     []op
	delivered map[string]bool // storage keys already returned
	closed    bool
	errs      []error
	moreErrs  int // errors beyond maxErrs since the last Flush
	wake      chan struct{}
	// batches counts the batches the writer started, done those it
	// finished; progress is signalled at each finish.
	batches  int
	done     int
	progress *sync.Cond
	stopped  chan struct{}

	// clock versions the writes; known holds the highest version this
	// store knows of each cookie (by hash field), tombstones included.
	clock clock
	known map[string]string

	// Following the log, once a Monster is attached.
	monster   *cookiemonster.Monster
	startOnce sync.Once
	start     chan position // the log position before the first load
	stopTail  context.CancelFunc
	// tailEnded is set when the follower returns; delivering, while the
	// Monster delivers the changes the follower applied, on the
	// follower's goroutine.
	tailEnded  bool
	delivering bool
	applied    string // the last log entry applied; "" before the start
	// missedLoad is set when a load failed: the Monster lacks cookies no
	// entry of the log will bring, and the follower reloads the jar.
	missedLoad bool
	// epoch is the jar's epoch the follower knows ("" none yet); proposal,
	// the one this store's writes set when the jar has none.
	epoch    string
	proposal string
}

// op is one queued write.
type op struct {
	kind    opKind
	cookie  *cookiemonster.CanonicalCookie
	field   string
	version string
	cause   cookiemonster.ChangeCause
}

type opKind int8

const (
	opAdd opKind = iota
	opDelete
	opAccess
)

// Open returns a Store of the jar opts.Jar on opts.Client. It does not
// contact Redis: the first Load, LoadKey or write does.
func Open(opts Options) (*Store, error) {
	switch {
	case opts.Client == nil:
		return nil, fmt.Errorf("%w: Options.Client is nil", ErrOptions)
	case opts.Jar == "":
		return nil, fmt.Errorf("%w: Options.Jar is empty", ErrOptions)
	case strings.ContainsAny(opts.Jar, "{}"):
		return nil, fmt.Errorf("%w: Options.Jar %q holds '{' or '}'", ErrOptions, opts.Jar)
	case opts.LogLength < 0:
		return nil, fmt.Errorf("%w: Options.LogLength %d is negative", ErrOptions, opts.LogLength)
	}
	id, err := newID()
	if err != nil {
		return nil, err
	}
	s := &Store{client: opts.Client, jar: opts.Jar, psl: opts.PublicSuffixList, onError: opts.OnError,
		logLen:    cmp.Or(opts.LogLength, DefaultLogLength),
		tombAge:   cmp.Or(opts.TombstoneAge, DefaultTombstoneAge),
		delivered: map[string]bool{}, wake: make(chan struct{}, 1), stopped: make(chan struct{}),
		clock: clock{id: id}, known: map[string]string{}, start: make(chan position, 1),
		proposal: fmt.Sprintf("%s-%x", id, time.Now().UnixNano())}
	s.progress = sync.NewCond(&s.mu)
	go s.writer()
	return s, nil
}

// siteKey is the Redis key of the hash of one storage key's cookies.
func (s *Store) siteKey(storageKey string) string {
	return "cm:{" + s.jar + "}:c:" + storageKey
}

// sitesKey is the Redis key of the set of the jar's storage keys.
func (s *Store) sitesKey() string { return "cm:{" + s.jar + "}:sites" }

// logKey is the Redis key of the jar's log of changes.
func (s *Store) logKey() string { return "cm:{" + s.jar + "}:log" }

// epochKey is the Redis key of the jar's epoch: a value the first write
// sets, so that a jar Redis lost, and that was written again since, is
// told from the one a store followed.
func (s *Store) epochKey() string { return "cm:{" + s.jar + "}:epoch" }

// seqKey is the Redis key of the number of entries ever added to the
// jar's log.
func (s *Store) seqKey() string { return "cm:{" + s.jar + "}:n" }

// storageKey returns the storage key of a cookie's domain.
func (s *Store) storageKey(domain string) string {
	return cookiemonster.StorageKey(domain, s.psl)
}

// Load returns every stored cookie of the jar not returned by LoadKey.
func (s *Store) Load(ctx context.Context) ([]*cookiemonster.CanonicalCookie, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	s.mu.Unlock()
	if err := s.markStart(ctx); err != nil {
		return nil, err
	}
	sites, err := s.client.SMembers(ctx, s.sitesKey()).Result()
	if err != nil {
		s.loadFailed()
		return nil, fmt.Errorf("redisstore: reading the sites of jar %q: %w", s.jar, err)
	}
	s.mu.Lock()
	var todo []string
	for _, k := range sites {
		if !s.delivered[k] {
			s.delivered[k] = true
			todo = append(todo, k)
		}
	}
	s.mu.Unlock()
	entries, err := s.readSites(ctx, todo)
	if entries == nil {
		s.loadFailed()
		return nil, err
	}
	if cerr := s.compact(ctx, entries); cerr != nil {
		s.report(cerr) // the load is whole all the same
	}
	return s.take(entries), err
}

// LoadKey returns the stored cookies of one storage key, unless Load or
// LoadKey returned them already: one HGETALL.
func (s *Store) LoadKey(ctx context.Context, key string) ([]*cookiemonster.CanonicalCookie, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	if s.delivered[key] {
		s.mu.Unlock()
		return nil, nil
	}
	s.delivered[key] = true
	s.mu.Unlock()
	if err := s.markStart(ctx); err != nil {
		return nil, err
	}
	cs, err := s.loadSites(ctx, []string{key})
	if cs == nil && err != nil {
		s.loadFailed()
	}
	return cs, err
}

// loadFailed records that a load returned without cookies it was to
// return: the Monster will not ask for them again, so the follower reloads
// the jar once the Monster has loaded.
func (s *Store) loadFailed() {
	s.mu.Lock()
	s.missedLoad = true
	s.mu.Unlock()
}

// entry is one field of a site's hash: a cookie or a tombstone.
type entry struct {
	version string
	cookie  *cookiemonster.CanonicalCookie // nil: a tombstone
	site    string                         // the storage key
	raw     string                         // the value read
}

// readSites reads the hashes of sites in one pipeline. A value that does
// not decode is reported and skipped.
func (s *Store) readSites(ctx context.Context, sites []string) (map[string]entry, error) {
	out := map[string]entry{}
	if len(sites) == 0 {
		return out, nil
	}
	pipe := s.client.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(sites))
	for i, k := range sites {
		cmds[i] = pipe.HGetAll(ctx, s.siteKey(k))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("redisstore: loading jar %q: %w", s.jar, err)
	}
	var errs []error
	for i, cmd := range cmds {
		for f, v := range cmd.Val() {
			e, err := decodeValue(v, s.psl)
			if err != nil {
				errs = append(errs, fmt.Errorf("redisstore: site %q, cookie %q: %w", sites[i], strings.ReplaceAll(f, "\x00", "|"), err))
				continue
			}
			e.site, e.raw = sites[i], v
			out[f] = e
		}
	}
	return out, errors.Join(errs...)
}

// loadSites reads the hashes of sites and returns their cookies, oldest
// first; the versions read become known.
func (s *Store) loadSites(ctx context.Context, sites []string) ([]*cookiemonster.CanonicalCookie, error) {
	entries, err := s.readSites(ctx, sites)
	if entries == nil {
		return nil, err
	}
	return s.take(entries), err
}

// take returns the cookies of entries read from Redis, oldest first, and
// makes their versions known.
func (s *Store) take(entries map[string]entry) []*cookiemonster.CanonicalCookie {
	var out []*cookiemonster.CanonicalCookie
	s.mu.Lock()
	for f, e := range entries {
		if e.version > s.known[f] {
			s.known[f] = e.version
		}
		s.clock.observe(e.version)
		if e.cookie != nil {
			out = append(out, e.cookie)
		}
	}
	s.mu.Unlock()
	sortCookies(out)
	return out
}

// sortCookies sorts oldest first, as a Monster loads them; ties by name,
// domain, path.
func sortCookies(cs []*cookiemonster.CanonicalCookie) {
	slices.SortFunc(cs, func(a, b *cookiemonster.CanonicalCookie) int {
		return cmp.Or(a.Creation.Compare(b.Creation), strings.Compare(a.Name, b.Name),
			strings.Compare(a.Domain, b.Domain), strings.Compare(a.Path, b.Path))
	})
}

// Add stores a copy of c. It does not block.
func (s *Store) Add(c *cookiemonster.CanonicalCookie) {
	s.enqueue(opAdd, c, cookiemonster.CauseInserted)
}

// UpdateAccessTime records c.LastAccess for the stored cookie with c's
// UniqueKey. It does not block.
func (s *Store) UpdateAccessTime(c *cookiemonster.CanonicalCookie) {
	s.enqueue(opAccess, c, cookiemonster.CauseInserted)
}

// Delete removes the stored cookie with c's UniqueKey. It does not block.
// The other Monsters see the removal with cause UnknownDeletion.
func (s *Store) Delete(c *cookiemonster.CanonicalCookie) {
	s.enqueue(opDelete, c, cookiemonster.CauseUnknownDeletion)
}

// DeleteCause is Delete, telling the other Monsters the cause
// ([cookiemonster.CauseRecorder]).
func (s *Store) DeleteCause(c *cookiemonster.CanonicalCookie, cause cookiemonster.ChangeCause) {
	if !cause.Removed() {
		cause = cookiemonster.CauseUnknownDeletion
	}
	s.enqueue(opDelete, c, cause)
}

// enqueue queues a write of c, versioned now.
func (s *Store) enqueue(kind opKind, c *cookiemonster.CanonicalCookie, cause cookiemonster.ChangeCause) {
	if c == nil {
		return
	}
	cp := *c
	f := field(cp.UniqueKey())
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	var v string
	switch kind {
	case opAdd:
		v = s.clock.next()
	case opDelete:
		cur, ok := s.known[f]
		switch {
		case !ok:
			v = tombstoneOf(s.clock.next())
		case isTombstone(cur):
			return // deleted already
		default:
			v = tombstoneOf(cur)
		}
	case opAccess:
		cur, ok := s.known[f]
		if !ok || isTombstone(cur) {
			return // not stored
		}
		v = cur
	}
	s.known[f] = v
	s.pushLocked(op{kind: kind, cookie: &cp, field: f, version: v, cause: cause})
}

// pushLocked queues o and wakes the writer; s.mu is held.
func (s *Store) pushLocked(o op) {
	s.queue = append(s.queue, o)
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// retryMin and retryMax bound the wait before a failed batch is written
// again.
const (
	retryMin = 10 * time.Millisecond
	retryMax = time.Second
)

// writer writes the queue in batches until the store closes. A batch that
// fails goes back to the head of the queue and is written again after a
// wait that doubles up to retryMax, so that nothing queued is lost while
// Redis is away; only a batch that fails after Close is given up, and Close
// reports it.
func (s *Store) writer() {
	defer close(s.stopped)
	wait := retryMin
	for {
		s.mu.Lock()
		for len(s.queue) == 0 && !s.closed {
			s.mu.Unlock()
			<-s.wake
			s.mu.Lock()
		}
		if len(s.queue) == 0 && s.closed {
			s.mu.Unlock()
			return
		}
		batch := s.queue
		s.queue = nil
		s.batches++
		s.mu.Unlock()

		dropped, failed := s.write(batch)
		err := errors.Join(dropped, failed)
		if err != nil && s.onError != nil {
			s.onError(err)
		}

		s.mu.Lock()
		retry := failed != nil && !s.closed
		if err != nil {
			s.keepError(err)
		}
		if retry {
			s.queue = append(batch, s.queue...)
		}
		s.done++
		s.progress.Broadcast()
		s.mu.Unlock()
		if !retry {
			wait = retryMin
			continue
		}
		select {
		case <-time.After(wait):
		case <-s.wake:
			// Woken by new work or by Close: try again at once.
			s.mu.Lock()
			closed := s.closed
			s.mu.Unlock()
			if !closed {
				time.Sleep(wait)
			}
		}
		wait = min(2*wait, retryMax)
	}
}

// Flush waits until every operation queued before the call is written and
// returns the errors since the previous Flush, joined.
func (s *Store) Flush(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.mu.Unlock()
	return s.waitWritten(ctx)
}

// waitWritten waits for the queue as it is now to be written, or ctx.
func (s *Store) waitWritten(ctx context.Context) error {
	s.mu.Lock()
	target := s.batches
	if len(s.queue) > 0 {
		target++ // the batch that will take the queue
	}
	stop := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		s.progress.Broadcast()
		s.mu.Unlock()
	})
	defer stop()
	for s.done < target && ctx.Err() == nil {
		s.progress.Wait()
	}
	if err := ctx.Err(); err != nil && s.done < target {
		s.mu.Unlock()
		return fmt.Errorf("redisstore: flush: %w", err)
	}
	errs := s.errs
	if s.moreErrs > 0 {
		errs = append(errs, fmt.Errorf("redisstore: and %d more errors", s.moreErrs))
	}
	s.errs, s.moreErrs = nil, 0
	s.mu.Unlock()
	return errors.Join(errs...)
}

// maxErrs bounds the errors kept for the next Flush: a Redis away for an
// hour fails a retry every second.
const maxErrs = 16

// keepError keeps err for the next Flush; s.mu is held.
func (s *Store) keepError(err error) {
	if len(s.errs) < maxErrs {
		s.errs = append(s.errs, err)
		return
	}
	s.moreErrs++
}

// Close writes what is queued and stops the store; it returns the errors
// no Flush returned. It does not close the Redis client. A second Close
// does nothing. It may be called, through Monster.Close, from a subscriber
// of the Monster's changes, those the follower delivers included.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	stop := s.stopTail
	s.mu.Unlock()
	if stop != nil {
		// Wait for the follower, unless it is delivering changes: a
		// subscriber may be closing the Monster from there, and the
		// follower writes nothing and reads nothing once it has applied
		// them.
		stop()
		s.mu.Lock()
		for !s.tailEnded && !s.delivering {
			s.progress.Wait()
		}
		s.mu.Unlock()
	}
	err := s.waitWritten(context.Background())
	s.mu.Lock()
	s.closed = true
	s.progress.Broadcast() // a CatchUp waiting returns ErrClosed
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
	<-s.stopped
	return err
}
