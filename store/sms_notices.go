package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// The messages that follow from a ride's state: reminders once it is
// confirmed, notices when it is cancelled or its time changes. Each is
// written in the transaction of the change; the send worker checks at send
// time that a reminder's ride is still confirmed, so a reminder written
// today for a ride cancelled tomorrow is dropped, not sent.

// scheduleReminders writes the reminders of a confirmed tour: the driver's
// on the evening before (18:00) and before the first pickup (60 minutes),
// and each senior's on the day before (17:00). A driver reminder whose
// moment has passed is left out (the driver has just confirmed); a senior's
// goes at once instead, within the quiet hours' rules.
func (s *Store) scheduleReminders(ctx context.Context, tx pgx.Tx, tourID int64, d smsPerson, rides []tourRide, code string) error {
	if len(rides) == 0 {
		return nil
	}
	first := rides[0]
	ride := s.rideData(d, rides)
	ride.Code = code
	now := s.now()
	texts := s.sms.texts
	for _, r := range []struct {
		kind notify.MessageKind
		due  time.Time
		body string
	}{
		{notify.KindReminderEvening, s.sms.schedule.DriverEveningReminder(first.pickupAt), texts.DriverReminderEvening(d.lang, ride)},
		{notify.KindReminderSoon, s.sms.schedule.DriverSoonReminder(first.pickupAt), texts.DriverReminderSoon(d.lang, ride)},
	} {
		if !r.due.After(now) {
			continue
		}
		if _, err := s.queueMessage(ctx, tx, outMessage{Kind: r.kind, To: d.phone, Lang: d.lang, Body: r.body,
			DriverID: d.driverID, TripID: first.tripID, AssignmentID: first.assignmentID, TourID: tourID,
			Due: r.due, Deadline: first.pickupAt}); err != nil {
			return err
		}
	}
	for _, r := range rides {
		if r.outboundID != nil {
			continue // the senior's reminder of the outbound leg names the ride back
		}
		if err := s.riderReminder(ctx, tx, r, d.first); err != nil {
			return err
		}
	}
	return nil
}

// riderReminder writes the reminder of one ride to the senior or relatives.
func (s *Store) riderReminder(ctx context.Context, tx pgx.Tx, r tourRide, driverFirst string) error {
	if err := s.riderReminderCall(ctx, tx, r, driverFirst); err != nil {
		return err
	}
	people, name, err := riderRecipients(ctx, tx, r.riderID)
	if err != nil || len(people) == 0 {
		return err
	}
	data := notify.RiderData{PickupAt: r.pickupAt, Pickup: r.pickup, Destination: r.destination, Driver: driverFirst}
	if err := returnLeg(ctx, tx, r.tripID, &data); err != nil {
		return err
	}
	due := s.sms.schedule.RiderReminder(r.pickupAt)
	for _, p := range people {
		data.Name, data.ForRelative, data.Rider = p.name, p.accountID != 0, name
		if _, err := s.queueMessage(ctx, tx, outMessage{Kind: notify.KindRiderReminder, To: p.phone, Lang: p.lang,
			Body: s.sms.texts.RiderReminder(p.lang, data), RiderID: r.riderID, AccountID: p.accountID,
			TripID: r.tripID, AssignmentID: r.assignmentID, Due: due, Deadline: r.pickupAt}); err != nil {
			return err
		}
	}
	return nil
}

// returnLeg fills in the ride back of an outbound trip, when there is one.
func returnLeg(ctx context.Context, tx pgx.Tx, outboundID int64, d *notify.RiderData) error {
	var status string
	var at *time.Time
	err := tx.QueryRow(ctx, `SELECT t.status, coalesce(a.planned_pickup, t.pickup_earliest) FROM trips t
		LEFT JOIN assignments a ON a.trip_id = t.id AND a.state = 'confirmed'
		WHERE t.outbound_id = $1 AND t.status IN ('booked', 'on_call')`, outboundID).Scan(&status, &at)
	switch {
	case err == pgx.ErrNoRows:
		return nil
	case err != nil:
		return err
	case status == dispatch.TripOnCall:
		d.ReturnOnCall = true
	case at != nil:
		d.ReturnAt = *at
	}
	return nil
}

