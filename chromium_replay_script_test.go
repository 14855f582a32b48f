package cookiemonster_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/internal/golden"
)

// knownScriptDifferences is knownDifferences for the script scenarios of
// golden-script.json.
var knownScriptDifferences = map[string]string{}

// knownScriptBlockedDifferences is knownScriptDifferences for
// golden-script-3pc-blocked.json.
var knownScriptBlockedDifferences = map[string]string{}

// isScriptScenario reports whether r is a script scenario (script-*),
// which the script replay plays.
func isScriptScenario(r golden.Result) bool {
	return len(r.Steps) > 0 && strings.HasPrefix(r.Category, "script-")
}

// TestChromiumReplayScript replays the script scenarios (script-*) of
// golden-script.json: every document.cookie read and write and every
// CookieStore call goes through a RestrictedHandle bound to the frame's
// origin, and must return what Chromium returned (the values, the
// exceptions' names and messages, the change events), and the cookies
// stored at the end must be Chromium's.
func TestChromiumReplayScript(t *testing.T) {
	g := readGolden(t, "testdata/chromium/golden-script.json", golden.ProfileDefault)
	def := readGolden(t, "testdata/chromium/golden.json", golden.ProfileDefault)
	require.Equal(t, def.Chromium, g.Chromium, "recorded by the browser of the other golden files")
	steps := 0
	for _, r := range g.Results {
		require.Regexp(t, "^script-", r.ID)
		steps += len(r.Steps)
	}
	agree, known := replayAll(t, g.Results, knownScriptDifferences, func(r golden.Result) []string { return replayScript(t, r, nil) })
	t.Logf("%s, %s: %d scenarios (%d steps): %d passed, %d known differences", g.Chromium, g.Profile, len(g.Results), steps, agree, known)
}

// TestChromiumReplayScript3PCBlocked replays the script scenarios recorded
// with third-party cookies blocked (golden-script-3pc-blocked.json)
// through RestrictedHandles on a Monster whose CookieSettings block them:
// a cross-site iframe's script sees and sets only partitioned cookies.
func TestChromiumReplayScript3PCBlocked(t *testing.T) {
	def := readGolden(t, "testdata/chromium/golden-script.json", golden.ProfileDefault)
	g := readGolden(t, "testdata/chromium/golden-script-3pc-blocked.json", golden.Profile3PCBlocked)
	require.Equal(t, def.Chromium, g.Chromium, "both profiles recorded by one browser")
	require.Len(t, g.Results, len(def.Results), "every script scenario in both profiles")
	for i, r := range g.Results {
		require.Equal(t, def.Results[i].ID, r.ID)
	}
	settings := cookiemonster.NewCookieSettings(nil)
	settings.SetBlockThirdParty(true)
	agree, known := replayAll(t, g.Results, knownScriptBlockedDifferences, func(r golden.Result) []string { return replayScript(t, r, settings) })
	t.Logf("%s, %s: %d scenarios: %d passed, %d known differences", g.Chromium, g.Profile, len(g.Results), agree, known)
}

// scriptReplay replays a script scenario: the steps that are not script
// go through stepReplay; the script ones through RestrictedHandles.
type scriptReplay struct {
	*stepReplay
	// listening holds the change listeners of the documents, by frame.
	listening map[int]*docListener
}

// docListener collects the change events of one document's cookieStore.
type docListener struct {
	doc    *url.URL // the document, as the tab's frames have it
	cancel func()
	mu     sync.Mutex
	events []cookiemonster.CookieChangeEvent
}

// replayScript plays a recorded script scenario through a fresh Monster
// with the policy, each step at the time the recorder played it, and
// returns how the outcome differs.
func replayScript(t *testing.T, r golden.Result, policy cookiemonster.Policy) []string {
	t.Helper()
	s := &stepReplay{t: t, now: r.Time}
	m, err := cookiemonster.New(cookiemonster.Config{Now: func() time.Time { return s.now }, Policy: policy})
	require.NoError(t, err)
	defer func() { _ = m.Close() }()
	s.m = m
	sr := &scriptReplay{stepReplay: s, listening: map[int]*docListener{}}
	defer func() {
		for _, l := range sr.listening {
			l.cancel()
		}
	}()
	for i, st := range r.Steps {
		res := r.StepResults[i]
		s.now = res.Time
		if res.Error != "" {
			s.diffs = append(s.diffs, fmt.Sprintf("step %d (%s): not played as planned: %s", i, st.Kind, res.Error))
		}
		switch {
		case st.Kind == golden.StepScriptGet:
			sr.documentCookie(i, st, res)
		case st.Kind == golden.StepScriptSet:
			if h, u := sr.handle(i, st.Frame); h != nil {
				_, err := h.SetDocumentCookie(context.Background(), u, st.Cookie)
				if err != nil && !errors.Is(err, cookiemonster.ErrCookieRejected) {
					require.NoError(t, err)
				}
			}
			sr.documentCookie(i, st, res)
		case golden.IsCookieStoreStep(st.Kind):
			sr.cookieStore(i, st, res)
		default:
			s.step(i, st, res)
		}
	}
	s.diffs = append(s.diffs, compareStored(t, m, r.Cookies)...)
	return s.diffs
}

