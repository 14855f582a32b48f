// Command cookiemonster lists, converts and explains cookies in every place
// people keep them: cookies.txt files, DevTools-protocol and Playwright
// JSON, Chrome profiles and cookiemonster's SQLite stores.
//
//	cookiemonster ls FILE [--url URL] [--domain D] [--name N] [--json]
//	cookiemonster convert IN OUT [--from F] [--to F]
//	cookiemonster explain URL --cookies FILE [--context C] [--top URL]
//	cookiemonster fetch URL [-b FILE] [-c FILE] [-X METHOD] [-L]
//	cookiemonster rm FILE [--url URL] [--domain D] [--name N]
//	cookiemonster import IN STORE
//	cookiemonster completion bash
//
// Formats (detected from the contents, else the name; --from and --to
// override): txt (cookies.txt), json (DevTools-protocol cookie JSON),
// playwright (storageState JSON), sqlite (a Chrome-layout Cookies
// database: a Chrome profile's, read without touching it, or a
// cookiemonster store).
//
// Exit codes: 0 success; 1 the command failed; 2 bad usage; 3 some entries
// of the input could not be read (the others were).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailed  = 1
	exitUsage   = 2
	exitPartial = 3
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand.
type command struct {
	name, args, help string
	run              func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

var commands []command

func init() {
	commands = []command{
		{"ls", "FILE [--url URL] [--domain D] [--name N] [--json]", "list the cookies of a file or store", runLs},
		{"convert", "IN OUT [--from F] [--to F]", "convert between cookie formats and stores", runConvert},
		{"explain", "URL --cookies FILE [--context C] [--top URL]", "say, for each cookie of URL's site, whether it is sent and why not", runExplain},
		{"fetch", "URL [-b FILE] [-c FILE] [-X METHOD] [-L]", "request URL with a cookie file, as curl -b/-c, saying what was sent, stored and refused", runFetch},
		{"rm", "FILE [--url URL] [--domain D] [--name N]", "remove the matching cookies from a file or store", runRm},
		{"import", "IN STORE", "add the cookies of a file to a store (a progress bar on a terminal)", runImport},
		{"completion", "bash", "print a shell completion script: source <(cookiemonster completion bash)", runCompletion},
	}
}

// run runs the command line args and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "cookiemonster: unknown command %q (cookiemonster --help)\n", args[0])
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: cookiemonster COMMAND [ARGS]  (cookiemonster COMMAND --help for one)")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n           %s\n", c.name, c.args, c.help)
	}
	fmt.Fprintln(w, "formats: txt (cookies.txt), json (DevTools-protocol JSON), playwright (storageState), sqlite (Chrome profile or store)")
	fmt.Fprintln(w, "exit codes: 0 ok, 1 failed, 2 bad usage, 3 some entries could not be read")
}
