package cookiemonster

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/cookiemonster-go/cookiemonster/internal/host"
)

// ErrClosed is returned by the operations of a closed [Monster].
var ErrClosed = errors.New("cookiemonster: monster is closed")

// ErrNilURL is returned by the operations of a [Monster] given a nil URL.
var ErrNilURL = errors.New("cookiemonster: nil URL")

// ErrNilCookie is returned by the operations of a [Monster] given a nil
// *CanonicalCookie.
var ErrNilCookie = errors.New("cookiemonster: nil cookie")

// lastAccessThreshold is how stale a cookie's last-access time may get
// before a read updates it.
const lastAccessThreshold = time.Minute

// Config configures a [Monster]. The zero value is a memory-only store with
// Chromium's limits, the default public suffix list and the system clock.
type Config struct {
	// Store persists the cookies; nil: memory only.
	Store PersistentStore
	// PublicSuffixList decides registrable domains; nil:
	// golang.org/x/net/publicsuffix, under which an unknown top-level
	// domain is a one-label registry, as in Chromium.
	PublicSuffixList PublicSuffixList
	// Now is the clock; nil: time.Now.
	Now func() time.Time
	// PersistSessionCookies keeps session cookies (no Expires or Max-Age)
	// across restarts, as a crawler keeps its login: the Monster writes
	// them to Store, and a Store that drops the session cookies of an
	// earlier run at load ([SessionKeeper], as sqlitestore does) keeps
	// them. Without it, as in a browser, session cookies end with the
	// process. It is the only switch.
	PersistSessionCookies bool
	// Limits bounds the store; zero fields take Chromium's values.
	Limits Limits
	// Observer hears every set attempt and every read decision, through
	// the Monster, its Jar and its Transport; zero: none, at no cost.
	Observer Observer
	// Policy decides which accesses the user's settings allow (third-party
	// blocking, site settings, Storage Access) and which domains keep
	// legacy semantics; nil: every access the cookie rules allow, at no
	// cost. A Policy that also has a DeleteOnExit(domain string, secure
	// bool) bool method, as [CookieSettings] has, makes session-only sites
	// work with Store: the Monster wraps it with [NewSessionCleanupStore],
	// so that their cookies are deleted from it at Close, and at the next
	// load when the process died first.
	Policy Policy
	// FirstPartyIsolation is Firefox's privacy.firstparty.isolate: the Jar
	// and the Transport give every access the first-party domain of its
	// top-level site (Options.FirstPartyDomain), so that a cookie set under
	// one first party is invisible under another. Limits still count per
	// eTLD+1 and globally, across first parties.
	FirstPartyIsolation bool
	// CloseTimeout bounds how long Close waits for the Store's loads to
	// return once it has cancelled them (a Store whose Load ignores its
	// context); zero: DefaultCloseTimeout. Close then closes the Store
	// anyway and returns an error wrapping [ErrLoadStuck].
	CloseTimeout time.Duration
}

// DefaultCloseTimeout is Config.CloseTimeout's default.
const DefaultCloseTimeout = 5 * time.Second

// ErrLoadStuck is wrapped by the error of Close when the Store's load did
// not return within Config.CloseTimeout of being cancelled.
var ErrLoadStuck = errors.New("cookiemonster: the store's load did not return")

// Monster is a cookie store that applies RFC 6265bis as Chromium's
// CookieMonster does: cookies are kept by eTLD+1, partitioned cookies by
// partition and eTLD+1; sets and reads are judged with an [InclusionStatus];
// the store evicts like Chromium; changes go to a [ChangeDispatcher] and to an
// optional [PersistentStore]. A Monster is safe for concurrent use.
//
// The context of each method matters only while a persistent store loads:
// an operation on one site waits for that site's cookies, a global operation
// for the full load, and both give up when ctx is done.
//
// The zero Monster is an empty memory-only store with the defaults of the
// zero [Config].
type Monster struct {
	initOnce sync.Once // sets up the zero Monster on first use

	psl     PublicSuffixList
	now     func() time.Time
	limits  Limits
	store   PersistentStore
	causes  CauseRecorder // store, when it wants the causes of deletions
	persist bool          // PersistSessionCookies
	changes *ChangeDispatcher
	// observer is Config.Observer.
	observer Observer
	// fpi is Config.FirstPartyIsolation.
	fpi bool
	// policy is Config.Policy; idler is the same policy when it can tell
	// that it has nothing to decide.
	policy Policy
	idler  idlePolicy

	mu sync.Mutex
	// cookies holds the unpartitioned cookies by key (eTLD+1).
	cookies map[string][]*CanonicalCookie
	// partitioned holds the partitioned cookies by partition, then key.
	partitioned map[PartitionKey]map[string][]*CanonicalCookie
	numCookies  int // unpartitioned
	numParted   int
	// numBytes is the size (cookieSize) of every stored cookie, for
	// Limits.MaxTotalBytes.
	numBytes int64
	// earliestAccess gates the global purge; zero is "long ago".
	earliestAccess time.Time
	keyCache       map[string]string
	closed         bool
	// pendingEvents says the call holding mu queued changes to deliver.
	pendingEvents bool

	// Loading from the store.
	loaded chan struct{} // closed when the full load is done
	// loadCtx is the context of the store's loads, which Close cancels;
	// closeTimeout is Config.CloseTimeout.
	loadCtx      context.Context
	cancelLoad   context.CancelFunc
	closeTimeout time.Duration
	// closing is closed by Close, so that the calls waiting for a load
	// fail with ErrClosed rather than wait for a load that may hang.
	closing  chan struct{}
	loadErr  error
	keyLoads map[string]*keyLoad
	// keysInFlight counts the priority loads that have not yet inserted
	// what they loaded; the full load is not done before they have, and
	// keysInserted (on mu) wakes it when one has.
	keysInFlight int
	keysInserted sync.Cond
	// fullLoaded is set once the full load has inserted its cookies: no
	// priority load starts after it.
	fullLoaded bool
	fullyReady bool
}

