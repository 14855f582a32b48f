// Command chromium records how headless Chromium stores and sends cookies
// for the scenarios of [Corpus], and writes the results as the golden file
// the root module's replay test reads.
//
// Every server it starts listens on 127.0.0.1 only, and Chromium resolves
// every host name to 127.0.0.1, so nothing leaves the loopback interface.
//
//	go run . -out ../../testdata/chromium/golden.json
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"flag"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"github.com/cookiemonster-go/cookiemonster/internal/golden"
)

// The golden file's types, shared with the replay test.
type (
	Golden   = golden.File
	Result   = golden.Result
	Cookie   = golden.Cookie
	Request  = golden.Request
	Scenario = golden.Scenario
)

func main() {
	out := flag.String("out", "../../testdata/chromium/golden.json", "golden file to write")
	bin := flag.String("chromium", "/usr/bin/chromium", "Chromium binary")
	only := flag.String("only", "", "record only scenarios whose ID has this prefix")
	flag.IntVar(&parallel, "parallel", parallel, "browsers run at once; fewer on a busy machine")
	list := flag.Bool("list", false, "list the scenarios and count them by category instead of recording")
	flag.Parse()
	if *list {
		listCorpus(os.Stdout, *only)
		return
	}
	if err := run(*out, *bin, *only); err != nil {
		log.Fatal(err)
	}
}

// server answers the recorder's navigations: a request with the query
// s=ID gets that scenario's Set-Cookie lines (and Date) verbatim; any other
// request has its Cookie header recorded under its scheme, host and path.
type server struct {
	scenarios map[string]Scenario
	// steps answers and logs the requests of the scenarios with steps.
	steps stepLog

	mu   sync.Mutex
	seen map[string][]string
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.steps.serve(w, r) {
		return
	}
	if id := r.URL.Query().Get("s"); id != "" {
		s.writeRaw(w, s.scenarios[id])
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	key := scheme + "://" + r.Host + r.URL.EscapedPath()
	s.mu.Lock()
	if s.seen != nil {
		s.seen[key] = append([]string{}, r.Header.Values("Cookie")...)
	}
	s.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/html")
	_, _ = w.Write([]byte("ok"))
}

// writeRaw answers with the scenario's Set-Cookie lines and Date byte for
// byte, bypassing any header sanitizing of net/http.
func (s *server) writeRaw(w http.ResponseWriter, sc Scenario) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer func() { _ = conn.Close() }()
	var b strings.Builder
	b.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nCache-Control: no-store\r\nContent-Length: 2\r\nConnection: close\r\n")
	if sc.Date != "" {
		b.WriteString("Date: " + sc.Date + "\r\n")
	}
	for _, l := range sc.SetCookie {
		b.WriteString("Set-Cookie: " + l + "\r\n")
	}
	b.WriteString("\r\nok")
	_, _ = buf.WriteString(b.String())
	_ = buf.Flush()
}

// reset starts recording Cookie headers afresh.
func (s *server) reset() {
	s.mu.Lock()
	s.seen = map[string][]string{}
	s.mu.Unlock()
}

// got returns the Cookie headers recorded for key.
func (s *server) got(key string) ([]string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.seen[key]
	return v, ok
}

// selfSigned returns a throwaway certificate made in memory.
func selfSigned() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "cookiemonster recorder"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// withPort puts the port of u's scheme into u, which has none.
func withPort(u string, ports map[string]int) string {
	scheme, rest, _ := strings.Cut(u, "://")
	host, path, _ := strings.Cut(rest, "/")
	return fmt.Sprintf("%s://%s:%d/%s", scheme, host, ports[scheme], path)
}

// recordKey is the key under which the server records a request to u.
func recordKey(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	scheme, rest, _ := strings.Cut(u, "://")
	host, path, _ := strings.Cut(rest, "/")
	return scheme + "://" + strings.ToLower(host) + "/" + path
}

// chunkSize is how many scenarios one browser plays before it is replaced
// by a fresh one; chunks run in parallel.
const chunkSize = 20

// parallel is how many browsers run at once (-parallel), not counting
// those that play a scenario with a wait step, which idle most of the time.
var parallel = 4

