package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

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

// readWebExt loads a WebExtension cookies file as an extension importing
// it would (webext.API.Import: every rule of cookies.set), each cookie
// into the store its storeId names, and returns the stores' cookies and
// the entries refused, by their index in the file.
func readWebExt(ctx context.Context, path string, b []byte) (*cookieFile, error) {
	var list []webext.Cookie
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("%s: not WebExtension cookie JSON: %w", path, err)
	}
	set, err := cookiemonster.NewStoreSet(ctx, cookiemonster.StoreSetConfig{Config: cookiemonster.Config{PersistSessionCookies: true}})
	if err != nil {
		return nil, err
	}
	defer set.Close()
	api, err := webext.New(set, webext.AllHosts())
	if err != nil {
		return nil, err
	}
	// The entries of each store, in the order of the file, and where each
	// sits in the file.
	var ids []string
	group := map[string][]webext.Cookie{}
	index := map[string][]int{}
	for i, c := range list {
		id := c.StoreID
		if id == "" {
			id = cookiemonster.DefaultStoreID
		}
		if _, ok := group[id]; !ok {
			ids = append(ids, id)
			if id != cookiemonster.DefaultStoreID {
				if _, err := set.Create(ctx, id, cookiemonster.StorePrivate); err != nil {
					return nil, err
				}
			}
		}
		group[id] = append(group[id], c)
		index[id] = append(index[id], i)
	}
	var bad []*webext.EntryError
	out := &cookieFile{}
	for _, id := range ids {
		_, ierr := api.Import(ctx, id, group[id])
		var ie *webext.ImportError
		switch {
		case errors.As(ierr, &ie):
			for _, e := range ie.Entries {
				e.Index = index[id][e.Index]
				bad = append(bad, e)
			}
		case ierr != nil:
			return nil, fmt.Errorf("%s: %w", path, ierr)
		}
		m, err := set.Store(ctx, id)
		if err != nil {
			return nil, err
		}
		cs, err := m.AllCookies(ctx)
		if err != nil {
			return nil, err
		}
		out.cookies = append(out.cookies, cs...)
		for range cs {
			out.stores = append(out.stores, id)
		}
	}
	slices.SortFunc(bad, func(a, b *webext.EntryError) int { return a.Index - b.Index })
	out.bad = positioned(path, bad)
	return out, nil
}

// writeWebExt writes the cookies of in as an extension exports them
// (JSON.stringify(cookies, null, 2)), each with the store it came from,
// and returns how many it wrote and notes on the cookies the format cannot
// carry.
func writeWebExt(w io.Writer, in *cookieFile) (int, []string, error) {
	list := make([]webext.Cookie, 0, len(in.cookies))
	nonced := 0
	for i, c := range in.cookies {
		wc, ok := webext.CookieOf(c, in.storeOf(i))
		if !ok {
			nonced++
			continue
		}
		list = append(list, wc)
	}
	var notes []string
	if nonced > 0 {
		notes = append(notes, fmt.Sprintf("cookies of nonced (anonymous iframe) partitions left out (the WebExtension format cannot name them): %d cookies", nonced))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return len(list), notes, enc.Encode(list)
}