// keyLoad is a priority load of one key in progress or done.
type keyLoad struct {
	done chan struct{}
}

// keyCacheMax bounds the host → key cache.
const keyCacheMax = 1 << 14

// New returns a [Monster]. With a Store it returns at once and loads the
// store in the background.
func New(cfg Config) (*Monster, error) {
	m := new(Monster)
	var err error
	m.initOnce.Do(func() { err = m.setup(cfg) })
	if err != nil {
		return nil, err
	}
	return m, nil
}

// ready sets up the zero Monster, the first time one of its methods runs,
// as New(Config{}) would.
func (m *Monster) ready() {
	m.initOnce.Do(func() { _ = m.setup(Config{}) }) // the zero Config is valid
}

// firstPartyOf returns the first-party domain of a top-level URL: the
// storage key of its host (its eTLD+1, or the host itself when it has
// none, as for an IP address); "" for a URL without a host.
func (m *Monster) firstPartyOf(top *url.URL) string {
	if top == nil {
		return ""
	}
	h, ok := canonicalURLHost(top)
	if !ok {
		return ""
	}
	return keyOf(m.psl, h)
}

// clock returns the Monster's time now.
func (m *Monster) clock() time.Time {
	m.ready()
	return m.now()
}

// setup initializes m from cfg and starts the load of its store.
func (m *Monster) setup(cfg Config) error {
	// Field by field: m.initOnce is running this.
	m.psl, m.now, m.limits = cfg.PublicSuffixList, cfg.Now, cfg.Limits.withDefaults()
	m.store, m.persist, m.observer = cfg.Store, cfg.PersistSessionCookies, cfg.Observer
	m.fpi, m.policy = cfg.FirstPartyIsolation, cfg.Policy
	m.idler, _ = cfg.Policy.(idlePolicy)
	if d, ok := cfg.Policy.(sessionOnlyDecider); ok && m.store != nil {
		m.store = NewSessionCleanupStore(m.store, d.DeleteOnExit)
	}
	m.cookies = make(map[string][]*CanonicalCookie)
	m.partitioned = make(map[PartitionKey]map[string][]*CanonicalCookie)
	m.keyCache = make(map[string]string)
	m.loaded = make(chan struct{})
	m.loadCtx, m.cancelLoad = context.WithCancel(context.Background())
	m.closing = make(chan struct{})
	m.closeTimeout = cfg.CloseTimeout
	if m.closeTimeout <= 0 {
		m.closeTimeout = DefaultCloseTimeout
	}
	m.keyLoads = make(map[string]*keyLoad)
	if m.psl == nil {
		m.psl = host.Default()
	}
	m.psl = host.NewCache(m.psl)
	m.keysInserted.L = &m.mu
	if m.now == nil {
		m.now = time.Now
	}
	if err := m.limits.validate(); err != nil {
		return err
	}
	m.changes = newChangeDispatcher(m.psl, m.now)
	if m.store == nil {
		m.fullyReady = true
		close(m.loaded)
		return nil
	}
	if sk, ok := m.store.(SessionKeeper); ok {
		sk.KeepSessionCookies(m.persist)
	}
	m.causes, _ = m.store.(CauseRecorder)
	if a, ok := cfg.Store.(Attacher); ok {
		a.Attach(m)
	}
	go m.loadAll()
	return nil
}

// Changes returns the dispatcher to subscribe to changes with.
func (m *Monster) Changes() *ChangeDispatcher {
	m.ready()
	return m.changes
}

// keyOf returns the storage key of a cookie domain or host: its eTLD+1, or
// the dotless domain itself when it has none.
func keyOf(psl PublicSuffixList, domain string) string { return host.Key(psl, domain) }

// keyLocked returns the storage key of domain, cached. m.mu must be held.
func (m *Monster) keyLocked(domain string) string {
	if k, ok := m.keyCache[domain]; ok {
		return k
	}
	k := keyOf(m.psl, domain)
	if len(m.keyCache) >= keyCacheMax {
		clear(m.keyCache)
	}
	m.keyCache[domain] = k
	return k
}

// ---- loading ----

func (m *Monster) loadAll() {
	cookies, err := m.store.Load(m.loadCtx)
	m.mu.Lock()
	m.storeLoadedLocked(cookies)
	if err != nil {
		m.loadErr = errors.Join(m.loadErr, err)
	}
	// A priority load may have taken cookies from the store that it has not
	// inserted yet; the load is complete only once it has.
	m.fullLoaded = true
	for m.keysInFlight > 0 {
		m.keysInserted.Wait()
	}
	m.fullyReady = true
	ev := m.takeEventsLocked()
	m.mu.Unlock()
	close(m.loaded)
	m.deliver(ev)
}

