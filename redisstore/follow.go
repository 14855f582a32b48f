package redisstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cookiemonster-go/cookiemonster"
)

// tailBatch is the most log entries read at once; tailBlock, how long a
// read waits for new ones (a blocked read does not see its context end, so
// this also bounds how long Close waits for the follower).
const (
	tailBatch = 512
	tailBlock = 250 * time.Millisecond
)

// checkEvery is how often an idle follower checks that the log it
// follows is still the jar's.
const checkEvery = 2 * time.Second

// limitGrace is how long a key that others' inserts took above its limits
// may stay there before this store's Monster evicts: time enough for the
// evictions of the Monster that inserted last to arrive.
const limitGrace = time.Second

// Attach makes the store follow the jar's log for m: from the position
// the log had before m's load, every change another store wrote is applied
// to m's memory ([cookiemonster.Monster.Replicate]). New calls it; a second
// call does nothing.
func (s *Store) Attach(m *cookiemonster.Monster) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m == nil || s.monster != nil || s.closed {
		return
	}
	s.monster = m
	ctx, cancel := context.WithCancel(context.Background())
	s.stopTail = cancel
	go s.follow(ctx)
}

// markStart records, before the first load of an attached store, where the
// log ends: the changes after it are followed, those before are in what
// the load reads.
func (s *Store) markStart(ctx context.Context) error {
	s.mu.Lock()
	attached := s.monster != nil
	s.mu.Unlock()
	if !attached {
		return nil
	}
	var err error
	s.startOnce.Do(func() {
		var epoch string
		end := position{} // none: the follower starts with a reload
		defer func() { s.start <- end }()
		if epoch, err = s.readEpoch(ctx); err == nil {
			end, err = s.logEnd(ctx)
		}
		s.mu.Lock()
		if err == nil {
			s.epoch = epoch
		} else {
			// No start is marked, and no later call marks one; this
			// load fails.
			s.missedLoad = true
		}
		s.mu.Unlock()
	})
	return err
}

// readEpoch returns the jar's epoch, "" when it has none.
func (s *Store) readEpoch(ctx context.Context) (string, error) {
	e, err := s.client.Get(ctx, s.epochKey()).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("redisstore: reading the epoch of jar %q: %w", s.jar, err)
	}
	return e, nil
}

// position is a place in the log: an entry's ID and number.
type position struct {
	id  string
	seq int64
}

// logEnd returns the position of the log's last entry; {"0-0", 0} when it
// has none.
func (s *Store) logEnd(ctx context.Context) (position, error) {
	msgs, err := s.client.XRevRangeN(ctx, s.logKey(), "+", "-", 1).Result()
	if err != nil {
		return position{}, fmt.Errorf("redisstore: reading the end of the log of jar %q: %w", s.jar, err)
	}
	if len(msgs) == 0 {
		return position{"0-0", 0}, nil
	}
	return position{msgs[0].ID, seqOf(msgs[0])}, nil
}

// seqOf returns the number of a log entry; 0 when it has none.
func seqOf(m redis.XMessage) int64 {
	v, _ := m.Values["n"].(string)
	n, _ := strconv.ParseInt(v, 10, 64)
	return n
}

