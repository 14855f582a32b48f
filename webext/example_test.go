package webext_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/webext"
)

// newAPI returns an API with every host permission over a memory-only
// StoreSet whose clock stands still, so that the examples print the same
// expiry every time.
func newAPI() (*webext.API, *cookiemonster.StoreSet) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	set, err := cookiemonster.NewStoreSet(context.Background(), cookiemonster.StoreSetConfig{
		Config: cookiemonster.Config{Now: func() time.Time { return now }},
	})
	if err != nil {
		log.Fatal(err)
	}
	api, err := webext.New(set, webext.AllHosts())
	if err != nil {
		log.Fatal(err)
	}
	return api, set
}

func ExampleAPI_Set() {
	api, set := newAPI()
	defer set.Close()
	ctx := context.Background()

	// browser.cookies.set({url, name, value, secure, sameSite, expirationDate})
	c, err := api.Set(ctx, webext.SetDetails{
		URL:            "https://www.example.com/account/login",
		Name:           "sid",
		Value:          "abc123",
		Secure:         true,
		HTTPOnly:       true,
		SameSite:       webext.SameSiteLax,
		ExpirationDate: webext.ExpirationDate(time.Date(2026, 3, 2, 12, 0, 0, 500000000, time.UTC)),
	})
	if err != nil {
		log.Fatal(err)
	}
	b, _ := json.Marshal(c)
	fmt.Println(string(b))

	// A refused cookie is an error naming the reason.
	_, err = api.Set(ctx, webext.SetDetails{URL: "http://www.example.com/", Name: "s", Secure: true})
	fmt.Println(errors.Is(err, cookiemonster.ExcludeSecureOnly))
	// Output:
	// {"name":"sid","value":"abc123","domain":"www.example.com","hostOnly":true,"path":"/account","secure":true,"httpOnly":true,"sameSite":"lax","session":false,"expirationDate":1772452800.5,"storeId":"default","firstPartyDomain":""}
	// true
}