// waitAll waits for the full load.
func (m *Monster) waitAll(ctx context.Context) error {
	select {
	case <-m.loaded:
		return nil
	default:
	}
	select {
	case <-m.loaded:
		return nil
	case <-m.closing:
		return ErrClosed
	case <-ctx.Done():
		return fmt.Errorf("cookiemonster: waiting for the store to load: %w", ctx.Err())
	}
}

// waitKey waits until the cookies of key are loaded: by a priority load
// when the store supports it, else by the full load.
func (m *Monster) waitKey(ctx context.Context, key string) error {
	select {
	case <-m.loaded:
		return nil
	default:
	}
	kl, ok := m.store.(KeyLoader)
	if !ok {
		return m.waitAll(ctx)
	}
	m.mu.Lock()
	if m.fullyReady {
		m.mu.Unlock()
		return nil
	}
	l := m.keyLoads[key]
	if l == nil {
		if m.fullLoaded {
			// Every cookie is loaded, or being inserted by a priority
			// load that the full load waits for.
			m.mu.Unlock()
			return m.waitAll(ctx)
		}
		l = &keyLoad{done: make(chan struct{})}
		m.keyLoads[key] = l
		m.keysInFlight++
		go func() {
			cookies, err := kl.LoadKey(m.loadCtx, key)
			m.mu.Lock()
			m.storeLoadedLocked(cookies)
			if err != nil {
				m.loadErr = errors.Join(m.loadErr, err)
			}
			m.keysInFlight--
			m.keysInserted.Broadcast()
			ev := m.takeEventsLocked()
			m.mu.Unlock()
			m.deliver(ev)
			if len(cookies) == 0 {
				// Nothing came: either the key has no cookies, or the full
				// load in progress has taken them and not yet handed them
				// over. Only the end of the full load tells.
				<-m.loaded
			}
			close(l.done)
		}()
	}
	m.mu.Unlock()
	select {
	case <-l.done:
		return nil
	case <-m.loaded:
		return nil
	case <-m.closing:
		return ErrClosed
	case <-ctx.Done():
		return fmt.Errorf("cookiemonster: waiting for the store to load %q: %w", key, ctx.Err())
	}
}

// storeLoadedLocked inserts cookies from the store without events and
// without writing them back; drops those that are not canonical, control
// characters included, or are domain cookies on a public suffix (cause
// Evicted, and deleted from the store), and duplicates (the newest creation wins; cause Explicit, for
// domain subscriptions only).
func (m *Monster) storeLoadedLocked(cookies []*CanonicalCookie) {
	touched := make(map[string]map[PartitionKey]bool)
	loaded := make(map[*CanonicalCookie]bool, len(cookies))
	for _, c := range cookies {
		loaded[c] = true
		if c == nil {
			continue
		}
		key := m.keyLocked(c.Domain)
		c.SourcePort = storedPort(c.SourcePort)
		if !c.isCanonicalForFromStorage() || !m.domainAllowed(c) {
			m.storeDelete(c, CauseEvicted)
			m.queueChangeLocked(c, key, CauseEvicted, true)
			continue
		}
		m.insertLocked(key, c)
		if touched[key] == nil {
			touched[key] = make(map[PartitionKey]bool)
		}
		touched[key][c.Partition] = true
		if m.earliestAccess.IsZero() || c.LastAccess.Before(m.earliestAccess) {
			m.earliestAccess = c.LastAccess
		}
	}
	for key, parts := range touched {
		for p := range parts {
			m.dedupeLocked(key, p, loaded)
		}
	}
}

// dedupeLocked keeps the newest-creation cookie of each group of
// equivalent cookies of one key and partition, removing the others from the
// store too. An exact copy delivered twice is dropped silently. loaded holds
// the cookies of this load; the others were set meanwhile.
func (m *Monster) dedupeLocked(key string, p PartitionKey, loaded map[*CanonicalCookie]bool) {
	type equivKey struct{ name, domain, path, firstParty string }
	newest := make(map[equivKey]*CanonicalCookie)
	var losers []*CanonicalCookie
	for _, c := range m.listLocked(key, p) {
		k := equivKey{c.Name, c.Domain, c.Path, c.FirstPartyDomain}
		best, ok := newest[k]
		switch {
		case !ok:
			newest[k] = c
		case c.Creation.After(best.Creation):
			newest[k] = c
			losers = append(losers, best)
		default:
			losers = append(losers, c)
		}
	}
	for _, c := range losers {
		w := newest[equivKey{c.Name, c.Domain, c.Path, c.FirstPartyDomain}]
		if *c == *w {
			m.removeLocked(key, c, 0, false, false)
			continue
		}
		m.removeLocked(key, c, CauseExplicit, false, true)
		if !loaded[w] && m.shouldPersist(w) && c.UniqueKey() == w.UniqueKey() {
			// The winner was set while the store was loading, and the
			// loser's Delete names its row too: write the winner back.
			m.store.Add(w)
		}
	}
}

