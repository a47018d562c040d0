-- Answers of the address search (Nominatim or compatible), so that an
-- address typed again costs no request: the public instance allows one a
-- second. The key is the normalised query with the region searched in.
-- An address is personal data: rows older than the cache's time to live
-- (30 days) are pruned by the maintenance job.
CREATE TABLE geocode_cache (
    query_key  text PRIMARY KEY CHECK (length(query_key) <= 1000),
    candidates jsonb NOT NULL CHECK (jsonb_typeof(candidates) = 'array'),
    fetched_at timestamptz NOT NULL
);
CREATE INDEX geocode_cache_fetched_at_idx ON geocode_cache (fetched_at);
