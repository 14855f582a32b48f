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

// writeScript applies one versioned write to a site's hash and, when Redis
// keeps it, appends it to the jar's log, atomically.
//
//	KEYS: the site's hash, the jar's set of sites, the jar's log, the
//	      jar's epoch, the jar's count of log entries
//	ARGV: kind (p: put, d: delete, t: last access), hash field, version,
//	      the cookie (JSON), storage key, cause, store id, log length,
//	      last access (microseconds), an epoch
//
// A put or a delete is kept when its version is above the field's; a last
// access when the field holds that very version with an older last access.
// It returns 1 when kept, 0 when not. The first write to a jar, or the first
// after Redis lost it, sets its epoch. Each log entry carries its number
// (n): 1, 2, 3 … in the jar, so that a reader tells a gap.
var writeScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[4]) == 0 then redis.call('SET', KEYS[4], ARGV[10]) end
local cur = redis.call('HGET', KEYS[1], ARGV[2])
local cv = ''
if cur then cv = string.sub(cur, 1, 25) end
local kind = ARGV[1]
if kind == 't' then
  if cv ~= ARGV[3] then return 0 end
  local bar = string.find(cur, '|', 27, true)
  if not bar then return 0 end
  if tonumber(string.sub(cur, 27, bar - 1)) >= tonumber(ARGV[9]) then return 0 end
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3] .. '|' .. ARGV[9] .. string.sub(cur, bar))
else
  if cv >= ARGV[3] then return 0 end
  if kind == 'p' then
    redis.call('HSET', KEYS[1], ARGV[2], ARGV[3] .. '|' .. ARGV[9] .. '|' .. ARGV[4])
    redis.call('SADD', KEYS[2], ARGV[5])
  else
    redis.call('HSET', KEYS[1], ARGV[2], ARGV[3] .. '|')
  end
end
local n = redis.call('INCR', KEYS[5])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[8], '*', 'n', n, 'k', kind, 'v', ARGV[3], 'c', ARGV[6], 'w', ARGV[7], 'r', ARGV[4], 'a', ARGV[9])
return 1
`)

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
		for _, o := range batch {
			b, err := encode(o.cookie)
			if err != nil {
				errs = append(errs, fmt.Errorf("redisstore: %w", err))
				continue
			}
			sk := s.storageKey(o.cookie.Domain)
			writeScript.EvalSha(ctx, pipe, []string{s.siteKey(sk), s.sitesKey(), s.logKey(), s.epochKey(), s.seqKey()},
				kindCode(o.kind), o.field, o.version, b, sk, int(o.cause), s.clock.id, s.logLen,
				strconv.FormatInt(micros(o.cookie.LastAccess), 10), s.proposal)
		}
		_, err := pipe.Exec(ctx)
		return err
	}
	err := run()
	if err != nil && isNoScript(err) {
		// Redis restarted or failed over since the script was loaded.
		if err = writeScript.Load(ctx, s.client).Err(); err == nil {
			err = run()
		}
	}
	if err != nil {
		failed = fmt.Errorf("redisstore: writing jar %q: %w", s.jar, err)
	}
	return errors.Join(errs...), failed
}

// isNoScript reports whether err says that Redis does not have the script.
func isNoScript(err error) bool {
	return err != nil && strings.HasPrefix(err.Error(), "NOSCRIPT")
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
	err := run()
	if isNoScript(err) {
		if err = compactScript.Load(ctx, s.client).Err(); err == nil {
			err = run()
		}
	}
	if err != nil {
		return fmt.Errorf("redisstore: removing old tombstones of jar %q: %w", s.jar, err)
	}
	return nil
}