// domainAllowed reports whether a domain cookie's domain has a registrable
// domain: a cookie built by hand or loaded from a store must not be a
// "supercookie" on a public suffix such as ".com".
func (m *Monster) domainAllowed(c *CanonicalCookie) bool {
	return c.IsHostOnly() || host.RegistrableDomain(m.psl, c.DomainWithoutDot()) != ""
}

// ---- storage primitives (m.mu held) ----

// listLocked returns the cookies of key in partition p (zero: unpartitioned).
func (m *Monster) listLocked(key string, p PartitionKey) []*CanonicalCookie {
	if !p.IsPartitioned() {
		return m.cookies[key]
	}
	return m.partitioned[p][key]
}

func (m *Monster) insertLocked(key string, c *CanonicalCookie) {
	m.numBytes += cookieSize(c)
	if !c.IsPartitioned() {
		m.cookies[key] = append(m.cookies[key], c)
		m.numCookies++
		return
	}
	pm := m.partitioned[c.Partition]
	if pm == nil {
		pm = make(map[string][]*CanonicalCookie)
		m.partitioned[c.Partition] = pm
	}
	pm[key] = append(pm[key], c)
	m.numParted++
}

// shouldPersist reports whether the store keeps c.
func (m *Monster) shouldPersist(c *CanonicalCookie) bool {
	if m.store == nil || (!c.IsPersistent() && !m.persist) {
		return false
	}
	_, _, err := c.Partition.Serialize()
	return err == nil
}

// removeLocked removes c (the stored pointer) from key. It queues a change
// with cause unless cause is 0 and notify is false; it deletes c from the
// persistent store when sync is set.
func (m *Monster) removeLocked(key string, c *CanonicalCookie, cause ChangeCause, notifyGlobal, sync bool) {
	if m.detachLocked(key, c) {
		m.forgetLocked(key, c, cause, notifyGlobal, sync)
	}
}

// detachLocked takes c (the stored pointer) out of key's list and reports
// whether it was there.
func (m *Monster) detachLocked(key string, c *CanonicalCookie) bool {
	var list []*CanonicalCookie
	var pm map[string][]*CanonicalCookie
	if c.IsPartitioned() {
		pm = m.partitioned[c.Partition]
		list = pm[key]
	} else {
		list = m.cookies[key]
	}
	idx := -1
	for i, x := range list {
		if x == c {
			idx = i
			break
		}
	}
	if idx < 0 {
		return false
	}
	last := len(list) - 1
	copy(list[idx:], list[idx+1:])
	list[last] = nil
	list = list[:last]
	switch {
	case !c.IsPartitioned() && len(list) == 0:
		delete(m.cookies, key)
	case !c.IsPartitioned():
		m.cookies[key] = list
	case len(list) == 0:
		delete(pm, key)
		if len(pm) == 0 {
			delete(m.partitioned, c.Partition)
		}
	default:
		pm[key] = list
	}
	if c.IsPartitioned() {
		m.numParted--
	} else {
		m.numCookies--
	}
	m.numBytes -= cookieSize(c)
	return true
}

// forgetLocked does what the removal of c entails besides taking it out
// of its list: the store's Delete when sync, and the change.
func (m *Monster) forgetLocked(key string, c *CanonicalCookie, cause ChangeCause, notifyGlobal, sync bool) {
	if sync && m.shouldPersist(c) {
		m.storeDelete(c, cause)
	}
	if cause != 0 || notifyGlobal {
		m.queueChangeLocked(c, key, cause, notifyGlobal)
	}
}

// storeDelete deletes c from the store, with its cause when the store
// wants it.
func (m *Monster) storeDelete(c *CanonicalCookie, cause ChangeCause) {
	if m.causes != nil && cause != 0 {
		m.causes.DeleteCause(c, cause)
		return
	}
	m.store.Delete(c)
}

// ---- change events ----

// eventBatch says whether a call queued changes, to deliver after the lock
// is released.
type eventBatch bool

// queueChangeLocked queues the change of c.
func (m *Monster) queueChangeLocked(c *CanonicalCookie, key string, cause ChangeCause, notifyGlobal bool) {
	if !m.changes.active() {
		return
	}
	m.queueLocked(Change{Cookie: *c, Cause: cause, AccessResult: AccessResult{
		EffectiveSameSite:            EffectiveUndefined,
		AllowedToAccessSecureCookies: true,
	}}, key, notifyGlobal)
}

func (m *Monster) queueLocked(ch Change, key string, notifyGlobal bool) {
	if !m.changes.active() {
		return
	}
	if m.changes.enqueue(ch, key, notifyGlobal) {
		m.pendingEvents = true
	}
}

// takeEventsLocked returns the events queued since the last call.
func (m *Monster) takeEventsLocked() eventBatch {
	b := eventBatch(m.pendingEvents)
	m.pendingEvents = false
	return b
}

// deliver delivers a batch; call it without m.mu.
func (m *Monster) deliver(b eventBatch) {
	if b {
		m.changes.deliver()
	}
}

// unlockAndDeliver releases m.mu and delivers what the call queued.
func (m *Monster) unlockAndDeliver() {
	b := m.takeEventsLocked()
	m.mu.Unlock()
	m.deliver(b)
}

