-- Reminder calls (issue 16, docs/decisions/0016-reminder-calls.md): a call
-- is a message row with channel 'voice', so that it is recorded before it
-- is placed and goes through the same claim, send, record and lookup as an
-- SMS. body is what the call says to a person, voicemail the short text
-- for an answering machine. A busy or unanswered call is dialled again:
-- the SIDs of earlier dials move to earlier_sids, so that a late report
-- about one of them changes nothing. answered_by and call_answer are what
-- Twilio's machine detection and the key the person pressed said.
ALTER TABLE messages
    ADD COLUMN channel      text NOT NULL DEFAULT 'sms' CHECK (channel IN ('sms', 'voice')),
    ADD COLUMN voicemail    text NOT NULL DEFAULT '',
    ADD COLUMN earlier_sids text[] NOT NULL DEFAULT '{}',
    ADD COLUMN answered_by  text NOT NULL DEFAULT '',
    ADD COLUMN call_answer  text NOT NULL DEFAULT '' CHECK (call_answer IN ('', 'confirmed', 'cancelled'));

-- A key pressed in a call, once per call and key: Twilio may deliver the
-- gather webhook twice, and a replay must change nothing.
CREATE TABLE call_digits (
    call_sid   text NOT NULL,
    digit      text NOT NULL,
    message_id bigint NOT NULL REFERENCES messages (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (call_sid, digit)
);
CREATE INDEX call_digits_message_idx ON call_digits (message_id);
