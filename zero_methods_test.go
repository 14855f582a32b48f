package cookiemonster_test

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/url"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// zeroValues holds a zero value of every exported type of the package that
// has methods, by type name.
func zeroValues() map[string]any {
	return map[string]any{
		"AccessResult":           &cm.AccessResult{},
		"AccessSemantics":        cm.AccessSemantics(0),
		"Attribute":              &cm.Attribute{},
		"CanonicalCookie":        &cm.CanonicalCookie{},
		"Change":                 &cm.Change{},
		"ChangeCause":            cm.ChangeCause(0),
		"ChangeDispatcher":       &cm.ChangeDispatcher{},
		"Config":                 &cm.Config{},
		"ContentPattern":         &cm.ContentPattern{},
		"ContentSetting":         cm.ContentSetting(0),
		"ContextType":            cm.ContextType(0),
		"CookieOrigin":           &cm.CookieOrigin{},
		"CookieSettings":         &cm.CookieSettings{},
		"CookieDetails":          &cm.CookieDetails{},
		"CookieFilter":           &cm.CookieFilter{},
		"CookieWithAccessResult": &cm.CookieWithAccessResult{},
		"CreateOptions":          &cm.CreateOptions{},
		"DeletionInfo":           &cm.DeletionInfo{},
		"Door":                   cm.Door(0),
		"EffectiveSameSite":      cm.EffectiveSameSite(0),
		"ExclusionReason":        cm.ExclusionReason(0),
		"ExemptionReason":        cm.ExemptionReason(0),
		"InclusionStatus":        &cm.InclusionStatus{},
		"Jar":                    &cm.Jar{},
		"Limits":                 &cm.Limits{},
		"MemoryStore":            &cm.MemoryStore{},
		"Monster":                &cm.Monster{},
		"Nonce":                  &cm.Nonce{},
		"Observer":               &cm.Observer{},
		"Options":                &cm.Options{},
		"OriginDeleter":          nil,
		"ParsedCookie":           &cm.ParsedCookie{},
		"PartitionKey":           &cm.PartitionKey{},
		"PartitionKeyCollection": &cm.PartitionKeyCollection{},
		"Priority":               cm.Priority(0),
		"ReadEvent":              &cm.ReadEvent{},
		"RedirectDowngrade":      cm.RedirectDowngrade(0),
		"RequestContext":         &cm.RequestContext{},
		"SameSite":               cm.SameSite(0),
		"SameSiteContext":        &cm.SameSiteContext{},
		"SameSiteInput":          &cm.SameSiteInput{},
		"SessionControl":         cm.SessionControl(0),
		"SetEvent":               &cm.SetEvent{},
		"Site":                   &cm.Site{},
		"SiteForCookies":         &cm.SiteForCookies{},
		"SourceScheme":           cm.SourceScheme(0),
		"StatusError":            &cm.StatusError{},
		"Policy":                 nil,
		"PolicyAccess":           &cm.PolicyAccess{},
		"PolicyVerdict":          &cm.PolicyVerdict{},
		"StoreBackend":           nil,
		"StoreInfo":              &cm.StoreInfo{},
		"StoreKind":              cm.StoreKind(0),
		"StoreSet":               &cm.StoreSet{},
		"StoreSetConfig":         &cm.StoreSetConfig{},
		"MemoryBackend":          &cm.MemoryBackend{},
		"TimeRange":              &cm.TimeRange{},
		"Transport":              &cm.Transport{},
		"UniqueKey":              &cm.UniqueKey{},
		"WarningReason":          cm.WarningReason(0),
		"KeyLoader":              nil, // interfaces
		"PersistentStore":        nil,
		"Attacher":               nil,
		"CauseRecorder":          nil,
		"Replica":                &cm.Replica{},
		"PublicSuffixList":       nil,
		"SessionKeeper":          nil,

		// The restricted handle and its CookieStore API.
		"RestrictedHandle":         &cm.RestrictedHandle{},
		"FrameContext":             &cm.FrameContext{},
		"CookieStore":              &cm.CookieStore{},
		"CookieStoreRule":          cm.CookieStoreRule(""),
		"CookieStoreError":         &cm.CookieStoreError{},
		"CookieSameSite":           cm.CookieSameSite(""),
		"CookieStoreGetOptions":    &cm.CookieStoreGetOptions{},
		"CookieInit":               &cm.CookieInit{},
		"CookieStoreDeleteOptions": &cm.CookieStoreDeleteOptions{},
		"CookieListItem":           &cm.CookieListItem{},
		"CookieChangeEvent":        &cm.CookieChangeEvent{},
	}
}

// exportedTypes lists the exported types declared in the package's
// non-test files.
func exportedTypes(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var names []string
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				if ts := s.(*ast.TypeSpec); ts.Name.IsExported() {
					names = append(names, ts.Name.Name)
				}
			}
		}
	}
	sort.Strings(names)
	return names
}

