-- A counter per service date, bumped in the transaction of every change that
-- needs the date planned again. A planning run compares it before and after,
-- and plans again when a booking arrived while it ran.
CREATE TABLE plan_versions (
    service_date date PRIMARY KEY,
    version      bigint NOT NULL DEFAULT 1
);
