-- No query looks messages up by recipient number: the SMS log is read by id,
-- status, trip or driver. The index only cost every message written.
DROP INDEX IF EXISTS messages_to_idx;
