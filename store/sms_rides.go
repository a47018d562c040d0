package store

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/notify"
)

// What the SMS texts say about rides and people, read in the transaction
// that writes the messages.

// tourRide is one assignment of a tour with what a text says about it.
type tourRide struct {
	assignmentID, tripID, riderID int64
	driverID                      int64
	serviceDate                   string
	pickupAt                      time.Time
	pickup, destination           string
	wheelchair, walker, escort    bool
	kind, leg, notes              string
	outboundID                    *int64
	riderFirst, riderLast         string
	code                          string // the assignment's reply code, "" if none
}

const tourRideSelect = `SELECT a.id, t.id, t.rider_id, a.driver_id, to_char(t.service_date, 'YYYY-MM-DD'),
	a.planned_pickup, coalesce(pp.name || ', ', '') || t.pickup_street || ', ' || t.pickup_city,
	coalesce(dp.name || ', ', '') || t.dropoff_street || ', ' || t.dropoff_city,
	t.wheelchair, t.walker, t.needs_escort, t.kind, t.leg, t.notes, t.outbound_id, r.first_name, r.last_name,
	coalesce(a.offer_code, '')
	FROM assignments a JOIN trips t ON t.id = a.trip_id JOIN riders r ON r.id = t.rider_id
	LEFT JOIN places pp ON pp.id = t.pickup_place_id LEFT JOIN places dp ON dp.id = t.dropoff_place_id `

func scanTourRide(row pgx.CollectableRow) (tourRide, error) {
	var r tourRide
	err := row.Scan(&r.assignmentID, &r.tripID, &r.riderID, &r.driverID, &r.serviceDate, &r.pickupAt, &r.pickup,
		&r.destination, &r.wheelchair, &r.walker, &r.escort, &r.kind, &r.leg, &r.notes, &r.outboundID,
		&r.riderFirst, &r.riderLast, &r.code)
	return r, err
}

// tourRides are the assignments of a tour in a state, by pickup time.
func tourRides(ctx context.Context, tx pgx.Tx, tourID int64, state string) ([]tourRide, error) {
	rows, _ := tx.Query(ctx, tourRideSelect+`WHERE a.tour_id = $1 AND a.state = $2 ORDER BY a.planned_pickup, a.id`,
		tourID, state)
	return pgx.CollectRows(rows, scanTourRide)
}

// offerRides are the assignments of an offer in a state ("" for any), by
// pickup time.
func offerRides(ctx context.Context, tx pgx.Tx, offerID int64, state string) ([]tourRide, error) {
	rows, _ := tx.Query(ctx, tourRideSelect+`WHERE a.offer_id = $1 AND ($2 = '' OR a.state = $2)
		ORDER BY a.planned_pickup, a.id`,
		offerID, state)
	return pgx.CollectRows(rows, scanTourRide)
}

// assignmentRides are the given assignments, by pickup time.
func assignmentRides(ctx context.Context, tx pgx.Tx, ids []int64) ([]tourRide, error) {
	rows, _ := tx.Query(ctx, tourRideSelect+`WHERE a.id = ANY($1) ORDER BY a.planned_pickup, a.id`, ids)
	return pgx.CollectRows(rows, scanTourRide)
}

// ridesCode is the reply code a text about rides names: the smallest of
// their codes, so that every text about the same rides names the same one
// (the rides of a tour confirmed in two steps have two).
func ridesCode(rides []tourRide) string {
	code := ""
	for _, r := range rides {
		if r.code != "" && (code == "" || r.code < code) {
			code = r.code
		}
	}
	return code
}

// smsPerson is someone who gets SMS: a driver, a senior or a relative.
type smsPerson struct {
	driverID, riderID, accountID int64
	first, name, phone           string
	lang                         notify.Lang
}

