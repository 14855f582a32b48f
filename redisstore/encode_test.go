package redisstore

import (
	"strconv"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/storetest"
)

// storedValue returns the hash value a put of c at version v leaves.
func storedValue(t testing.TB, v string, i int) string {
	c := storetest.SyntheticCookie(i)
	b, err := encode(c)
	require.NoError(t, err)
	return v + "|" + strconv.FormatInt(micros(c.LastAccess), 10) + "|" + string(b)
}

func TestDecodeValue(t *testing.T) {
	const v = "0000000000000001deadbeef0"
	good := storedValue(t, v, 7)
	for _, tc := range []struct {
		name, in string
		tomb     bool
		err      bool
	}{
		{"cookie", good, false, false},
		{"tombstone", tombstoneOf(v) + "|", true, false},
		{"cookie version without a cookie", v + "|", false, true},
		{"short", "123|", false, true},
		{"no bar after the version", v + "x", false, true},
		{"not hex", "000000000000000Xdeadbeef0|", false, true},
		{"bad flag", "0000000000000001deadbeef2|", false, true},
		{"no last access", v + "|{}", false, true},
		{"last access not a number", v + "|x|{}", false, true},
		{"bad JSON", v + "|1|{", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := decodeValue(tc.in, nil)
			if tc.err {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.tomb, e.cookie == nil)
		})
	}
	e, err := decodeValue(good, nil)
	require.NoError(t, err)
	assert.Equal(t, *storetest.SyntheticCookie(7), *e.cookie)
}

// FuzzDecodeValue: no value read from Redis makes decoding panic, and a
// value that decodes to a cookie encodes back to one that decodes the same.
func FuzzDecodeValue(f *testing.F) {
	const v = "0000000000000001deadbeef0"
	f.Add(storedValue(f, v, 7))
	f.Add(tombstoneOf(v) + "|")
	f.Add(v + "|1|{\"n\":\"a\",\"ps\":\"https://x.example\",\"px\":true}")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		e, err := decodeValue(in, nil)
		if err != nil || e.cookie == nil {
			return
		}
		b, err := encode(e.cookie)
		if err != nil {
			return // a partition that does not serialize
		}
		again, err := decodeValue(e.version+"|"+strconv.FormatInt(micros(e.cookie.LastAccess), 10)+"|"+string(b), nil)
		require.NoError(t, err)
		require.Equal(t, *e.cookie, *again.cookie)
	})
}

func TestParseEvent(t *testing.T) {
	const v = "0000000000000001deadbeef0"
	c := storetest.SyntheticCookie(3)
	rec, err := encode(c)
	require.NoError(t, err)
	entry := func(change func(map[string]any)) redis.XMessage {
		m := map[string]any{"n": "1", "k": "d", "v": v, "c": "1", "w": "deadbeef", "r": string(rec), "a": "5"}
		if change != nil {
			change(m)
		}
		return redis.XMessage{ID: "1-0", Values: m}
	}
	s := &Store{jar: "j"}
	for _, tc := range []struct {
		name   string
		change func(map[string]any)
		err    string
	}{
		{"a deletion", nil, ""},
		{"no kind", func(m map[string]any) { delete(m, "k") }, `kind ""`},
		{"unknown kind", func(m map[string]any) { m["k"] = "x" }, `kind "x"`},
		{"bad version", func(m map[string]any) { m["v"] = "1" }, `version "1"`},
		{"cause out of range", func(m map[string]any) { m["c"] = "99" }, `cause "99"`},
		{"cause not a number", func(m map[string]any) { m["c"] = "x" }, `cause "x"`},
		{"last access not a number", func(m map[string]any) { m["a"] = "x" }, `last access "x"`},
		{"bad cookie", func(m map[string]any) { m["r"] = "{" }, "log entry 1-0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := s.parseEvent(entry(tc.change))
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "d", e.kind)
			assert.Equal(t, cookiemonster.CauseExplicit, e.cause)
			assert.Equal(t, field(c.UniqueKey()), e.field)
			assert.Equal(t, c.Name, e.cookie.Name)
		})
	}
}
