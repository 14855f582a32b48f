package cookiemonster

// Rows of Chromium's CookieMonster tests about the persistent store: what
// a load keeps, what the Monster writes, and the changes it reports. See
// chromium_monster_test.go.

// chromiumMonsterStoreRows are the persistent-store rows.
func chromiumMonsterStoreRows() []monsterRow {
	// AddCookieToList: a domain cookie for the URL's host.
	const foo = "; domain=.www.foo.com; expires=+30d"
	rows := []monsterRow{
		{id: "DontImportDuplicateCookies", load: []string{
			"X=1; path=/" + foo + "; created=+3d",
			"X=2; path=/" + foo + "; created=+1d",
			"X=3; path=/" + foo + "; created=+4d",
			"X=4; path=/" + foo + "; created=0s",
			"X=a1; path=/2" + foo + "; created=+9d",
			"X=a2; path=/2" + foo + "; created=+2d",
			"Y=a; path=/" + foo + "; created=+10d",
		}, steps: []mStep{
			sGet("http://www.foo.com/", "X=3; Y=a"),
			sGet("http://www.foo.com/2/x", "X=a1; X=3; Y=a"),
			sObs("cmdset", "REMOVE X=1; REMOVE X=2; REMOVE X=4; REMOVE X=a2"),
		}},
		{id: "DontImportDuplicateCookies_PartitionedCookies", load: []string{
			"__Host-Z=a; domain=www.bar.com; secure; partition=https://www.foo.com; expires=+40d; created=+2d; scheme=secure; port=443",
			"__Host-Z=b; domain=www.bar.com; secure; partition=https://www.foo.com; expires=+40d; created=0s; scheme=secure; port=443",
			"__Host-Z=c; domain=www.bar.com; secure; partition=https://www.foo.com; expires=+40d; created=+1d; scheme=secure; port=443",
		}, steps: []mStep{
			sGetO("https://www.bar.com/", "std", "https://www.foo.com", "__Host-Z=a"),
			sObs("cmdset", "REMOVE __Host-Z=b; REMOVE __Host-Z=c"),
		}},
		// Which of the cookies created at one instant survives is left
		// open; one of each name does.
		{id: "ImportDuplicateCreationTimes", load: []string{
			"X=1; domain=.www.foo.com; created=0s", "X=2; domain=.www.foo.com; created=0s",
			"X=3; domain=.www.foo.com; created=0s", "X=4; domain=.www.foo.com; created=0s",
			"Y=1; domain=.www.foo.com; created=-1d", "Y=2; domain=.www.foo.com; created=-1d",
			"Y=3; domain=.www.foo.com; created=-1d", "Y=4; domain=.www.foo.com; created=-1d",
		}, steps: []mStep{sObs("names", "Y X")}},
		{id: "ImportDuplicateCreationTimes_PartitionedCookies", load: []string{
			"__Host-X=1; domain=www.foo.com; secure; partition=https://www.bar.com; expires=+40d; created=0s; scheme=secure; port=443",
			"__Host-X=2; domain=www.foo.com; secure; partition=https://www.bar.com; expires=+40d; created=0s; scheme=secure; port=443",
			"__Host-X=3; domain=www.foo.com; secure; partition=https://www.bar.com; expires=+40d; created=0s; scheme=secure; port=443",
			"__Host-Y=1; domain=www.foo.com; secure; partition=https://www.bar.com; expires=+40d; created=-1d; scheme=secure; port=443",
			"__Host-Y=2; domain=www.foo.com; secure; partition=https://www.bar.com; expires=+40d; created=-1d; scheme=secure; port=443",
			"__Host-Y=3; domain=www.foo.com; secure; partition=https://www.bar.com; expires=+40d; created=-1d; scheme=secure; port=443",
		}, steps: []mStep{sObs("names", "__Host-Y __Host-X")}},
		{id: "BackingStoreCommunication", store: true, steps: []mStep{
			{op: "setc", url: "https://a.b.foo.com", arg: "a=1; domain=a.b.foo.com; path=/path/to/cookie; expires=+100s; secure; samesite=none", want: "ok"},
			{op: "setc", url: "https://www.foo.com", arg: "b=2; domain=.foo.com; path=/path/from/cookie; expires=+110s; secure; httponly; samesite=none", want: "ok"},
			{op: "setc", url: "https://foo.com", arg: "c=3; domain=foo.com; path=/another/path/to/cookie; expires=+100s; samesite=strict", want: "ok"},
			{op: "delfind", arg: ".foo.com b", want: "1"},
			sObs("reopen", ""),
			sObs("fields", "c=3 domain=foo.com path=/another/path/to/cookie secure=false httponly=false samesite=Strict persistent=true expires=+1m40s"+
				" | a=1 domain=a.b.foo.com path=/path/to/cookie secure=true httponly=false samesite=None persistent=true expires=+1m40s"),
		}},
		{id: "RestoreDifferentCookieSameCreationTime", store: true, steps: []mStep{
			sSetAt("http://www.example.com/", "A=1; max-age=600", 0, "all", "", "ok"),
			sSetAt("http://www.example.com/", "B=2; max-age=600", 0, "all", "", "ok"),
			sObs("cmds", "ADD A=1; ADD B=2"),
			sObs("reopen", ""),
			sObs("names", "A B"),
		}},
		// The half after the store is initialized: a flush reaches the
		// store; without a store it does nothing.
		{id: "FlushStore/store", store: true, steps: []mStep{
			sObs("names", ""),
			sObs("flush", ""),
			sObs("flushes", "1"),
			sObs("flush", ""),
			sObs("flushes", "2"),
		}},
		{id: "FlushStore/no-store", steps: []mStep{
			sObs("names", ""),
			sObs("flush", ""),
		}},
		{id: "PersistSessionCookies", store: true, persist: true, steps: []mStep{
			sSet(cmHTTPFoo, "A=B", "ok"),
			sGet(cmHTTPFoo, "A=B"),
			sObs("cmds", "ADD A=B"),
			sSet(cmHTTPFoo, "A=C", "ok"),
			sGet(cmHTTPFoo, "A=C"),
			sObs("cmds", "REMOVE A=B; ADD A=C"),
			{op: "delfind", arg: "www.foo.com A", want: "1"},
			sGet(cmHTTPFoo, ""),
			sObs("cmds", "REMOVE A=C"),
		}},
		{id: "PersisentCookieStorageTest", store: true, steps: []mStep{
			sSet(cmHTTPFoo, "A=B"+cmFuture, "ok"),
			sGet(cmHTTPFoo, "A=B"),
			sObs("cmds", "ADD A=B"),
			sSet(cmHTTPFoo, "A=B; max-age=0", "ok"),
			sGet(cmHTTPFoo, ""),
			sObs("cmds", "REMOVE A=B"),
			sSet(cmHTTPFoo, "A=B"+cmFuture, "ok"),
			sGet(cmHTTPFoo, "A=B"),
			sObs("cmds", "ADD A=B"),
			sSet(cmHTTPFoo, "A=Foo"+cmFuture, "ok"),
			sGet(cmHTTPFoo, "A=Foo"),
			sObs("cmds", "REMOVE A=B; ADD A=Foo"),
			sSet(cmHTTPFoo, "B=Bar", "ok"),
			sGet(cmHTTPFoo, "A=Foo; B=Bar"),
			sObs("cmds", ""),
		}},
		{id: "ControlCharacterPurge", load: []string{
			"foo=bar; domain=.host; path=/path; created=0s",
			"baz=\x05boo; domain=.host; path=/path; secure; samesite=none; created=1s; expires=+1d",
			"baz=\x7fboo; domain=.host; path=/path; secure; samesite=none; created=2s; expires=+1d",
			"__Host-baz=\x7fboo; domain=host; secure; samesite=none; created=2s; expires=+1d; partition=" + cmTop,
			"hello=world; domain=.host; path=/path; created=3s",
		}, steps: []mStep{
			sGetO("https://host/path", "std", cmTop, "foo=bar; hello=world"),
		}},
		{id: "CookieMonsterTest_StoreLoadedCookies.NoSchemeNoPort", load: []string{
			"A=basic; domain=www.foo.com; created=0s; scheme=secure; port=443",
			"A=http; domain=www.foo.com; created=-1m; scheme=nonsecure; port=443",
			"A=port450; domain=www.foo.com; created=-2m; scheme=secure; port=450",
			"A=basic_domain; domain=.foo.com; created=0s; scheme=secure; port=443",
			"A=http_domain; domain=.foo.com; created=-1m; scheme=nonsecure; port=443",
			"A=port450_domain; domain=.foo.com; created=-2m; scheme=secure; port=450",
		}, steps: []mStep{sObs("vals", "A=basic A=basic_domain")}},
		// The change subscription is made while the store loads: the load
		// reports nothing, not even the duplicate it drops.
		{id: "CookieMonsterNotificationTest.NoNotificationOnLoad", gated: true, load: []string{
			"X=1; domain=www.foo.com; created=0s; scheme=nonsecure; port=80",
			"Y=1; domain=www.foo.com; created=0s; scheme=nonsecure; port=80",
			"Y=2; domain=www.foo.com; created=+1d; scheme=nonsecure; port=80",
		}, steps: []mStep{
			sObs("sub", ""),
			sObs("release", ""),
			sObs("names", "X Y"),
			sObs("events", ""),
			sSetO("http://www.foo.com", "X=2; path=/", "all", "", "ok"),
			sSetO("http://www.foo.com", "Y=3; path=/; max-age=0", "all", "", "ok"),
			sObs("events", "Overwrite X=1; Inserted X=2; ExpiredOverwrite Y=2"),
		}},
		// The SetAllCookies half of these tests becomes a load: a cookie
		// from storage keeps an expiry beyond the 400-day cap.
		{id: "FromStorageCookieCreated300DaysAgoThenUpdatedNow", persist: true,
			load: []string{"A=B; domain=.www.foo.com; secure; samesite=none; created=-300d; expires=+500d"},
			steps: []mStep{
				sObs("times", "A=B created=-300d expires=+500d"),
				{op: "setsan", url: cmHTTPSFoo, arg: "A=B; secure; samesite=none; expires=+800d", want: "ok"},
				sObs("times", "A=B created=-300d expires=+400d"),
			}},
		{id: "FromStorageCookieCreated500DaysAgoThenUpdatedNow", persist: true,
			load: []string{"A=B; domain=.www.foo.com; secure; samesite=none; created=-500d; expires=+300d"},
			steps: []mStep{
				sObs("times", "A=B created=-500d expires=+300d"),
				{op: "setsan", url: cmHTTPSFoo, arg: "A=B; secure; samesite=none; expires=+800d", want: "ok"},
				sObs("times", "A=B created=-500d expires=+400d"),
			}},
		{id: "SanitizedCookieCreated300DaysAgoThenUpdatedNow", store: true, persist: true, steps: []mStep{
			{op: "setsan", url: cmHTTPSFoo, arg: "A=B; secure; samesite=none; created=-300d; expires=+500d", want: "ok"},
			sObs("times", "A=B created=-300d expires=+100d"),
			{op: "setsan", url: cmHTTPSFoo, arg: "A=B; secure; samesite=none; expires=+800d", want: "ok"},
			sObs("times", "A=B created=-300d expires=+400d"),
		}},
		{id: "SanitizedCookieCreated500DaysAgoThenUpdatedNow", store: true, persist: true, steps: []mStep{
			{op: "setsan", url: cmHTTPSFoo, arg: "A=B; secure; samesite=none; created=-500d; expires=+300d", want: "ok"},
			sObs("times", ""),
			{op: "setsan", url: cmHTTPSFoo, arg: "A=B; secure; samesite=none; expires=+800d", want: "ok"},
			sObs("times", "A=B created=+0s expires=+400d"),
		}},
	}
	return rows
}
