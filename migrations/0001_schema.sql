-- Fahrdienst schema. Times are timestamptz; local-time rules (weekly windows,
-- shuttle start times) are stored as local clock times and turned into
-- instants by the service in its time zone.

CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Accounts: coordinators and relatives who log in.
CREATE TABLE accounts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL CHECK (email LIKE '%@%'),
    role          text NOT NULL CHECK (role IN ('coordinator', 'relative')),
    name          text NOT NULL DEFAULT '',
    phone         text,
    phone_mobile  boolean NOT NULL DEFAULT false,
    language      text NOT NULL DEFAULT 'de' CHECK (language IN ('de', 'en')),
    password_hash text NOT NULL DEFAULT '',
    sms_opt_out   boolean NOT NULL DEFAULT false,
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));

-- Sessions and API tokens: only a hash of the token is stored.
CREATE TABLE sessions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash   bytea NOT NULL UNIQUE,
    kind         text NOT NULL CHECK (kind IN ('session', 'api', 'invite')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);
CREATE INDEX sessions_account_idx ON sessions (account_id);

-- Failed logins, for the rate limit per account and per address; shared by
-- all instances through the database.
CREATE TABLE login_failures (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text NOT NULL,
    remote_addr text NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_idx ON login_failures (lower(email), at);
CREATE INDEX login_failures_addr_idx ON login_failures (remote_addr, at);

-- Riders: the seniors who are driven.
CREATE TABLE riders (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    first_name         text NOT NULL CHECK (first_name <> ''),
    last_name          text NOT NULL CHECK (last_name <> ''),
    phone              text,
    phone_mobile       boolean NOT NULL DEFAULT false,
    street             text NOT NULL,
    postal_code        text NOT NULL DEFAULT '',
    city               text NOT NULL,
    lat                double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon                double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
    walker             boolean NOT NULL DEFAULT false,
    wheelchair         boolean NOT NULL DEFAULT false,
    needs_escort       boolean NOT NULL DEFAULT false,
    contact_preference text NOT NULL DEFAULT 'sms' CHECK (contact_preference IN ('sms', 'call', 'relative')),
    language           text NOT NULL DEFAULT 'de' CHECK (language IN ('de', 'en')),
    sms_opt_out        boolean NOT NULL DEFAULT false,
    notes              text NOT NULL DEFAULT '',
    active             boolean NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
-- Search as you type: name parts by trigram, phone numbers by their digits.
CREATE INDEX riders_name_trgm_idx ON riders
    USING gin ((lower(first_name || ' ' || last_name)) gin_trgm_ops);
CREATE INDEX riders_phone_trgm_idx ON riders USING gin (phone gin_trgm_ops);

-- Relatives are accounts linked to the riders they may book for.
CREATE TABLE rider_relatives (
    rider_id     bigint NOT NULL REFERENCES riders (id) ON DELETE CASCADE,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    receives_sms boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rider_id, account_id)
);
CREATE INDEX rider_relatives_account_idx ON rider_relatives (account_id);

-- Drivers: volunteers with their own car.
CREATE TABLE drivers (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    first_name         text NOT NULL CHECK (first_name <> ''),
    last_name          text NOT NULL CHECK (last_name <> ''),
    phone              text NOT NULL,
    street             text NOT NULL DEFAULT '',
    city               text NOT NULL DEFAULT '',
    lat                double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon                double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
    vehicle_seats      int NOT NULL CHECK (vehicle_seats BETWEEN 1 AND 8),
    vehicle_wheelchair boolean NOT NULL DEFAULT false,
    max_rides_per_week int NOT NULL DEFAULT 10 CHECK (max_rides_per_week >= 0),
    max_duty_minutes   int NOT NULL DEFAULT 480 CHECK (max_duty_minutes > 0),
    language           text NOT NULL DEFAULT 'de' CHECK (language IN ('de', 'en')),
    sms_opt_out        boolean NOT NULL DEFAULT false,
    notes              text NOT NULL DEFAULT '',
    active             boolean NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX drivers_phone_key ON drivers (phone) WHERE active;

-- Weekly availability in local clock time; ISO weekday 1 = Monday.
CREATE TABLE driver_availability (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    driver_id bigint NOT NULL REFERENCES drivers (id) ON DELETE CASCADE,
    weekday   smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts    time NOT NULL,
    ends      time NOT NULL,
    CHECK (ends > starts)
);
CREATE INDEX driver_availability_driver_idx ON driver_availability (driver_id, weekday);

-- Absences: whole local days, inclusive.
CREATE TABLE driver_absences (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    driver_id bigint NOT NULL REFERENCES drivers (id) ON DELETE CASCADE,
    starts_on date NOT NULL,
    ends_on   date NOT NULL,
    reason    text NOT NULL DEFAULT '',
    CHECK (ends_on >= starts_on)
);
CREATE INDEX driver_absences_driver_idx ON driver_absences (driver_id, ends_on);

-- Places: shops, practices, the vaccination centre, the hospital.
CREATE TABLE places (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (name <> ''),
    kind       text NOT NULL CHECK (kind IN ('shop', 'practice', 'vaccination_centre', 'hospital', 'other')),
    street     text NOT NULL,
    city       text NOT NULL,
    lat        double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon        double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
    notes      text NOT NULL DEFAULT '',
    active     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX places_name_key ON places (lower(name)) WHERE active;

-- Weekly shopping rides: start_time is the local arrival time at the place.
CREATE TABLE shuttles (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             text NOT NULL CHECK (name <> ''),
    weekday          smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_time       time NOT NULL,
    place_id         bigint NOT NULL REFERENCES places (id),
    dwell_minutes    int NOT NULL CHECK (dwell_minutes BETWEEN 0 AND 480),
    capacity         int NOT NULL CHECK (capacity BETWEEN 1 AND 100),
    max_ride_minutes int NOT NULL DEFAULT 45 CHECK (max_ride_minutes BETWEEN 5 AND 240),
    active           boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shuttle_subscriptions (
    shuttle_id bigint NOT NULL REFERENCES shuttles (id) ON DELETE CASCADE,
    rider_id   bigint NOT NULL REFERENCES riders (id),
    starts_on  date NOT NULL,
    ends_on    date,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shuttle_id, rider_id),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

CREATE TABLE shuttle_skips (
    shuttle_id bigint NOT NULL REFERENCES shuttles (id) ON DELETE CASCADE,
    rider_id   bigint NOT NULL REFERENCES riders (id),
    run_date   date NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shuttle_id, rider_id, run_date)
);

-- One row per materialised weekly run.
CREATE TABLE shuttle_runs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shuttle_id    bigint NOT NULL REFERENCES shuttles (id) ON DELETE CASCADE,
    run_date      date NOT NULL,
    starts_at     timestamptz NOT NULL,
    riders        int NOT NULL DEFAULT 0,
    over_capacity boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (shuttle_id, run_date)
);

-- Trips: one leg each. The rider is busy from the earliest pickup to the
-- latest drop-off; a rider's live trips never overlap.
CREATE TABLE trips (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rider_id         bigint NOT NULL REFERENCES riders (id),
    kind             text NOT NULL CHECK (kind IN ('appointment', 'shuttle')),
    leg              text NOT NULL CHECK (leg IN ('outbound', 'return')),
    outbound_id      bigint UNIQUE REFERENCES trips (id),
    shuttle_run_id   bigint REFERENCES shuttle_runs (id),
    timing           text NOT NULL CHECK (timing IN ('arrive_by', 'pickup_at', 'on_call')),
    pickup_place_id  bigint REFERENCES places (id),
    pickup_street    text NOT NULL,
    pickup_city      text NOT NULL,
    pickup_lat       double precision NOT NULL,
    pickup_lon       double precision NOT NULL,
    dropoff_place_id bigint REFERENCES places (id),
    dropoff_street   text NOT NULL,
    dropoff_city     text NOT NULL,
    dropoff_lat      double precision NOT NULL,
    dropoff_lon      double precision NOT NULL,
    service_date     date,
    pickup_earliest  timestamptz,
    pickup_latest    timestamptz,
    dropoff_earliest timestamptz,
    dropoff_latest   timestamptz,
    max_ride_minutes int NOT NULL DEFAULT 45 CHECK (max_ride_minutes BETWEEN 5 AND 240),
    passengers       int NOT NULL DEFAULT 1 CHECK (passengers BETWEEN 1 AND 8),
    wheelchair       boolean NOT NULL DEFAULT false,
    walker           boolean NOT NULL DEFAULT false,
    needs_escort     boolean NOT NULL DEFAULT false,
    notes            text NOT NULL DEFAULT '',
    status           text NOT NULL CHECK (status IN ('booked', 'on_call', 'cancelled', 'completed')),
    flagged          text NOT NULL DEFAULT '',
    booked_by        bigint REFERENCES accounts (id),
    booked_via       text NOT NULL CHECK (booked_via IN ('phone', 'online', 'api', 'shuttle', 'demo')),
    cancelled_at     timestamptz,
    cancelled_by     bigint REFERENCES accounts (id),
    cancel_reason    text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    span             tstzrange GENERATED ALWAYS AS (tstzrange(pickup_earliest, dropoff_latest, '[)')) STORED,
    CHECK (status <> 'on_call' OR pickup_earliest IS NULL),
    CHECK (status NOT IN ('booked', 'completed') OR pickup_earliest IS NOT NULL),
    CHECK (pickup_earliest IS NULL OR (pickup_latest >= pickup_earliest
        AND dropoff_latest >= dropoff_earliest AND dropoff_latest > pickup_earliest
        AND service_date IS NOT NULL)),
    CHECK ((leg = 'return') = (outbound_id IS NOT NULL)),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
    CONSTRAINT trips_rider_no_overlap EXCLUDE USING gist (rider_id WITH =, span WITH &&)
        WHERE (status IN ('booked', 'completed'))
);
CREATE INDEX trips_service_date_idx ON trips (service_date, status);
CREATE INDEX trips_rider_idx ON trips (rider_id, pickup_earliest);
CREATE INDEX trips_shuttle_run_idx ON trips (shuttle_run_id);

-- Tours group the assignments a driver drives in one go (a shared shopping
-- ride, or two seniors to one practice): assignments of one tour may overlap
-- in time, those of different tours may not once confirmed.
CREATE TABLE tours (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    driver_id  bigint NOT NULL REFERENCES drivers (id),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE assignments (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trip_id         bigint NOT NULL REFERENCES trips (id),
    driver_id       bigint NOT NULL REFERENCES drivers (id),
    tour_id         bigint NOT NULL REFERENCES tours (id),
    state           text NOT NULL CHECK (state IN ('proposed', 'offered', 'confirmed', 'declined', 'expired', 'cancelled', 'withdrawn')),
    planned_pickup  timestamptz NOT NULL,
    planned_dropoff timestamptz NOT NULL,
    stop_order      int NOT NULL DEFAULT 0,
    offer_code      text,
    offered_at      timestamptz,
    expires_at      timestamptz,
    answered_at     timestamptz,
    decided_by      text NOT NULL DEFAULT 'planner' CHECK (decided_by IN ('planner', 'coordinator', 'driver')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    block           tstzrange GENERATED ALWAYS AS (tstzrange(planned_pickup, planned_dropoff, '[)')) STORED,
    CHECK (planned_dropoff > planned_pickup),
    CONSTRAINT assignments_driver_no_overlap EXCLUDE USING gist
        (driver_id WITH =, tour_id WITH <>, block WITH &&) WHERE (state = 'confirmed')
);
-- A trip has at most one live assignment.
CREATE UNIQUE INDEX assignments_live_trip_key ON assignments (trip_id)
    WHERE state IN ('proposed', 'offered', 'confirmed');
CREATE INDEX assignments_driver_idx ON assignments (driver_id, planned_pickup);
CREATE INDEX assignments_offers_idx ON assignments (expires_at) WHERE state = 'offered';
CREATE UNIQUE INDEX assignments_offer_code_key ON assignments (driver_id, offer_code)
    WHERE state = 'offered';

-- Seats and wheelchair places: checked at commit for every live assignment
-- written, because no declarative constraint can sum passengers over time.
CREATE FUNCTION check_assignment_vehicle() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    seats int;
    chair boolean;
    peak int;
BEGIN
    IF NEW.state NOT IN ('proposed', 'offered', 'confirmed') THEN
        RETURN NULL;
    END IF;
    SELECT vehicle_seats, vehicle_wheelchair INTO seats, chair FROM drivers WHERE id = NEW.driver_id;
    IF NOT chair AND EXISTS (SELECT 1 FROM trips WHERE id = NEW.trip_id AND wheelchair) THEN
        RAISE EXCEPTION 'a wheelchair user needs a wheelchair-capable vehicle'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'assignments_wheelchair';
    END IF;
    -- Drop-offs sort before pickups at the same instant: a seat is free again.
    SELECT coalesce(max(load), 0) INTO peak FROM (
        SELECT sum(delta) OVER (ORDER BY at, delta ROWS UNBOUNDED PRECEDING) AS load
        FROM (
            SELECT a.planned_pickup AS at, t.passengers AS delta
            FROM assignments a JOIN trips t ON t.id = a.trip_id
            WHERE a.tour_id = NEW.tour_id AND a.state IN ('proposed', 'offered', 'confirmed')
            UNION ALL
            SELECT a.planned_dropoff, -t.passengers
            FROM assignments a JOIN trips t ON t.id = a.trip_id
            WHERE a.tour_id = NEW.tour_id AND a.state IN ('proposed', 'offered', 'confirmed')
        ) events
    ) loads;
    IF peak > seats THEN
        RAISE EXCEPTION 'the vehicle has % seats, the tour would carry %', seats, peak
            USING ERRCODE = 'check_violation', CONSTRAINT = 'assignments_seats';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER assignments_vehicle_check
    AFTER INSERT OR UPDATE ON assignments
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION check_assignment_vehicle();

-- Every SMS, in and out. An outgoing message is written (pending) in the same
-- transaction as the change that caused it, before any attempt to send it.
CREATE TABLE messages (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    direction     text NOT NULL CHECK (direction IN ('out', 'in')),
    kind          text NOT NULL,
    to_number     text NOT NULL,
    from_number   text NOT NULL DEFAULT '',
    body          text NOT NULL,
    language      text NOT NULL DEFAULT 'de' CHECK (language IN ('de', 'en')),
    driver_id     bigint REFERENCES drivers (id),
    rider_id      bigint REFERENCES riders (id),
    account_id    bigint REFERENCES accounts (id),
    trip_id       bigint REFERENCES trips (id),
    assignment_id bigint REFERENCES assignments (id),
    status        text NOT NULL CHECK (status IN ('pending', 'sending', 'queued', 'sent', 'delivered',
                      'undelivered', 'failed', 'dropped', 'received', 'unknown_reply')),
    twilio_sid    text UNIQUE,
    error_code    int,
    error_message text NOT NULL DEFAULT '',
    due_at        timestamptz,
    deadline      timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    sent_at       timestamptz,
    status_at     timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_trip_idx ON messages (trip_id, created_at);
CREATE INDEX messages_status_idx ON messages (status, created_at);
CREATE INDEX messages_to_idx ON messages (to_number, created_at);

-- Who changed what, when: written in the transaction of the change.
CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    account_id bigint REFERENCES accounts (id),
    actor      text NOT NULL DEFAULT '',
    entity     text NOT NULL,
    entity_id  bigint NOT NULL,
    action     text NOT NULL,
    summary    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at);

-- Idempotency keys of POST requests, kept at least 24 hours.
CREATE TABLE idempotency_keys (
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    key          text NOT NULL,
    request_hash bytea NOT NULL,
    status       int,
    body         bytea,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