// ---- lifecycle ----

// Flush commits the persistent store's queued writes and reports any error
// of the store since the last Flush, the load's included.
func (m *Monster) Flush(ctx context.Context) error {
	m.ready()
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	if m.store == nil {
		m.mu.Unlock()
		return nil
	}
	loadErr := m.loadErr
	m.loadErr = nil
	m.mu.Unlock()
	err := m.store.Flush(ctx)
	if loadErr != nil {
		err = errors.Join(fmt.Errorf("cookiemonster: loading the store: %w", loadErr), err)
	}
	return err
}

// Close flushes and closes the persistent store. Later calls, a second
// Close included, fail with [ErrClosed] at once.
func (m *Monster) Close() error {
	m.ready()
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	m.closed = true
	close(m.closing)
	m.mu.Unlock()
	if m.store == nil {
		return nil
	}
	// A load still running is cancelled: a store's Load returns at once
	// with what it read when its context is done.
	m.cancelLoad()
	timer := time.NewTimer(m.closeTimeout)
	defer timer.Stop()
	select {
	case <-m.loaded:
		return m.store.Close()
	case <-timer.C:
		return errors.Join(fmt.Errorf("cookiemonster: close: %w within %v of being cancelled", ErrLoadStuck, m.closeTimeout),
			m.store.Close())
	}
}

// keyedURL is a URL prepared for the store: the canonical layer's
// requestURL and, once a call computed it, the storage key of its host, which
// the calls of one batch (the cookies of one response) share.
type keyedURL struct {
	requestURL
	key string // "" until computed
}

// newKeyedURL prepares u; its key is computed by the first call that
// needs it.
func newKeyedURL(u *url.URL) keyedURL { return keyedURL{requestURL: newRequestURL(u)} }

// beginHost computes the key of a canonical host or cookie domain, waits
// for that key to be loaded and locks m.mu.
func (m *Monster) beginHost(ctx context.Context, h string) (string, error) {
	m.mu.Lock()
	key := m.keyLocked(h)
	if m.fullyReady && !m.closed {
		return key, nil
	}
	return m.waitKeyLocked(ctx, key)
}

// beginURL is beginHost for the host of r, computing its key only once.
func (m *Monster) beginURL(ctx context.Context, r *keyedURL) (string, error) {
	m.mu.Lock()
	if r.key == "" {
		r.key = m.keyLocked(r.host)
	}
	if m.fullyReady && !m.closed {
		return r.key, nil
	}
	return m.waitKeyLocked(ctx, r.key)
}

// waitKeyLocked is the rest of beginHost and beginURL while the store loads
// or once the Monster is closed: called with m.mu held, it waits for key to
// be loaded and returns with m.mu held, or unlocked with an error.
func (m *Monster) waitKeyLocked(ctx context.Context, key string) (string, error) {
	if !m.fullyReady {
		m.mu.Unlock()
		if err := m.waitKey(ctx, key); err != nil {
			return "", err
		}
		m.mu.Lock()
	}
	if m.closed {
		m.mu.Unlock()
		return "", ErrClosed
	}
	return key, nil
}

