-- SMS conversations: offers per tour, opt-outs by number, and the links that
-- let a message be checked against the ride it is about when it is sent.

-- An offer asks one driver for one tour (a shopping run with five seniors is
-- one SMS with one reply code). The code is unique among the driver's open
-- offers; the assignments of the offer carry it too, so that ABSAGE <code>
-- still finds them once they are confirmed.
CREATE TABLE offers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tour_id     bigint NOT NULL REFERENCES tours (id),
    driver_id   bigint NOT NULL REFERENCES drivers (id),
    code        text NOT NULL,
    state       text NOT NULL CHECK (state IN ('open', 'accepted', 'declined', 'expired', 'failed', 'withdrawn')),
    offered_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    answered_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX offers_open_code_key ON offers (driver_id, code) WHERE state = 'open';
CREATE INDEX offers_tour_idx ON offers (tour_id);
CREATE INDEX offers_open_idx ON offers (expires_at) WHERE state = 'open';

-- The old index made one code per assignment; the assignments of one tour
-- offer now share their offer's code.
DROP INDEX assignments_offer_code_key;
ALTER TABLE assignments ADD COLUMN offer_id bigint REFERENCES offers (id);
CREATE INDEX assignments_offer_idx ON assignments (offer_id) WHERE offer_id IS NOT NULL;
-- Declined and expired assignments exclude their driver from the trip.
CREATE INDEX assignments_refused_idx ON assignments (trip_id) WHERE state IN ('declined', 'expired');

-- offer_id and tour_id tie a message to what it is about, so that the send
-- worker can drop a reminder whose ride was cancelled or reassigned;
-- reply_to ties our TwiML answers to the incoming SMS they answer, so that a
-- webhook delivered twice gets the same answer and no second effect.
ALTER TABLE messages
    ADD COLUMN offer_id bigint REFERENCES offers (id),
    ADD COLUMN tour_id  bigint REFERENCES tours (id),
    ADD COLUMN reply_to bigint REFERENCES messages (id),
    ADD COLUMN attempts int NOT NULL DEFAULT 0;
CREATE INDEX messages_reply_to_idx ON messages (reply_to) WHERE reply_to IS NOT NULL;
CREATE INDEX messages_offer_idx ON messages (offer_id) WHERE offer_id IS NOT NULL;
CREATE INDEX messages_driver_idx ON messages (driver_id, created_at) WHERE driver_id IS NOT NULL;

-- STOP from a number: nothing more goes to it until START, whoever it
-- belongs to (a relative's number may not be in any profile yet).
CREATE TABLE sms_opt_outs (
    number     text PRIMARY KEY,
    source     text NOT NULL CHECK (source IN ('sms', 'twilio', 'coordinator')),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Why SMS to a person do not get through (invalid number, not a mobile):
-- shown to coordinators, who fix the profile and clear it.
ALTER TABLE drivers ADD COLUMN sms_problem text NOT NULL DEFAULT '';
ALTER TABLE riders ADD COLUMN sms_problem text NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN sms_problem text NOT NULL DEFAULT '';
