package main

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/internal/golden"
	"github.com/cookiemonster-go/cookiemonster/sqlitestore"
)

// The step types of the golden file.
type (
	Step         = golden.Step
	StoredCookie = golden.StoredCookie
	Hop          = golden.Hop
	StepResult   = golden.StepResult
	StepRequest  = golden.StepRequest
)

// hopParam is the query parameter that names a hop: "ID.step.hop".
const hopParam = "h"

// hopAnswer is how the server answers one hop of a step.
type hopAnswer struct {
	kind      string // the step's kind
	index     int    // the hop's index in the step
	setCookie []string
	location  string // the next hop's URL, for a redirect
}

// stepLog collects the requests of the steps that reach the servers.
type stepLog struct {
	mu       sync.Mutex
	answers  map[string]hopAnswer
	requests []StepRequest
}

// addScenario registers the hops of a scenario with steps, whose URLs carry
// their ports and hop parameters already.
func (l *stepLog) addScenario(id string, steps []Step) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.answers == nil {
		l.answers = map[string]hopAnswer{}
	}
	for i, st := range steps {
		for j, h := range st.Hops {
			a := hopAnswer{kind: st.Kind, index: j, setCookie: h.SetCookie}
			if j+1 < len(st.Hops) {
				a.location = st.Hops[j+1].URL
			}
			l.answers[hopName(id, i, j)] = a
		}
	}
}

// hopName is the value of the hop parameter of hop j of step i.
func hopName(id string, i, j int) string { return fmt.Sprintf("%s.%d.%d", id, i, j) }

// take returns the requests logged since the last call and forgets them.
func (l *stepLog) take() []StepRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	r := l.requests
	l.requests = nil
	return r
}

// seen reports whether a request for the hop named name has arrived since
// the last take.
func (l *stepLog) seen(name string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range l.requests {
		if hopOf(r.URL) == name {
			return true
		}
	}
	return false
}

// hopOf returns the hop parameter of a URL, "" if none.
func hopOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Query().Get(hopParam)
}

