package cookiemonster

// The expectations of Chromium's CookieMonster unit tests
// (net/cookies/cookie_monster_unittest.cc), restated as data, in the manner
// of chromium_parsed_test.go: each row names the Chromium test it comes
// from, runs against a fresh Monster on a fake clock, and checks what that
// test checks, as exact outcomes. The garbage-collection tests are in
// chromium_monster_gc_test.go.
//
// A row is a list of steps; each step is an operation and the observation
// Chromium makes of it (see runMonsterStep for the operations and how each
// renders its outcome). Chromium's helpers map onto the library's options:
// SetCookie, GetCookies and CreateAndSetCookieReturnStatus use "std" (a
// same-site context, HttpOnly excluded, the access time updated);
// GetAllCookiesForURL and SetCookieWithCreationTime use "all"
// (CookieOptions::MakeAllInclusive); SetCanonicalCookie with
// can_modify_httponly uses "http"; a default CookieOptions() is "none".
//
// Rows come from the instantiation with origin-bound cookies off (neither
// scheme- nor port-bound), the defaults of Chromium 156 and the library's
// only mode.
//
// Not ported, with why:
//   - DeferredCookieTaskTest.* (DeferredGetCookieList, DeferredSetCookie,
//     DeferredSetAllCookies, DeferredGetAllCookies,
//     DeferredGetAllForUrlCookies, DeferredGetAllForUrlWithOptionsCookies,
//     DeferredDeleteAllCookies, DeferredDeleteAllCreatedInTimeRangeCookies,
//     DeferredDeleteAllWithPredicateCreatedInTimeRangeCookies,
//     DeferredDeleteMatchingCookies, DeferredDeleteCanonicalCookie,
//     DeferredDeleteSessionCookies, DeferredTaskOrder),
//     WhileLoadingLoadCompletesBeforeKeyLoadCompletes,
//     WhileLoadingDeleteAllGetForURL, WhileLoadingGetAllSetGetAll,
//     CheckOrderOfCookieTaskQueueWhenLoadingCompletes,
//     SetCanonicalCookieDoesNotBlockForLoadAll and the first half of
//     FlushStore (a flush before the store is initialized): they check
//     the order of Chromium's queued tasks and the exact LOAD /
//     LOAD_FOR_KEY calls of its store. The library's calls block their
//     goroutine instead of queuing a task, New starts the full load at
//     once (so there is no uninitialized store to flush), and a LoadKey
//     that returns nothing waits for the full load (KeyLoader);
//     persist_test.go tests that contract.
//   - SetAllCookies, and the SetAllCookies half of
//     FromStorageCookieCreated{300,500}DaysAgoThenUpdatedNow: the library
//     has no SetAllCookies; the rows below load the same cookie from a
//     store instead.
//   - OverwriteSource: the library keeps no CookieSourceType.
//   - SetCookieableSchemes (its cm_foo half) and
//     CookieSourceSchemeNameHistogram: the library's cookieable schemes
//     are fixed (http, https, ws, wss).
//   - HistogramCheck, NumKeysHistogram, CookieCount2Histogram,
//     CookieJarSizeHistograms, PartitionedCookieHistograms,
//     MaxSameSiteNoneCookiesPerKey, CookieDomainSetHistogram,
//     CookiePortReadHistogram, CookiePortSetHistogram,
//     CookiePortReadDiffersFromSetHistogram,
//     IsCookieSentToSamePortThatSetIt: UMA histograms and the helper that
//     buckets them; the library records no metrics.
//   - FirstPartySetEnabledCookieMonsterTest.RecordsPeriodicFPSSizes:
//     first-party sets and metrics.
//   - SiteHasCookieInOtherPartition: no library counterpart.
//   - DomainCookiesPreferred, SecureCookiesPreferred, the YesScheme / Port
//     variants of CookieMonsterTest_MaybeDeleteEquivalentCookieAndUpdateStatus
//     and CookieMonsterTest_StoreLoadedCookies,
//     FilterCookiesWithOptionsExcludeShadowingDomains, and the port-bound
//     half of FilterCookiesWithOptionsWarnShadowingDomains: they need
//     scheme- or port-bound cookies, which Chromium 156 ships off and the
//     library does not implement.
//   - The trustworthy-site half of FilterCookiesWithOptionsWarnShadowingDomains:
//     it needs a CookieAccessDelegate that declares an http site
//     trustworthy; the library has none.
//   - The net-log checks of MaybeDeleteEquivalentCookieAndUpdateStatus,
//     SkipDontOverwriteForMultipleReasons, SetSecureCookies, SetAllCookies
//     and DeleteAll: the library has no net log (the statuses are ported).
//   - The typed suites CookieStoreTest and CookieStoreChange*Test that this
//     file instantiates live in cookie_store_unittest.h and
//     cookie_store_change_unittest.h, not here.

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// cmT0 is the fake clock's start in every row.
var cmT0 = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// cmFuture stands for Chromium's FutureCookieExpirationString().
const cmFuture = "; expires=Fri, 01 Jan 2027 00:00:00 GMT"

