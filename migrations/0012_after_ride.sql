-- After the ride: what became of each trip, why it was booked, and the
-- kilometres a driver actually drove on a tour where they differ from the
-- planned route.

-- The purpose of a booking (Arzt/Facharzt, Einkauf, ...), for the funder's
-- report. The list is configurable (FAHRDIENST_TRIP_PURPOSES), so it is
-- checked by the service, not here; '' is "not given".
ALTER TABLE trips ADD COLUMN purpose text NOT NULL DEFAULT '';

-- One outcome per trip, corrected in place (every change is in audit_log).
-- Recording an outcome also sets the trip's status to 'completed': the ride
-- is closed, whatever became of it.
CREATE TABLE trip_outcomes (
    trip_id      bigint PRIMARY KEY REFERENCES trips (id),
    outcome      text NOT NULL CHECK (outcome IN ('done', 'no_show', 'cancelled_late', 'not_served')),
    cancelled_by text NOT NULL DEFAULT '' CHECK (cancelled_by IN ('', 'rider', 'relative', 'driver', 'agency')),
    reason       text NOT NULL DEFAULT '',
    notes        text NOT NULL DEFAULT '',
    source       text NOT NULL CHECK (source IN ('sms', 'driver_page', 'closeout', 'api')),
    -- The driver of the confirmed assignment when the outcome was recorded:
    -- the volunteer log counts the ride for them.
    driver_id    bigint REFERENCES drivers (id),
    recorded_by  bigint REFERENCES accounts (id),
    recorded_at  timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    CHECK ((outcome = 'cancelled_late') = (cancelled_by <> ''))
);
CREATE INDEX trip_outcomes_driver_idx ON trip_outcomes (driver_id) WHERE driver_id IS NOT NULL;

-- The actual kilometres of a tour, where the driver or a coordinator
-- corrected the planned route's. Stored in metres: whole numbers, no float.
CREATE TABLE tour_km_corrections (
    tour_id      bigint PRIMARY KEY REFERENCES tours (id),
    meters       int NOT NULL CHECK (meters BETWEEN 0 AND 1000000),
    corrected_by text NOT NULL CHECK (corrected_by IN ('driver', 'coordinator')),
    account_id   bigint REFERENCES accounts (id),
    corrected_at timestamptz NOT NULL
);

-- The report reads confirmed assignments of a period by trip.
CREATE INDEX assignments_confirmed_trip_idx ON assignments (trip_id) WHERE state = 'confirmed';