// job is one chunk of scenarios to record in one profile.
type job struct {
	profile   string
	scenarios []Scenario
	waits     bool // a scenario waits: the job runs outside the limit
}

// jobs splits the scenarios into chunks for each profile: every scenario in
// the default profile, the context scenarios (with steps, category ctx-*)
// in the profile that blocks third-party cookies too. A scenario with a
// wait step gets a chunk and a browser of its own, so that its wait
// overlaps with the others' work; so does one with stored cookies, which
// its browser loads at start. A scenario with settings plays only in the
// site-settings profile, in a browser of its own.
func jobs(scenarios []Scenario) []job {
	var out []job
	for _, profile := range []string{golden.ProfileDefault, golden.Profile3PCBlocked, golden.ProfileSiteSettings} {
		var plain []Scenario
		for _, sc := range scenarios {
			switch {
			case (sc.Settings != nil) != (profile == golden.ProfileSiteSettings):
			case sc.Settings != nil:
				// Its settings are its browser's.
				out = append(out, job{profile: profile, scenarios: []Scenario{sc}, waits: scenarioWait(sc) > 0})
			case profile == golden.Profile3PCBlocked && !isContext(sc):
			case scenarioWait(sc) > 0:
				out = append(out, job{profile: profile, scenarios: []Scenario{sc}, waits: true})
			case len(sc.Stored) > 0:
				out = append(out, job{profile: profile, scenarios: []Scenario{sc}})
			default:
				plain = append(plain, sc)
			}
		}
		for len(plain) > 0 {
			n := min(chunkSize, len(plain))
			out = append(out, job{profile: profile, scenarios: plain[:n]})
			plain = plain[n:]
		}
	}
	// The waiting jobs start first.
	sort.SliceStable(out, func(i, j int) bool { return out[i].waits && !out[j].waits })
	return out
}

// isContext reports whether sc is a context scenario (ctx-*) or a script
// scenario (script-*), recorded in both profiles.
func isContext(sc Scenario) bool {
	return len(sc.Steps) > 0 && (strings.HasPrefix(sc.Category, "ctx-") || strings.HasPrefix(sc.Category, "script-"))
}

// blockedPath is where the results of the profile that blocks third-party
// cookies go: next to out, "-3pc-blocked" added to its name.
func blockedPath(out string) string {
	ext := filepath.Ext(out)
	return strings.TrimSuffix(out, ext) + "-" + golden.Profile3PCBlocked + ext
}

func run(out, bin, only string) error {
	start := time.Now()
	var scenarios []Scenario
	for _, sc := range Corpus() {
		if strings.HasPrefix(sc.ID, only) {
			scenarios = append(scenarios, sc)
		}
	}
	js := jobs(scenarios)
	results := make([]chunkResult, len(js))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i, j := range js {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !j.waits {
				sem <- struct{}{}
				defer func() { <-sem }()
			}
			for try := 0; try < 3; try++ {
				results[i] = recordChunk(bin, j.scenarios, j.profile)
				if results[i].err == nil {
					return
				}
				log.Printf("chunk %s (%s): %v; retrying", j.scenarios[0].ID, j.profile, results[i].err)
			}
		}()
	}
	wg.Wait()
	files := map[string]*Golden{
		golden.ProfileDefault:      {Profile: golden.ProfileDefault},
		golden.Profile3PCBlocked:   {Profile: golden.Profile3PCBlocked},
		golden.ProfileSiteSettings: {Profile: golden.ProfileSiteSettings},
	}
	for i, r := range results {
		if r.err != nil {
			return r.err
		}
		g := files[js[i].profile]
		g.Chromium, g.UserAgent, g.Flags = r.version, r.userAgent, r.flags
		g.Results = append(g.Results, r.results...)
	}
	for _, g := range files {
		// Results in corpus order, whatever order the chunks ran in.
		order := map[string]int{}
		for i, sc := range scenarios {
			order[sc.ID] = i
		}
		sort.SliceStable(g.Results, func(i, j int) bool { return order[g.Results[i].ID] < order[g.Results[j].ID] })
	}
	for profile, path := range map[string]string{golden.ProfileDefault: out, golden.Profile3PCBlocked: blockedPath(out), golden.ProfileSiteSettings: siteSettingsPath(out)} {
		g := files[profile]
		if len(g.Results) == 0 {
			continue
		}
		if err := writeGolden(path, g); err != nil {
			return err
		}
		log.Printf("%s, %s: %d scenarios in %s", g.Chromium, profile, len(g.Results), path)
	}
	log.Printf("recorded in %v", time.Since(start).Round(time.Second))
	return nil
}

