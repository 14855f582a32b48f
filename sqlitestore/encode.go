package sqlitestore

import "github.com/cookiemonster-go/cookiemonster/internal/chromedb"

// The column encodings of Chromium's cookies table, shared with the
// readers of browser profiles.
var (
	toDB               = chromedb.TimeToDB
	fromDB             = chromedb.TimeFromDB
	b2i                = chromedb.Bool
	priorityToDB       = chromedb.PriorityToDB
	priorityFromDB     = chromedb.PriorityFromDB
	sameSiteToDB       = chromedb.SameSiteToDB
	sameSiteFromDB     = chromedb.SameSiteFromDB
	sourceSchemeFromDB = chromedb.SourceSchemeFromDB
	portToDB           = chromedb.PortToDB
	portKeysInDB       = chromedb.PortKeys
	portFromDB         = chromedb.PortFromDB
)