// cancelledTrip is a trip being cancelled, with its live assignment.
type cancelledTrip struct {
	tripID, riderID               int64
	outboundID                    *int64
	pickupAt                      *time.Time
	pickup, destination           string
	assignmentID, driverID, offer *int64
	tourID                        *int64
	state                         *string
}

// noticeCancelled writes the notices of trips being cancelled, before
// their assignments are: the driver of a confirmed ride is told, an open
// offer left without rides is withdrawn, and the senior (or relatives) are
// told of each ride ahead, once per booking. A driver hears once per tour,
// however many of its rides go. CancelTrip calls it; it returns the tours
// that lose confirmed rides, whose reminders must be written anew once the
// assignments are cancelled.
func (s *Store) noticeCancelled(ctx context.Context, tx pgx.Tx, ids []int64) ([]int64, error) {
	rows, _ := tx.Query(ctx, `SELECT t.id, t.rider_id, t.outbound_id, coalesce(a.planned_pickup, t.pickup_earliest),
		t.pickup_street || ', ' || t.pickup_city, coalesce(dp.name || ', ', '') || t.dropoff_street || ', ' || t.dropoff_city,
		a.id, a.driver_id, a.offer_id, a.tour_id, a.state
		FROM trips t LEFT JOIN assignments a ON a.trip_id = t.id AND a.state IN ('offered', 'confirmed')
		LEFT JOIN places dp ON dp.id = t.dropoff_place_id WHERE t.id = ANY($1) ORDER BY t.id`, ids)
	trips, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (cancelledTrip, error) {
		var c cancelledTrip
		err := r.Scan(&c.tripID, &c.riderID, &c.outboundID, &c.pickupAt, &c.pickup, &c.destination,
			&c.assignmentID, &c.driverID, &c.offer, &c.tourID, &c.state)
		return c, err
	})
	if err != nil {
		return nil, err
	}
	if err := s.withdrawOffers(ctx, tx, ids); err != nil {
		return nil, err
	}
	inSet := map[int64]bool{}
	for _, c := range trips {
		inSet[c.tripID] = true
	}
	told := map[int64]bool{}  // tours whose driver has been told
	asked := map[int64]bool{} // offers whose driver has been told
	var tours []int64
	for _, c := range trips {
		if err := s.withdrawnNotice(ctx, tx, c, asked); err != nil {
			return nil, err
		}
		confirmed := cancelMessage(c.state) == notify.KindRideCancelled
		if confirmed && !told[*c.tourID] {
			tours = append(tours, *c.tourID)
		}
		if err := s.cancelNotices(ctx, tx, c, inSet, confirmed && !told[*c.tourID]); err != nil {
			return nil, err
		}
		if confirmed {
			told[*c.tourID] = true
		}
	}
	return tours, nil
}

// withdrawnNotice tells the driver of an open offer for a cancelled trip
// that the request is settled, once per offer (dispatch.EffWithdrawn).
func (s *Store) withdrawnNotice(ctx context.Context, tx pgx.Tx, c cancelledTrip, asked map[int64]bool) error {
	if cancelMessage(c.state) != notify.KindOfferWithdrawn || c.offer == nil || asked[*c.offer] ||
		c.pickupAt == nil || !c.pickupAt.After(s.now()) {
		return nil
	}
	asked[*c.offer] = true
	return s.driverNotice(ctx, tx, *c.assignmentID, notify.KindOfferWithdrawn, time.Time{})
}

