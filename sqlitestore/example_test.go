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
