package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/chromeprofile"
	"github.com/cookiemonster-go/cookiemonster/cookiejson"
)

// parse parses flags placed anywhere among the positional arguments, and
// requires exactly n of those.
func parse(fs *flag.FlagSet, args []string, n int, stderr io.Writer) ([]string, bool) {
	fs.SetOutput(stderr)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, false
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != n {
		fmt.Fprintf(stderr, "cookiemonster %s: want %d arguments, got %d\n", fs.Name(), n, len(pos))
		fs.Usage()
		return nil, false
	}
	return pos, true
}

// input holds the flags that say how to read a cookie file: its format
// and the keys of an encrypted profile.
type input struct {
	from     *string
	platform *string
	password *string
	store    *string
}

// inputFlags adds the input flags to fs.
func inputFlags(fs *flag.FlagSet) input {
	return input{
		from:     fs.String("from", "", "the input format (default: detected)"),
		platform: fs.String("platform", "linux", "the system a Chrome profile comes from: linux, macos, windows"),
		password: fs.String("password", "", "the password Chrome keeps outside a profile (Linux keyring, macOS Keychain)"),
		store:    fs.String("store", "", "the store to read from a file that keeps several (a Firefox profile's containers and private browsing, a WebExtension export's storeId)"),
	}
}

// read reads the cookies of path as the flags say: those of every store
// the file keeps, or of the one --store names.
func (in input) read(ctx context.Context, path string) (*cookieFile, error) {
	k := chromeprofile.Keys{Password: []byte(*in.password)}
	switch strings.ToLower(*in.platform) {
	case "macos", "darwin":
		k.Platform = chromeprofile.MacOS
	case "windows":
		k.Platform = chromeprofile.Windows
	}
	f, err := readCookies(ctx, path, *in.from, k)
	if err != nil || *in.store == "" {
		return f, err
	}
	ids := f.storeIDs()
	if f.stores == nil {
		ids = []string{cookiemonster.DefaultStoreID}
	}
	if !slices.Contains(ids, *in.store) {
		return nil, fmt.Errorf("%s: no store %q (it has: %s)", path, *in.store, strings.Join(ids, ", "))
	}
	if f.stores != nil {
		f.only(*in.store)
	}
	return f, nil
}

// readOne reads the cookies of one store of path: the one --store names,
// or else the file's main store, which it tells on stderr when the file
// keeps several.
func (in input) readOne(ctx context.Context, path string, stderr io.Writer) (*cookieFile, error) {
	f, err := in.read(ctx, path)
	if err != nil {
		return nil, err
	}
	if ids := f.storeIDs(); len(ids) > 1 {
		id := mainStore(ids)
		f.only(id)
		fmt.Fprintf(stderr, "cookiemonster: %s keeps %d stores (%s); reading %s (--store picks another)\n", path, len(ids), strings.Join(ids, ", "), id)
	}
	return f, nil
}

// report prints the entries that could not be read and returns the exit
// code.
func report(bad []string, stderr io.Writer) int {
	for _, b := range bad {
		fmt.Fprintln(stderr, "cookiemonster: skipped", b)
	}
	if len(bad) > 0 {
		return exitPartial
	}
	return exitOK
}

