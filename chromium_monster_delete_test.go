package cookiemonster

import (
	"strconv"
	"time"
)

// Rows of Chromium's CookieMonster tests about deleting cookies, by call
// and by expiry. See chromium_monster_test.go.

// chromiumMonsterDeleteRows are the deletion rows.
func chromiumMonsterDeleteRows() []monsterRow {
	const day = 24 * time.Hour
	// The five cookies of the TestCookieDeleteAllCreatedInTimeRange tests,
	// and the deletions Chromium makes of them, by op.
	timestamps := func(op string, partitioned bool) []mStep {
		tops := []string{"", "", "", "", ""}
		urls := []string{cmHTTPFoo, cmHTTPFoo, cmHTTPFoo, cmHTTPFoo, cmHTTPFoo}
		if partitioned {
			tops = []string{"https://toplevelsite0.com", cmTop1, cmTop1, cmTop2, cmTop3}
			urls[1] = cmHTTPSFoo
		}
		steps := []mStep{}
		if !partitioned {
			steps = append(steps, mStep{op: op, arg: "-99d,", want: "0"})
		}
		for i, c := range []struct {
			line string
			at   time.Duration
		}{{"T-0=Now", 0}, {"T-1=Yesterday", -day}, {"T-2=DayBefore", -2 * day}, {"T-3=ThreeDays", -3 * day}, {"T-7=LastWeek", -7 * day}} {
			steps = append(steps, sSetAt(urls[i], c.line, c.at, "all", tops[i], "ok"))
		}
		return append(steps,
			mStep{op: op, arg: "-3d,-1d", want: "2"},
			mStep{op: op, arg: "-2d,0s", want: "1"},
			mStep{op: op, arg: "-7d,0s", want: "1"},
			mStep{op: op, arg: ",", want: "1"},
			sObs("delall", "0"))
	}
	rows := []monsterRow{
		{id: "TestCookieDeleteAll", store: true, steps: []mStep{
			sSet(cmHTTPFoo, "A=B; path=/", "ok"),
			sGet(cmHTTPFoo, "A=B"),
			sSetO(cmHTTPFoo, "C=D; httponly", "all", "", "ok"),
			sGetO(cmHTTPFoo, "all", "", "A=B; C=D"),
			sObs("delall", "2"),
			sGetO(cmHTTPFoo, "all", "", ""),
			sObs("cmds", ""),
			sSet(cmHTTPFoo, "A=B; path=/"+cmFuture, "ok"),
			sObs("cmds", "ADD A=B"),
			sObs("delall", "1"),
			sObs("cmds", "REMOVE A=B"),
			sGetO(cmHTTPFoo, "all", "", ""),
			sSetO(cmHTTPSFoo, "__Host-A=B; path=/; partitioned; secure", "std", cmTop, "ok"),
			sObs("delall", "1"),
			sGetO(cmHTTPFoo, "all", cmTop, ""),
			sObs("cmds", ""),
		}},
		{id: "TestCookieDeleteAllCreatedInTimeRangeTimestamps", steps: append(
			timestamps("delrange", false), timestamps("delrange", true)...)},
		{id: "TestCookieDeleteAllCreatedInTimeRangeTimestampsWithInfo", steps: append(
			timestamps("delinfo", false), timestamps("delinfo", true)...)},
		{id: "TestCookieDeleteMatchingCookies", steps: []mStep{
			{op: "delfunc", arg: "all", want: "0"},
			sSetAt("https://a.com", "a1=1;Secure", 0, "all", "", "ok"),
			sSetAt("https://a.com", "a2=2", 0, "all", "", "ok"),
			sSetAt("https://b.com", "b1=1;Secure", 0, "all", "", "ok"),
			sSetAt("http://b.com", "b2=2", 0, "all", "", "ok"),
			sSetAt("https://c.com", "c1=1;Secure", 0, "all", "", "ok"),
			sSetAt("https://d.com", "__Host-pc=123; path=/; secure; partitioned", 0, "all", "https://e.com", "ok"),
			{op: "delfunc", arg: "insecure", want: "2"},
			sObs("alld", "a1@a.com b1@b.com c1@c.com __Host-pc@d.com"),
			{op: "delfunc", arg: "a.com", want: "1"},
			sObs("alld", "b1@b.com c1@c.com __Host-pc@d.com"),
			{op: "delfunc", arg: "partitioned", want: "1"},
			{op: "delfunc", arg: "all", want: "2"},
			sObs("alld", ""),
		}},
		{id: "DeleteAll", store: true, persist: true, steps: []mStep{
			sSet(cmHTTPFoo, "X=Y; path=/", "ok"),
			sObs("flushes", "0"),
			sObs("delall", "1"),
			sObs("flushes", "1"),
		}},
		// PopulateCmForPredicateCheck's cookies, all created now; the
		// deletion takes those created before now + 100 ms with value A.
		{id: "PredicateSeesAllCookies", steps: []mStep{
			{op: "setc", arg: "dom_1=A; domain=.harvard.edu; samesite=lax", want: "ok"},
			{op: "setc", arg: "dom_2=B; domain=.math.harvard.edu; samesite=lax", want: "ok"},
			{op: "setc", arg: "dom_3=C; domain=.bourbaki.math.harvard.edu; samesite=lax", want: "ok"},
			{op: "setc", arg: "host_1=A; domain=www.harvard.edu; samesite=lax", want: "ok"},
			{op: "setc", arg: "host_2=B; domain=www.math.harvard.edu; samesite=lax", want: "ok"},
			{op: "setc", arg: "host_3=C; domain=www.bourbaki.math.harvard.edu; samesite=lax", want: "ok"},
			{op: "setc", arg: "httpo_check=A; domain=www.math.harvard.edu; httponly; samesite=lax", want: "ok"},
			{op: "setc", arg: "same_site_check=A; domain=www.math.harvard.edu; samesite=strict", want: "ok"},
			{op: "setc", arg: "sec_dom=A; domain=.math.harvard.edu; secure; samesite=none", want: "ok"},
			{op: "setc", arg: "sec_host=B; domain=www.math.harvard.edu; secure; samesite=none", want: "ok"},
			{op: "setc", arg: "dom_path_1=A; domain=.math.harvard.edu; path=/dir1; samesite=lax", want: "ok"},
			{op: "setc", arg: "dom_path_2=B; domain=.math.harvard.edu; path=/dir1/dir2; samesite=lax", want: "ok"},
			{op: "setc", arg: "host_path_1=A; domain=www.math.harvard.edu; path=/dir1; samesite=lax", want: "ok"},
			{op: "setc", arg: "host_path_2=B; domain=www.math.harvard.edu; path=/dir1/dir2; samesite=lax", want: "ok"},
			{op: "setc", arg: "__Host-pc_1=A; domain=www.math.harvard.edu; secure; samesite=none; partition=http://www.harvard.edu", want: "ok"},
			{op: "setc", arg: "__Host-pc_2=B; domain=www.math.harvard.edu; secure; samesite=none; partition=http://www.harvard.edu", want: "ok"},
			{op: "delinfo", arg: ",100ms;A", want: "8"},
			sGet("http://www.bourbaki.math.harvard.edu", "dom_2=B; dom_3=C; host_3=C"),
			sGet("https://www.math.harvard.edu", "dom_2=B; host_2=B; sec_host=B"),
			sGet("http://www.harvard.edu", ""),
			sGet("https://www.math.harvard.edu/dir1/dir2/xxx", "dom_path_2=B; host_path_2=B; dom_2=B; host_2=B; sec_host=B"),
			sGetO("https://www.math.harvard.edu", "std", "http://www.harvard.edu", "dom_2=B; host_2=B; sec_host=B; __Host-pc_2=B"),
		}},
		{id: "DeleteExpiredCookiesOnGet", steps: []mStep{
			sSet(cmHTTPFoo, "A=B;", "ok"),
			sSet(cmHTTPFoo, "C=D;", "ok"),
			sList(cmHTTPFoo, "", "A@www.foo.com C@www.foo.com"),
			sSet(cmHTTPFoo, "C=D; expires=Thu, 01-Jan-1970 00:00:00 GMT", "ok"),
			sList(cmHTTPFoo, "", "A@www.foo.com"),
			sSetO(cmHTTPSBar, "__Host-A=B; secure; path=/; partitioned", "std", cmTop, "ok"),
			sSetO(cmHTTPSBar, "__Host-C=D; secure; path=/; partitioned", "std", cmTop, "ok"),
			sList(cmHTTPSBar, cmTop, "__Host-A@www.bar.com __Host-C@www.bar.com"),
			sSetO(cmHTTPSBar, "__Host-C=D; secure; path=/; partitioned; expires=Thu, 01-Jan-1970 00:00:00 GMT", "std", cmTop, "ok"),
			sList(cmHTTPSBar, cmTop, "__Host-A@www.bar.com"),
		}},
		{id: "DeletePartitionedCookie", steps: []mStep{
			sSetO(cmHTTPSBar, "__Host-A=B; secure; path=/; partitioned", "std", cmTop, "ok"),
			sSetO(cmHTTPSBar, "__Host-C=D; secure; path=/; partitioned", "std", cmTop, "ok"),
			sAdv(time.Millisecond),
			sSet(cmHTTPSBar, "__Host-E=F; secure; path=/", "ok"),
			{op: "delline", url: cmHTTPSBar, arg: "__Host-A=B; secure; path=/; partitioned", part: cmTop, want: "1"},
			sList(cmHTTPSBar, cmTop, "__Host-C@www.bar.com __Host-E@www.bar.com"),
		}},
		{id: "DeleteCookieWithInheritedTimestamps", steps: []mStep{
			sSetAt("http://www.example.com", "foo=bar", 0, "all", "", "ok"),
			sSetAt("http://www.example.com", "foo=bar", time.Second, "all", "", "ok"),
			{op: "delline", url: "http://www.example.com", arg: "foo=bar", at: time.Second, want: "1"},
		}},
	}
	for _, e := range []struct {
		id, part string
	}{{"DeleteExpiredCookiesAfterTimeElapsed", ""}, {"DeleteExpiredPartitionedCookiesAfterTimeElapsed", cmTop}} {
		attr := ""
		if e.part != "" {
			attr = "; partitioned"
		}
		rows = append(rows,
			monsterRow{id: e.id, steps: []mStep{
				sSetO(cmHTTPSBar, "__Host-A=B; secure; path=/"+attr, "std", e.part, "ok"),
				sSetO(cmHTTPSBar, "__Host-C=D; secure; path=/; max-age=1"+attr, "std", e.part, "ok"),
				sList(cmHTTPSBar, e.part, "__Host-A@www.bar.com __Host-C@www.bar.com"),
				sAdv(time.Second),
				sList(cmHTTPSBar, e.part, "__Host-A@www.bar.com"),
			}},
			monsterRow{id: e.id[:len(e.id)-len("AfterTimeElapsed")] + "AfterTimeElapsed_GetAllCookies", steps: []mStep{
				sSetO(cmHTTPSBar, "__Host-A=B; secure; path=/"+attr, "std", e.part, "ok"),
				sSetO(cmHTTPSBar, "__Host-C=D; secure; path=/; max-age=1"+attr, "std", e.part, "ok"),
				sObs("all", "__Host-A=B; __Host-C=D"),
				sAdv(time.Second),
				sObs("all", "__Host-A=B"),
			}})
	}
	rows = append(rows, monsterRow{id: "ExpireSinglePartitionedCookie", steps: []mStep{
		sSetO(cmHTTPSBar, "__Host-A=1; secure; path=/; partitioned; max-age=1", "std", cmTop, "ok"),
		sList(cmHTTPSBar, cmTop, "__Host-A@www.bar.com"),
		sAdv(time.Second),
		sList(cmHTTPSBar, "*", ""),
	}})
	// DeleteDuplicateCTime: three cookies created at the same instant;
	// deleting each in turn removes that one only.
	for i, name := range []string{"A", "B", "C"} {
		var steps []mStep
		for j, n := range []string{"A", "B", "C"} {
			steps = append(steps, sSetAt("http://www.example.com", n+"="+strconv.Itoa(j), 0, "all", "", "ok"))
		}
		rest := map[int]string{0: "B C", 1: "A C", 2: "A B"}[i]
		steps = append(steps,
			mStep{op: "delfind", arg: "www.example.com " + name, want: "1"},
			sObs("names", rest))
		rows = append(rows, monsterRow{id: "DeleteDuplicateCTime/" + name, steps: steps})
	}
	return rows
}
