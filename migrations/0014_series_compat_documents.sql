-- Appointment series, pairs not to be planned together, and volunteers'
-- documents (issue 15).

-- A series books the same ride on chosen weekdays every interval_weeks
-- weeks, from starts_on until ends_on or for count dates. The times are
-- local clock times, turned into instants per date in the service's time
-- zone, so that 07:30 stays 07:30 across daylight-saving changes. A change
-- "from a date on" ends the series the day before and starts a successor
-- (previous_id), so that the past stays as it was booked.
CREATE TABLE series (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rider_id         bigint NOT NULL REFERENCES riders (id),
    previous_id      bigint REFERENCES series (id),
    weekdays         smallint[] NOT NULL CHECK (cardinality(weekdays) BETWEEN 1 AND 7
                         AND 1 <= ALL (weekdays) AND 7 >= ALL (weekdays)),
    interval_weeks   int NOT NULL CHECK (interval_weeks BETWEEN 1 AND 52),
    -- anchor_on is the Monday of the week the rhythm counts from: a
    -- successor keeps its predecessor's, so that "every other week" stays
    -- on the same weeks.
    anchor_on        date NOT NULL,
    starts_on        date NOT NULL,
    ends_on          date,
    count            int CHECK (count BETWEEN 1 AND 400),
    ended_at         timestamptz,
    timing           text NOT NULL CHECK (timing IN ('arrive_by', 'pickup_at')),
    at_time          time NOT NULL,
    return_type      text NOT NULL CHECK (return_type IN ('at', 'on_call', 'none')),
    return_time      time,
    from_place_id    bigint REFERENCES places (id),
    from_street      text,
    from_city        text,
    from_lat         double precision,
    from_lon         double precision,
    to_place_id      bigint REFERENCES places (id),
    to_street        text NOT NULL,
    to_city          text NOT NULL,
    to_lat           double precision NOT NULL,
    to_lon           double precision NOT NULL,
    passengers       int NOT NULL DEFAULT 1 CHECK (passengers BETWEEN 1 AND 8),
    own_needs        boolean NOT NULL DEFAULT false,
    wheelchair       boolean NOT NULL DEFAULT false,
    walker           boolean NOT NULL DEFAULT false,
    needs_escort     boolean NOT NULL DEFAULT false,
    max_ride_minutes int NOT NULL DEFAULT 45 CHECK (max_ride_minutes BETWEEN 5 AND 240),
    notes            text NOT NULL DEFAULT '',
    purpose          text NOT NULL DEFAULT '',
    booked_by        bigint REFERENCES accounts (id),
    booked_via       text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on IS NULL OR ends_on >= starts_on - 1),
    CHECK ((return_type = 'at') = (return_time IS NOT NULL))
);
CREATE INDEX series_rider_idx ON series (rider_id);
CREATE INDEX series_live_idx ON series (id) WHERE ended_at IS NULL;

-- One row per date of a series that was materialised, skipped or could not
-- be booked: booked (trip_id is the outbound leg), skipped, clash (the
-- senior has another trip then; reason says it), cancelled (the series was
-- changed or ended from that date on).
CREATE TABLE series_occurrences (
    series_id  bigint NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    on_date    date NOT NULL,
    state      text NOT NULL CHECK (state IN ('booked', 'skipped', 'clash', 'cancelled')),
    trip_id    bigint REFERENCES trips (id),
    reason     text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (series_id, on_date)
);
CREATE INDEX series_occurrences_trip_idx ON series_occurrences (trip_id) WHERE trip_id IS NOT NULL;

-- A senior or a driver who must not be paired with the other: refused_by
-- says who asked. The planner never puts them in one car.
CREATE TABLE incompatibilities (
    rider_id   bigint NOT NULL REFERENCES riders (id) ON DELETE CASCADE,
    driver_id  bigint NOT NULL REFERENCES drivers (id) ON DELETE CASCADE,
    refused_by text NOT NULL CHECK (refused_by IN ('rider', 'driver')),
    note       text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rider_id, driver_id)
);
CREATE INDEX incompatibilities_driver_idx ON incompatibilities (driver_id);

-- A volunteer's documents: the driving licence check, the police
-- certificate and the insurance, each valid until expires_on. A driver
-- with an expired required document is not planned; reminded_for keeps the
-- expiry a reminder SMS was queued for, so that each expiry is reminded once.
CREATE TABLE driver_documents (
    driver_id    bigint NOT NULL REFERENCES drivers (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('licence_check', 'police_certificate', 'insurance')),
    checked_on   date,
    expires_on   date NOT NULL,
    required     boolean NOT NULL DEFAULT true,
    reminded_for date,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (driver_id, kind)
);
CREATE INDEX driver_documents_expiry_idx ON driver_documents (expires_on);
