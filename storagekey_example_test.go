package cookiemonster_test

import (
	"fmt"

	"github.com/cookiemonster-go/cookiemonster"
)

func ExampleStorageKey() {
	for _, domain := range []string{
		".www.example.co.uk", // a domain cookie: its eTLD+1
		"www.example.com",    // a host-only cookie
		"foo.github.io",      // github.io is a (private) public suffix
		"www.foo.github.io",
		"localhost", // no registrable domain: the host itself
		"192.168.0.1",
		"[2001:db8::1]",
		"www.intranet.corp", // an unknown top-level domain: a one-label registry
	} {
		fmt.Printf("%-20s %s\n", domain, cookiemonster.StorageKey(domain, nil))
	}
	// Output:
	// .www.example.co.uk   example.co.uk
	// www.example.com      example.com
	// foo.github.io        foo.github.io
	// www.foo.github.io    foo.github.io
	// localhost            localhost
	// 192.168.0.1          192.168.0.1
	// [2001:db8::1]        [2001:db8::1]
	// www.intranet.corp    intranet.corp
}
