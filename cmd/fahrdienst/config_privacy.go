package main

import (
	"errors"
	"fmt"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// privacyConfig are the retention periods and the service hours.
type privacyConfig struct {
	// Retention is how long personal data is kept (the nightly job and the
	// record of processing page).
	Retention dispatch.RetentionPolicy
	// ServiceHours are when the agency drives; a booking outside asks for
	// confirmation.
	ServiceHours dispatch.ServiceHours
}

// loadPrivacy reads FAHRDIENST_RETENTION_MONTHS, FAHRDIENST_MESSAGE_RETENTION_DAYS,
// FAHRDIENST_AUDIT_RETENTION_MONTHS and FAHRDIENST_SERVICE_HOURS. A period
// shorter than the current year's reports need is refused: the job would
// anonymise what a report of this year still counts.
func loadPrivacy() (privacyConfig, error) {
	var p privacyConfig
	var errs []error
	var err error
	d := dispatch.DefaultRetention
	p.Retention.TripMonths, err = checkPeriod("FAHRDIENST_RETENTION_MONTHS", d.TripMonths, dispatch.MinTripMonths, 120,
		"the reports of the current year need every trip since 1 January")
	errs = append(errs, err)
	p.Retention.MessageDays, err = checkPeriod("FAHRDIENST_MESSAGE_RETENTION_DAYS", d.MessageDays, dispatch.MinMessageDays, 3650,
		"a message must outlive the conversation about its ride")
	errs = append(errs, err)
	p.Retention.AuditMonths, err = checkPeriod("FAHRDIENST_AUDIT_RETENTION_MONTHS", d.AuditMonths, dispatch.MinAuditMonths, 120,
		"the audit log must explain the changes behind the current year's reports")
	errs = append(errs, err)
	v := env("FAHRDIENST_SERVICE_HOURS", "06:00-21:00")
	if p.ServiceHours, err = dispatch.ParseServiceHours(v); err != nil {
		errs = append(errs, badVar("FAHRDIENST_SERVICE_HOURS", v, "want HH:MM-HH:MM with the end after the start, such as 06:00-21:00"))
	}
	return p, errors.Join(errs...)
}

// checkPeriod reads a whole number from min to max and says why the lower
// bound exists when it is undercut.
func checkPeriod(name string, def, min, max int, why string) (int, error) {
	n, err := checkInt(name, fmt.Sprint(def), 0, max)
	if err != nil {
		return def, err
	}
	if n < min {
		return def, badVar(name, fmt.Sprint(n), fmt.Sprintf("at least %d: %s", min, why))
	}
	return n, nil
}

// retention is the configured policy, the default for a config not read
// by loadConfig (tests that build one by hand).
func (p privacyConfig) retention() dispatch.RetentionPolicy {
	if p.Retention == (dispatch.RetentionPolicy{}) {
		return dispatch.DefaultRetention
	}
	return p.Retention
}
