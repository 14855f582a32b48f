package golden

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteRead(t *testing.T) {
	at := time.Date(2030, 1, 2, 3, 4, 5, 6, time.UTC)
	f := &File{
		Chromium: "Chrome/1.2.3.4", UserAgent: "ua", Flags: []string{"--a", "--b=<c&d>"}, Profile: ProfileDefault,
		Results: []Result{
			{Scenario: Scenario{ID: "one-001", Category: "one", URL: "http://x/", SetCookie: []string{"a=<b>"}, Follow: []string{"http://x/"}},
				Time: at, Cookies: []Cookie{{Name: "a", Value: "<b>", Domain: "x", Path: "/", Expires: -1}},
				Requests: []Request{{URL: "http://x/", Reached: true, Cookie: "a=<b>", HasCookie: true}}},
			{Scenario: Scenario{ID: "two-001", Category: "two", Note: "steps", Stored: []StoredCookie{{URL: "http://y/", Line: "o=1", Age: 60}}, Steps: []Step{
				{Kind: StepNavigate, Hops: []Hop{{URL: "https://x/?h=1", SetCookie: []string{"p=1; Partitioned; Secure"}}}},
				{Kind: StepWait, Wait: 3},
				{Kind: StepScriptSet, Frame: 1, Cookie: "s=1"},
			}},
				Time:     at,
				StoredAt: at,
				Cookies:  []Cookie{{Name: "p", Value: "1", PartitionKey: "https://x", CrossSiteAncestor: true}},
				StepResults: []StepResult{
					{Time: at, Requests: []StepRequest{{URL: "https://x:1/?h=1", Method: "GET"}}},
					{Time: at.Add(3 * time.Second)},
					{Time: at, DocumentCookie: "p=1; s=1", Outcome: "x"},
				}},
		},
	}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, f))
	out := buf.String()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 4, "a header line, one line per result, the closing line:\n%s", out)
	assert.True(t, strings.HasPrefix(lines[0], `{"chromium":"Chrome/1.2.3.4",`), lines[0])
	assert.True(t, strings.HasSuffix(lines[0], `"profile":"3pc-allowed","results":[`), lines[0])
	assert.True(t, strings.HasPrefix(lines[1], `{"id":"one-001",`) && strings.HasSuffix(lines[1], "},"), lines[1])
	assert.True(t, strings.HasPrefix(lines[2], `{"id":"two-001",`) && strings.HasSuffix(lines[2], "}"), lines[2])
	assert.Equal(t, "]}", lines[3])
	assert.Contains(t, out, `"--b=<c&d>"`, "no HTML escaping")

	got, err := Read(strings.NewReader(out))
	require.NoError(t, err)
	assert.Equal(t, f, got)
	assert.Equal(t, at.Add(-time.Minute), got.Results[1].StoredCreation(0))
	assert.NotContains(t, lines[1], "storedAt", "no zero time")
}

func TestWriteEmpty(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, &File{Profile: Profile3PCBlocked}))
	got, err := Read(&buf)
	require.NoError(t, err)
	assert.Equal(t, &File{Profile: Profile3PCBlocked, Results: []Result{}}, got)
}

func TestReadRefuses(t *testing.T) {
	for _, in := range []string{"", "{", `{"chromium":1}`, `{"unknown":true}`, `[]`} {
		_, err := Read(strings.NewReader(in))
		assert.Error(t, err, "%q", in)
	}
}

func TestKeepBytes(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		want  [][]byte
	}{
		{[]string{"a=b", "c=d"}, nil},
		{[]string{"a=\u00e9"}, nil},
		{[]string{"a=b", "c=\xc3"}, [][]byte{[]byte("a=b"), []byte("c=\xc3")}},
		{nil, nil},
	} {
		s := Scenario{SetCookie: tc.lines, SetCookieBytes: [][]byte{[]byte("stale")}}
		s.KeepBytes()
		assert.Equal(t, tc.want, s.SetCookieBytes)
		assert.Equal(t, tc.lines, s.Lines())
	}
}