// mStep is one operation of a row and what Chromium observes of it.
type mStep struct {
	op   string
	url  string
	arg  string
	opts string        // options preset; "" takes the operation's default
	part string        // partition: a top-level URL, "nonce:URL", "*" (all) or "URL|URL"
	at   time.Duration // creation time (from cmT0) of "setat"/"delline"; the clock step of "adv"
	want string
}

// monsterRow is a scenario of one Chromium test.
type monsterRow struct {
	id      string
	store   bool     // give the Monster a recording store
	load    []string // cookie specs (see cmCookie) the store's Load returns
	gated   bool     // Load waits for a "release" step
	persist bool     // Config.PersistSessionCookies
	steps   []mStep
}

// Step constructors for the common cases.

func sSet(u, line, want string) mStep { return mStep{op: "set", url: u, arg: line, want: want} }
func sSetO(u, line, opts, part, want string) mStep {
	return mStep{op: "set", url: u, arg: line, opts: opts, part: part, want: want}
}
func sSetAt(u, line string, at time.Duration, opts, part, want string) mStep {
	return mStep{op: "setat", url: u, arg: line, at: at, opts: opts, part: part, want: want}
}
func sGet(u, want string) mStep { return mStep{op: "get", url: u, want: want} }
func sGetO(u, opts, part, want string) mStep {
	return mStep{op: "get", url: u, opts: opts, part: part, want: want}
}
func sList(u, part, want string) mStep { return mStep{op: "list", url: u, part: part, want: want} }
func sObs(op, want string) mStep       { return mStep{op: op, want: want} }
func sAdv(d time.Duration) mStep       { return mStep{op: "adv", at: d} }

// cmOptions are Chromium's option sets under the names the rows use.
func cmOptions(name string) (Options, error) {
	strict := MakeSameSiteContext(ContextStrict)
	switch name {
	case "std":
		return Options{SameSite: strict}, nil
	case "all":
		return AllInclusiveOptions(), nil
	case "all-noho":
		o := AllInclusiveOptions()
		o.IncludeHTTPOnly = false
		return o, nil
	case "all-update":
		o := AllInclusiveOptions()
		o.SkipAccessTimeUpdate = false
		return o, nil
	case "all-excl":
		o := AllInclusiveOptions()
		o.ReturnExcluded = true
		return o, nil
	case "all-legacy":
		o := AllInclusiveOptions()
		o.AccessSemantics = SemanticsLegacy
		return o, nil
	case "std-excl":
		return Options{SameSite: strict, ReturnExcluded: true}, nil
	case "http":
		return Options{IncludeHTTPOnly: true, SameSite: strict}, nil
	case "none":
		return Options{}, nil
	case "none-nonlegacy":
		return Options{AccessSemantics: SemanticsNonLegacy}, nil
	case "none-legacy":
		return Options{AccessSemantics: SemanticsLegacy}, nil
	}
	return Options{}, fmt.Errorf("unknown options %q", name)
}

// cmNonce is the nonce of every "nonce:" partition of a row.
var cmNonce = Nonce{1, 2, 3}

// cmPartition reads a partition spec: "" (none), "nonce:URL" or a
// top-level URL, whose key has a cross-site ancestor as Chromium's
// CookiePartitionKey::FromURLForTesting does by default.
func cmPartition(spec string) (PartitionKey, error) {
	if spec == "" {
		return PartitionKey{}, nil
	}
	if rest, ok := strings.CutPrefix(spec, "nonce:"); ok {
		u, err := url.Parse(rest)
		if err != nil {
			return PartitionKey{}, fmt.Errorf("partition %q: %w", spec, err)
		}
		return NewNoncedPartitionKey(u, cmNonce)
	}
	u, err := url.Parse(spec)
	if err != nil {
		return PartitionKey{}, fmt.Errorf("partition %q: %w", spec, err)
	}
	return NewPartitionKey(u, true)
}

