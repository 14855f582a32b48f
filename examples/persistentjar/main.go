// Command persistentjar shows a crawler's login surviving a restart: an
// http.Client with a cookiemonster Jar over a SQLite file logs in to a
// local server (which sets a session cookie, sid, and a persistent one),
// closes the Jar as a program does at exit, then starts again from the
// same file and is still logged in.
//
//	go run ./examples/persistentjar [-db path]
//
// Without -db the file goes to a temporary directory, removed at the end.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/sqlitestore"
)

func main() {
	db := flag.String("db", "", "the cookie database (default: a temporary file)")
	flag.Parse()
	path := *db
	if path == "" {
		dir, err := os.MkdirTemp("", "persistentjar")
		if err != nil {
			fmt.Fprintln(os.Stderr, "persistentjar:", err)
			os.Exit(1)
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "Cookies")
	}
	if err := run(context.Background(), os.Stdout, path); err != nil {
		fmt.Fprintln(os.Stderr, "persistentjar:", err)
		os.Exit(1)
	}
}

// newServer serves /login, which sets a session cookie and a persistent
// one, and /account, which answers with the Cookie header it received.
func newServer() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "sid=31d4d96e407aad42; Path=/; HttpOnly") // a session cookie
		w.Header().Add("Set-Cookie", "theme=dark; Path=/; Max-Age=86400")
		fmt.Fprint(w, "welcome")
	})
	mux.HandleFunc("/account", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "Cookie: %s", r.Header.Get("Cookie"))
	})
	return httptest.NewServer(mux)
}

// openJar opens the Jar of one run of the program.
func openJar(path string) (*cookiemonster.Jar, error) {
	store, err := sqlitestore.Open(path, nil)
	if err != nil {
		return nil, err
	}
	// The one switch that keeps session cookies across restarts: the
	// Monster writes them, and the store keeps them when it loads.
	jar, err := cookiemonster.NewJar(&cookiemonster.Config{Store: store, PersistSessionCookies: true})
	if err != nil {
		return nil, errors.Join(err, store.Close())
	}
	return jar, nil
}

func get(ctx context.Context, c *http.Client, url string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func run(ctx context.Context, w io.Writer, path string) error {
	srv := newServer()
	defer srv.Close()

	for i, step := range []string{"/login", "/account"} {
		jar, err := openJar(path)
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		client := &http.Client{Jar: jar}
		body, err := get(ctx, client, srv.URL+step)
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, errors.Join(err, jar.Close()))
		}
		fmt.Fprintf(w, "run %d: GET %s -> %s\n", i+1, step, body)
		// Close flushes the queued writes: without it, the writes of the
		// store's last commit interval (30 s by default) would be lost.
		if err := jar.Close(); err != nil {
			return fmt.Errorf("run %d: closing the jar: %w", i+1, err)
		}
		fmt.Fprintf(w, "run %d: jar closed, cookies written to %s\n", i+1, filepath.Base(path))
	}
	return nil
}
