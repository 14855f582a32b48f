package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/webext"
)

// fmtWebExt is the WebExtension cookies JSON (browser.cookies.getAll,
// Cookie-Editor, EditThisCookie).
const fmtWebExt = "webext"

// isWebExt reports whether a JSON array's first entry has a field only the
// WebExtension shape has.
func isWebExt(b []byte) bool {
	var list []map[string]json.RawMessage
	if json.Unmarshal(b, &list) != nil || len(list) == 0 {
		return false
	}
	for _, k := range []string{"hostOnly", "expirationDate", "storeId"} {
		if _, ok := list[0][k]; ok {
			return true
		}
	}
	return false
}

// readWebExt loads a WebExtension cookies file into a memory store as an
// extension importing it would (webext.API.Import: every rule of
// cookies.set), and returns the store's cookies and the entries it
// refused.
func readWebExt(ctx context.Context, path string, b []byte) ([]*cookiemonster.CanonicalCookie, []string, error) {
	var list []webext.Cookie
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, nil, fmt.Errorf("%s: not WebExtension cookie JSON: %w", path, err)
	}
	set, err := cookiemonster.NewStoreSet(ctx, cookiemonster.StoreSetConfig{Config: cookiemonster.Config{PersistSessionCookies: true}})
	if err != nil {
		return nil, nil, err
	}
	api, err := webext.New(set, webext.AllHosts())
	if err != nil {
		return nil, nil, err
	}
	_, ierr := api.Import(ctx, "", list)
	var bad []string
	var ie *webext.ImportError
	switch {
	case errors.As(ierr, &ie):
		bad = positioned(path, ie.Entries)
	case ierr != nil:
		return nil, nil, fmt.Errorf("%s: %w", path, ierr)
	}
	m, err := set.Store(ctx, cookiemonster.DefaultStoreID)
	if err != nil {
		return nil, nil, err
	}
	cs, err := m.AllCookies(ctx)
	if err != nil {
		return nil, nil, err
	}
	return cs, bad, nil
}
