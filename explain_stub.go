package cookiemonster

import "net/url"

// ExplainSet is a placeholder until the explanations land.
func ExplainSet(u *url.URL, line string, st InclusionStatus) []string {
	return []string{st.String()}
}

// ExplainRead is a placeholder until the explanations land.
func ExplainRead(u *url.URL, c *CanonicalCookie, res AccessResult) []string {
	return []string{res.Status.String()}
}