// callAll calls every exported method of v with zero arguments (a
// background context for a context.Context, a throwaway request for an
// *http.Request), each within a deadline, and reports a panic or a hang.
// It returns the results by method name.
func callAll(t *testing.T, what string, v any) map[string][]any {
	t.Helper()
	out := map[string][]any{}
	rv := reflect.ValueOf(v)
	for i := 0; i < rv.NumMethod(); i++ {
		m := rv.Type().Method(i)
		fn := rv.Method(i)
		args := make([]reflect.Value, fn.Type().NumIn())
		for k := range args {
			args[k] = zeroArg(fn.Type().In(k))
		}
		if fn.Type().IsVariadic() {
			args[len(args)-1] = reflect.Zero(fn.Type().In(len(args) - 1))
		}
		done := make(chan []any, 1)
		panicked := make(chan any, 1)
		go func() {
			defer func() {
				if r := recover(); r != nil {
					panicked <- r
				}
			}()
			var res []reflect.Value
			if fn.Type().IsVariadic() {
				res = fn.CallSlice(args)
			} else {
				res = fn.Call(args)
			}
			vals := make([]any, len(res))
			for k, r := range res {
				vals[k] = r.Interface()
			}
			done <- vals
		}()
		select {
		case vals := <-done:
			out[m.Name] = vals
		case p := <-panicked:
			t.Errorf("%s.%s panicked: %v", what, m.Name, p)
		case <-time.After(5 * time.Second):
			t.Errorf("%s.%s did not return within 5 s", what, m.Name)
		}
	}
	return out
}

var (
	ctxType = reflect.TypeFor[context.Context]()
	reqType = reflect.TypeFor[*http.Request]()
)

func zeroArg(t reflect.Type) reflect.Value {
	switch t {
	case ctxType:
		return reflect.ValueOf(context.Background())
	case reqType:
		// A request that fails before it leaves the machine: no route.
		r, _ := http.NewRequest(http.MethodGet, "unsupported-scheme://127.0.0.1/", nil)
		return reflect.ValueOf(r)
	}
	return reflect.Zero(t)
}

// TestEveryMethodOnZeroValues calls every exported method of a zero value
// of every exported type: none may panic or block.
func TestEveryMethodOnZeroValues(t *testing.T) {
	zeros := zeroValues()
	for _, name := range exportedTypes(t) {
		v, listed := zeros[name]
		if !assert.True(t, listed, "exported type %s has no zero value in this test", name) || v == nil {
			continue
		}
		t.Run(name, func(t *testing.T) { callAll(t, name, v) })
	}
}

// TestZeroMonsterIsAMemoryStore checks that the zero Monster, Jar and
// Transport work as empty memory-only stores.
func TestZeroMonsterIsAMemoryStore(t *testing.T) {
	ctx := context.Background()
	u := &url.URL{Scheme: "https", Host: "www.example.com", Path: "/"}

	var m cm.Monster
	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	assert.Empty(t, all)
	res, err := m.SetCookieLine(ctx, u, "a=1", cm.NavigationOptions())
	require.NoError(t, err)
	require.True(t, res.Status.IsInclude())
	h, err := m.CookieHeader(ctx, u, cm.NavigationOptions())
	require.NoError(t, err)
	assert.Equal(t, "a=1", h)
	require.NoError(t, m.Flush(ctx))
	require.NoError(t, m.Close())
	assert.ErrorIs(t, m.Close(), cm.ErrClosed)

	var j cm.Jar
	j.SetCookies(u, []*http.Cookie{{Name: "b", Value: "2"}})
	got := j.Cookies(u)
	require.Len(t, got, 1)
	assert.Equal(t, "b=2", got[0].String())
	require.NoError(t, j.Close())

	var tr cm.Transport
	_, err = tr.RoundTrip(&http.Request{})
	assert.ErrorIs(t, err, cm.ErrNilURL)
	srv := jarEchoServer(t)
	client := &http.Client{Transport: &tr}
	assert.Equal(t, "", jarGet(t, client, jarSetURL(srv.URL, "/set", "c=3")))
	assert.Equal(t, "c=3", jarGet(t, client, srv.URL+"/echo"))
}

// TestEveryMethodOnClosedValues calls every exported method of a closed
// Monster, of its Jar and of its Transport: each returns at once, and the
// Monster's error results are ErrClosed or ErrNilURL (for the zero URL
// arguments).
func TestEveryMethodOnClosedValues(t *testing.T) {
	m, err := cm.New(cm.Config{Store: cm.NewMemoryStore(nil)})
	require.NoError(t, err)
	jar, tr := m.Jar(), m.Transport(nil)
	require.NoError(t, m.Close())

	for name, vals := range callAll(t, "closed Monster", m) {
		for _, v := range vals {
			if err, ok := v.(error); ok && err != nil {
				if !assert.Truef(t, errorsIsAny(err, cm.ErrClosed, cm.ErrNilURL, cm.ErrNilCookie, cm.ErrDeletionInfo),
					"closed Monster.%s: %v", name, err) {
					continue
				}
			}
		}
	}
	callAll(t, "closed Jar", jar)
	callAll(t, "closed Transport", tr)

	ctx := context.Background()
	u := &url.URL{Scheme: "https", Host: "www.example.com", Path: "/"}
	_, err = m.SetCookieLine(ctx, u, "a=1", cm.NavigationOptions())
	assert.ErrorIs(t, err, cm.ErrClosed)
	_, err = m.AllCookies(ctx)
	assert.ErrorIs(t, err, cm.ErrClosed)
	assert.ErrorIs(t, jar.Flush(ctx), cm.ErrClosed)
	assert.ErrorIs(t, jar.Close(), cm.ErrClosed)
	req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1:1/", nil)
	require.NoError(t, err)
	_, err = tr.RoundTrip(req)
	assert.ErrorIs(t, err, cm.ErrClosed)
}

func errorsIsAny(err error, targets ...error) bool {
	for _, target := range targets {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}
