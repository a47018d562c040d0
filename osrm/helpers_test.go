package osrm

import "time"

func at(hour int) time.Time { return time.Date(2026, 3, 12, hour, 0, 0, 0, time.UTC) }
