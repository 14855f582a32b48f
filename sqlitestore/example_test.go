package sqlitestore_test

import (
	"context"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/sqlitestore"
)

// A Monster persisted in an SQLite cookie database: the cookies set in one
// run are there in the next.
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "cookies")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "Default", "Cookies")
	ctx := context.Background()
	u, _ := url.Parse("https://www.example.com/")

	// First run: set a cookie, then Close (which commits).
	store, err := sqlitestore.Open(path, nil)
	if err != nil {
		log.Fatal(err)
	}
	m, err := cookiemonster.New(cookiemonster.Config{Store: store})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := m.SetCookieLine(ctx, u, "sid=42; Max-Age=3600; Secure; HttpOnly", cookiemonster.NavigationOptions()); err != nil {
		log.Fatal(err)
	}
	if err := m.Close(); err != nil {
		log.Fatal(err)
	}

	// Next run: the cookie is loaded from the database.
	store, err = sqlitestore.Open(path, nil)
	if err != nil {
		log.Fatal(err)
	}
	m, err = cookiemonster.New(cookiemonster.Config{Store: store})
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	header, err := m.CookieHeader(ctx, u, cookiemonster.NavigationOptions())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(header)
	// Output: sid=42
}

// A crawler's identities, each a store of a StoreSet, all in one SQLite
// file: each identity's cookies are its own, and are there in the next
// run.
func ExampleOpenBackend() {
	dir, err := os.MkdirTemp("", "cookies")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "Cookies")
	ctx := context.Background()
	u, _ := url.Parse("https://www.example.com/")

	// First run: two identities log in. Closing the set closes their
	// stores (which commits); closing the backend closes the file.
	backend, err := sqlitestore.OpenBackend(path, nil)
	if err != nil {
		log.Fatal(err)
	}
	set, err := cookiemonster.NewStoreSet(ctx, cookiemonster.StoreSetConfig{Backend: backend})
	if err != nil {
		log.Fatal(err)
	}
	for _, id := range []string{"alice", "bob"} {
		m, err := set.Create(ctx, id, cookiemonster.StorePersistent)
		if err != nil {
			log.Fatal(err)
		}
		if _, err := m.SetCookieLine(ctx, u, "sid="+id+"; Max-Age=3600", cookiemonster.NavigationOptions()); err != nil {
			log.Fatal(err)
		}
	}
	if err := set.Close(); err != nil {
		log.Fatal(err)
	}
	if err := backend.Close(); err != nil {
		log.Fatal(err)
	}

	// Next run: the stores and their cookies are loaded from the file.
	backend, err = sqlitestore.OpenBackend(path, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer backend.Close()
	set, err = cookiemonster.NewStoreSet(ctx, cookiemonster.StoreSetConfig{Backend: backend})
	if err != nil {
		log.Fatal(err)
	}
	defer set.Close()
	ids, err := backend.StoreIDs(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, id := range ids {
		m, err := set.Store(ctx, id)
		if err != nil {
			log.Fatal(err)
		}
		header, err := m.CookieHeader(ctx, u, cookiemonster.NavigationOptions())
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %q\n", id, header)
	}
	// Output:
	// alice: "sid=alice"
	// bob: "sid=bob"
	// default: ""
}
