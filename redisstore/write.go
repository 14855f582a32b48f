package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// writeScript applies versioned writes, in order, each to its site's hash
// and, when Redis keeps it, appends it to the jar's log: all of them at
// once (a script runs alone).
//
//	KEYS: the jar's set of sites, log, epoch and count of log entries, then
//	      the site's hash of each write
//	ARGV: store id, log length, an epoch, then for each write: kind (p:
//	      put, d: delete, t: last access), hash field, version, the cookie
//	      (JSON), storage key, cause, last access (microseconds)
//
// A put or a delete is kept when its version is above the field's; a last
// access when the field holds that very version with an older last access.
// It returns how many were kept and the jar's epoch. The first write to a
// jar, or the first after Redis lost it, sets the epoch. Each log entry
// carries its number (n): 1, 2, 3 … in the jar, and the epoch (e), so that
// a reader tells a gap, and a jar Redis lost and that was written again.
var writeScript = redis.NewScript(`
local ep = redis.call('GET', KEYS[3])
if not ep then
  ep = ARGV[3]
  redis.call('SET', KEYS[3], ep)
end
local function apply(h, kind, f, v, js, sk, cause, at)
  local cur = redis.call('HGET', h, f)
  local cv = ''
  if cur then cv = string.sub(cur, 1, 25) end
  if kind == 't' then
    if cv ~= v then return 0 end
    local bar = string.find(cur, '|', 27, true)
    if not bar then return 0 end
    if tonumber(string.sub(cur, 27, bar - 1)) >= tonumber(at) then return 0 end
    redis.call('HSET', h, f, v .. '|' .. at .. string.sub(cur, bar))
  else
    if cv >= v then return 0 end
    if kind == 'p' then
      redis.call('HSET', h, f, v .. '|' .. at .. '|' .. js)
      redis.call('SADD', KEYS[1], sk)
    else
      redis.call('HSET', h, f, v .. '|')
    end
  end
  local n = redis.call('INCR', KEYS[4])
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'n', n, 'e', ep, 'k', kind, 'v', v, 'c', cause, 'w', ARGV[1], 'r', js, 'a', at)
  return 1
end
local kept = 0
for i = 0, #KEYS - 5 do
  local b = 3 + i * 7
  kept = kept + apply(KEYS[5 + i], ARGV[b + 1], ARGV[b + 2], ARGV[b + 3], ARGV[b + 4], ARGV[b + 5], ARGV[b + 6], ARGV[b + 7])
end
return {kept, ep}
`)

// scriptWrites is the most writes one call of writeScript applies: Redis
// does nothing else while a script runs.
const scriptWrites = 64

// kindCode is the script's name of an op kind.
func kindCode(k opKind) string {
	switch k {
	case opAdd:
		return "p"
	case opDelete:
		return "d"
	}
	return "t"
}

// write applies a batch in one pipeline, in order. dropped reports the
// cookies that cannot be stored (never retried); failed, a batch that did
// not reach Redis whole (written again: each write is versioned, so what
// was applied already is not applied twice).
func (s *Store) write(batch []op) (dropped, failed error) {
	ctx := context.Background()
	var errs []error
	run := func() error {
		pipe := s.client.Pipeline()
		errs = errs[:0]
		keys := []string{s.sitesKey(), s.logKey(), s.epochKey(), s.seqKey()}
		args := []any{s.clock.id, s.logLen, s.proposal}
		var cmds []*redis.Cmd
		send := func() {
			if len(keys) > 4 {
				cmds = append(cmds, writeScript.EvalSha(ctx, pipe, keys, args...))
			}
			keys, args = keys[:4:4], args[:3:3]
		}
		for _, o := range batch {
			b, err := encode(o.cookie)
			if err != nil {
				errs = append(errs, fmt.Errorf("redisstore: %w", err))
				continue
			}
			sk := s.storageKey(o.cookie.Domain)
			keys = append(keys, s.siteKey(sk))
			args = append(args, kindCode(o.kind), o.field, o.version, b, sk, int(o.cause),
				strconv.FormatInt(micros(o.cookie.LastAccess), 10))
			if len(keys)-4 == scriptWrites {
				send()
			}
		}
		send()
		_, err := pipe.Exec(ctx)
		for _, c := range cmds {
			if r, e := c.Slice(); e == nil && len(r) == 2 {
				if ep, ok := r[1].(string); ok {
					s.learnEpoch(ep)
				}
			}
		}
		return err
	}
	if err := s.withScript(ctx, writeScript, run); err != nil {
		failed = fmt.Errorf("redisstore: writing jar %q: %w", s.jar, err)
	}
	return errors.Join(errs...), failed
}

// withScript runs a pipeline of EVALSHA calls of script; when Redis does
// not have the script (it restarted or failed over since it was loaded), it
// loads it and runs the pipeline once more.
func (s *Store) withScript(ctx context.Context, script *redis.Script, run func() error) error {
	err := run()
	if err != nil && strings.HasPrefix(err.Error(), "NOSCRIPT") {
		if err = script.Load(ctx, s.client).Err(); err == nil {
			err = run()
		}
	}
	return err
}

// compactScript removes tombstones from a site's hash, each only if it is
// still the value read. ARGV: field, value, field, value …
var compactScript = redis.NewScript(`
local n = 0
for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then
    redis.call('HDEL', KEYS[1], ARGV[i])
    n = n + 1
  end
end
return n
`)

// compact removes the tombstones older than the store's TombstoneAge
// among entries read from Redis, site by site in one pipeline.
func (s *Store) compact(ctx context.Context, entries map[string]entry) error {
	if s.tombAge < 0 {
		return nil
	}
	cutoff := time.Now().Add(-s.tombAge).UnixNano()
	bySite := map[string][]any{}
	for f, e := range entries {
		if e.cookie == nil && versionTime(e.version) < cutoff {
			bySite[e.site] = append(bySite[e.site], f, e.raw)
		}
	}
	if len(bySite) == 0 {
		return nil
	}
	run := func() error {
		pipe := s.client.Pipeline()
		for site, args := range bySite {
			compactScript.EvalSha(ctx, pipe, []string{s.siteKey(site)}, args...)
		}
		_, err := pipe.Exec(ctx)
		return err
	}
	if err := s.withScript(ctx, compactScript, run); err != nil {
		return fmt.Errorf("redisstore: removing old tombstones of jar %q: %w", s.jar, err)
	}
	return nil
}
