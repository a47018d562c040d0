package dispatch

import (
	"strconv"
	"strings"
)

// Cents is an amount of money in euro cents. Reimbursements are added and
// multiplied in whole cents, never in floating point, so that a statement
// and the bookkeeping's CSV always agree to the cent.
type Cents int64

// String gives the amount as "37.02"; Format chooses the decimal mark.
func (c Cents) String() string { return c.Format('.') }

// Format gives the amount with the decimal mark sep ("37,02" in German).
func (c Cents) Format(sep byte) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	frac := strconv.FormatInt(int64(c%100), 10)
	if len(frac) == 1 {
		frac = "0" + frac
	}
	return sign + strconv.FormatInt(int64(c/100), 10) + string(sep) + frac
}

// ParseEuros reads a non-negative euro amount with at most two decimals
// ("0.30", "0,30", "2", "1.5") as cents, without going through float.
func ParseEuros(v string) (Cents, error) {
	v = strings.ReplaceAll(strings.TrimSpace(v), ",", ".")
	whole, frac, hasFrac := strings.Cut(v, ".")
	bad := Errorf(CodeInvalid, "want an amount in euros with at most two decimals, like 0.30")
	if whole == "" || len(frac) > 2 || (hasFrac && frac == "") || len(whole) > 6 {
		return 0, bad
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, bad
		}
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	return Cents(w*100 + f), nil
}

// Rates are the agency's reimbursement: a rate per kilometre and optionally
// a flat amount per ride (FAHRDIENST_KM_RATE, FAHRDIENST_RIDE_FLAT).
type Rates struct {
	PerKm   Cents `json:"per_km_cents"`
	PerRide Cents `json:"per_ride_cents"`
}

// DefaultRates are 0.30 € per kilometre, the German tax-free rate for
// volunteers' own cars, and no flat amount.
var DefaultRates = Rates{PerKm: 30}

// Statement is one driver's reimbursement for one month: the tours, the
// kilometres (in tenths, as shown) times the rate, plus the flat amount per
// ride. A volunteer signs it; the bookkeeping pays it.
type Statement struct {
	VolunteerMonth
	Rates      Rates `json:"rates"`
	KmCents    Cents `json:"km_cents"`
	FlatCents  Cents `json:"flat_cents"`
	TotalCents Cents `json:"total_cents"`
}

// NewStatement prices a volunteer month: kilometres in tenths times the
// rate per kilometre, rounded half up to the cent once for the month (not
// per tour, so that the sum is what the volunteer computes from the total).
func NewStatement(v VolunteerMonth, r Rates) Statement {
	km := Cents((v.Hectometres*int64(r.PerKm) + 5) / 10)
	flat := Cents(int64(v.Rides) * int64(r.PerRide))
	return Statement{VolunteerMonth: v, Rates: r, KmCents: km, FlatCents: flat, TotalCents: km + flat}
}

// FormatTenths gives a number of tenths (hectometres as km) as "123.4",
// with the decimal mark sep.
func FormatTenths(n int64, sep byte) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	return sign + strconv.FormatInt(n/10, 10) + string(sep) + strconv.FormatInt(n%10, 10)
}

// FormatHours gives seconds as hours with one decimal ("3.5"), rounded half
// up to the tenth, for the volunteer log and the report.
func FormatHours(seconds int64, sep byte) string {
	return FormatTenths((seconds+180)/360, sep)
}