func runLs(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ls", flag.ContinueOnError)
	in := inputFlags(fs)
	rawURL := fs.String("url", "", "only the cookies that URL would see (any context)")
	domain := fs.String("domain", "", "only the cookies of this domain and its subdomains")
	name := fs.String("name", "", "only the cookies with this name")
	asJSON := fs.Bool("json", false, "print DevTools-protocol JSON instead of a table")
	pos, ok := parse(fs, args, 1, stderr)
	if !ok {
		return exitUsage
	}
	f, err := in.read(ctx, pos[0])
	if err != nil {
		fmt.Fprintln(stderr, "cookiemonster:", err)
		return exitFailed
	}
	var u *url.URL
	if *rawURL != "" {
		if u, err = url.Parse(*rawURL); err != nil {
			fmt.Fprintln(stderr, "cookiemonster: --url:", err)
			return exitUsage
		}
	}
	match := matcher(*name, *domain, u)
	var out []*cookiemonster.CanonicalCookie
	var stores []string
	for i, c := range f.cookies {
		if match(c) {
			out = append(out, c)
			stores = append(stores, f.storeOf(i))
		}
	}
	if *asJSON {
		if _, err := cookiejson.Write(stdout, cookiejson.CDP, out); err != nil {
			fmt.Fprintln(stderr, "cookiemonster:", err)
			return exitFailed
		}
		return report(f.bad, stderr)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	head := "NAME\tVALUE\tDOMAIN\tPATH\tEXPIRES\tSECURE\tHTTPONLY\tSAMESITE\tPARTITION"
	if f.stores != nil {
		head += "\tSTORE"
	}
	fmt.Fprintln(tw, head)
	for i, c := range out {
		exp := "session"
		if c.IsPersistent() {
			exp = c.Expiry.UTC().Format(time.RFC3339)
		}
		part := "-"
		if c.IsPartitioned() {
			part = c.Partition.String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%t\t%t\t%s\t%s", c.Name, short(c.Value), c.Domain, c.Path, exp, c.Secure, c.HTTPOnly, c.SameSite, part)
		if f.stores != nil {
			fmt.Fprintf(tw, "\t%s", stores[i])
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	return report(f.bad, stderr)
}

// label is how output names a cookie: its name, or "(nameless)".
func label(name string) string {
	if name == "" {
		return "(nameless)"
	}
	return name
}

// short cuts a long value for a table.
func short(v string) string {
	if len(v) > 32 {
		return v[:29] + "..."
	}
	return v
}

func runConvert(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("convert", flag.ContinueOnError)
	in := inputFlags(fs)
	to := fs.String("to", "", "the output format (default: from the output's name)")
	pos, ok := parse(fs, args, 2, stderr)
	if !ok {
		return exitUsage
	}
	outF, err := outFormat(pos[1], *to)
	if err != nil {
		fmt.Fprintln(stderr, "cookiemonster:", err)
		return exitFailed
	}
	// Only the WebExtension format keeps stores apart; the others get
	// one store.
	read := in.readOne
	if outF == fmtWebExt {
		read = func(ctx context.Context, path string, _ io.Writer) (*cookieFile, error) { return in.read(ctx, path) }
	}
	f, err := read(ctx, pos[0], stderr)
	if err != nil {
		fmt.Fprintln(stderr, "cookiemonster:", err)
		return exitFailed
	}
	n, notes, err := writeCookies(pos[1], outF, f)
	if err != nil {
		fmt.Fprintln(stderr, "cookiemonster:", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "%d cookies written to %s\n", n, pos[1])
	for _, n := range notes {
		fmt.Fprintln(stdout, "note:", n)
	}
	return report(f.bad, stderr)
}

// contexts are the access contexts explain knows.
var contexts = map[string]string{
	"navigation":  "a typed or same-site top-level navigation",
	"link":        "a cross-site link (top-level GET navigation from another site)",
	"subresource": "a cross-site subresource (image, fetch) of another site's page",
	"iframe":      "a cross-site iframe under the top-level site --top (partitioned cookies of that partition)",
	"script":      "document.cookie in a same-site page",
}

func runExplain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	file := fs.String("cookies", "", "the cookies (any format)")
	in := inputFlags(fs)
	cx := fs.String("context", "navigation", "navigation, link, subresource, iframe or script")
	top := fs.String("top", "", "the top-level site of an iframe (https://top.example)")
	pos, ok := parse(fs, args, 1, stderr)
	if !ok {
		return exitUsage
	}
	if *file == "" {
		fmt.Fprintln(stderr, "cookiemonster explain: --cookies FILE is required")
		return exitUsage
	}
	u, err := url.Parse(pos[0])
	if err != nil || u.Host == "" {
		fmt.Fprintf(stderr, "cookiemonster explain: %q is not an absolute URL\n", pos[0])
		return exitUsage
	}
	o, err := optionsFor(*cx, *top)
	if err != nil {
		fmt.Fprintln(stderr, "cookiemonster explain:", err)
		return exitUsage
	}
	f, err := in.readOne(ctx, *file, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "cookiemonster:", err)
		return exitFailed
	}
	m, err := cookiemonster.New(cookiemonster.Config{Store: cookiemonster.NewMemoryStore(nil, f.cookies...), PersistSessionCookies: true})
	if err != nil {
		fmt.Fprintln(stderr, "cookiemonster:", err)
		return exitFailed
	}
	defer m.Close()
	o.ReturnExcluded, o.SkipAccessTimeUpdate = true, true
	included, excluded, err := m.Cookies(ctx, u, o)
	if err != nil {
		fmt.Fprintln(stderr, "cookiemonster:", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "%s, in %s:\n", u, contexts[*cx])
	for _, c := range included {
		fmt.Fprintf(stdout, "  sent      %s (%s%s)\n", label(c.Cookie.Name), c.Cookie.Domain, c.Cookie.Path)
	}
	for _, c := range excluded {
		fmt.Fprintf(stdout, "  not sent  %s (%s%s)\n", label(c.Cookie.Name), c.Cookie.Domain, c.Cookie.Path)
		for _, why := range cookiemonster.ExplainRead(u, &c.Cookie, c.AccessResult) {
			fmt.Fprintf(stdout, "            - %s\n", why)
		}
	}
	if len(included)+len(excluded) == 0 {
		fmt.Fprintln(stdout, "  no cookie of this site")
	}
	return report(f.bad, stderr)
}

// optionsFor returns the options of an access context.
func optionsFor(cx, top string) (cookiemonster.Options, error) {
	switch cx {
	case "navigation":
		return cookiemonster.NavigationOptions(), nil
	case "link":
		return cookiemonster.HTTPOptions(cookiemonster.MakeSameSiteContext(cookiemonster.ContextLax), cookiemonster.PartitionKey{}), nil
	case "subresource":
		return cookiemonster.HTTPOptions(cookiemonster.MakeSameSiteContext(cookiemonster.ContextCrossSite), cookiemonster.PartitionKey{}), nil
	case "iframe":
		t, err := url.Parse(top)
		if err != nil || t.Host == "" {
			return cookiemonster.Options{}, fmt.Errorf("--context iframe needs --top with the top-level site's URL")
		}
		p, err := cookiemonster.NewPartitionKey(t, true)
		if err != nil {
			return cookiemonster.Options{}, fmt.Errorf("--top: %w", err)
		}
		return cookiemonster.HTTPOptions(cookiemonster.MakeSameSiteContext(cookiemonster.ContextCrossSite), p), nil
	case "script":
		return cookiemonster.ScriptOptions(cookiemonster.MakeSameSiteContext(cookiemonster.ContextStrict), cookiemonster.PartitionKey{}), nil
	}
	return cookiemonster.Options{}, fmt.Errorf("unknown --context %q: navigation, link, subresource, iframe or script", cx)
}

// matcher returns whether a cookie has the name, is in the domain (or a
// subdomain) and would be seen by u in some context; an empty criterion
// matches every cookie.
func matcher(name, domain string, u *url.URL) func(c *cookiemonster.CanonicalCookie) bool {
	now := time.Now()
	return func(c *cookiemonster.CanonicalCookie) bool {
		d := strings.TrimPrefix(c.Domain, ".")
		switch {
		case name != "" && c.Name != name:
		case domain != "" && d != domain && !strings.HasSuffix(d, "."+domain):
		case u != nil && !c.IncludeForRequestURL(u, cookiemonster.AllInclusiveOptions(), now).Status.IsInclude():
		default:
			return true
		}
		return false
	}
}