// cmCollection reads "*" (every partition) or partitions separated by '|'.
func cmCollection(spec string) (PartitionKeyCollection, error) {
	if spec == "*" {
		return AllPartitions(), nil
	}
	var keys []PartitionKey
	for _, s := range strings.Split(spec, "|") {
		k, err := cmPartition(s)
		if err != nil {
			return PartitionKeyCollection{}, err
		}
		keys = append(keys, k)
	}
	return PartitionKeys(keys...), nil
}

// cmDuration reads a signed duration; a "d" suffix counts days.
func cmDuration(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return 0, fmt.Errorf("duration %q: %w", s, err)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("duration %q: %w", s, err)
	}
	return d, nil
}

// cmShowDuration shows d as cmDuration reads it, in days when whole.
func cmShowDuration(d time.Duration) string {
	const day = 24 * time.Hour
	if d != 0 && d%day == 0 {
		return fmt.Sprintf("%+dd", d/day)
	}
	if d >= 0 {
		return "+" + d.String()
	}
	return d.String()
}

// cmCookie builds a cookie field by field, as Chromium's
// CreateUnsafeCookieForTesting does, from "name=value" followed by
// attributes separated by ';': domain=, path= (default "/"), secure,
// httponly, samesite=none|lax|strict, priority=low|medium|high,
// created=, expires=, access= (offsets from now; creation defaults to now,
// last access to creation), partition= (a cmPartition spec),
// scheme=secure|nonsecure and port=.
func cmCookie(spec string, now time.Time) (*CanonicalCookie, error) {
	parts := strings.Split(spec, ";")
	name, value, _ := strings.Cut(strings.TrimSpace(parts[0]), "=")
	c := &CanonicalCookie{Name: name, Value: value, Path: "/", Creation: now}
	var access *time.Duration
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		var err error
		var d time.Duration
		switch k {
		case "created", "expires", "access":
			if d, err = cmDuration(v); err != nil {
				return nil, err
			}
		}
		switch k {
		case "domain":
			c.Domain = v
		case "path":
			c.Path = v
		case "secure":
			c.Secure = true
		case "httponly":
			c.HTTPOnly = true
		case "samesite":
			c.SameSite = map[string]SameSite{"none": SameSiteNone, "lax": SameSiteLax, "strict": SameSiteStrict}[v]
		case "priority":
			c.Priority = map[string]Priority{"low": PriorityLow, "medium": PriorityMedium, "high": PriorityHigh}[v]
		case "created":
			c.Creation = now.Add(d)
		case "expires":
			c.Expiry = now.Add(d)
		case "access":
			access = &d
		case "partition":
			if c.Partition, err = cmPartition(v); err != nil {
				return nil, err
			}
		case "scheme":
			c.SourceScheme = map[string]SourceScheme{"secure": SourceSchemeSecure, "nonsecure": SourceSchemeNonSecure}[v]
		case "port":
			if c.SourcePort, err = strconv.Atoi(v); err != nil {
				return nil, fmt.Errorf("port %q: %w", v, err)
			}
		default:
			return nil, fmt.Errorf("cookie spec %q: unknown attribute %q", spec, k)
		}
	}
	c.LastAccess = c.Creation
	if access != nil {
		c.LastAccess = now.Add(*access)
	}
	return c, nil
}

// cmSimulatedSource is Chromium's cookie_util::SimulatedCookieSource: a
// URL the cookie could have been set from.
func cmSimulatedSource(c *CanonicalCookie) *url.URL {
	scheme := "http"
	if c.Secure {
		scheme = "https"
	}
	return &url.URL{Scheme: scheme, Host: c.DomainWithoutDot(), Path: c.Path}
}

// cmStore is a PersistentStore that records the Monster's writes, as
// Chromium's MockPersistentCookieStore does, and keeps the cookies, as its
// MockSimplePersistentCookieStore does.
type cmStore struct {
	mu      sync.Mutex
	gate    chan struct{}      // when not nil, Load waits for it to close
	initial []*CanonicalCookie // the first Load's cookies, duplicates and all
	kept    map[UniqueKey]CanonicalCookie
	order   []UniqueKey // the kept cookies in the order added
	cmds    []string
	flushes int
}

func newCMStore(cookies []*CanonicalCookie) *cmStore {
	return &cmStore{initial: cookies, kept: make(map[UniqueKey]CanonicalCookie)}
}