// follow reads the log and applies it until ctx ends. When the entries it
// reads are not numbered right after the last it applied (the log was
// trimmed past it, or Redis lost the jar and it was written again), it
// reloads the jar. After a failure, and every checkEvery while idle, it
// checks the jar's epoch and log for a loss no entry shows yet.
func (s *Store) follow(ctx context.Context) {
	defer func() {
		s.mu.Lock()
		s.tailEnded = true
		s.progress.Broadcast()
		s.mu.Unlock()
	}()
	var last position
	select {
	case last = <-s.start:
	case <-ctx.Done():
		return
	}
	// The changes up to last are in what the Monster loads, unless a load
	// failed: then the jar is reloaded first.
	if err := s.replicate(ctx, func(*cookiemonster.Replica) {}); err != nil {
		return
	}
	s.mu.Lock()
	resync := s.missedLoad
	s.mu.Unlock()
	if !resync {
		s.followed(last.id)
	}
	check, checked := false, time.Now()
	wait := retryMin
	// Keys that others' inserts may have taken above their limits, by
	// storage key and partition, with when to look.
	type grown struct {
		cookie *cookiemonster.CanonicalCookie
		at     time.Time
	}
	pending := map[string]grown{}
	enforce := func() {
		now := time.Now()
		var due []*cookiemonster.CanonicalCookie
		for k, g := range pending {
			if !now.Before(g.at) {
				due = append(due, g.cookie)
				delete(pending, k)
			}
		}
		if len(due) > 0 {
			_ = s.replicate(ctx, func(r *cookiemonster.Replica) {
				for _, c := range due {
					r.EnforceLimits(c)
				}
			})
		}
	}
	grew := func(inserted []*cookiemonster.CanonicalCookie) {
		for _, c := range inserted {
			k := s.storageKey(c.Domain) + "\x00" + c.Partition.String()
			if _, ok := pending[k]; !ok {
				pending[k] = grown{c, time.Now().Add(limitGrace)}
			}
		}
	}
	fail := func(err error) {
		s.report(err)
		check = true
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, retryMax)
	}
	for ctx.Err() == nil {
		enforce()
		if check || resync {
			checked = time.Now()
			gap := resync
			var err error
			if !gap {
				gap, err = s.missed(ctx, last.id)
			}
			if err == nil && gap {
				var end position
				var inserted []*cookiemonster.CanonicalCookie
				if end, inserted, err = s.resync(ctx); err == nil {
					last, resync = end, false
					grew(inserted)
					s.followed(last.id)
				}
			}
			if err != nil {
				if ctx.Err() == nil {
					fail(err)
				}
				continue
			}
			check = false
		}
		res, err := s.client.XRead(ctx, &redis.XReadArgs{Streams: []string{s.logKey(), last.id}, Count: tailBatch, Block: tailBlock}).Result()
		if errors.Is(err, redis.Nil) {
			// A client retries a failed read on a new connection, so a
			// Redis that restarted is not always seen failing: look
			// from time to time.
			if time.Since(checked) >= checkEvery {
				check = true
			}
			continue
		}
		if err != nil {
			if ctx.Err() == nil {
				fail(fmt.Errorf("redisstore: following the log of jar %q: %w", s.jar, err))
			}
			continue
		}
		var msgs []redis.XMessage
		for _, st := range res {
			msgs = append(msgs, st.Messages...)
		}
		if len(msgs) == 0 {
			continue
		}
		// The entries are numbered and carry the jar's epoch: one missing
		// (trimmed away), or another epoch (Redis lost the jar, and it
		// was written again), calls for a reload.
		if !consecutive(last.seq, msgs) || !s.sameEpoch(msgs) {
			resync = true
			continue
		}
		inserted, err := s.apply(ctx, msgs)
		if err != nil {
			if errors.Is(err, cookiemonster.ErrClosed) || ctx.Err() != nil {
				return
			}
			fail(err)
			continue
		}
		grew(inserted)
		last = position{msgs[len(msgs)-1].ID, seqOf(msgs[len(msgs)-1])}
		s.followed(last.id)
		wait = retryMin
	}
}

// replicate runs fn with s.monster.Replicate. From the end of fn until
// Replicate returns, the Monster delivers the changes fn made, on this
// goroutine: a subscriber may close the Monster, so Close does not wait for
// the follower meanwhile.
func (s *Store) replicate(ctx context.Context, fn func(r *cookiemonster.Replica)) error {
	err := s.monster.Replicate(ctx, func(r *cookiemonster.Replica) {
		fn(r)
		s.mu.Lock()
		s.delivering = true
		s.progress.Broadcast()
		s.mu.Unlock()
	})
	s.mu.Lock()
	s.delivering = false
	s.mu.Unlock()
	return err
}

// followed records that the log is applied up to id.
func (s *Store) followed(id string) {
	s.mu.Lock()
	s.applied = id
	s.progress.Broadcast()
	s.mu.Unlock()
}

// CatchUp waits until the attached Monster has applied every change the
// jar's log holds when it is called, or ctx ends: after it, the Monster
// sees what every other store had written by then. A store no Monster is
// attached to returns at once.
func (s *Store) CatchUp(ctx context.Context) error {
	s.mu.Lock()
	attached := s.monster != nil
	s.mu.Unlock()
	if !attached {
		return nil
	}
	endPos, err := s.logEnd(ctx)
	if err != nil {
		return err
	}
	end := endPos.id
	s.mu.Lock()
	defer s.mu.Unlock()
	stop := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		s.progress.Broadcast()
		s.mu.Unlock()
	})
	defer stop()
	for (s.applied == "" || compareIDs(s.applied, end) < 0) && ctx.Err() == nil && !s.closed {
		s.progress.Wait()
	}
	switch {
	case s.applied != "" && compareIDs(s.applied, end) >= 0:
		return nil
	case s.closed:
		return ErrClosed
	}
	return fmt.Errorf("redisstore: catching up with the log of jar %q: %w", s.jar, ctx.Err())
}

// learnEpoch takes the jar's epoch from a write's reply when the store
// knows none yet: its own first write may be the jar's.
func (s *Store) learnEpoch(ep string) {
	s.mu.Lock()
	if s.epoch == "" {
		s.epoch = ep
	}
	s.mu.Unlock()
}

