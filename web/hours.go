package web

import (
	"fmt"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// askServiceHours asks before booking a time outside the service hours
// ("Wirklich 3:00 Uhr nachts?"): a 3:00 typed for 15:00 would otherwise
// send a volunteer out at night. The question stands as the error of the
// hours_ok checkbox; ticking it books the time as typed.
func (s *server) askServiceHours(v view, b dispatch.Booking) {
	if s.ServiceHours == (dispatch.ServiceHours{}) || v.Form.Get("hours_ok") == "yes" {
		return
	}
	times := []time.Time{b.At}
	if b.ReturnAt != nil {
		times = append(times, *b.ReturnAt)
	}
	for _, at := range times {
		if at.IsZero() || s.ServiceHours.Contains(at, s.Location) {
			continue
		}
		l := at.In(s.Location)
		key := "hours_question_late"
		if l.Hour()*60+l.Minute() < s.ServiceHours.Start {
			key = "hours_question_early"
		}
		v.Form.Errors["hours_ok"] = fmt.Sprintf(v.T[key], fmt.Sprintf("%d:%02d", l.Hour(), l.Minute())) + " " +
			fmt.Sprintf(v.T["hours_hint"], s.ServiceHours)
		return
	}
}