func (s *cmStore) keep(c *CanonicalCookie) {
	k := c.UniqueKey()
	if _, ok := s.kept[k]; !ok {
		s.order = append(s.order, k)
	}
	s.kept[k] = *c
}

func (s *cmStore) Load(ctx context.Context) ([]*CanonicalCookie, error) {
	if s.gate != nil {
		select {
		case <-s.gate:
		case <-ctx.Done():
			return nil, fmt.Errorf("cmStore: %w", ctx.Err())
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.initial != nil {
		out := s.initial
		s.initial = nil
		for _, c := range out {
			s.keep(c)
		}
		return out, nil
	}
	out := make([]*CanonicalCookie, 0, len(s.order))
	for _, k := range s.order {
		if c, ok := s.kept[k]; ok {
			out = append(out, &c)
		}
	}
	return out, nil
}

func (s *cmStore) Add(c *CanonicalCookie) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cmds = append(s.cmds, "ADD "+c.Name+"="+c.Value)
	s.keep(c)
}

func (s *cmStore) UpdateAccessTime(c *CanonicalCookie) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.kept[c.UniqueKey()]; ok {
		k.LastAccess = c.LastAccess
		s.kept[c.UniqueKey()] = k
	}
}

func (s *cmStore) Delete(c *CanonicalCookie) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cmds = append(s.cmds, "REMOVE "+c.Name+"="+c.Value)
	delete(s.kept, c.UniqueKey())
}

func (s *cmStore) Flush(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushes++
	return nil
}

func (s *cmStore) Close() error { return nil }

// takeCommands returns the writes recorded since the last call.
func (s *cmStore) takeCommands() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.cmds
	s.cmds = nil
	return out
}

// cmRun is a row being run.
type cmRun struct {
	clock   *fakeClock
	m       *Monster
	store   *cmStore
	persist bool
	mu      sync.Mutex
	events  []string
	lastUpd time.Time
}

func (r *cmRun) open() error {
	cfg := Config{Now: r.clock.Now, PersistSessionCookies: r.persist}
	if r.store != nil {
		cfg.Store = r.store
	}
	m, err := New(cfg)
	if err != nil {
		return fmt.Errorf("New: %w", err)
	}
	r.m = m
	return nil
}

// runMonsterRow runs a row and returns its differences from Chromium.
func runMonsterRow(t *testing.T, row monsterRow) []string {
	t.Helper()
	r := &cmRun{clock: newFakeClock(cmT0), persist: row.persist}
	if row.store || len(row.load) > 0 || row.gated {
		var loaded []*CanonicalCookie
		for _, spec := range row.load {
			c, err := cmCookie(spec, cmT0)
			if err != nil {
				t.Fatalf("%s: %v", row.id, err)
			}
			loaded = append(loaded, c)
		}
		r.store = newCMStore(loaded)
		if row.gated {
			r.store.gate = make(chan struct{})
		}
	}
	if err := r.open(); err != nil {
		t.Fatalf("%s: %v", row.id, err)
	}
	defer func() {
		if r.store != nil && r.store.gate != nil {
			select {
			case <-r.store.gate:
			default:
				close(r.store.gate)
			}
		}
		if err := r.m.Close(); err != nil {
			t.Errorf("%s: Close: %v", row.id, err)
		}
	}()
	var diff []string
	for i, s := range row.steps {
		got, err := r.step(s)
		if err != nil {
			t.Fatalf("%s step %d (%s %s): %v", row.id, i, s.op, s.arg, err)
		}
		if s.op != "adv" && s.op != "sub" && s.op != "release" && got != s.want {
			diff = append(diff, fmt.Sprintf("step %d %s %s %s: Chromium %q, library %q", i, s.op, s.url, s.arg, s.want, got))
		}
	}
	return diff
}

// render helpers.

func cmStatus(st InclusionStatus) string {
	if st.IsInclude() {
		return "ok"
	}
	var out []string
	for _, r := range st.Exclusions() {
		out = append(out, strings.TrimPrefix(r.String(), "Exclude"))
	}
	return strings.Join(out, ",")
}

func cmWarnings(st InclusionStatus) string {
	var out []string
	for _, w := range st.Warnings() {
		out = append(out, strings.TrimPrefix(w.String(), "Warn"))
	}
	return strings.Join(out, ",")
}

