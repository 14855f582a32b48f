// Package redisstore is a [cookiemonster.PersistentStore] on Redis, for a
// fleet of workers that share one identity's cookies.
//
// Every cookie is kept with all its fields (not as a Set-Cookie line), in
// one hash per jar and storage key (eTLD+1), so that the priority load of
// a site ([cookiemonster.KeyLoader]) is one HGETALL. Key names carry hash
// tags, so that a site's cookies live in one Redis Cluster slot:
//
//	cm:{<jar>|<storage key>}:c   the site's cookies: field = the cookie's
//	                             UniqueKey, value = the cookie (JSON)
//	cm:{<jar>}:sites             the jar's storage keys (a set)
//
// Many jars share one Redis. Load reads the set of sites and then their
// hashes; nothing uses KEYS or SCAN.
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
	// OnError, when not nil, hears every failed write as it happens (from
	// the store's writer goroutine; it must not block long). Flush reports
	// the same errors.
	OnError func(error)
}

// Store is a [cookiemonster.PersistentStore] and [cookiemonster.KeyLoader]
// on Redis. Make it with [Open]. It is safe for concurrent use.
type Store struct {
	client  redis.UniversalClient
	jar     string
	psl     cookiemonster.PublicSuffixList
	onError func(error)

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
}

// op is one queued write.
type op struct {
	kind   opKind
	cookie *cookiemonster.CanonicalCookie
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
	}
	s := &Store{client: opts.Client, jar: opts.Jar, psl: opts.PublicSuffixList, onError: opts.OnError,
		delivered: map[string]bool{}, wake: make(chan struct{}, 1), stopped: make(chan struct{})}
	s.progress = sync.NewCond(&s.mu)
	go s.writer()
	return s, nil
}

// siteKey is the Redis key of the hash of one storage key's cookies.
func (s *Store) siteKey(storageKey string) string {
	return "cm:{" + s.jar + "|" + storageKey + "}:c"
}

// sitesKey is the Redis key of the set of the jar's storage keys.
func (s *Store) sitesKey() string { return "cm:{" + s.jar + "}:sites" }

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
	sites, err := s.client.SMembers(ctx, s.sitesKey()).Result()
	if err != nil {
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
	return s.loadSites(ctx, todo)
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
	return s.loadSites(ctx, []string{key})
}

// loadSites reads the hashes of sites in one pipeline and decodes them; a
// cookie that does not decode is reported and skipped.
func (s *Store) loadSites(ctx context.Context, sites []string) ([]*cookiemonster.CanonicalCookie, error) {
	if len(sites) == 0 {
		return nil, nil
	}
	pipe := s.client.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(sites))
	for i, k := range sites {
		cmds[i] = pipe.HGetAll(ctx, s.siteKey(k))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("redisstore: loading jar %q: %w", s.jar, err)
	}
	var out []*cookiemonster.CanonicalCookie
	var errs []error
	for i, cmd := range cmds {
		for f, v := range cmd.Val() {
			c, err := decode([]byte(v), s.psl)
			if err != nil {
				errs = append(errs, fmt.Errorf("redisstore: site %q, cookie %q: %w", sites[i], strings.ReplaceAll(f, "\x00", "|"), err))
				continue
			}
			out = append(out, c)
		}
	}
	// Oldest first, as a Monster loads them; ties by name, domain, path.
	slices.SortFunc(out, func(a, b *cookiemonster.CanonicalCookie) int {
		return cmp.Or(a.Creation.Compare(b.Creation), strings.Compare(a.Name, b.Name),
			strings.Compare(a.Domain, b.Domain), strings.Compare(a.Path, b.Path))
	})
	return out, errors.Join(errs...)
}

// Add stores a copy of c. It does not block.
func (s *Store) Add(c *cookiemonster.CanonicalCookie) { s.enqueue(opAdd, c) }

// UpdateAccessTime records c.LastAccess for the stored cookie with c's
// UniqueKey. It does not block.
func (s *Store) UpdateAccessTime(c *cookiemonster.CanonicalCookie) { s.enqueue(opAccess, c) }

// Delete removes the stored cookie with c's UniqueKey. It does not block.
func (s *Store) Delete(c *cookiemonster.CanonicalCookie) { s.enqueue(opDelete, c) }

func (s *Store) enqueue(kind opKind, c *cookiemonster.CanonicalCookie) {
	if c == nil {
		return
	}
	cp := *c
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.queue = append(s.queue, op{kind: kind, cookie: &cp})
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

// write applies a batch in one pipeline, in order. dropped reports the
// cookies that cannot be stored (never retried); failed, a batch that did
// not reach Redis whole (written again).
func (s *Store) write(batch []op) (dropped, failed error) {
	ctx := context.Background()
	pipe := s.client.Pipeline()
	// Access-time updates need the stored cookie: read those first.
	var reads map[string]*redis.StringCmd
	for _, o := range batch {
		if o.kind == opAccess {
			if reads == nil {
				reads = map[string]*redis.StringCmd{}
			}
			k := s.siteKey(s.storageKey(o.cookie.Domain))
			f := field(o.cookie.UniqueKey())
			reads[k+"\x01"+f] = pipe.HGet(ctx, k, f)
		}
	}
	if reads != nil {
		if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
			return nil, fmt.Errorf("redisstore: writing jar %q: %w", s.jar, err)
		}
		pipe = s.client.Pipeline()
	}
	// The batch's own state, so that an access-time update after an Add
	// or a Delete in the same batch sees it.
	latest := map[string][]byte{}
	deleted := map[string]bool{}
	var errs []error
	for _, o := range batch {
		sk := s.storageKey(o.cookie.Domain)
		k, f := s.siteKey(sk), field(o.cookie.UniqueKey())
		id := k + "\x01" + f
		switch o.kind {
		case opAdd:
			b, err := encode(o.cookie)
			if err != nil {
				errs = append(errs, fmt.Errorf("redisstore: %w", err))
				continue
			}
			pipe.HSet(ctx, k, f, b)
			pipe.SAdd(ctx, s.sitesKey(), sk)
			latest[id], deleted[id] = b, false
		case opDelete:
			pipe.HDel(ctx, k, f)
			delete(latest, id)
			deleted[id] = true
		case opAccess:
			cur, ok := latest[id]
			if !ok && !deleted[id] {
				if cmd := reads[id]; cmd != nil && cmd.Err() == nil {
					cur, ok = []byte(cmd.Val()), true
				}
			}
			if !ok {
				continue // not stored
			}
			c, err := decode(cur, s.psl)
			if err != nil {
				errs = append(errs, fmt.Errorf("redisstore: %w", err))
				continue
			}
			c.LastAccess = o.cookie.LastAccess
			b, err := encode(c)
			if err != nil {
				errs = append(errs, fmt.Errorf("redisstore: %w", err))
				continue
			}
			pipe.HSet(ctx, k, f, b)
			latest[id] = b
		}
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		failed = fmt.Errorf("redisstore: writing jar %q: %w", s.jar, err)
	}
	return errors.Join(errs...), failed
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
// does nothing.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	err := s.waitWritten(context.Background())
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
	<-s.stopped
	return err
}
