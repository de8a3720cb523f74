-- Leadlens schema, part 4: the leads inbox. Operator state per company (status, tags, notes),
-- key pages per site, and the rollups that keep the inbox fast at 200 k companies / 10 M pageviews.
-- Everything keyed by company cascades on delete, so an opt-out that deletes the company leaves
-- nothing behind. The rollups are maintained by the ingest writer (src/track/store.ts) in the same
-- transaction as the visits and pageviews they summarise; a visit and all its pageviews and
-- engagement count on the UTC day the visit started.

-- "New since last look": the inbox marks companies active after this (unix ms; NULL = never looked).
ALTER TABLE users ADD COLUMN inbox_seen_at INTEGER;

-- No row means 'new'.
CREATE TABLE company_status (
  company_id INTEGER PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
  status     TEXT NOT NULL CHECK (status IN ('new', 'qualified', 'customer', 'ignored')),
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
) STRICT;
CREATE INDEX company_status_status ON company_status (status);
CREATE INDEX company_status_user ON company_status (updated_by);

-- Free-text tags, unique per company regardless of case ("Hot" and "hot" are one tag).
CREATE TABLE company_tags (
  company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  tag        TEXT NOT NULL COLLATE NOCASE CHECK (length(tag) BETWEEN 1 AND 50),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (company_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX company_tags_tag ON company_tags (tag, company_id);

-- The author's name is copied: a note keeps its author when the user is later removed.
CREATE TABLE company_notes (
  id         INTEGER PRIMARY KEY,
  company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
  author     TEXT NOT NULL,
  text       TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX company_notes_company ON company_notes (company_id, created_at);
CREATE INDEX company_notes_user ON company_notes (user_id);

-- Pages that signal intent (/pricing, /demo*), per site. `glob` is the pattern as a GLOB
-- expression (only `*` is a wildcard), so SQL matches paths without calling back into JS.
CREATE TABLE key_pages (
  site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  pattern  TEXT NOT NULL,
  glob     TEXT NOT NULL,
  position INTEGER NOT NULL,                   -- the operator's order
  PRIMARY KEY (site_id, pattern)
) STRICT, WITHOUT ROWID;

-- Rollup 1: per day, company and site. The inbox sums these over a date range for the rows it
-- shows (the primary key serves one company's days), and for sorts no rollup below covers (the
-- covering indexes serve a date range, over all sites or one, without touching the table).
CREATE TABLE company_days (
  company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  day        INTEGER NOT NULL,                 -- UTC day number: unix ms / 86 400 000
  site_id    INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  visits     INTEGER NOT NULL,
  pageviews  INTEGER NOT NULL,
  engaged_ms INTEGER NOT NULL,
  first_at   INTEGER NOT NULL,                 -- earliest visit start (unix ms)
  last_at    INTEGER NOT NULL,                 -- latest activity of those visits (unix ms)
  PRIMARY KEY (company_id, day, site_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX company_days_day ON company_days (day, company_id, visits, pageviews, last_at);
CREATE INDEX company_days_site ON company_days (site_id, day, company_id, visits, pageviews, last_at);

-- Rollup 2: per company over all time and sites: the inbox walks its indexes in sort order and
-- stops after one page, instead of aggregating 100 k companies per request.
--  * hidden: 1 when the company is not a lead (its network is no longer business, education or
--    government) or has opted out; kept current by the triggers below, whoever changes the
--    company, its network or the opt-outs, so no query has to join three tables per row.
--  * visits_30d, pageviews_30d: the default 30-day window (today and the 29 days before), for
--    "sort by visits/pageviews" without aggregating; the writer adds to them, and the daily pass
--    in src/leads/refresh.ts recomputes them (with the scores) when the UTC day changes.
--  * score: the lead score (0–100) as of the last pass; score_dirty: touched since.
CREATE TABLE company_totals (
  company_id    INTEGER PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
  visits        INTEGER NOT NULL,
  pageviews     INTEGER NOT NULL,
  engaged_ms    INTEGER NOT NULL,
  first_at      INTEGER NOT NULL,
  last_at       INTEGER NOT NULL,
  last_day      INTEGER NOT NULL,              -- newest day in company_days
  visits_30d    INTEGER NOT NULL DEFAULT 0,
  pageviews_30d INTEGER NOT NULL DEFAULT 0,
  hidden        INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
  score         INTEGER NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 100),
  score_dirty   INTEGER NOT NULL DEFAULT 1 CHECK (score_dirty IN (0, 1))
) STRICT;
CREATE INDEX company_totals_last ON company_totals (last_at, last_day, hidden);
CREATE INDEX company_totals_score ON company_totals (score, last_at, last_day, hidden);
CREATE INDEX company_totals_visits ON company_totals (visits_30d, hidden);
CREATE INDEX company_totals_pageviews ON company_totals (pageviews_30d, hidden);
CREATE INDEX company_totals_dirty ON company_totals (company_id) WHERE score_dirty = 1;

-- Rollup 3: the same per site, for the inbox filtered to one site.
CREATE TABLE company_site_totals (
  site_id       INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  company_id    INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  visits        INTEGER NOT NULL,
  pageviews     INTEGER NOT NULL,
  engaged_ms    INTEGER NOT NULL,
  first_at      INTEGER NOT NULL,
  last_at       INTEGER NOT NULL,
  last_day      INTEGER NOT NULL,
  visits_30d    INTEGER NOT NULL DEFAULT 0,
  pageviews_30d INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, company_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX company_site_totals_last ON company_site_totals (site_id, last_at, last_day);
CREATE INDEX company_site_totals_visits ON company_site_totals (site_id, visits_30d);
CREATE INDEX company_site_totals_pageviews ON company_site_totals (site_id, pageviews_30d);
CREATE INDEX company_site_totals_company ON company_site_totals (company_id);

-- company_totals.hidden, recomputed for one company.
CREATE VIEW company_hidden (company_id, hidden) AS
SELECT c.id,
       (c.network_id IS NOT NULL AND coalesce(n.class, 'unknown') NOT IN ('business', 'education', 'government'))
       OR EXISTS (SELECT 1 FROM optouts o WHERE o.company_id = c.id)
       OR EXISTS (SELECT 1 FROM optouts o WHERE o.network_id = c.network_id)
  FROM companies c LEFT JOIN networks n ON n.id = c.network_id;

CREATE TRIGGER company_totals_hidden_new AFTER INSERT ON company_totals BEGIN
  UPDATE company_totals SET hidden = (SELECT hidden FROM company_hidden WHERE company_id = NEW.company_id)
   WHERE company_id = NEW.company_id;
END;
CREATE TRIGGER company_hidden_network AFTER UPDATE OF network_id ON companies BEGIN
  UPDATE company_totals SET hidden = (SELECT hidden FROM company_hidden WHERE company_id = NEW.id)
   WHERE company_id = NEW.id;
END;
CREATE TRIGGER network_hidden_class AFTER UPDATE OF class ON networks
  WHEN OLD.class IS NOT NEW.class BEGIN
  UPDATE company_totals SET hidden = (SELECT h.hidden FROM company_hidden h WHERE h.company_id = company_totals.company_id)
   WHERE company_id IN (SELECT id FROM companies WHERE network_id = NEW.id);
END;
CREATE TRIGGER optout_hidden_insert AFTER INSERT ON optouts BEGIN
  UPDATE company_totals SET hidden = 1
   WHERE company_id = NEW.company_id
      OR company_id IN (SELECT id FROM companies WHERE network_id = NEW.network_id);
END;
CREATE TRIGGER optout_hidden_delete AFTER DELETE ON optouts BEGIN
  UPDATE company_totals SET hidden = (SELECT h.hidden FROM company_hidden h WHERE h.company_id = company_totals.company_id)
   WHERE company_id = OLD.company_id
      OR company_id IN (SELECT id FROM companies WHERE network_id = OLD.network_id);
END;

-- Rollup 4: which pages a company viewed on which day ("visited a page containing …", distinct
-- pages and key pages in the score). Paths are interned per site: a few thousand rows to search
-- with LIKE instead of millions of pageviews.
CREATE TABLE site_paths (
  id      INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  path    TEXT NOT NULL,
  UNIQUE (site_id, path)
) STRICT;

CREATE TABLE company_paths (
  company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  day        INTEGER NOT NULL,
  path_id    INTEGER NOT NULL REFERENCES site_paths(id) ON DELETE CASCADE,
  PRIMARY KEY (company_id, day, path_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX company_paths_path ON company_paths (path_id, day);

-- Backfill from the visits and pageviews already stored, so upgrading keeps the history.
-- (src/leads/rollups.ts runs the same statements to rebuild or to check the rollups.)
INSERT INTO company_days (day, company_id, site_id, visits, pageviews, engaged_ms, first_at, last_at)
SELECT started_at / 86400000, company_id, site_id, count(*), sum(pageviews), sum(engaged_ms),
       min(started_at), max(last_seen_at)
  FROM visits GROUP BY 1, 2, 3;

INSERT INTO company_totals (company_id, visits, pageviews, engaged_ms, first_at, last_at, last_day)
SELECT company_id, sum(visits), sum(pageviews), sum(engaged_ms), min(first_at), max(last_at), max(day)
  FROM company_days GROUP BY company_id;

INSERT INTO company_site_totals (site_id, company_id, visits, pageviews, engaged_ms, first_at, last_at, last_day)
SELECT site_id, company_id, sum(visits), sum(pageviews), sum(engaged_ms), min(first_at), max(last_at), max(day)
  FROM company_days GROUP BY site_id, company_id;

INSERT INTO site_paths (site_id, path)
SELECT DISTINCT v.site_id, p.path FROM pageviews p JOIN visits v ON v.id = p.visit_id;

INSERT INTO company_paths (company_id, day, path_id)
SELECT DISTINCT v.company_id, v.started_at / 86400000, sp.id
  FROM pageviews p JOIN visits v ON v.id = p.visit_id
  JOIN site_paths sp ON sp.site_id = v.site_id AND sp.path = p.path;