// handle returns the restricted handle of the document in frame and its
// URL, or nil when there is no such document.
func (sr *scriptReplay) handle(i, frame int) (*cookiemonster.RestrictedHandle, *url.URL) {
	if frame < 0 || frame >= len(sr.frames) {
		sr.diffs = append(sr.diffs, fmt.Sprintf("step %d: no document in frame %d", i, frame))
		return nil, nil
	}
	u := sr.frames[frame]
	h, err := sr.m.Restricted(u, cookiemonster.FrameContext{Ancestors: sr.frames[:frame]})
	require.NoError(sr.t, err)
	return h, u
}

// documentCookie compares document.cookie read through the handle.
func (sr *scriptReplay) documentCookie(i int, st golden.Step, res golden.StepResult) {
	h, u := sr.handle(i, st.Frame)
	if h == nil {
		return
	}
	got, err := h.DocumentCookie(context.Background(), u)
	require.NoError(sr.t, err)
	if got != res.DocumentCookie {
		sr.diffs = append(sr.diffs, fmt.Sprintf("step %d (%s in frame %d): document.cookie %q, Chromium %q", i, st.Kind, st.Frame, got, res.DocumentCookie))
	}
}

// cookieStore replays a cookiestore step and compares how it settled.
func (sr *scriptReplay) cookieStore(i int, st golden.Step, res golden.StepResult) {
	want := res.CookieStore
	if want == nil {
		sr.diffs = append(sr.diffs, fmt.Sprintf("step %d (%s): no outcome recorded", i, st.Kind))
		return
	}
	h, u := sr.handle(i, st.Frame)
	if h == nil {
		return
	}
	var got golden.CookieStoreOutcome
	cs, err := h.CookieStore(u)
	switch {
	case errors.Is(err, cookiemonster.ErrNotSecureContext):
		// The page finds no window.cookieStore.
		got.ErrorName, got.ErrorMessage = "NoCookieStore", "window.cookieStore is undefined"
	case st.Kind == golden.StepCookieStoreChanges:
		require.NoError(sr.t, err)
		got.Value = sr.changes(st.Frame, cs, u)
	default:
		require.NoError(sr.t, err)
		args := st.Args
		if want.Args != nil {
			args = want.Args
		}
		got = callCookieStore(sr.t, cs, st.Kind, args)
	}
	if got.ErrorName != want.ErrorName || got.ErrorMessage != want.ErrorMessage {
		sr.diffs = append(sr.diffs, fmt.Sprintf("step %d (%s %s in frame %d): rejected with %s %q, Chromium %s %q",
			i, st.Kind, st.Args, st.Frame, got.ErrorName, got.ErrorMessage, want.ErrorName, want.ErrorMessage))
		return
	}
	if !sameJSONValue(got.Value, want.Value) {
		sr.diffs = append(sr.diffs, fmt.Sprintf("step %d (%s %s in frame %d): resolved with %s, Chromium %s",
			i, st.Kind, st.Args, st.Frame, got.Value, want.Value))
	}
}

// changes returns the JSON of the change events of the document in frame
// since its last cookiestore-changes step. A document listens from its
// first such step on, as the recorder's page does.
func (sr *scriptReplay) changes(frame int, cs *cookiemonster.CookieStore, doc *url.URL) json.RawMessage {
	l := sr.listening[frame]
	if l != nil && l.doc != doc {
		l.cancel() // another document now
		l = nil
	}
	if l == nil {
		l = &docListener{doc: doc}
		l.cancel = cs.OnChange(func(ev cookiemonster.CookieChangeEvent) {
			l.mu.Lock()
			l.events = append(l.events, ev)
			l.mu.Unlock()
		})
		sr.listening[frame] = l
	}
	l.mu.Lock()
	events := append([]cookiemonster.CookieChangeEvent{}, l.events...)
	l.events = nil
	l.mu.Unlock()
	b, err := json.Marshal(events)
	require.NoError(sr.t, err)
	return b
}

