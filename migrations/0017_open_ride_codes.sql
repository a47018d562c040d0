-- The reply codes an OFFEN answer gave a driver for open rides (issue 15):
-- JA and such a code takes the ride. A code is the driver's until it
-- expires; offers' codes avoid the live ones, so JA never means two things.
CREATE TABLE open_ride_codes (
    driver_id  bigint NOT NULL REFERENCES drivers (id) ON DELETE CASCADE,
    code       text NOT NULL,
    trip_id    bigint NOT NULL REFERENCES trips (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (driver_id, code)
);
CREATE INDEX open_ride_codes_trip_idx ON open_ride_codes (trip_id);
