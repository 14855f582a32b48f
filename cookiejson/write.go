package cookiejson

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/cookiemonster-go/cookiemonster"
)

// Write writes cookies in format f and returns notes on what the format
// could not carry (each with how many cookies it concerns).
func Write(w io.Writer, f Format, cookies []*cookiemonster.CanonicalCookie) (notes []string, err error) {
	var lost struct{ times, firstParty, priority, source, partition, sameSite int }
	out := make([]entry, 0, len(cookies))
	for _, c := range cookies {
		name, value := c.Name, c.Value
		e := entry{Name: &name, Value: &value, Domain: c.Domain, Path: c.Path, HTTPOnly: c.HTTPOnly, Secure: c.Secure}
		exp := -1.0
		if c.IsPersistent() {
			exp = float64(c.Expiry.UnixMicro()) / 1e6
		}
		e.Expires = &exp
		lost.times++
		if c.FirstPartyDomain != "" {
			lost.firstParty++
		}
		switch c.SameSite {
		case cookiemonster.SameSiteNone:
			e.SameSite = "None"
		case cookiemonster.SameSiteLax:
			e.SameSite = "Lax"
		case cookiemonster.SameSiteStrict:
			e.SameSite = "Strict"
		default:
			if f == Playwright {
				e.SameSite = "Lax" // Playwright has no "unspecified"; Lax is how Chromium treats it
				lost.sameSite++
			}
		}
		site, cross, perr := c.Partition.Serialize()
		if f == CDP {
			session := !c.IsPersistent()
			e.Session = &session
			e.Priority, e.SourceScheme = c.Priority.String(), c.SourceScheme.String()
			// The protocol's unspecified port is -1.
			port := c.SourcePort
			if port <= cookiemonster.PortUnspecified || port > 65535 {
				port = -1
			}
			e.SourcePort = &port
			if c.IsPartitioned() {
				if perr != nil {
					lost.partition++
				} else {
					raw, _ := json.Marshal(map[string]any{"topLevelSite": site, "hasCrossSiteAncestor": cross})
					m := json.RawMessage(raw)
					e.PartitionKey = &m
				}
			}
		} else {
			if c.Priority != cookiemonster.PriorityMedium {
				lost.priority++
			}
			if c.SourceScheme != cookiemonster.SourceSchemeUnset || c.SourcePort != cookiemonster.PortUnspecified {
				lost.source++
			}
			if c.IsPartitioned() {
				if perr != nil || !cross {
					lost.partition++
				} else {
					raw, _ := json.Marshal(site)
					m := json.RawMessage(raw)
					e.PartitionKey = &m
				}
			}
		}
		out = append(out, e)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if f == Playwright {
		err = enc.Encode(struct {
			Cookies []entry `json:"cookies"`
			Origins []any   `json:"origins"`
		}{out, []any{}})
	} else {
		err = enc.Encode(out)
	}
	if err != nil {
		return nil, fmt.Errorf("cookiejson: %w", err)
	}
	note := func(n int, what string) {
		if n > 0 {
			notes = append(notes, fmt.Sprintf("%s: %d cookies", what, n))
		}
	}
	note(lost.times, "creation and last-access times not carried")
	note(lost.firstParty, "first-party domain not carried")
	note(lost.priority, "priority not carried")
	note(lost.source, "source scheme and port not carried")
	note(lost.partition, "partition not carried")
	note(lost.sameSite, "SameSite unspecified written as Lax")
	return notes, nil
}
