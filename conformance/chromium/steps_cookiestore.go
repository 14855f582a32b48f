package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cookiemonster-go/cookiemonster/internal/golden"
)

// cookieStoreAgent is the part of the agent page that runs the CookieStore
// calls: it wraps window.__op with two more operations, "cs" (a call of
// cookieStore, its method and arguments in v as JSON) and "csev" (the
// change events fired since the last "csev"), each answered with JSON. The
// document's first "csev" adds its change listener, so that a document
// that makes no such step listens to nothing.
const cookieStoreAgent = `<script>
(() => {
  const base = window.__op;
  const events = [];
  let listening = false;
  const listen = () => {
    if (listening || !window.cookieStore) return;
    listening = true;
    cookieStore.addEventListener("change", (e) => {
      events.push(JSON.parse(JSON.stringify({changed: e.changed, deleted: e.deleted})));
    });
  };
  const resolveNow = (x) => {
    if (Array.isArray(x)) return x.map(resolveNow);
    if (x && typeof x === "object") {
      if (Object.keys(x).length === 1 && typeof x["$now"] === "number") return Date.now() + x["$now"];
      const out = {};
      for (const k of Object.keys(x)) out[k] = resolveNow(x[k]);
      return out;
    }
    return x;
  };
  const settle = (p, ms) => Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error("timeout")), ms))]);
  window.__op = async (c) => {
    switch (c.k) {
    case "cs": {
      const call = JSON.parse(c.v);
      const args = resolveNow(call.a);
      const out = {a: args};
      if (!window.cookieStore) {
        out.e = {name: "NoCookieStore", message: "window.cookieStore is " + typeof window.cookieStore};
        return JSON.stringify(out);
      }
      try {
        const v = await settle(cookieStore[call.m](...args), 10000);
        if (v !== undefined) out.v = v;
      } catch (e) {
        out.e = {name: String(e && e.name), message: String(e && e.message)};
      }
      return JSON.stringify(out);
    }
    case "csev":
      listen();
      await new Promise((r) => setTimeout(r, 500));
      return JSON.stringify({v: events.splice(0)});
    }
    return base(c);
  };
})();
</script>`

// cookieStoreMethods maps the cookiestore steps to the methods they call.
var cookieStoreMethods = map[string]string{
	golden.StepCookieStoreGet:    "get",
	golden.StepCookieStoreGetAll: "getAll",
	golden.StepCookieStoreSet:    "set",
	golden.StepCookieStoreDelete: "delete",
}

// playCookieStore plays a cookiestore step and returns the agent's JSON
// answer.
func playCookieStore(ctx context.Context, st Step) (string, error) {
	if st.Kind == golden.StepCookieStoreChanges {
		return runOp(ctx, inFrame(op{K: "csev"}, st.Frame))
	}
	m, ok := cookieStoreMethods[st.Kind]
	if !ok {
		return "", fmt.Errorf("unknown step kind %q", st.Kind)
	}
	args := st.Args
	if len(args) == 0 {
		args = json.RawMessage("[]")
	}
	call, err := json.Marshal(struct {
		M string          `json:"m"`
		A json.RawMessage `json:"a"`
	}{m, args})
	if err != nil {
		return "", err
	}
	return runOp(ctx, inFrame(op{K: "cs", V: string(call)}, st.Frame))
}

// cookieStoreOutcome reads the agent's answer to a cookiestore step.
func cookieStoreOutcome(st Step, answer string) (*golden.CookieStoreOutcome, error) {
	var a struct {
		A json.RawMessage `json:"a"`
		V json.RawMessage `json:"v"`
		E *struct {
			Name    string `json:"name"`
			Message string `json:"message"`
		} `json:"e"`
	}
	if err := json.Unmarshal([]byte(answer), &a); err != nil {
		return nil, fmt.Errorf("the agent's answer %q: %w", answer, err)
	}
	out := &golden.CookieStoreOutcome{Value: a.V}
	if a.E != nil {
		out.ErrorName, out.ErrorMessage = a.E.Name, a.E.Message
	}
	if a.A != nil && !sameJSON(a.A, st.Args) {
		out.Args = a.A
	}
	return out, nil
}

// sameJSON reports whether a and b hold the same JSON value; an empty b is
// the empty array.
func sameJSON(a, b json.RawMessage) bool {
	if len(b) == 0 {
		b = json.RawMessage("[]")
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	ax, err1 := json.Marshal(x)
	by, err2 := json.Marshal(y)
	return err1 == nil && err2 == nil && string(ax) == string(by)
}