// callCookieStore makes the call of a cookiestore step, whose arguments
// are a JSON array as the page passed them, and returns how it settled.
func callCookieStore(t *testing.T, cs *cookiemonster.CookieStore, kind string, rawArgs json.RawMessage) golden.CookieStoreOutcome {
	t.Helper()
	ctx := context.Background()
	var args []json.RawMessage
	if len(rawArgs) > 0 {
		require.NoError(t, json.Unmarshal(rawArgs, &args))
	}
	var out golden.CookieStoreOutcome
	var err error
	switch kind {
	case golden.StepCookieStoreGet, golden.StepCookieStoreGetAll:
		var opts cookiemonster.CookieStoreGetOptions
		if len(args) > 0 {
			var name string
			if json.Unmarshal(args[0], &name) == nil {
				opts.Name = &name
			} else {
				fields := jsObject(t, args[0])
				opts.Name, opts.URL = jsString(t, fields, "name"), jsString(t, fields, "url")
			}
		}
		var v any
		if kind == golden.StepCookieStoreGet {
			var item *cookiemonster.CookieListItem
			item, err = cs.Get(ctx, opts)
			v = item
		} else {
			v, err = cs.GetAll(ctx, opts)
		}
		if err == nil {
			out.Value, err = json.Marshal(v)
			require.NoError(t, err)
		}
	case golden.StepCookieStoreSet:
		var c cookiemonster.CookieInit
		var name string
		if len(args) == 2 && json.Unmarshal(args[0], &name) == nil {
			c.Name = name
			require.NoError(t, json.Unmarshal(args[1], &c.Value))
		} else {
			require.Len(t, args, 1, "set(options)")
			fields := jsObject(t, args[0])
			c.Name, c.Value = deref(jsString(t, fields, "name")), deref(jsString(t, fields, "value"))
			c.Domain, c.Path = jsString(t, fields, "domain"), jsString(t, fields, "path")
			c.SameSite = cookiemonster.CookieSameSite(deref(jsString(t, fields, "sameSite")))
			c.Partitioned = jsBool(t, fields, "partitioned")
			if raw, ok := fields["maxAge"]; ok {
				var sec float64
				require.NoError(t, json.Unmarshal(raw, &sec))
				d := time.Duration(sec * float64(time.Second))
				c.MaxAge = &d
			}
			if raw, ok := fields["expires"]; ok && string(raw) != "null" {
				var ms float64
				require.NoError(t, json.Unmarshal(raw, &ms))
				c.Expires = time.Unix(0, int64(math.Round(ms*1e6)))
			}
		}
		err = cs.Set(ctx, c)
	case golden.StepCookieStoreDelete:
		var o cookiemonster.CookieStoreDeleteOptions
		require.Len(t, args, 1, "delete(name) or delete(options)")
		if json.Unmarshal(args[0], &o.Name) != nil {
			fields := jsObject(t, args[0])
			o.Name = deref(jsString(t, fields, "name"))
			o.Domain, o.Path = jsString(t, fields, "domain"), jsString(t, fields, "path")
			o.Partitioned = jsBool(t, fields, "partitioned")
		}
		err = cs.Delete(ctx, o)
	default:
		t.Fatalf("not a CookieStore call: %s", kind)
	}
	var cse *cookiemonster.CookieStoreError
	switch {
	case errors.As(err, &cse):
		out.ErrorName, out.ErrorMessage = cse.Name, cse.Message()
	default:
		require.NoError(t, err)
	}
	return out
}

// jsObject decodes a JavaScript object argument into its members.
func jsObject(t *testing.T, raw json.RawMessage) map[string]json.RawMessage {
	t.Helper()
	var fields map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &fields), "an object argument: %s", raw)
	return fields
}

// jsString returns the string member name, nil when it is absent or null.
func jsString(t *testing.T, fields map[string]json.RawMessage, name string) *string {
	t.Helper()
	raw, ok := fields[name]
	if !ok || string(raw) == "null" {
		return nil
	}
	var s string
	require.NoError(t, json.Unmarshal(raw, &s), "member %s", name)
	return &s
}

// jsBool returns the boolean member name, false when absent.
func jsBool(t *testing.T, fields map[string]json.RawMessage, name string) bool {
	t.Helper()
	raw, ok := fields[name]
	if !ok {
		return false
	}
	var b bool
	require.NoError(t, json.Unmarshal(raw, &b), "member %s", name)
	return b
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// sameJSONValue reports whether a and b hold the same JSON value (both
// empty: undefined); the members named expires, milliseconds since the
// epoch, may differ by the expiry tolerance.
func sameJSONValue(a, b json.RawMessage) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return jsonClose(x, y, "")
}

func jsonClose(x, y any, key string) bool {
	switch xv := x.(type) {
	case map[string]any:
		yv, ok := y.(map[string]any)
		if !ok || len(xv) != len(yv) {
			return false
		}
		for k, v := range xv {
			w, ok := yv[k]
			if !ok || !jsonClose(v, w, k) {
				return false
			}
		}
		return true
	case []any:
		yv, ok := y.([]any)
		if !ok || len(xv) != len(yv) {
			return false
		}
		for i := range xv {
			if !jsonClose(xv[i], yv[i], key) {
				return false
			}
		}
		return true
	case float64:
		yv, ok := y.(float64)
		if key == "expires" && ok {
			return math.Abs(xv-yv) <= float64(expiryTolerance/time.Millisecond)
		}
		return ok && xv == yv
	}
	return reflect.DeepEqual(x, y)
}