// cmStatusWarn renders a status with its warnings: "ok", "ok warn:X,Y",
// "Reason warn:X".
func cmStatusWarn(st InclusionStatus) string {
	s := cmStatus(st)
	if w := cmWarnings(st); w != "" {
		s += " warn:" + w
	}
	return s
}

func cmPairs(cs []*CanonicalCookie, sep string) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name+"="+c.Value)
	}
	return strings.Join(out, sep)
}

func cmNameDomains(cs []CookieWithAccessResult) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Cookie.Name+"@"+c.Cookie.Domain)
	}
	return strings.Join(out, " ")
}

func (r *cmRun) parseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("url %q: %w", s, err)
	}
	return u, nil
}

func (r *cmRun) optsFor(s mStep, def string) (Options, error) {
	name := s.opts
	if name == "" {
		name = def
	}
	o, err := cmOptions(name)
	if err != nil {
		return o, err
	}
	o.Partition, err = cmPartition(s.part)
	return o, err
}

// cmDeletePredicates are the predicates of TestCookieDeleteMatchingCookies.
var cmDeletePredicates = map[string]func(*CanonicalCookie) bool{
	"all":         func(*CanonicalCookie) bool { return true },
	"insecure":    func(c *CanonicalCookie) bool { return !c.Secure },
	"a.com":       func(c *CanonicalCookie) bool { return c.Domain == "a.com" },
	"partitioned": func(c *CanonicalCookie) bool { return c.IsPartitioned() },
}

// cmRange reads "start,end" offsets from cmT0, either empty for an open end.
func cmRange(s string) (TimeRange, error) {
	a, b, _ := strings.Cut(s, ",")
	var tr TimeRange
	for _, e := range []struct {
		s string
		t *time.Time
	}{{a, &tr.Start}, {b, &tr.End}} {
		if e.s == "" {
			continue
		}
		d, err := cmDuration(e.s)
		if err != nil {
			return tr, err
		}
		*e.t = cmT0.Add(d)
	}
	return tr, nil
}

// step runs one operation and renders its outcome:
//
//	set      SetCookieLine (default "std"): "ok" or the exclusions
//	setw     set, with the warnings: "ok warn:X"
//	setat    NewCanonicalCookie at cmT0+at, then SetCanonicalCookie
//	         (default "all"): as set
//	setatw   setat, with the warnings
//	setss    setatw, and the effective SameSite of a stored cookie
//	setc     SetCanonicalCookie of a cmCookie spec from url, or from its
//	         simulated source (default "http"): as set
//	setsan   NewSanitizedCookie of a spec's name, value, times and
//	         Secure/SameSite for url's host as Domain, then
//	         SetCanonicalCookie (default "std"): as set
//	get      CookieHeader (default "std"): the header
//	list     the cookies sent (default "all"; several partitions: GetAll):
//	         "name@domain ..."
//	listv    as list: "name=value ..."
//	paths    as list: "name@path ..."
//	excl     the excluded cookies (default "all-excl"):
//	         "name@domain:Reason,Reason ..."
//	read     every candidate (default "all-excl"), sorted:
//	         "name=value:ok+Warn,Warn ..." or ":Reason"
//	all      AllCookies: "name=value; ..."
//	alld     AllCookies: "name@domain ..."
//	names    AllCookies: "name ..."
//	vals     AllCookies, sorted: "name=value ..."
//	times    AllCookies: "name=value created=±d expires=±d ..."
//	fields   AllCookies: every field Chromium's BackingStoreCommunication checks
//	access   the LastAccess of AllCookies' first cookie, from cmT0
//	created  the Creation of AllCookies' first cookie, from cmT0
//	upd      whether the LastUpdate of AllCookies' first cookie is later
//	         than at the previous upd: "first", "later" or "not later"
//	delall, delrange (arg "start,end"), delinfo (arg "start,end[;value]"),
//	delfunc (arg a cmDeletePredicates name), delfind (arg "domain name":
//	DeleteCanonicalCookie of that stored cookie), delline
//	(DeleteCanonicalCookie of a cookie made from arg at cmT0+at): the
//	number deleted
//	persistent  NewCanonicalCookie of arg: "persistent" or "session"
//	key      the storage key of the host arg
//	cmds     the store's writes since the last cmds: "ADD a=b; REMOVE a=b"
//	cmdset   as cmds, sorted
//	flush    Monster.Flush: "" or its error
//	flushes  the store's Flush calls so far
//	sub      subscribe to every change; events: the changes since the
//	         last events, "Cause name=value; ..."
//	release  let the store's Load return
//	reopen   close the Monster and open a new one on the same store
//	adv      advance the clock by at
func (r *cmRun) step(s mStep) (string, error) {
	ctx := context.Background()
	switch s.op {
	case "adv":
		r.clock.Advance(s.at)
		return "", nil
	case "release":
		close(r.store.gate)
		return "", nil
	case "sub":
		r.m.Changes().SubscribeAll(func(ch Change) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.events = append(r.events, ch.Cause.String()+" "+ch.Cookie.Name+"="+ch.Cookie.Value)
		})
		return "", nil
	case "events":
		r.mu.Lock()
		defer r.mu.Unlock()
		out := strings.Join(r.events, "; ")
		r.events = nil
		return out, nil
	case "reopen":
		if err := r.m.Close(); err != nil {
			return "", fmt.Errorf("Close: %w", err)
		}
		return "", r.open()
	case "cmds", "cmdset":
		cmds := r.store.takeCommands()
		if s.op == "cmdset" {
			slices.Sort(cmds)
		}
		return strings.Join(cmds, "; "), nil
	case "flush":
		if err := r.m.Flush(ctx); err != nil {
			return err.Error(), nil
		}
		return "", nil
	case "flushes":
		r.store.mu.Lock()
		defer r.store.mu.Unlock()
		return strconv.Itoa(r.store.flushes), nil
	case "key":
		return keyOf(r.m.psl, s.arg), nil
	case "persistent":
		u, err := r.parseURL(s.url)
		if err != nil {
			return "", err
		}
		c, st := NewCanonicalCookie(u, s.arg, r.clock.Now(), CreateOptions{})
		if c == nil {
			return cmStatus(st), nil
		}
		if c.IsPersistent() {
			return "persistent", nil
		}
		return "session", nil
	}
	if strings.HasPrefix(s.op, "set") {
		return r.setStep(ctx, s)
	}
	if strings.HasPrefix(s.op, "del") {
		n, err := r.deleteStep(ctx, s)
		return strconv.Itoa(n), err
	}
	switch s.op {
	case "get":
		u, err := r.parseURL(s.url)
		if err != nil {
			return "", err
		}
		o, err := r.optsFor(s, "std")
		if err != nil {
			return "", err
		}
		return r.m.CookieHeader(ctx, u, o)
	case "list", "listv", "paths", "excl", "read":
		return r.readStep(ctx, s)
	}
	return r.allStep(ctx, s)
}

