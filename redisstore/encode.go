package redisstore

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// record is a cookie as the store keeps it: every field of a
// CanonicalCookie, times in microseconds since the Unix epoch (0: the zero
// time), the partition in its storage form.
type record struct {
	Name             string `json:"n"`
	Value            string `json:"v"`
	Domain           string `json:"d"`
	Path             string `json:"p"`
	Creation         int64  `json:"c"`
	Expiry           int64  `json:"e"`
	LastAccess       int64  `json:"a"`
	LastUpdate       int64  `json:"u"`
	Secure           bool   `json:"s,omitempty"`
	HTTPOnly         bool   `json:"h,omitempty"`
	SameSite         int    `json:"ss"`
	Priority         int    `json:"pr"`
	PartitionSite    string `json:"ps,omitempty"`
	CrossSite        bool   `json:"px,omitempty"`
	SourceScheme     int    `json:"sc"`
	SourcePort       int    `json:"sp"`
	FirstPartyDomain string `json:"f,omitempty"`
}

// micros returns t in microseconds since the Unix epoch; the zero time is 0.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// fromMicros is micros' inverse, in UTC.
func fromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// encode returns the stored form of c.
func encode(c *cookiemonster.CanonicalCookie) ([]byte, error) {
	site, csa, err := c.Partition.Serialize()
	if err != nil {
		return nil, fmt.Errorf("cookie %q of %s: %w", c.Name, c.Domain, err)
	}
	return json.Marshal(record{
		Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path,
		Creation: micros(c.Creation), Expiry: micros(c.Expiry), LastAccess: micros(c.LastAccess), LastUpdate: micros(c.LastUpdate),
		Secure: c.Secure, HTTPOnly: c.HTTPOnly, SameSite: int(c.SameSite), Priority: int(c.Priority),
		PartitionSite: site, CrossSite: site != "" && csa,
		SourceScheme: int(c.SourceScheme), SourcePort: c.SourcePort, FirstPartyDomain: c.FirstPartyDomain,
	})
}

// decode parses a stored cookie, with psl for its partition.
func decode(b []byte, psl cookiemonster.PublicSuffixList) (*cookiemonster.CanonicalCookie, error) {
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	part, err := cookiemonster.PartitionKeyFromStorage(r.PartitionSite, r.PartitionSite == "" || r.CrossSite, psl)
	if err != nil {
		return nil, err
	}
	return &cookiemonster.CanonicalCookie{
		Name: r.Name, Value: r.Value, Domain: r.Domain, Path: r.Path,
		Creation: fromMicros(r.Creation), Expiry: fromMicros(r.Expiry), LastAccess: fromMicros(r.LastAccess), LastUpdate: fromMicros(r.LastUpdate),
		Secure: r.Secure, HTTPOnly: r.HTTPOnly, SameSite: cookiemonster.SameSite(r.SameSite), Priority: cookiemonster.Priority(r.Priority),
		Partition: part, SourceScheme: cookiemonster.SourceScheme(r.SourceScheme), SourcePort: r.SourcePort,
		FirstPartyDomain: r.FirstPartyDomain,
	}, nil
}

// field returns the hash field of a cookie's UniqueKey: its parts joined
// by NUL, which none of them holds.
func field(k cookiemonster.UniqueKey) string {
	site, csa, _ := k.Partition.Serialize()
	return strings.Join([]string{k.Name, k.Domain, k.Path, site, strconv.FormatBool(site != "" && csa),
		strconv.Itoa(int(k.SourceScheme)), strconv.Itoa(k.SourcePort), k.FirstPartyDomain}, "\x00")
}

// decodeValue parses a value of a site's hash: "version|" for a tombstone,
// "version|last access|cookie" for a cookie, whose last access (in
// microseconds) overrides the one in its JSON.
func decodeValue(v string, psl cookiemonster.PublicSuffixList) (entry, error) {
	if len(v) < versionLen+1 || v[versionLen] != '|' || !validVersion(v[:versionLen]) {
		return entry{}, fmt.Errorf("not a versioned value: %.40q", v)
	}
	e := entry{version: v[:versionLen]}
	rest := v[versionLen+1:]
	if rest == "" {
		if !isTombstone(e.version) {
			return entry{}, fmt.Errorf("a cookie version %s without a cookie", e.version)
		}
		return e, nil
	}
	at, js, ok := strings.Cut(rest, "|")
	if !ok {
		return entry{}, fmt.Errorf("no last access in %.40q", v)
	}
	us, err := strconv.ParseInt(at, 10, 64)
	if err != nil {
		return entry{}, fmt.Errorf("last access %q: %w", at, err)
	}
	c, err := decode([]byte(js), psl)
	if err != nil {
		return entry{}, err
	}
	c.LastAccess = fromMicros(us)
	e.cookie = c
	return e, nil
}