// writeGolden writes g to path.
func writeGolden(path string, g *Golden) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := golden.Write(f, g); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// allowThirdPartyPrefs are the preferences of the default profile: cookie
// controls off, so that third-party cookies are allowed.
const allowThirdPartyPrefs = `{"profile":{"cookie_controls_mode":0}}`

// chunkResult is what one browser recorded.
type chunkResult struct {
	version, userAgent string
	flags              []string
	results            []Result
	err                error
}

// recordChunk plays scenarios in a fresh browser against fresh servers.
func recordChunk(bin string, scenarios []Scenario, profile string) (res chunkResult) {
	scenarios = append([]Scenario(nil), scenarios...) // its steps get ports
	srv := &server{scenarios: map[string]Scenario{}}
	for _, sc := range scenarios {
		srv.scenarios[sc.ID] = sc
	}

	cert, err := selfSigned()
	if err != nil {
		return chunkResult{err: err}
	}
	hl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return chunkResult{err: err}
	}
	sl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return chunkResult{err: err}
	}
	quiet := log.New(io.Discard, "", 0) // Go refuses SNI with a trailing dot; that is expected
	plain := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ErrorLog: quiet}
	secure := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          quiet,
		TLSNextProto:      map[string]func(*http.Server, *tls.Conn, http.Handler){}, // HTTP/1.1 only
	}
	go func() { _ = plain.Serve(hl) }()
	go func() {
		_ = secure.Serve(tls.NewListener(sl, &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"http/1.1"}}))
	}()
	defer func() { _ = plain.Close(); _ = secure.Close() }()
	ports := map[string]int{
		"http":  hl.Addr().(*net.TCPAddr).Port,
		"https": sl.Addr().(*net.TCPAddr).Port,
	}
	ports["ws"], ports["wss"] = ports["http"], ports["https"]
	for i, sc := range scenarios {
		if len(sc.Steps) > 0 {
			scenarios[i].Steps = withPorts(sc.ID, sc.Steps, ports)
			srv.steps.addScenario(sc.ID, scenarios[i].Steps)
		}
		scenarios[i].Settings = sc.Settings.WithPorts(ports)
	}

	dir, err := os.MkdirTemp("", "cookiemonster-chromium-")
	if err != nil {
		return chunkResult{err: err}
	}
	defer func() { _ = os.RemoveAll(dir) }()
	storedAt, err := writeStored(dir, scenarios)
	if err != nil {
		return chunkResult{err: err}
	}
	if profile == golden.ProfileDefault {
		// Chromium 156 blocks third-party cookies unless the profile's
		// cookie controls say otherwise.
		if err := os.MkdirAll(filepath.Join(dir, "Default"), 0o755); err != nil {
			return chunkResult{err: err}
		}
		if err := os.WriteFile(filepath.Join(dir, "Default", "Preferences"), []byte(allowThirdPartyPrefs), 0o644); err != nil {
			return chunkResult{err: err}
		}
	}
	var settings *Settings
	if profile == golden.ProfileSiteSettings {
		settings = scenarios[0].Settings
		prefs, err := settingsPrefs(settings)
		if err != nil {
			return chunkResult{err: err}
		}
		if err := writePrefs(dir, prefs); err != nil {
			return chunkResult{err: err}
		}
	}
	flags := []string{
		"--headless=new",
		"--host-resolver-rules=MAP * 127.0.0.1",
		"--ignore-certificate-errors",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--no-first-run", "--disable-default-apps", "--disable-domain-reliability", "--no-pings",
		"--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-features=ThirdPartyStoragePartitioning,TrackingProtection3pcd,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable",
		"--no-proxy-server",
	}
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(bin), chromedp.UserDataDir(dir)}
	for _, f := range flags {
		name, val, ok := strings.Cut(strings.TrimPrefix(f, "--"), "=")
		if ok {
			opts = append(opts, chromedp.Flag(name, val))
		} else {
			opts = append(opts, chromedp.Flag(name, true))
		}
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	wait := 0
	for _, sc := range scenarios {
		wait += scenarioWait(sc)
	}
	// Each scenario has a minute, and its waits.
	ctx, cancel := context.WithTimeout(bctx, time.Duration(len(scenarios))*time.Minute+time.Duration(wait)*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		return chunkResult{err: fmt.Errorf("start chromium: %w", err)}
	}
	ver, err := chromedp.CallBrowser(ctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		return chunkResult{err: err}
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return chunkResult{err: err}
	}
	if profile == golden.ProfileDefault {
		// No third-party cookie restriction from DevTools either; the
		// other profile keeps Chromium's defaults.
		if _, err := chromedp.Call(ctx, network.SetCookieControls, network.SetCookieControlsParams{}); err != nil {
			return chunkResult{err: err}
		}
	}

	flags = append(flags, "--user-data-dir=(fresh temporary directory)")
	if profile == golden.ProfileDefault {
		flags = append(flags, "Default/Preferences: "+allowThirdPartyPrefs, "Network.setCookieControls: {}")
	}
	if settings != nil {
		if err := applyDevTools(ctx, settings); err != nil {
			return chunkResult{err: err}
		}
		flags = append(flags, settingsFlags...)
	}
	res = chunkResult{version: ver.Product, userAgent: ver.UserAgent, flags: flags}
	for _, sc := range scenarios {
		start := time.Now()
		var r Result
		var err error
		if len(sc.Steps) > 0 {
			r, err = recordSteps(ctx, &srv.steps, sc, storedAt)
		} else {
			r, err = record(ctx, srv, sc, ports)
		}
		if err != nil {
			return chunkResult{err: fmt.Errorf("%s: %w", sc.ID, err)}
		}
		log.Printf("%s (%s) %v", sc.ID, profile, time.Since(start).Round(time.Millisecond))
		res.results = append(res.results, r)
	}
	if settings != nil {
		// Session-only cookies go when the browser shuts down.
		if err := chromedp.Cancel(bctx); err != nil {
			return chunkResult{err: fmt.Errorf("closing chromium: %w", err)}
		}
		after, err := cookiesAfterRestart(opts)
		if err != nil {
			return chunkResult{err: fmt.Errorf("%s: after a restart: %w", scenarios[0].ID, err)}
		}
		res.results[0].AfterRestart = after
	}
	return res
}

