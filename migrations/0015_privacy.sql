-- Privacy (GDPR): retention, subject access and erasure
-- (docs/decisions/0015-retention-and-erasure.md).

-- An erased person keeps their row, emptied of everything that identifies
-- them, so that trips, assignments and statistics keep their links; erased_at
-- marks it, so that pages show it as erased and nothing edits it again.
ALTER TABLE riders ADD COLUMN erased_at timestamptz;
ALTER TABLE drivers ADD COLUMN erased_at timestamptz;
ALTER TABLE accounts ADD COLUMN erased_at timestamptz;

-- Trips past the retention period lose the senior: they move to one
-- placeholder rider without any personal data, and anonymised_at marks them.
-- The placeholder carries trips of many seniors that overlap in time, so the
-- rule that one senior's trips never overlap leaves anonymised trips out.
ALTER TABLE trips ADD COLUMN anonymised_at timestamptz;
ALTER TABLE trips DROP CONSTRAINT trips_rider_no_overlap;
ALTER TABLE trips ADD CONSTRAINT trips_rider_no_overlap EXCLUDE USING gist (rider_id WITH =, span WITH &&)
    WHERE (status IN ('booked', 'completed') AND anonymised_at IS NULL);

-- The placeholder is made by the first retention run, with id 0 (no
-- senior has it), so that a database without old trips has no such row.
ALTER TABLE riders ADD COLUMN placeholder boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX riders_placeholder_key ON riders (placeholder) WHERE placeholder;

-- The nightly job finds the messages and audit entries past their period by
-- time.
CREATE INDEX messages_created_idx ON messages (created_at) WHERE body <> '';
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX trips_retention_idx ON trips (service_date) WHERE anonymised_at IS NULL;
