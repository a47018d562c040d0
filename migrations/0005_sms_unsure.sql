-- A send whose outcome is unknown (Twilio timed out after our request went
-- out, or the process stopped while sending) is looked up at Twilio before
-- it is sent again, because Twilio has no idempotency key for a new message
-- (docs/decisions/0002-sms-reconciliation.md). unsure marks such a message;
-- first_attempt_at, the start of its first attempt, bounds the lookup.
ALTER TABLE messages
    ADD COLUMN unsure boolean NOT NULL DEFAULT false,
    ADD COLUMN first_attempt_at timestamptz;
