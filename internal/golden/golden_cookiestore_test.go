package golden

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCookieStoreRoundTrip writes and reads the steps and outcomes of the
// CookieStore calls: arguments, values (null apart from undefined),
// rejections.
func TestCookieStoreRoundTrip(t *testing.T) {
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	f := &File{Chromium: "Chrome/1", Profile: ProfileDefault, Results: []Result{{
		Scenario: Scenario{ID: "script-get-001", Category: "script-get", Steps: []Step{
			{Kind: StepCookieStoreGet, Args: json.RawMessage(`["a"]`)},
			{Kind: StepCookieStoreSet, Frame: 1, Args: json.RawMessage(`[{"expires":{"$now":1000},"name":"a","value":"<b>"}]`)},
			{Kind: StepCookieStoreDelete, Args: json.RawMessage(`["a=b"]`)},
			{Kind: StepCookieStoreChanges},
		}},
		Time:    at,
		Cookies: []Cookie{},
		StepResults: []StepResult{
			{Time: at, CookieStore: &CookieStoreOutcome{Value: json.RawMessage(`null`)}},
			{Time: at, CookieStore: &CookieStoreOutcome{Args: json.RawMessage(`[{"expires":1893553446000,"name":"a","value":"<b>"}]`)}},
			{Time: at, CookieStore: &CookieStoreOutcome{ErrorName: "TypeError", ErrorMessage: "Cookie name cannot contain '='"}},
			{Time: at, CookieStore: &CookieStoreOutcome{Value: json.RawMessage(`[{"changed":[],"deleted":[]}]`)}},
		},
	}}}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, f))
	out := buf.String()
	assert.Contains(t, out, `"args":["a"]`)
	assert.Contains(t, out, `"cookieStore":{"value":null}`, "null is kept")
	assert.Contains(t, out, `"value":"<b>"`, "no HTML escaping")
	got, err := Read(strings.NewReader(out))
	require.NoError(t, err)
	assert.Equal(t, f, got)
	assert.Nil(t, got.Results[0].StepResults[1].CookieStore.Value, "undefined stays absent")
}

func TestIsCookieStoreStep(t *testing.T) {
	for _, k := range []string{StepCookieStoreGet, StepCookieStoreGetAll, StepCookieStoreSet, StepCookieStoreDelete, StepCookieStoreChanges} {
		assert.True(t, IsCookieStoreStep(k), k)
	}
	for _, k := range []string{StepScriptGet, StepScriptSet, StepNavigate, StepWait, "", "cookiestore"} {
		assert.False(t, IsCookieStoreStep(k), k)
	}
}
