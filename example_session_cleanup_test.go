package cookiemonster_test

import (
	"context"
	"fmt"
	"net/url"

	"github.com/cookiemonster-go/cookiemonster"
)

func ExampleNewSessionCleanupStore() {
	ctx := context.Background()
	// The user made news.example session-only ("clear on exit"): its
	// cookies, host-only (news.example) and domain (.news.example) ones,
	// are kept while the program runs and deleted from disk when it ends.
	sessionOnly := map[string]bool{"news.example": true, ".news.example": true}
	deleteOnExit := func(domain string, secure bool) bool { return sessionOnly[domain] }

	disk := cookiemonster.NewMemoryStore(nil) // in a program: sqlitestore.Open(path, nil)
	m, err := cookiemonster.New(cookiemonster.Config{Store: cookiemonster.NewSessionCleanupStore(disk, deleteOnExit)})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, set := range []struct{ url, line string }{
		{"https://bank.example/", "sid=1; Secure; Max-Age=86400"},
		{"https://news.example/", "seen=2; Max-Age=86400"},
		{"https://www.news.example/", "pref=3; Domain=news.example; Max-Age=86400"},
	} {
		u, _ := url.Parse(set.url)
		if _, err := m.SetCookieLine(ctx, u, set.line, cookiemonster.NavigationOptions()); err != nil {
			fmt.Println(err)
			return
		}
	}
	running, _ := m.AllCookies(ctx)
	fmt.Println("while running:", len(running), "cookies")
	if err := m.Close(); err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range disk.Cookies() {
		fmt.Println("on disk after Close:", c.Domain, c.Name)
	}

	// Had the process been killed instead of closed, the disk would hold
	// all three cookies. The next run neither loads news.example's nor
	// keeps them.
	killed := cookiemonster.NewMemoryStore(nil, running...)
	next, err := cookiemonster.New(cookiemonster.Config{Store: cookiemonster.NewSessionCleanupStore(killed, deleteOnExit)})
	if err != nil {
		fmt.Println(err)
		return
	}
	loaded, _ := next.AllCookies(ctx)
	for _, c := range loaded {
		fmt.Println("next run loads:", c.Domain, c.Name)
	}
	fmt.Println("on disk after the next load:", len(killed.Cookies()), "cookie")
	_ = next.Close()
	// Output:
	// while running: 3 cookies
	// on disk after Close: bank.example sid
	// next run loads: bank.example sid
	// on disk after the next load: 1 cookie
}