func (s *Store) cancelNotices(ctx context.Context, tx pgx.Tx, c cancelledTrip, inSet map[int64]bool, tellDriver bool) error {
	if c.pickupAt == nil || !c.pickupAt.After(s.now()) {
		return nil
	}
	if tellDriver {
		if err := s.driverNotice(ctx, tx, *c.assignmentID, notify.KindRideCancelled, time.Time{}); err != nil {
			return err
		}
	}
	if c.outboundID != nil && inSet[*c.outboundID] {
		return nil
	}
	if err := s.riderCancelledCall(ctx, tx, c); err != nil {
		return err
	}
	people, name, err := riderRecipients(ctx, tx, c.riderID)
	if err != nil {
		return err
	}
	data := notify.RiderData{PickupAt: *c.pickupAt, Pickup: c.pickup, Destination: c.destination, Rider: name}
	for _, p := range people {
		data.Name, data.ForRelative = p.name, p.accountID != 0
		if _, err := s.queueMessage(ctx, tx, outMessage{Kind: notify.KindRiderCancelled, To: p.phone, Lang: p.lang,
			Body: s.sms.texts.RiderCancelled(p.lang, data), RiderID: c.riderID, AccountID: p.accountID,
			TripID: c.tripID, Deadline: *c.pickupAt}); err != nil {
			return err
		}
	}
	return nil
}

// withdrawOffers withdraws the open offers whose every offered ride is
// among the trips being cancelled.
func (s *Store) withdrawOffers(ctx context.Context, tx pgx.Tx, ids []int64) error {
	_, err := tx.Exec(ctx, `UPDATE offers o SET state = 'withdrawn', answered_at = $2
		WHERE o.state = 'open' AND o.id IN (SELECT offer_id FROM assignments WHERE trip_id = ANY($1) AND state = 'offered')
		  AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.offer_id = o.id AND a.state = 'offered'
		                  AND NOT a.trip_id = ANY($1))`, ids, s.now())
	return err
}

// driverNotice writes a notice about one assignment's ride to its driver:
// cancelled, confirmed by a coordinator, or moved from previous.
func (s *Store) driverNotice(ctx context.Context, tx pgx.Tx, assignmentID int64, kind notify.MessageKind, previous time.Time) error {
	rides, err := assignmentRides(ctx, tx, []int64{assignmentID})
	if err != nil || len(rides) == 0 {
		return err
	}
	d, err := smsDriver(ctx, tx, rides[0].driverID)
	if err != nil {
		return err
	}
	ride := s.rideData(d, rides)
	ride.Code = ridesCode(rides)
	body := s.sms.texts.RideCancelled(d.lang, ride)
	switch kind {
	case notify.KindTimeChanged:
		ride.PreviousAt = previous
		body = s.sms.texts.RideTimeChanged(d.lang, ride)
	case notify.KindConfirmation:
		body = s.sms.texts.Confirmation(d.lang, ride)
	case notify.KindOfferWithdrawn:
		body = s.sms.texts.OfferWithdrawn(d.lang, ride)
	}
	_, err = s.queueMessage(ctx, tx, outMessage{Kind: kind, To: d.phone, Lang: d.lang, Body: body,
		DriverID: d.driverID, TripID: rides[0].tripID, AssignmentID: assignmentID, Deadline: rides[0].pickupAt})
	return err
}

func tripIDs(trips []dispatch.Trip) []int64 {
	ids := make([]int64, 0, len(trips))
	for _, t := range trips {
		ids = append(ids, t.ID)
	}
	return ids
}