// navigate loads u in the tab and returns Chromium's error text, if any.
func navigate(ctx context.Context, u string) string {
	nctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(nctx, chromedp.Navigate(u)); err != nil {
		return err.Error()
	}
	return ""
}

// record plays one scenario on a browser without cookies.
func record(parent context.Context, srv *server, sc Scenario, ports map[string]int) (Result, error) {
	ctx, cancel := context.WithTimeout(parent, time.Minute)
	defer cancel()
	if _, err := chromedp.Call(ctx, storage.ClearCookies, storage.ClearCookiesParams{}); err != nil {
		return Result{}, err
	}
	if e := navigate(ctx, "about:blank"); e != "" {
		return Result{}, fmt.Errorf("about:blank: %s", e)
	}
	r := Result{Scenario: sc}
	r.KeepBytes()
	r.URL = withPort(sc.URL, ports)
	sep := "?"
	if strings.Contains(r.URL, "?") {
		sep = "&"
	}
	r.Time = time.Now().UTC()
	r.NavError = navigate(ctx, r.URL+sep+"s="+sc.ID)
	cookies, err := storedCookies(ctx)
	if err != nil {
		return Result{}, err
	}
	r.Cookies = cookies
	r.Follow = nil
	r.Requests = []Request{}
	for _, f := range sc.Follow {
		u := withPort(f, ports)
		r.Follow = append(r.Follow, u)
		srv.reset()
		q := Request{URL: u}
		q.NavError = navigate(ctx, u)
		if vals, ok := srv.got(recordKey(u)); ok {
			q.Reached = true
			q.HasCookie = len(vals) > 0
			q.Cookie = strings.Join(vals, "\n")
		}
		r.Requests = append(r.Requests, q)
	}
	return r, nil
}
