package main

import (
	"errors"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// loadAfterRide reads the purposes of rides and the reimbursement rates:
// FAHRDIENST_TRIP_PURPOSES (comma-separated), FAHRDIENST_KM_RATE (euros per
// km, default 0.30) and FAHRDIENST_RIDE_FLAT (euros per ride, default 0).
// Amounts are read as cents, never as float.
func (c *config) loadAfterRide() error {
	var errs []error
	v := env("FAHRDIENST_TRIP_PURPOSES", "")
	var err error
	if c.Purposes, err = dispatch.ParsePurposes(v); err != nil {
		errs = append(errs, badVar("FAHRDIENST_TRIP_PURPOSES", v, dispatch.ErrorMessage(err)))
	}
	rate := env("FAHRDIENST_KM_RATE", "0.30")
	if c.Rates.PerKm, err = dispatch.ParseEuros(rate); err != nil || c.Rates.PerKm > 500 {
		errs = append(errs, badVar("FAHRDIENST_KM_RATE", rate, "want euros per km from 0 to 5.00 with at most two decimals, like 0.30"))
	}
	flat := env("FAHRDIENST_RIDE_FLAT", "0")
	if c.Rates.PerRide, err = dispatch.ParseEuros(flat); err != nil || c.Rates.PerRide > 10000 {
		errs = append(errs, badVar("FAHRDIENST_RIDE_FLAT", flat, "want euros per ride from 0 to 100.00 with at most two decimals"))
	}
	return errors.Join(errs...)
}