// rescheduleTour replaces the pending reminders of a tour by new ones for
// all its confirmed rides, so that a tour confirmed in two steps (a second
// offer into it, a coordinator's change) still gets one reminder each.
func (s *Store) rescheduleTour(ctx context.Context, tx pgx.Tx, tourID int64) error {
	rides, err := tourRides(ctx, tx, tourID, dispatch.AssignConfirmed)
	if err != nil || len(rides) == 0 {
		return err
	}
	ids := make([]int64, 0, len(rides))
	for _, r := range rides {
		ids = append(ids, r.assignmentID)
	}
	if _, err := tx.Exec(ctx, `UPDATE messages SET status = 'dropped', error_message = 'replaced by new reminders',
		status_at = $3, updated_at = $3 WHERE status = 'pending' AND direction = 'out'
		AND kind IN ('reminder_evening', 'reminder_soon', 'rider_reminder')
		AND (tour_id = $1 OR assignment_id = ANY($2))`, tourID, ids, s.now()); err != nil {
		return err
	}
	d, err := smsDriver(ctx, tx, rides[0].driverID)
	if err != nil {
		return err
	}
	return s.scheduleReminders(ctx, tx, tourID, d, rides, ridesCode(rides))
}

// liveAssignment is a trip's live assignment before a coordinator
// replaces it.
type liveAssignment struct {
	id, driverID, tourID int64
	state, decidedBy     string
	pickup               time.Time
}

// stage is the assignment's lifecycle stage.
func (a liveAssignment) stage() dispatch.Stage { return dispatch.StageOf(a.state, a.decidedBy) }

// beforeReassign reads the trip's live assignment and withdraws an open
// offer that would be left without rides. AssignTrip calls it before it
// withdraws the assignment.
func (s *Store) beforeReassign(ctx context.Context, tx pgx.Tx, tripID int64) (*liveAssignment, error) {
	var a liveAssignment
	err := tx.QueryRow(ctx, `SELECT id, driver_id, tour_id, state, decided_by, planned_pickup FROM assignments
		WHERE trip_id = $1 AND state IN ('proposed', 'offered', 'confirmed') FOR UPDATE`, tripID).
		Scan(&a.id, &a.driverID, &a.tourID, &a.state, &a.decidedBy, &a.pickup)
	if err == pgx.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &a, s.withdrawOffers(ctx, tx, []int64{tripID})
}

// afterReassign writes what a coordinator's agreed assignment means for
// the drivers (withdrawLive has told the previous driver of a confirmed
// ride already): the same driver with a new time gets a time-change
// notice; a new confirmed driver gets the confirmation; and the reminders
// of the tour the ride left and of the tour it joined are written anew.
// next is the assignment just inserted, as the database returned it.
func (s *Store) afterReassign(ctx context.Context, tx pgx.Tx, prev *liveAssignment, next liveAssignment) error {
	wasConfirmed := prev != nil && prev.state == dispatch.AssignConfirmed
	same := wasConfirmed && next.state == dispatch.AssignConfirmed && prev.driverID == next.driverID
	// The tour the confirmed ride left keeps its other rides, and its
	// pending reminders describe the ride that is gone: write them anew
	// (the confirmed tour below is written anew anyway).
	if same && next.tourID != prev.tourID {
		if err := s.rescheduleTour(ctx, tx, prev.tourID); err != nil {
			return err
		}
	}
	if next.state != dispatch.AssignConfirmed {
		return nil
	}
	if err := s.giveCode(ctx, tx, next); err != nil {
		return err
	}
	var err error
	switch {
	case same && !prev.pickup.Equal(next.pickup):
		err = s.driverNotice(ctx, tx, next.id, notify.KindTimeChanged, prev.pickup)
	case !same:
		err = s.driverNotice(ctx, tx, next.id, notify.KindConfirmation, time.Time{})
	}
	if err != nil {
		return err
	}
	return s.rescheduleTour(ctx, tx, next.tourID)
}

// giveCode gives a coordinator's confirmed assignment a reply code, so that
// the driver can cancel it by SMS like any other. a is always a row
// AssignTrip has just inserted, without a code (only offers give one).
func (s *Store) giveCode(ctx context.Context, tx pgx.Tx, a liveAssignment) error {
	code, err := s.freeCode(ctx, tx, a.driverID)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE assignments SET offer_code = $2 WHERE id = $1`, a.id, code)
	return err
}
