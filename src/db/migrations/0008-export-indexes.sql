-- Leadlens schema, part 8: indexes for the CSV exports (src/export).
-- visits.csv gives each visit's exit page: the path of its last pageview (by ts, then id). With
-- the path in the index, that is one index seek per visit instead of a seek plus a read of the
-- pageview's row (that read: ~1.5 s of a 1 M-visit export, ~15%). The new index starts with
-- pageviews_visit's columns, so it serves every query that one did (a visit's pageviews in
-- order, the cascade from visits), and replaces it: +60 MB at 4 M pageviews instead of +150 MB,
-- and still one index to maintain per pageview insert.
CREATE INDEX pageviews_visit_exit ON pageviews (visit_id, ts, id, path);
DROP INDEX pageviews_visit;
