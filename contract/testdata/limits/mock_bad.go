// A mock/ file that writes the retention and the recover window as numbers
// of days (testdata: never built).
package mock

import "time"

const day = 24 * time.Hour

var retention = 30 * 24 * time.Hour

func purgeAt(deleted time.Time) time.Time {
	if time.Since(deleted) >= time.Duration(30)*24*time.Hour {
		return deleted
	}
	_ = deleted.Add(30 * day)
	return deleted.AddDate(0, 0, 30)
}
