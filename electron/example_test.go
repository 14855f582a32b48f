package electron_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/electron"
)

// The example of Electron's cookies documentation, in Go.
func Example() {
	ctx := context.Background()
	set, _ := cookiemonster.NewStoreSet(ctx, cookiemonster.StoreSetConfig{})
	defer set.Close()
	ses, _ := electron.DefaultSession(ctx, set)

	// Set a cookie with the given cookie data; may overwrite equivalent
	// cookies if they exist.
	cookie := electron.Details{URL: "https://www.github.com", Name: "dummy_name", Value: "dummy"}
	if err := ses.Set(ctx, cookie); err != nil {
		fmt.Println(err)
	}

	// Query all cookies associated with a specific url.
	cookies, _ := ses.Get(ctx, electron.Filter{URL: "https://www.github.com"})
	enc := json.NewEncoder(os.Stdout)
	_ = enc.Encode(cookies)
	// Output:
	// [{"name":"dummy_name","value":"dummy","domain":"www.github.com","hostOnly":true,"path":"/","secure":false,"httpOnly":false,"session":true,"sameSite":"lax"}]
}

func ExampleFromPartition() {
	ctx := context.Background()
	backend := cookiemonster.NewMemoryBackend(nil)
	set, _ := cookiemonster.NewStoreSet(ctx, cookiemonster.StoreSetConfig{Backend: backend})

	work, _ := electron.FromPartition(ctx, set, "persist:work")
	temp, _ := electron.FromPartition(ctx, set, "temp")
	fmt.Println(work.StoreID(), temp.StoreID())
	for _, ses := range []*electron.Cookies{work, temp} {
		_ = ses.Set(ctx, electron.Details{
			URL: "https://example.com/", Name: "sid", Value: ses.Partition(),
			ExpirationDate: electron.UnixSeconds(time.Now().Add(time.Hour)),
		})
	}
	_ = set.Close()

	// After a restart, the persistent partition has its cookie; the
	// in-memory one starts empty.
	set, _ = cookiemonster.NewStoreSet(ctx, cookiemonster.StoreSetConfig{Backend: backend})
	defer set.Close()
	for _, p := range []string{"persist:work", "temp"} {
		ses, _ := electron.FromPartition(ctx, set, p)
		cookies, _ := ses.Get(ctx, electron.Filter{})
		fmt.Printf("%s: %d cookie(s)\n", p, len(cookies))
	}
	// Output:
	// persist:work memory:temp
	// persist:work: 1 cookie(s)
	// temp: 0 cookie(s)
}

func ExampleCookies_Set_error() {
	ctx := context.Background()
	var ses electron.Cookies // the zero Cookies: a memory-only default session

	err := ses.Set(ctx, electron.Details{URL: "http://example.com/", Name: "sid", Secure: new(true)})
	fmt.Println(err)
	fmt.Println(errors.Is(err, cookiemonster.ExcludeSecureOnly))

	err = ses.Set(ctx, electron.Details{URL: "https://example.com/", Name: "sid", SameSite: "garbage"})
	fmt.Println(err)
	// Output:
	// electron: Failed to set cookie - The cookie was Secure, but the URL was not allowed to access Secure cookies.EXCLUDE_SECURE_ONLY, DO_NOT_WARN, NO_EXEMPTION
	// true
	// electron: Failed to convert 'garbage' to an appropriate cookie same site value
}

func ExampleCookies_Get() {
	ctx := context.Background()
	var ses electron.Cookies
	_ = ses.Set(ctx, electron.Details{URL: "https://www.example.com/", Name: "host", Value: "1"})
	_ = ses.Set(ctx, electron.Details{URL: "https://www.example.com/", Name: "site", Value: "2", Domain: "example.com"})
	_ = ses.Set(ctx, electron.Details{URL: "https://api.example.com/v1/x", Name: "api", Value: "3", HTTPOnly: true})

	// A domain filter matches as a host: www.example.com sees its own
	// cookies and the domain cookies of example.com.
	cookies, _ := ses.Get(ctx, electron.Filter{Domain: new("www.example.com")})
	for _, c := range cookies {
		fmt.Println(c.Name, c.Domain)
	}
	// A URL filter ignores HttpOnly; longer paths come first.
	cookies, _ = ses.Get(ctx, electron.Filter{URL: "https://api.example.com/v1/x"})
	for _, c := range cookies {
		fmt.Println(c.Name, c.Path, c.HTTPOnly)
	}
	// Output:
	// host www.example.com
	// site .example.com
	// api /v1 true
	// site / false
}

func ExampleCookies_OnChanged() {
	ctx := context.Background()
	var ses electron.Cookies
	cancel := ses.OnChanged(func(e electron.ChangedEvent) {
		fmt.Println(e.Cause, e.Removed, e.Cookie.Name+"="+e.Cookie.Value)
	})
	defer cancel()

	_ = ses.Set(ctx, electron.Details{URL: "https://example.com/", Name: "a", Value: "1"})
	_ = ses.Set(ctx, electron.Details{URL: "https://example.com/", Name: "a", Value: "2"})
	_ = ses.Remove(ctx, "https://example.com/", "a")
	// Output:
	// explicit false a=1
	// overwrite true a=1
	// explicit false a=2
	// explicit true a=2
}
