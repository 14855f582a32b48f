package cookiemonster_test

import (
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// crawlSites is how many sites TestHardCapBoundsACrawl visits: two
// million, or 200 000 under the race detector, which makes each request
// about ten times slower.
func crawlSites() int {
	if raceEnabled {
		return 200_000
	}
	return 2_000_000
}

// freshCookie answers every request with one new persistent cookie, as a
// tracker on every site of a hostile crawl would.
type freshCookie struct{ n int }

func (f *freshCookie) RoundTrip(req *http.Request) (*http.Response, error) {
	f.n++
	h := make(http.Header, 1)
	h["Set-Cookie"] = []string{"id=" + strconv.FormatInt(int64(f.n)*7919, 16) + "; Max-Age=31536000; Secure; SameSite=Lax"}
	return &http.Response{StatusCode: http.StatusOK, Header: h, Body: http.NoBody, Request: req}, nil
}

// getThrough sends a GET of u through rt and closes the response.
func getThrough(t *testing.T, rt http.RoundTripper, u *url.URL) {
	t.Helper()
	req := &http.Request{Method: http.MethodGet, URL: u, Header: make(http.Header), Host: u.Host}
	resp, err := rt.RoundTrip(req)
	require.NoError(t, err)
	resp.Body.Close()
}

// heapAlloc returns the bytes of live heap objects after a collection.
func heapAlloc() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestHardCapBoundsACrawl sends a crawl of distinct sites, each setting a
// fresh cookie, through the Transport of a Monster with Limits.MaxTotalCookies
// and MaxTotalBytes: the store never holds more than the cap, keeps the
// most recent cookies, and the heap it holds stays within the cap's bound.
// (Without the cap every cookie stays: Chromium's global purge spares
// cookies used in the last 30 days.)
func TestHardCapBoundsACrawl(t *testing.T) {
	const maxCookies, maxBytes = 10_000, 1 << 20
	m, err := cm.New(cm.Config{Limits: cm.Limits{MaxTotalCookies: maxCookies, MaxTotalBytes: maxBytes}})
	require.NoError(t, err)
	defer m.Close()
	base := &freshCookie{}
	tr := m.Transport(base)
	before := heapAlloc()
	n := crawlSites()
	for i := range n {
		getThrough(t, tr, &url.URL{Scheme: "https", Host: "s" + strconv.Itoa(i) + ".example", Path: "/"})
	}
	all, err := m.AllCookies(t.Context())
	require.NoError(t, err)
	// The 10 001st cookie takes the store to 9 090 (10/11 of the cap),
	// and so does every 911th after it: the newest of the sites stay,
	// each with its own cookie.
	want := maxCookies*10/11 + (n-maxCookies-1)%(maxCookies-maxCookies*10/11+1)
	require.Len(t, all, want)
	kept := make(map[string]string, len(all))
	for _, c := range all {
		kept[c.Domain] = c.Name + "=" + c.Value
	}
	for _, i := range []int{n - want, n - 1} {
		assert.Equal(t, "id="+strconv.FormatInt(int64(i+1)*7919, 16), kept["s"+strconv.Itoa(i)+".example"], "site %d stays", i)
	}
	for _, i := range []int{0, n - want - 1} {
		assert.NotContains(t, kept, "s"+strconv.Itoa(i)+".example", "site %d's cookie went", i)
	}
	held := int64(heapAlloc()) - int64(before)
	t.Logf("%d sites: %d cookies kept, heap %+.1f MB", n, len(all), float64(held)/(1<<20))
	// A stored cookie costs about 300 bytes with its strings and its
	// place in the maps: 10 000 of them, with room for the maps' spare
	// capacity and the store's caches, stay well under 16 MB.
	assert.Less(t, held, int64(16<<20), "the heap the Monster holds")
	runtime.KeepAlive(m)
}