// serve answers a request for a hop and logs it; it reports false for a
// request that names no hop.
func (l *stepLog) serve(w http.ResponseWriter, r *http.Request) bool {
	name := r.URL.Query().Get(hopParam)
	if name == "" {
		return false
	}
	l.mu.Lock()
	a, ok := l.answers[name]
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	websocket := strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
	if websocket {
		scheme = map[string]string{"http": "ws", "https": "wss"}[scheme]
	}
	vals := r.Header.Values("Cookie")
	l.requests = append(l.requests, StepRequest{
		URL:       scheme + "://" + r.Host + r.URL.RequestURI(),
		Hop:       a.index,
		Method:    r.Method,
		Cookie:    strings.Join(vals, "\n"),
		HasCookie: len(vals) > 0,
	})
	l.mu.Unlock()
	if !ok {
		http.Error(w, "unknown hop", http.StatusNotFound)
		return true
	}
	var b strings.Builder
	switch {
	case websocket:
		accept := sha1.Sum([]byte(r.Header.Get("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
		b.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
		b.WriteString("Sec-WebSocket-Accept: " + base64.StdEncoding.EncodeToString(accept[:]) + "\r\n")
	case a.location != "":
		b.WriteString("HTTP/1.1 302 Found\r\nLocation: " + a.location + "\r\n")
	default:
		b.WriteString("HTTP/1.1 200 OK\r\n")
	}
	if o := r.Header.Get("Origin"); o != "" && !websocket {
		b.WriteString("Access-Control-Allow-Origin: " + o + "\r\nAccess-Control-Allow-Credentials: true\r\n")
	}
	for _, line := range a.setCookie {
		b.WriteString("Set-Cookie: " + line + "\r\n")
	}
	body := ""
	if !websocket {
		body = agentPage
		ctype := "text/html; charset=utf-8"
		switch {
		case a.location != "":
			body = ""
		case a.kind == golden.StepImage:
			body, ctype = pixelGIF, "image/gif"
		case a.kind == golden.StepFetch:
			body, ctype = "ok", "text/plain"
		}
		b.WriteString("Content-Type: " + ctype + "\r\nCache-Control: no-store\r\nConnection: close\r\n")
		b.WriteString("Content-Length: " + strconv.Itoa(len(body)) + "\r\n")
	}
	b.WriteString("\r\n" + body)
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return true
	}
	defer func() { _ = conn.Close() }()
	_, _ = buf.WriteString(b.String())
	_ = buf.Flush()
	if websocket {
		// Wait for the client to close the socket.
		_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, _ = io.Copy(io.Discard, buf)
	}
	return true
}

// pixelGIF is a 1×1 transparent GIF.
var pixelGIF = string([]byte{
	'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff,
	'!', 0xf9, 4, 1, 0, 0, 0, 0, ',', 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 'D', 1, 0, ';',
})

// agentPage is every document the steps load. Its script runs one
// operation for the recorder, or for its parent frame through postMessage,
// and relays operations to the iframe it embedded last.
const agentPage = `<!doctype html><meta charset="utf-8"><title>cookiemonster recorder</title><body><script>
(() => {
  let frame = null;
  const within = (p, ms) => Promise.race([p, new Promise(r => setTimeout(() => r("timeout"), ms))]);
  window.__op = async (c) => {
    switch (c.k) {
    case "get":
      return document.cookie;
    case "set":
      document.cookie = c.v;
      return document.cookie;
    case "img":
      return within(new Promise(r => {
        const i = new Image();
        i.onload = () => r("load");
        i.onerror = () => r("error");
        i.src = c.u;
      }), 10000);
    case "fetch":
      try {
        const resp = await fetch(c.u, {credentials: "include"});
        return "status " + resp.status;
      } catch (e) {
        return "error " + e.name;
      }
    case "ws":
      return within(new Promise(r => {
        let ws;
        try {
          ws = new WebSocket(c.u);
        } catch (e) {
          r("error " + e.name);
          return;
        }
        ws.onopen = () => { ws.close(); r("open"); };
        ws.onerror = () => r("error");
      }), 10000);
    case "iframe":
      return within(new Promise(r => {
        const f = document.createElement("iframe");
        f.onload = () => r("load");
        f.src = c.u;
        document.body.appendChild(f);
        frame = f;
      }), 10000);
    case "rsa":
      return within(document.requestStorageAccess().then(() => "resolved", (e) => "rejected " + e.name), 10000);
    case "hsa":
      return within(document.hasStorageAccess().then(String, (e) => "rejected " + e.name), 10000);
    case "link": {
      const a = document.createElement("a");
      a.href = c.u;
      a.textContent = "next";
      document.body.appendChild(a);
      a.click();
      return "";
    }
    case "post": {
      const f = document.createElement("form");
      f.method = "POST";
      f.action = c.u;
      const i = document.createElement("input");
      i.name = "x";
      i.value = "1";
      f.appendChild(i);
      document.body.appendChild(f);
      f.submit();
      return "";
    }
    case "frame": {
      if (!frame) return "no frame";
      const id = Math.random().toString(36).slice(2);
      return within(new Promise(r => {
        const h = (e) => {
          if (e.data && e.data.re === id) {
            removeEventListener("message", h);
            r(e.data.r);
          }
        };
        addEventListener("message", h);
        frame.contentWindow.postMessage({op: c.c, id}, "*");
      }), 15000);
    }
    }
    return "unknown operation " + c.k;
  };
  addEventListener("message", async (e) => {
    if (e.source === parent && e.source !== window && e.data && e.data.op) {
      const r = await window.__op(e.data.op);
      parent.postMessage({re: e.data.id, r}, "*");
    }
  });
})();
</script>` + cookieStoreAgent

// op is one operation of the agent script.
type op struct {
	K string `json:"k"`
	U string `json:"u,omitempty"`
	V string `json:"v,omitempty"`
	C *op    `json:"c,omitempty"`
}

// inFrame wraps o so that the document in frame runs it.
func inFrame(o op, frame int) op {
	for ; frame > 0; frame-- {
		inner := o
		o = op{K: "frame", C: &inner}
	}
	return o
}

// runOp runs o in the top-level document and returns its result.
func runOp(ctx context.Context, o op) (string, error) {
	b, err := json.Marshal(o)
	if err != nil {
		return "", err
	}
	ectx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	return chromedp.Run(ectx, chromedp.Evaluate[string]("window.__op("+string(b)+")", chromedp.EvalAwaitPromise))
}

// withPorts returns the scenario's steps with the servers' ports and the
// hop parameters in their URLs.
func withPorts(id string, steps []Step, ports map[string]int) []Step {
	out := make([]Step, len(steps))
	for i, st := range steps {
		out[i] = st
		out[i].Hops = make([]Hop, len(st.Hops))
		for j, h := range st.Hops {
			u := withPort(h.URL, ports)
			sep := "?"
			if strings.Contains(u, "?") {
				sep = "&"
			}
			out[i].Hops[j] = Hop{URL: u + sep + hopParam + "=" + hopName(id, i, j), SetCookie: h.SetCookie}
		}
	}
	return out
}

// recordSteps plays a scenario with steps, whose URLs carry their ports, on
// a browser without cookies but those the scenario stored, whose ages count
// back from storedAt.
func recordSteps(parent context.Context, log *stepLog, sc Scenario, storedAt time.Time) (Result, error) {
	ctx, cancel := context.WithTimeout(parent, time.Minute+time.Duration(scenarioWait(sc))*time.Second)
	defer cancel()
	r := Result{Scenario: sc}
	if len(sc.Stored) > 0 {
		// A read of every cookie waits until the whole database is
		// loaded; a step could otherwise run while only its own site's
		// cookies are, and the global limit would not see the others.
		r.StoredAt = storedAt
		if _, err := storedCookies(ctx); err != nil {
			return Result{}, err
		}
	} else if _, err := chromedp.Call(ctx, storage.ClearCookies, storage.ClearCookiesParams{}); err != nil {
		return Result{}, err
	}
	if e := navigate(ctx, "about:blank"); e != "" {
		return Result{}, fmt.Errorf("about:blank: %s", e)
	}
	log.take()
	r.Time = time.Now().UTC()
	for _, st := range sc.Steps {
		sr := StepResult{Time: time.Now().UTC()}
		var err error
		sr.Outcome, err = playStep(ctx, log, st)
		if err != nil {
			sr.Error = err.Error()
		}
		if st.Kind == golden.StepScriptGet || st.Kind == golden.StepScriptSet {
			sr.DocumentCookie, sr.Outcome = sr.Outcome, ""
		}
		if golden.IsCookieStoreStep(st.Kind) && err == nil {
			if sr.CookieStore, err = cookieStoreOutcome(st, sr.Outcome); err != nil {
				return Result{}, err
			}
			sr.Outcome = ""
		}
		sr.Requests = log.take()
		r.StepResults = append(r.StepResults, sr)
	}
	cookies, err := storedCookies(ctx)
	if err != nil {
		return Result{}, err
	}
	r.Cookies = cookies
	return r, nil
}

// scenarioWait is how many seconds the wait steps of sc last.
func scenarioWait(sc Scenario) int {
	n := 0
	for _, st := range sc.Steps {
		n += st.Wait
	}
	return n
}

// errNotReached: a navigation's last hop never reached the server.
var errNotReached = errors.New("the navigation did not reach its last hop")

// playStep plays one step and returns its outcome.
func playStep(ctx context.Context, log *stepLog, st Step) (string, error) {
	first := ""
	if len(st.Hops) > 0 {
		first = st.Hops[0].URL
	}
	switch st.Kind {
	case golden.StepNavigate:
		if e := navigate(ctx, first); e != "" {
			return "", errors.New(e)
		}
		return "", nil
	case golden.StepLink, golden.StepPost:
		k := map[string]string{golden.StepLink: "link", golden.StepPost: "post"}[st.Kind]
		b, err := json.Marshal(op{K: k, U: first})
		if err != nil {
			return "", err
		}
		nctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		_, err = chromedp.RunResponse(nctx, chromedp.Evaluate[chromedp.Void]("window.__op("+string(b)+")"))
		if err != nil {
			return "", err
		}
		if !log.seen(hopOf(st.Hops[len(st.Hops)-1].URL)) {
			return "", errNotReached
		}
		return "", nil
	case golden.StepImage:
		return runOp(ctx, inFrame(op{K: "img", U: first}, st.Frame))
	case golden.StepIframe:
		return runOp(ctx, inFrame(op{K: "iframe", U: first}, st.Frame))
	case golden.StepFetch:
		return runOp(ctx, inFrame(op{K: "fetch", U: first}, st.Frame))
	case golden.StepWebSocket:
		return runOp(ctx, inFrame(op{K: "ws", U: first}, st.Frame))
	case golden.StepScriptGet:
		return runOp(ctx, inFrame(op{K: "get"}, st.Frame))
	case golden.StepScriptSet:
		return runOp(ctx, inFrame(op{K: "set", V: st.Cookie}, st.Frame))
	case golden.StepRequestStorageAccess, golden.StepHasStorageAccess:
		return storageAccessStep(ctx, st)
	case golden.StepCookieStoreGet, golden.StepCookieStoreGetAll, golden.StepCookieStoreSet,
		golden.StepCookieStoreDelete, golden.StepCookieStoreChanges:
		return playCookieStore(ctx, st)
	case golden.StepWait:
		select {
		case <-time.After(time.Duration(st.Wait) * time.Second):
			return "", nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	return "", fmt.Errorf("unknown step kind %q", st.Kind)
}

// storedCookies returns every cookie of the browser, sorted.
func storedCookies(ctx context.Context) ([]Cookie, error) {
	got, err := chromedp.Call(ctx, storage.GetCookies, storage.GetCookiesParams{})
	if err != nil {
		return nil, err
	}
	out := []Cookie{}
	for _, c := range got.Cookies {
		out = append(out, fromCDP(c))
	}
	sort.Slice(out, func(i, j int) bool { return cookieLess(out[i], out[j]) })
	return out, nil
}

// fromCDP maps a cookie of the DevTools protocol to the golden format.
func fromCDP(c *network.Cookie) Cookie {
	k := Cookie{
		Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path, Expires: c.Expires,
		Secure: c.Secure, HTTPOnly: c.HTTPOnly, SameSite: string(c.SameSite),
		Priority: string(c.Priority), SourceScheme: string(c.SourceScheme), SourcePort: c.SourcePort,
		PartitionKeyOpaque: c.PartitionKeyOpaque,
	}
	if c.PartitionKey != nil {
		k.PartitionKey = c.PartitionKey.TopLevelSite
		k.CrossSiteAncestor = c.PartitionKey.HasCrossSiteAncestor
	}
	return k
}

// cookieLess orders cookies by name, domain, path, then partition.
func cookieLess(a, b Cookie) bool {
	if a.Name != b.Name {
		return a.Name < b.Name
	}
	if a.Domain != b.Domain {
		return a.Domain < b.Domain
	}
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	if a.PartitionKey != b.PartitionKey {
		return a.PartitionKey < b.PartitionKey
	}
	return !a.CrossSiteAncestor && b.CrossSiteAncestor
}

// listCorpus prints the scenarios whose ID starts with only, then how many
// there are of each category.
func listCorpus(w io.Writer, only string) {
	counts := map[string]int{}
	var cats []string
	for _, sc := range Corpus() {
		if !strings.HasPrefix(sc.ID, only) {
			continue
		}
		if counts[sc.Category] == 0 {
			cats = append(cats, sc.Category)
		}
		counts[sc.Category]++
		note := sc.Note
		if note == "" {
			note = fmt.Sprintf("%q", sc.SetCookie)
		}
		fmt.Fprintf(w, "%s\t%d steps\t%s\n", sc.ID, len(sc.Steps), note)
	}
	total := 0
	for _, c := range cats {
		fmt.Fprintf(w, "%-14s %4d\n", c, counts[c])
		total += counts[c]
	}
	fmt.Fprintf(w, "%-14s %4d\n", "total", total)
}

// writeStored writes the stored cookies of the scenarios into the cookie
// database of the profile in dir, which Chromium 156 keeps in
// Default/Cookies in the layout of schema version 24, and returns the
// instant their ages count back from.
func writeStored(dir string, scenarios []Scenario) (time.Time, error) {
	at := time.Now().UTC()
	var stored []Scenario
	for _, sc := range scenarios {
		if len(sc.Stored) > 0 {
			stored = append(stored, sc)
		}
	}
	if len(stored) == 0 {
		return at, nil
	}
	if err := os.MkdirAll(filepath.Join(dir, "Default"), 0o755); err != nil {
		return at, err
	}
	db, err := sqlitestore.Open(filepath.Join(dir, "Default", "Cookies"), nil)
	if err != nil {
		return at, err
	}
	for _, sc := range stored {
		r := Result{Scenario: sc, StoredAt: at}
		for i, s := range sc.Stored {
			u, err := url.Parse(s.URL)
			if err != nil {
				_ = db.Close()
				return at, err
			}
			created := r.StoredCreation(i)
			c, st := cookiemonster.NewCanonicalCookie(u, s.Line, created, cookiemonster.CreateOptions{})
			if !st.IsInclude() {
				_ = db.Close()
				return at, fmt.Errorf("%s: stored cookie %q: %v", sc.ID, s.Line, st)
			}
			c.LastAccess, c.LastUpdate = created, created
			db.Add(c)
		}
	}
	if err := db.Close(); err != nil {
		return at, fmt.Errorf("writing the stored cookies: %w", err)
	}
	return at, nil
}