func (r *cmRun) setStep(ctx context.Context, s mStep) (string, error) {
	u, err := r.parseURL(s.url)
	if err != nil {
		return "", err
	}
	var res AccessResult
	switch s.op {
	case "set", "setw":
		o, err := r.optsFor(s, "std")
		if err != nil {
			return "", err
		}
		if res, err = r.m.SetCookieLine(ctx, u, s.arg, o); err != nil {
			return "", err
		}
	case "setat", "setatw", "setss":
		o, err := r.optsFor(s, "all")
		if err != nil {
			return "", err
		}
		c, st := NewCanonicalCookie(u, s.arg, cmT0.Add(s.at), CreateOptions{Partition: o.Partition})
		if c == nil {
			return cmStatus(st), nil
		}
		if res, err = r.m.SetCanonicalCookie(ctx, c, u, o); err != nil {
			return "", err
		}
		if s.op == "setss" && res.Status.IsInclude() {
			return cmStatusWarn(res.Status) + " " + res.EffectiveSameSite.String(), nil
		}
	case "setc":
		o, err := r.optsFor(s, "http")
		if err != nil {
			return "", err
		}
		c, err := cmCookie(s.arg, r.clock.Now())
		if err != nil {
			return "", err
		}
		src := cmSimulatedSource(c)
		if s.url != "" {
			src = u
		}
		if res, err = r.m.SetCanonicalCookie(ctx, c, src, o); err != nil {
			return "", err
		}
	case "setsan":
		o, err := r.optsFor(s, "std")
		if err != nil {
			return "", err
		}
		spec, err := cmCookie(s.arg, r.clock.Now())
		if err != nil {
			return "", err
		}
		c, st := NewSanitizedCookie(CookieDetails{
			URL: u, Name: spec.Name, Value: spec.Value, Domain: u.Hostname(), Path: "/",
			Secure: spec.Secure, SameSite: spec.SameSite, Expiry: spec.Expiry, Creation: spec.Creation,
		}, r.clock.Now())
		if c == nil {
			return cmStatus(st), nil
		}
		if res, err = r.m.SetCanonicalCookie(ctx, c, u, o); err != nil {
			return "", err
		}
	default:
		return "", fmt.Errorf("unknown operation %q", s.op)
	}
	if s.op == "setw" || s.op == "setatw" || s.op == "setss" {
		return cmStatusWarn(res.Status), nil
	}
	return cmStatus(res.Status), nil
}