func smsDriver(ctx context.Context, tx pgx.Tx, id int64) (smsPerson, error) {
	p := smsPerson{driverID: id}
	var lang string
	err := tx.QueryRow(ctx, `SELECT first_name, first_name || ' ' || last_name, phone, language FROM drivers
		WHERE id = $1`, id).Scan(&p.first, &p.name, &p.phone, &lang)
	p.lang = notify.ParseLang(lang)
	return p, err
}

// riderRecipients are who gets a senior's SMS: the senior on their mobile
// when they want SMS, else the relatives who receive SMS and have a mobile.
// A senior with a landline only and no such relative gets none: the agency
// phones them. Opt-outs are checked when each message is sent.
func riderRecipients(ctx context.Context, tx pgx.Tx, riderID int64) ([]smsPerson, string, error) {
	var first, last, phone, pref, lang string
	var mobile bool
	err := tx.QueryRow(ctx, `SELECT first_name, last_name, coalesce(phone, ''), phone_mobile, contact_preference,
		language FROM riders WHERE id = $1`, riderID).Scan(&first, &last, &phone, &mobile, &pref, &lang)
	if err != nil {
		return nil, "", err
	}
	name := first + " " + last
	if pref == "sms" && mobile && phone != "" {
		return []smsPerson{{riderID: riderID, first: first, name: name, phone: phone, lang: notify.ParseLang(lang)}}, name, nil
	}
	rows, _ := tx.Query(ctx, `SELECT a.id, a.name, a.phone, a.language FROM rider_relatives rr
		JOIN accounts a ON a.id = rr.account_id
		WHERE rr.rider_id = $1 AND rr.receives_sms AND a.active AND a.phone_mobile AND coalesce(a.phone, '') <> ''
		ORDER BY a.id`, riderID)
	people, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (smsPerson, error) {
		p := smsPerson{riderID: riderID}
		var lang string
		err := r.Scan(&p.accountID, &p.name, &p.phone, &lang)
		p.lang = notify.ParseLang(lang)
		return p, err
	})
	return people, name, err
}

// rideData is what the driver texts say about a tour's rides, with the link
// to the driver's page of rides when the service makes such links.
func (s *Store) rideData(d smsPerson, rides []tourRide) notify.RideData {
	first := rides[0]
	rd := notify.RideData{FirstName: d.first, PickupAt: first.pickupAt, Pickup: first.pickup,
		Destination: first.destination, Shopping: first.kind == "shuttle", Note: first.notes}
	if s.sms.driverLink != nil && d.driverID != 0 {
		rd.Link = s.sms.driverLink(d.driverID)
	}
	riders := map[int64]bool{}
	outbound := map[int64]bool{}
	for _, r := range rides {
		riders[r.riderID] = true
		if r.leg == "outbound" {
			outbound[r.tripID] = true
		}
		rd.Needs = appendNeeds(rd.Needs, r)
	}
	for _, r := range rides {
		if r.outboundID != nil && outbound[*r.outboundID] && rd.ReturnAt.IsZero() {
			rd.ReturnAt = r.pickupAt
		}
	}
	if len(riders) == 1 {
		rd.Rider = initial(first.riderFirst) + first.riderLast
	} else {
		rd.Passengers = len(riders)
	}
	return rd
}

func appendNeeds(needs []notify.Need, r tourRide) []notify.Need {
	for _, n := range []struct {
		on   bool
		need notify.Need
	}{{r.wheelchair, notify.NeedWheelchair}, {r.walker, notify.NeedWalker}, {r.escort, notify.NeedEscort}} {
		if n.on && !hasNeed(needs, n.need) {
			needs = append(needs, n.need)
		}
	}
	return needs
}

func hasNeed(needs []notify.Need, n notify.Need) bool {
	for _, x := range needs {
		if x == n {
			return true
		}
	}
	return false
}

// initial is "M. " for "Maria": enough for the driver at the door, less of
// the senior's name in an SMS.
func initial(first string) string {
	first = strings.TrimSpace(first)
	if first == "" {
		return ""
	}
	r := []rune(first)
	return string(r[0]) + ". "
}