// sameEpoch reports whether log entries carry the epoch the store knows;
// the first it learns, it takes.
func (s *Store) sameEpoch(msgs []redis.XMessage) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range msgs {
		e, _ := m.Values["e"].(string)
		if s.epoch == "" {
			s.epoch = e
		}
		if e != s.epoch {
			return false
		}
	}
	return true
}

// consecutive reports whether msgs are the entries numbered after seq.
func consecutive(seq int64, msgs []redis.XMessage) bool {
	for i, m := range msgs {
		if seqOf(m) != seq+int64(i)+1 {
			return false
		}
	}
	return true
}

// missed reports whether log entries after last are gone: trimmed, or the
// log itself lost or recreated (Redis restarted without its data, which
// the jar's epoch tells even once the jar is written again).
func (s *Store) missed(ctx context.Context, last string) (bool, error) {
	epoch, err := s.readEpoch(ctx)
	if err != nil {
		return false, err
	}
	s.mu.Lock()
	known := s.epoch
	if known == "" {
		s.epoch = epoch // the jar was empty when followed: the first epoch
	}
	s.mu.Unlock()
	if known != "" && epoch != known {
		return true, nil
	}
	info, err := s.client.XInfoStream(ctx, s.logKey()).Result()
	if err != nil {
		if strings.Contains(err.Error(), "no such key") {
			return last != "0-0", nil
		}
		return false, fmt.Errorf("redisstore: reading the state of the log of jar %q: %w", s.jar, err)
	}
	return compareIDs(info.MaxDeletedEntryID, last) > 0 || compareIDs(info.LastGeneratedID, last) < 0, nil
}

// compareIDs compares two stream entry IDs ("ms-seq"); a malformed one is
// the smallest.
func compareIDs(a, b string) int {
	am, as := parseID(a)
	bm, bs := parseID(b)
	switch {
	case am != bm:
		if am < bm {
			return -1
		}
		return 1
	case as < bs:
		return -1
	case as > bs:
		return 1
	}
	return 0
}

func parseID(id string) (ms, seq uint64) {
	m, q, _ := strings.Cut(id, "-")
	ms, _ = strconv.ParseUint(m, 10, 64)
	seq, _ = strconv.ParseUint(q, 10, 64)
	return ms, seq
}

// event is one entry of the log.
type event struct {
	kind    string // p, d or t
	version string
	cause   cookiemonster.ChangeCause
	cookie  *cookiemonster.CanonicalCookie
	field   string
	access  time.Time
}

// parseEvent decodes a log entry.
func (s *Store) parseEvent(m redis.XMessage) (event, error) {
	str := func(k string) string { v, _ := m.Values[k].(string); return v }
	e := event{kind: str("k"), version: str("v")}
	if e.kind != "p" && e.kind != "d" && e.kind != "t" || !validVersion(e.version) {
		return event{}, fmt.Errorf("redisstore: log entry %s of jar %q: kind %q, version %q", m.ID, s.jar, e.kind, e.version)
	}
	cause, err := strconv.Atoi(str("c"))
	if err != nil || cause < 0 || cause > int(cookiemonster.CauseExpiredOverwrite) {
		return event{}, fmt.Errorf("redisstore: log entry %s of jar %q: cause %q", m.ID, s.jar, str("c"))
	}
	e.cause = cookiemonster.ChangeCause(cause)
	at, err := strconv.ParseInt(str("a"), 10, 64)
	if err != nil {
		return event{}, fmt.Errorf("redisstore: log entry %s of jar %q: last access %q", m.ID, s.jar, str("a"))
	}
	e.access = fromMicros(at)
	c, err := decode([]byte(str("r")), s.psl)
	if err != nil {
		return event{}, fmt.Errorf("redisstore: log entry %s of jar %q: %w", m.ID, s.jar, err)
	}
	if e.kind == "p" {
		c.LastAccess = e.access
	}
	e.cookie, e.field = c, field(c.UniqueKey())
	return e, nil
}

// apply applies log entries to the attached Monster's memory, in order,
// and returns the cookies it inserted.
func (s *Store) apply(ctx context.Context, msgs []redis.XMessage) ([]*cookiemonster.CanonicalCookie, error) {
	evs := make([]event, 0, len(msgs))
	for _, m := range msgs {
		e, err := s.parseEvent(m)
		if err != nil {
			s.report(err) // skipped: a later write of the cookie repairs it
			continue
		}
		evs = append(evs, e)
	}
	var inserted []*cookiemonster.CanonicalCookie
	err := s.replicate(ctx, func(r *cookiemonster.Replica) {
		for _, e := range evs {
			if s.applyEvent(r, e) {
				inserted = append(inserted, e.cookie)
			}
		}
	})
	return inserted, err
}