// beginAll waits for the full load and locks m.mu.
func (m *Monster) beginAll(ctx context.Context) error {
	if err := m.waitAll(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	return nil
}

// ---- set ----

// SetCookieLine parses a Set-Cookie line received from u and stores the
// cookie, with every set-time rule. The [AccessResult] says whether it was
// stored and why not; the error is for a cancelled wait or a closed [Monster].
func (m *Monster) SetCookieLine(ctx context.Context, u *url.URL, line string, o Options) (AccessResult, error) {
	m.ready()
	r := newKeyedURL(u)
	return m.setLine(ctx, DoorMonster, u, &r, line, o, m.now())
}

// setLine is SetCookieLine for u prepared as r, at now, through door.
func (m *Monster) setLine(ctx context.Context, door Door, u *url.URL, r *keyedURL, line string, o Options, now time.Time) (AccessResult, error) {
	m.ready()
	if u == nil {
		return m.refuseNilURL(door, line, &o)
	}
	// The parsed and the new cookie stay on the stack; setCanonical copies
	// the cookie into the store.
	var c CanonicalCookie
	var pc ParsedCookie
	var st InclusionStatus
	switch {
	case !r.ok && !r.cookieable:
		// As Chromium: a URL without a host makes a cookie without a
		// domain, which the store refuses for the scheme alone.
		st.addExclusion(ExcludeNoncookieableScheme)
	case !r.ok:
		st.addExclusion(ExcludeFailureToStore)
	default:
		if st = pc.parse(line); !st.IsInclude() {
			break
		}
		st = newFromParsed(&c, &r.requestURL, &pc, now, CreateOptions{
			ServerTime:       o.ServerTime,
			Partition:        o.Partition,
			PublicSuffixList: m.psl,
		}, st)
	}
	if !st.IsInclude() {
		res := AccessResult{Status: st, EffectiveSameSite: EffectiveUndefined, AccessSemantics: o.AccessSemantics}
		if m.observingSets() {
			m.observeSet(door, u, line, nil, res, false, nil)
		}
		return res, nil
	}
	// The creation warnings (oversized attribute, non-ASCII domain) go with
	// the set's result, and so with its Inserted change.
	req := setRequest{cookie: &c, source: u, url: r, madeFromURL: true, opts: &o, created: st, door: door, line: line}
	res, _, err := m.setCanonical(ctx, now, req)
	return res, err
}

// SetCanonicalCookie stores c, received from source, with every set-time
// rule: cookieable scheme, domain match, Secure only from a secure origin,
// HttpOnly not from a script-like access, SameSite=None needs Secure, the
// [SameSite] context, Leave Secure Cookies Alone, HttpOnly overwrite
// protection. An already-expired cookie deletes its equivalent and is not
// stored. The [Monster] keeps its own copy of c. A cookie that is not
// canonical (see [CanonicalCookie.IsCanonical]), a SameSite, [Priority], [SourceScheme] or
// SourcePort outside its defined values included, is refused with
// [ExcludeFailureToStore].
func (m *Monster) SetCanonicalCookie(ctx context.Context, c *CanonicalCookie, source *url.URL, o Options) (AccessResult, error) {
	m.ready()
	var cp CanonicalCookie
	if c != nil {
		cp = *c
	}
	if cp.Creation.IsZero() {
		cp.Creation = normTime(m.now())
	}
	if source == nil {
		return m.refuseNilURL(DoorMonster, "", &o)
	}
	if c == nil {
		var st InclusionStatus
		st.addExclusion(ExcludeFailureToStore)
		res := AccessResult{Status: st, EffectiveSameSite: EffectiveUndefined, AccessSemantics: o.AccessSemantics}
		if m.observingSets() {
			m.observeSet(DoorMonster, source, "", nil, res, false, ErrNilCookie)
		}
		return res, ErrNilCookie
	}
	if c == nil || !cp.IsCanonical() || !m.domainAllowed(&cp) {
		// A cookie built by hand must be one the parser could have made:
		// a ';' in the name or a CRLF in the value would inject headers.
		var st InclusionStatus
		st.addExclusion(ExcludeFailureToStore)
		res := AccessResult{Status: st, EffectiveSameSite: EffectiveUndefined, AccessSemantics: o.AccessSemantics}
		if m.observingSets() {
			var judged *CanonicalCookie
			if c != nil {
				judged = &cp
			}
			m.observeSet(DoorMonster, source, "", judged, res, false, nil)
		}
		return res, nil
	}
	r := newKeyedURL(source)
	req := setRequest{cookie: &cp, source: source, url: &r, opts: &o}
	res, _, err := m.setCanonical(ctx, m.now(), req)
	return res, err
}

// setRequest is one set of a cookie into the store.
type setRequest struct {
	// cookie is the cookie to store, which the set completes (missing
	// times) and copies into the store: the caller gives it up.
	cookie *CanonicalCookie
	// source is the URL the cookie is set from, prepared as url.
	source *url.URL
	url    *keyedURL
	// madeFromURL says the cookie was made from url, so that its key is
	// url's: its domain is url's host or shares its eTLD+1.
	madeFromURL bool
	opts        *Options
	// created is the status of the cookie's creation; its warnings join
	// the result.
	created InclusionStatus
	// returnStored asks for a copy of the stored cookie.
	returnStored bool
	// door and line (the Set-Cookie line, if any) are for the observer.
	door Door
	line string
}

// refuseNilURL is the result of a set from a nil URL: an error, heard by
// the observer.
func (m *Monster) refuseNilURL(door Door, line string, o *Options) (AccessResult, error) {
	var st InclusionStatus
	st.addExclusion(ExcludeFailureToStore)
	res := AccessResult{Status: st, EffectiveSameSite: EffectiveUndefined, AccessSemantics: o.AccessSemantics}
	err := ErrNilURL
	if m.observingSets() {
		m.observeSet(door, nil, line, nil, res, false, err)
	}
	return res, err
}

// setCanonical runs req at now and returns its result and, when
// req.returnStored, a copy of the stored cookie (nil when it was not
// stored). now is not part of req: the store keeps times, and a request
// holding one would take its cookie and URL to the heap.
func (m *Monster) setCanonical(ctx context.Context, now time.Time, req setRequest) (AccessResult, *CanonicalCookie, error) {
	c := req.cookie
	if fpd := req.opts.FirstPartyDomain; fpd != "" {
		c.FirstPartyDomain = fpd // set under that first party
	}
	var res AccessResult
	if !m.policyActive() {
		res = c.setPermitted(req.source, &req.url.requestURL, req.opts, now)
	} else {
		// The policy sees copies: the cookie and URL of a set stay on
		// their caller's stack.
		pc := copyCookie(c)
		res = c.setPermitted(req.source, &req.url.requestURL, m.withPolicySemantics(req.opts, pc), now)
		m.applyPolicy(&res, policyAccess(copyURL(req.source), req.opts, pc, true))
	}
	res.Status.addWarningsOf(req.created)
	var key string
	var err error
	if req.madeFromURL {
		key, err = m.beginURL(ctx, req.url)
	} else {
		key, err = m.beginHost(ctx, c.Domain)
	}
	if err != nil {
		if m.observingSets() {
			m.observeSet(req.door, req.source, req.line, c, res, false, err)
		}
		return res, nil, err
	}
	var stored *CanonicalCookie
	if c.Creation.IsZero() {
		c.Creation = normTime(now)
	}
	if c.LastAccess.IsZero() {
		c.LastAccess = c.Creation
	}
	if c.LastUpdate.IsZero() {
		c.LastUpdate = normTime(now)
	}
	// Judged at the cookie's creation, as Chromium does.
	expired := c.IsExpired(c.Creation)
	replaced := m.replaceEquivalentLocked(key, c, &res, req.opts, expired)
	if res.Status.IsInclude() {
		if !expired {
			// The store keeps its own copy; a replaced cookie's slot and
			// memory, which nothing else references, are reused.
			keep := replaced
			if keep == nil {
				keep = new(CanonicalCookie)
				*keep = *c
				ownStrings(keep, m.listLocked(key, c.Partition))
				m.insertLocked(key, keep)
			} else {
				adoptStrings(c, keep)
				m.numBytes += cookieSize(c) - cookieSize(keep)
				*keep = *c
			}
			if req.returnStored {
				snapshot := *keep
				stored = &snapshot
			}
			if m.shouldPersist(keep) {
				m.store.Add(keep)
			}
			if m.changes.active() {
				m.queueLocked(Change{Cookie: *keep, Cause: CauseInserted, AccessResult: res}, key, true)
			}
		}
		if c.IsPartitioned() {
			m.gcPartitionLocked(key, c.Partition, now)
		} else {
			m.gcLocked(key, now)
		}
		m.capLocked(now)
	}
	m.unlockAndDeliver()
	if m.observingSets() {
		m.observeSet(req.door, req.source, req.line, c, res, res.Status.IsInclude() && !expired, nil)
	}
	return res, stored, nil
}

// replaceEquivalentLocked applies Leave Secure Cookies Alone and HttpOnly
// overwrite protection against the cookies of key in c's partition. If the
// set goes ahead, an expired c removes its equivalent, and a live c's
// equivalent is reported removed (store and change) and returned, still in
// its list, for the caller to overwrite. A new cookie with the same value
// keeps the old creation time, and with it its place among the cookies
// created at the same instant; another takes the place of a new cookie.
func (m *Monster) replaceEquivalentLocked(key string, c *CanonicalCookie, res *AccessResult, o *Options, expired bool) *CanonicalCookie {
	var candidate *CanonicalCookie
	list := m.listLocked(key, c.Partition)
	at := -1
	for i, ex := range list {
		if ex.Secure && !res.AllowedToAccessSecureCookies && c.isEquivalentForSecureCookieMatching(ex) {
			res.Status.addExclusion(ExcludeOverwriteSecure)
		}
		if c.IsEquivalent(ex) {
			if !o.IncludeHTTPOnly && ex.HTTPOnly {
				res.Status.addExclusion(ExcludeOverwriteHTTPOnly)
			} else {
				candidate, at = ex, i
			}
		}
	}
	if candidate == nil {
		return nil
	}
	sameValue := candidate.Value == c.Value
	if sameValue {
		c.Creation = candidate.Creation
	}
	switch {
	case !res.Status.IsInclude():
		return nil
	case expired:
		m.removeLocked(key, candidate, CauseExpiredOverwrite, true, true)
		return nil
	}
	// The new cookie takes the old one's place, where the caller
	// overwrites it. Among cookies created at the same instant the list
	// order decides, as the order of creation would in Chromium, whose
	// creation times differ: a cookie that keeps the old creation time
	// keeps the old place; any other moves to the end of the list, where an
	// inserted cookie goes.
	m.forgetLocked(key, candidate, CauseOverwrite, true, true)
	if !sameValue {
		copy(list[at:], list[at+1:])
		list[len(list)-1] = candidate
	}
	return candidate
}

// ---- get ----

// Cookies returns the cookies to send to u in the access o, sorted for the
// Cookie header (longer path first, then older), and, when
// o.ReturnExcluded, the others with their reasons. Expired cookies met on
// the way are deleted (cause Expired); included cookies get their
// last-access time updated (at most once a minute) unless
// o.SkipAccessTimeUpdate.
func (m *Monster) Cookies(ctx context.Context, u *url.URL, o Options) (included, excluded []CookieWithAccessResult, err error) {
	m.ready()
	err = m.visit(ctx, u, o, readCall{}, func(n int) {
		included = make([]CookieWithAccessResult, 0, n)
	}, func(c *CanonicalCookie, res AccessResult) {
		switch {
		case res.Status.IsInclude():
			included = append(included, CookieWithAccessResult{Cookie: *c, AccessResult: res})
		case o.ReturnExcluded:
			excluded = append(excluded, CookieWithAccessResult{Cookie: *c, AccessResult: res})
		}
	})
	if len(included) == 0 {
		included = nil
	}
	return included, excluded, err
}

// CookieHeader returns the Cookie header value for u in the access o, ""
// when no cookie is sent.
func (m *Monster) CookieHeader(ctx context.Context, u *url.URL, o Options) (string, error) {
	m.ready()
	return m.cookieHeader(ctx, u, o, readCall{})
}

// cookieHeader is CookieHeader for the read call.
func (m *Monster) cookieHeader(ctx context.Context, u *url.URL, o Options, call readCall) (string, error) {
	// Built on the stack, so that the header is the one allocation.
	var buf [headerBuf]byte
	b := buf[:0]
	err := m.visit(ctx, u, o, call, nil, func(c *CanonicalCookie, res AccessResult) {
		if res.Status.IsInclude() {
			b = appendPair(b, c)
		}
	})
	return string(b), err
}

// readBuf is the size of the stack buffers of a read; a key with more
// candidates uses the heap.
const readBuf = 32

// headerBuf is the size of the stack buffer a Cookie header is built in; a
// longer header grows on the heap.
const headerBuf = 512

// visit runs a read of u in the access o: it takes the candidates (the
// URL's key, plus o.Partition's cookies), deletes the expired ones, sorts
// the rest for the Cookie header, decides each one with the
// domain-shadowing warning, updates the last-access time of the included
// ones, and calls each with m.mu held, in order: first count with the
// number of included candidates (when not nil), then fn for every
// candidate. fn must not call the Monster. The Read observer hears the
// read as call describes it.
func (m *Monster) visit(ctx context.Context, u *url.URL, o Options, call readCall, count func(int), fn func(*CanonicalCookie, AccessResult)) error {
	m.ready()
	var obs *readObservation
	if m.observingReads() {
		obs = call.observation(u, &o)
		defer func() { m.observer.Read(obs.ev) }() // after the unlock below
	}
	if u == nil {
		if obs != nil {
			obs.ev.Err = ErrNilURL
		}
		return ErrNilURL
	}
	if !isCookieableScheme(u.Scheme) {
		return nil
	}
	r := newRequestURL(u)
	if !r.ok {
		return nil
	}
	key, err := m.beginHost(ctx, r.host)
	if err != nil {
		if obs != nil {
			obs.ev.Err = err
		}
		return err
	}
	now := m.now()
	var cbuf [readBuf]*CanonicalCookie
	cands := m.candidatesLocked(cbuf[:0], key, o.Partition, o.FirstPartyDomain, now)
	SortCookies(cands)
	var rbuf [readBuf]AccessResult
	results := rbuf[:0]
	hostIncluded, anyDomain := false, false
	active := m.policyActive()
	var rv readVerdicts
	for _, c := range cands {
		var res AccessResult
		if !active {
			res = c.includeFor(&r, &o, now)
		} else {
			res = m.includeWithPolicy(c, u, &r, &o, now, &rv)
		}
		results = append(results, res)
		if !c.IsHostOnly() {
			anyDomain = true
		} else if shadowCandidate(res.Status) {
			hostIncluded = true
		}
	}
	if count != nil {
		n := 0
		for i := range results {
			if results[i].Status.IsInclude() {
				n++
			}
		}
		count(n)
	}
	// A last access at or before stale is at least lastAccessThreshold old.
	stale := now.Add(-lastAccessThreshold)
	for i, c := range cands {
		res := results[i]
		if anyDomain && hostIncluded && !c.IsHostOnly() && !res.Status.HasWarning(WarnSchemeMismatch) &&
			shadowsHostCookie(c, cands, results) {
			res.Status.addWarning(WarnShadowingDomain)
		}
		if res.Status.IsInclude() && !o.SkipAccessTimeUpdate && !c.LastAccess.After(stale) {
			c.LastAccess = normTime(now)
			if m.shouldPersist(c) {
				m.store.UpdateAccessTime(c)
			}
		}
		if obs != nil {
			obs.add(c, res)
		}
		fn(c, res)
	}
	m.unlockAndDeliver()
	return nil
}

// shadowCandidate reports whether a host cookie with this status defines a
// name that a domain cookie would shadow: included (a path mismatch aside)
// with no scheme or port mismatch.
func shadowCandidate(st InclusionStatus) bool {
	st.removeExclusion(ExcludeNotOnPath)
	return st.IsInclude() && !st.HasWarning(WarnSchemeMismatch) && !st.HasWarning(WarnPortMismatch)
}

// shadowsHostCookie reports whether the domain cookie d has the name of a
// host cookie among cands that is a shadow candidate.
func shadowsHostCookie(d *CanonicalCookie, cands []*CanonicalCookie, results []AccessResult) bool {
	for i, c := range cands {
		if c.IsHostOnly() && c.Name == d.Name && shadowCandidate(results[i].Status) {
			return true
		}
	}
	return false
}

// candidatesLocked appends to buf the live cookies of key visible from
// partition p and first-party domain fpd, deleting the expired ones.
func (m *Monster) candidatesLocked(buf []*CanonicalCookie, key string, p PartitionKey, fpd string, now time.Time) []*CanonicalCookie {
	out := buf
	if _, nonced := p.Nonce(); !nonced {
		out = append(out, m.cookies[key]...)
	}
	if p.IsPartitioned() {
		out = append(out, m.partitioned[p][key]...)
	}
	live := out[:0]
	for _, c := range out {
		switch {
		case c.IsExpired(now):
			m.removeLocked(key, c, CauseExpired, true, true)
		case c.FirstPartyDomain == fpd:
			live = append(live, c)
		}
	}
	return live
}

// CookieWithAccessResult is a cookie with the decision about it.
type CookieWithAccessResult struct {
	Cookie       CanonicalCookie
	AccessResult AccessResult
}
