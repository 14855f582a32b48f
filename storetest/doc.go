// Package storetest checks an implementation of
// [cookiemonster.PersistentStore] against the contract documented there,
// as [testing/fstest.TestFS] checks a file system.
//
// A store's test gives [Run] an [Opener], which makes an empty [Backing]
// (a database file in a temporary directory, a key prefix on a server)
// that stores can be opened on, one after another:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func() (*storetest.Backing, error) {
//			path := filepath.Join(t.TempDir(), "Cookies")
//			return &storetest.Backing{
//				Open: func() (cookiemonster.PersistentStore, error) {
//					return mystore.Open(path)
//				},
//			}, nil
//		})
//	}
//
// Run checks each [Rule] in a subtest of its own; [Check] checks them all
// and returns the violations, each wrapping the Rule it breaks. Rules
// that need more than a store (a [cookiemonster.KeyLoader], a way to make
// the backing fail or stall) are skipped when the store or the Backing
// lacks it. Keys are computed with [cookiemonster.StorageKey] under the
// default public suffix list, so a store that computes keys must use that
// list.
//
// The suite also runs the store from many goroutines at once: run it with
// the race detector (go test -race).
package storetest