// applyEvent applies one change unless this store knows a newer version
// of the cookie, and reports whether it inserted a cookie.
func (s *Store) applyEvent(r *cookiemonster.Replica, e event) bool {
	s.mu.Lock()
	cur := s.known[e.field]
	s.clock.observe(e.version)
	if e.kind == "t" {
		s.mu.Unlock()
		if e.version == cur {
			r.Touch(e.cookie.UniqueKey(), e.access)
		}
		return false
	}
	if e.version <= cur {
		s.mu.Unlock()
		return false
	}
	s.known[e.field] = e.version
	s.mu.Unlock()
	if e.kind == "d" {
		r.Remove(e.cookie.UniqueKey(), e.cause)
		return false
	}
	return s.insert(r, e.cookie, e.version)
}

// insert inserts a cookie written at version v elsewhere and reports
// whether it did; if it loses a conflict with a cookie in memory, it is
// deleted from Redis.
func (s *Store) insert(r *cookiemonster.Replica, c *cookiemonster.CanonicalCookie, v string) bool {
	newer := func(o *cookiemonster.CanonicalCookie) bool {
		f := field(o.UniqueKey())
		s.mu.Lock()
		defer s.mu.Unlock()
		return v > s.known[f]
	}
	if !r.Insert(c, newer) {
		s.DeleteCause(c, cookiemonster.CauseOverwrite)
		return false
	}
	return true
}

// resync reloads the jar into the attached Monster after the store lost
// track of the log, and returns the log position to follow from and the
// cookies it inserted (their limits are enforced as the log's are). A cookie
// in memory that Redis does not have, or has at a lower version, and a
// deletion this store knows of a cookie Redis has at a lower version
// (Redis lost its data, and a worker that did not see the write wrote the
// cookie again; or the store's write is still queued), are written again,
// with the version they have: a second write of one version is not
// applied twice.
func (s *Store) resync(ctx context.Context) (end position, inserted []*cookiemonster.CanonicalCookie, err error) {
	epoch, err := s.readEpoch(ctx)
	if err != nil {
		return position{}, nil, err
	}
	if end, err = s.logEnd(ctx); err != nil {
		return position{}, nil, err
	}
	// The writes back below set the epoch when Redis lost the jar; the
	// next check takes it.
	s.mu.Lock()
	s.epoch = epoch
	s.mu.Unlock()
	sites, err := s.client.SMembers(ctx, s.sitesKey()).Result()
	if err != nil {
		return position{}, nil, fmt.Errorf("redisstore: reading the sites of jar %q: %w", s.jar, err)
	}
	entries, err := s.readSites(ctx, sites)
	if entries == nil {
		return position{}, nil, err
	}
	if err != nil {
		s.report(err)
	}
	err = s.replicate(ctx, func(r *cookiemonster.Replica) {
		inMemory := map[string]cookiemonster.CanonicalCookie{}
		r.Each(func(c cookiemonster.CanonicalCookie) { inMemory[field(c.UniqueKey())] = c })
		s.mu.Lock()
		for f, c := range inMemory {
			v, ok := s.known[f]
			if e, in := entries[f]; !ok || isTombstone(v) || s.closed || in && e.version >= v {
				continue
			}
			cp := c
			s.pushLocked(op{kind: opAdd, cookie: &cp, field: f, version: v, cause: cookiemonster.CauseInserted})
		}
		for f, e := range entries {
			if v := s.known[f]; e.cookie != nil && isTombstone(v) && v > e.version && !s.closed {
				cp := *e.cookie
				s.pushLocked(op{kind: opDelete, cookie: &cp, field: f, version: v, cause: cookiemonster.CauseUnknownDeletion})
			}
		}
		s.mu.Unlock()
		// The deletions first, then the cookies in the order they were
		// written: the Monster goes from its state to Redis's without
		// holding, on the way, more cookies than both.
		var puts []entry
		for f, e := range entries {
			s.mu.Lock()
			cur := s.known[f]
			s.clock.observe(e.version)
			if e.version <= cur {
				s.mu.Unlock()
				continue
			}
			s.known[f] = e.version
			s.mu.Unlock()
			if e.cookie != nil {
				puts = append(puts, e)
			} else if c, ok := inMemory[f]; ok {
				r.Remove(c.UniqueKey(), cookiemonster.CauseUnknownDeletion)
			}
		}
		slices.SortFunc(puts, func(a, b entry) int { return strings.Compare(a.version, b.version) })
		for _, e := range puts {
			if s.insert(r, e.cookie, e.version) {
				inserted = append(inserted, e.cookie)
			}
		}
	})
	return end, inserted, err
}

// report hands err to OnError and keeps it for the next Flush.
func (s *Store) report(err error) {
	if s.onError != nil {
		s.onError(err)
	}
	s.mu.Lock()
	s.keepError(err)
	s.mu.Unlock()
}
