package webext

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/cookiemonster-go/cookiemonster"
)

func FuzzParsePattern(f *testing.F) {
	for _, s := range []string{AllURLs, "*://*/*", "*://*.example.com/*", "https://a.example:8443/x", "http://[::1]:*/", "file:///*", "https://[", "*://", "https://*./*", "ws://a.example/*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parsePattern(s)
		if err != nil {
			return
		}
		u := mustURL(t, "https://www.example.com:8443/a")
		p.matchesURL(u)
		p.coversCookie(&cookiemonster.CanonicalCookie{Name: "a", Domain: ".example.com", Path: "/", Secure: true})
	})
}

// FuzzDetails runs every call with details decoded from arbitrary JSON:
// none may panic, and a Set that succeeds is found by GetAll.
func FuzzDetails(f *testing.F) {
	for _, s := range []string{
		`{"url":"https://a.example/x?y#z","name":"n","value":"v","domain":"a.example","path":"/","secure":true,"httpOnly":true,"sameSite":"lax","expirationDate":1772366400.5}`,
		`{"url":"https://embed.example/","name":"p","secure":true,"partitionKey":{"topLevelSite":"https://top.example"}}`,
		`{"url":"https://a.example/","partitionKey":{"hasCrossSiteAncestor":true}}`,
		`{"url":"http://[::1]/","name":"n","expirationDate":-1e308}`,
		`{"url":"file:///x","name":"","value":"=a=b","storeId":"nope"}`,
		`{"url":"https://a.example/","name":"n","domain":"","path":"x","sameSite":"bogus","firstPartyDomain":"f"}`,
		`{"url":"https://a.example/","name":"n","value":"v","firstPartyDomain":"a.example","expirationDate":1772366400.5}`,
		`{"url":"https://a.example/","name":"n","firstPartyDomain":null,"partitionKey":{}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d SetDetails
		if json.Unmarshal(data, &d) != nil {
			return
		}
		var g GetAllDetails
		_ = json.Unmarshal(data, &g)
		ctx := context.Background()
		api, err := New(nil, AllHosts())
		if err != nil {
			t.Fatal(err)
		}
		var events []ChangeInfo
		defer api.OnChanged(func(info ChangeInfo) { events = append(events, info) })()
		c, err := api.Set(ctx, d)
		if err == nil && c != nil {
			all, err := api.GetAll(ctx, GetAllDetails{StoreID: d.StoreID, PartitionKey: AllPartitions(), FirstPartyDomain: AllFirstParties()})
			if err != nil || len(all) != 1 {
				t.Fatalf("set %+v, getAll gives %v, %v", c, all, err)
			}
		}
		got, err := api.Get(ctx, GetDetails{URL: d.URL, Name: d.Name, StoreID: d.StoreID, FirstPartyDomain: d.FirstPartyDomain, PartitionKey: d.PartitionKey})
		if c != nil && (err != nil || got != nil && got.FirstPartyDomain != c.FirstPartyDomain) {
			t.Fatalf("set %+v, get gives %+v, %v", c, got, err)
		}
		_, _ = api.GetAll(ctx, g)
		_, _ = api.Remove(ctx, RemoveDetails{URL: d.URL, Name: d.Name, StoreID: d.StoreID, FirstPartyDomain: d.FirstPartyDomain, PartitionKey: d.PartitionKey})
		var list []Cookie
		if json.Unmarshal(append(append([]byte("["), data...), ']'), &list) == nil {
			_, _ = api.Import(ctx, "", list)
		}
		_, _ = api.Export(ctx, "")
	})
}