func (r *cmRun) deleteStep(ctx context.Context, s mStep) (int, error) {
	switch s.op {
	case "delall":
		return r.m.DeleteAll(ctx)
	case "delrange":
		tr, err := cmRange(s.arg)
		if err != nil {
			return 0, err
		}
		return r.m.DeleteAllCreatedInTimeRange(ctx, tr)
	case "delinfo":
		rng, value, hasValue := strings.Cut(s.arg, ";")
		tr, err := cmRange(rng)
		if err != nil {
			return 0, err
		}
		info := DeletionInfo{Creation: tr}
		if hasValue {
			info.Value = &value
		}
		if info.isZero() {
			// Chromium's empty CookieDeletionInfo deletes everything;
			// DeleteMatching refuses it and DeleteAll does it.
			return r.m.DeleteAll(ctx)
		}
		return r.m.DeleteMatching(ctx, info)
	case "delfunc":
		pred, ok := cmDeletePredicates[s.arg]
		if !ok {
			return 0, fmt.Errorf("unknown predicate %q", s.arg)
		}
		return r.m.DeleteMatchingFunc(ctx, pred)
	case "delfind":
		domain, name, _ := strings.Cut(s.arg, " ")
		all, err := r.m.AllCookies(ctx)
		if err != nil {
			return 0, err
		}
		for _, c := range all {
			if c.Domain == domain && c.Name == name {
				return r.m.DeleteCanonicalCookie(ctx, c)
			}
		}
		return 0, nil
	case "delline":
		u, err := r.parseURL(s.url)
		if err != nil {
			return 0, err
		}
		p, err := cmPartition(s.part)
		if err != nil {
			return 0, err
		}
		c, st := NewCanonicalCookie(u, s.arg, cmT0.Add(s.at), CreateOptions{Partition: p})
		if c == nil {
			return 0, fmt.Errorf("cookie %q not created: %v", s.arg, st)
		}
		return r.m.DeleteCanonicalCookie(ctx, c)
	}
	return 0, fmt.Errorf("unknown operation %q", s.op)
}

func (r *cmRun) readStep(ctx context.Context, s mStep) (string, error) {
	u, err := r.parseURL(s.url)
	if err != nil {
		return "", err
	}
	def := "all"
	if s.op == "excl" || s.op == "read" {
		def = "all-excl"
	}
	var inc, exc []CookieWithAccessResult
	if s.part == "*" || strings.Contains(s.part, "|") {
		coll, err := cmCollection(s.part)
		if err != nil {
			return "", err
		}
		cs, err := r.m.GetAll(ctx, CookieFilter{URL: u, Partitions: coll})
		if err != nil {
			return "", err
		}
		for _, c := range cs {
			inc = append(inc, CookieWithAccessResult{Cookie: *c})
		}
	} else {
		o, err := r.optsFor(s, def)
		if err != nil {
			return "", err
		}
		if inc, exc, err = r.m.Cookies(ctx, u, o); err != nil {
			return "", err
		}
	}
	var out []string
	switch s.op {
	case "list":
		return cmNameDomains(inc), nil
	case "listv":
		for _, c := range inc {
			out = append(out, c.Cookie.Name+"="+c.Cookie.Value)
		}
	case "paths":
		for _, c := range inc {
			out = append(out, c.Cookie.Name+"@"+c.Cookie.Path)
		}
	case "excl":
		for _, c := range exc {
			out = append(out, c.Cookie.Name+"@"+c.Cookie.Domain+":"+cmStatus(c.AccessResult.Status))
		}
	case "read":
		for _, c := range append(inc, exc...) {
			e := c.Cookie.Name + "=" + c.Cookie.Value + ":" + cmStatus(c.AccessResult.Status)
			if w := cmWarnings(c.AccessResult.Status); w != "" {
				e += "+" + w
			}
			out = append(out, e)
		}
		slices.Sort(out)
	}
	return strings.Join(out, " "), nil
}