func ExampleAPI_Get() {
	api, set := newAPI()
	defer set.Close()
	ctx := context.Background()
	for _, d := range []webext.SetDetails{
		{URL: "https://www.example.com/", Name: "pref", Value: "site-wide"},
		{URL: "https://www.example.com/", Name: "pref", Value: "app", Path: "/app"},
	} {
		if _, err := api.Set(ctx, d); err != nil {
			log.Fatal(err)
		}
	}

	// browser.cookies.get({url, name}): the longest path wins.
	c, err := api.Get(ctx, webext.GetDetails{URL: "https://www.example.com/app/page?x=1", Name: "pref"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Value, c.Path)

	// None is nil, not an error.
	c, err = api.Get(ctx, webext.GetDetails{URL: "https://www.example.com/", Name: "nope"})
	fmt.Println(c, err)
	// Output:
	// app /app
	// <nil> <nil>
}

func ExampleAPI_GetAll() {
	api, set := newAPI()
	defer set.Close()
	ctx := context.Background()
	for _, d := range []webext.SetDetails{
		{URL: "https://www.example.com/", Name: "a", Value: "1"},
		{URL: "https://www.example.com/", Name: "b", Value: "2", Domain: "example.com"},
		{URL: "https://shop.example.com/", Name: "c", Value: "3", Path: "/cart"},
		{URL: "https://other.example/", Name: "d", Value: "4"},
		{URL: "https://embed.example/", Name: "e", Value: "5", Secure: true,
			PartitionKey: &webext.PartitionKey{TopLevelSite: new("https://news.example")}},
	} {
		if _, err := api.Set(ctx, d); err != nil {
			log.Fatal(err)
		}
	}

	show := func(cookies []webext.Cookie, err error) {
		if err != nil {
			log.Fatal(err)
		}
		pairs := make([]string, len(cookies))
		for i, c := range cookies {
			pairs[i] = c.Name + "=" + c.Value
		}
		fmt.Println(strings.Join(pairs, " "))
	}
	// browser.cookies.getAll({domain: "example.com"}): longest path first.
	show(api.GetAll(ctx, webext.GetAllDetails{Domain: new("example.com")}))
	// browser.cookies.getAll({}): unpartitioned cookies only.
	show(api.GetAll(ctx, webext.GetAllDetails{}))
	// browser.cookies.getAll({partitionKey: {}}): every partition too.
	show(api.GetAll(ctx, webext.GetAllDetails{PartitionKey: webext.AllPartitions()}))
	// Output:
	// c=3 a=1 b=2
	// c=3 a=1 b=2 d=4
	// c=3 a=1 b=2 d=4 e=5
}

func ExampleAPI_OnChanged() {
	api, set := newAPI()
	defer set.Close()
	ctx := context.Background()

	// browser.cookies.onChanged.addListener(listener)
	cancel := api.OnChanged(func(info webext.ChangeInfo) {
		fmt.Println(info.Cause, info.Removed, info.Cookie.Name+"="+info.Cookie.Value, info.Cookie.StoreID)
	})
	defer cancel()

	for _, d := range []webext.SetDetails{
		{URL: "https://www.example.com/", Name: "sid", Value: "1"},
		{URL: "https://www.example.com/", Name: "sid", Value: "2"},
	} {
		if _, err := api.Set(ctx, d); err != nil {
			log.Fatal(err)
		}
	}
	if _, err := api.Remove(ctx, webext.RemoveDetails{URL: "https://www.example.com/", Name: "sid"}); err != nil {
		log.Fatal(err)
	}
	// Output:
	// explicit false sid=1 default
	// overwrite true sid=1 default
	// explicit false sid=2 default
	// explicit true sid=2 default
}

func ExampleAPI_Export() {
	api, set := newAPI()
	defer set.Close()
	ctx := context.Background()
	list := `[{"name":"_ga","value":"GA1.2.3","domain":".example.com","hostOnly":false,"path":"/","secure":false,"httpOnly":false,"sameSite":"unspecified","session":false,"expirationDate":1780000000.25,"storeId":"0","id":1}]`
	var cookies []webext.Cookie
	if err := json.Unmarshal([]byte(list), &cookies); err != nil {
		log.Fatal(err)
	}
	if _, err := api.Import(ctx, "", cookies); err != nil {
		log.Fatal(err)
	}
	out, err := api.Export(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		log.Fatal(err)
	}
	// Output:
	// [
	//   {
	//     "name": "_ga",
	//     "value": "GA1.2.3",
	//     "domain": ".example.com",
	//     "hostOnly": false,
	//     "path": "/",
	//     "secure": false,
	//     "httpOnly": false,
	//     "sameSite": "unspecified",
	//     "session": false,
	//     "expirationDate": 1780000000.25,
	//     "storeId": "default",
	//     "firstPartyDomain": ""
	//   }
	// ]
}

func ExampleNew() {
	set, err := cookiemonster.NewStoreSet(context.Background(), cookiemonster.StoreSetConfig{})
	if err != nil {
		log.Fatal(err)
	}
	defer set.Close()
	// An extension with "host_permissions": ["*://*.example.com/*"].
	api, err := webext.New(set, webext.Options{HostPermissions: []string{"*://*.example.com/*"}})
	if err != nil {
		log.Fatal(err)
	}
	_, err = api.Get(context.Background(), webext.GetDetails{URL: "https://example.org/", Name: "a"})
	fmt.Println(err)
	// Output:
	// webext: no host permission for cookies at url "https://example.org/": host permissions are "*://*.example.com/*"
}

// Under first-party isolation, a site embedded under two first parties has
// a cookie jar for each, and every call names the first party it is about.
func Example_firstPartyIsolation() {
	ctx := context.Background()
	set, err := cookiemonster.NewStoreSet(ctx, cookiemonster.StoreSetConfig{
		Config: cookiemonster.Config{FirstPartyIsolation: true}, // privacy.firstparty.isolate
	})
	if err != nil {
		log.Fatal(err)
	}
	defer set.Close()
	api, err := webext.New(set, webext.AllHosts())
	if err != nil {
		log.Fatal(err)
	}

	// browser.cookies.set({url, name, value, firstPartyDomain}), once
	// under each site that embeds widget.example.
	for _, top := range []string{"news.example", "shop.example"} {
		_, err := api.Set(ctx, webext.SetDetails{URL: "https://widget.example/", Name: "id", Value: "seen-on-" + top, FirstPartyDomain: new(top)})
		if err != nil {
			log.Fatal(err)
		}
	}

	// Without firstPartyDomain, the call fails, as in Firefox.
	_, err = api.Get(ctx, webext.GetDetails{URL: "https://widget.example/", Name: "id"})
	fmt.Println(err)

	// Each first party sees its own cookie.
	c, err := api.Get(ctx, webext.GetDetails{URL: "https://widget.example/", Name: "id", FirstPartyDomain: new("shop.example")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Value, c.FirstPartyDomain)

	// browser.cookies.getAll({firstPartyDomain: null}) sees them all.
	var filter webext.GetAllDetails
	if err := json.Unmarshal([]byte(`{"domain": "widget.example", "firstPartyDomain": null}`), &filter); err != nil {
		log.Fatal(err)
	}
	all, err := api.GetAll(ctx, filter)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range all {
		fmt.Println(c.Value, c.FirstPartyDomain)
	}
	// Output:
	// webext: First-Party Isolation is enabled, but the required 'firstPartyDomain' attribute was not set
	// seen-on-shop.example shop.example
	// seen-on-news.example news.example
	// seen-on-shop.example shop.example
}