func (r *cmRun) allStep(ctx context.Context, s mStep) (string, error) {
	all, err := r.m.AllCookies(ctx)
	if err != nil {
		return "", err
	}
	var out []string
	switch s.op {
	case "all":
		return cmPairs(all, "; "), nil
	case "alld":
		for _, c := range all {
			out = append(out, c.Name+"@"+c.Domain)
		}
	case "names":
		for _, c := range all {
			out = append(out, c.Name)
		}
	case "vals":
		for _, c := range all {
			out = append(out, c.Name+"="+c.Value)
		}
		slices.Sort(out)
	case "times":
		for _, c := range all {
			out = append(out, fmt.Sprintf("%s=%s created=%s expires=%s", c.Name, c.Value,
				cmShowDuration(c.Creation.Sub(cmT0)), cmShowDuration(c.Expiry.Sub(cmT0))))
		}
	case "fields":
		for _, c := range all {
			out = append(out, fmt.Sprintf("%s=%s domain=%s path=%s secure=%t httponly=%t samesite=%v persistent=%t expires=%s",
				c.Name, c.Value, c.Domain, c.Path, c.Secure, c.HTTPOnly, c.SameSite, c.IsPersistent(),
				cmShowDuration(c.Expiry.Sub(cmT0))))
		}
		return strings.Join(out, " | "), nil
	case "access", "created", "upd":
		if len(all) == 0 {
			return "no cookie", nil
		}
		switch s.op {
		case "access":
			return cmShowDuration(all[0].LastAccess.Sub(cmT0)), nil
		case "created":
			return cmShowDuration(all[0].Creation.Sub(cmT0)), nil
		}
		prev := r.lastUpd
		r.lastUpd = all[0].LastUpdate
		switch {
		case prev.IsZero():
			return "first", nil
		case all[0].LastUpdate.After(prev):
			return "later", nil
		}
		return "not later", nil
	default:
		return "", fmt.Errorf("unknown operation %q", s.op)
	}
	return strings.Join(out, " "), nil
}

// knownMonsterDifferences lists the rows where the library currently
// disagrees with Chromium: row ID → what Chromium does vs what the library
// does. The tests assert that these rows still differ, so a change that
// makes one agree fails until its entry is removed here.
var knownMonsterDifferences = map[string]string{
	"ControlCharacterPurge": "Chromium loads the domain cookies \".host\" (foo=bar, hello=world) from its store, since IsCanonicalForFromStorage consults no public suffix list, and sends them to https://host/path; " +
		"the library drops a loaded domain cookie whose domain has no registrable domain as a public-suffix supercookie (Monster.domainAllowed), so it sends nothing. The control-character cookies are dropped by both",
}

func TestChromiumCookieMonster(t *testing.T) {
	rows := chromiumMonsterRows()
	seen := map[string]bool{}
	perTest := map[string]int{}
	for _, row := range rows {
		uniqueRow(t, seen, row.id)
		test, _, _ := strings.Cut(row.id, "/")
		perTest[test]++
		checkAgainstChromium(t, row.id, knownMonsterDifferences, runMonsterRow(t, row))
	}
	names := make([]string, 0, len(perTest))
	for n := range perTest {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		t.Logf("%s: %d rows", n, perTest[n])
	}
	t.Logf("%d Chromium CookieMonster rows from %d tests, %d known differences", len(rows), len(perTest), len(knownMonsterDifferences))
}

// The URLs of Chromium's CookieStoreTest fixture.
const (
	cmHTTPFoo  = "http://www.foo.com"
	cmHTTPSFoo = "https://www.foo.com"
	cmHTTPBar  = "http://www.bar.com"
	cmHTTPSBar = "https://www.bar.com"
	cmFooFoo   = "http://www.foo.com/foo"
	cmFooBar   = "http://www.foo.com/bar"
	cmTop      = "https://toplevelsite.com"
	cmTop1     = "https://toplevelsite1.com"
	cmTop2     = "https://toplevelsite2.com"
	cmTop3     = "https://toplevelsite3.com"
)

// chromiumMonsterRows gathers the rows of every theme.
func chromiumMonsterRows() []monsterRow {
	var rows []monsterRow
	rows = append(rows, chromiumMonsterReadRows()...)
	rows = append(rows, chromiumMonsterSetRows()...)
	rows = append(rows, chromiumMonsterDeleteRows()...)
	rows = append(rows, chromiumMonsterStoreRows()...)
	return rows
}
