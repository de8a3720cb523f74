-- Leadlens schema, part 2: sites, visits, pageviews, counters, opt-outs.
-- Nothing here can hold an IP address: visits are keyed by organisation, sessions live in memory.

CREATE TABLE sites (
  id             INTEGER PRIMARY KEY,
  key            TEXT NOT NULL UNIQUE,          -- public key in the snippet; not a secret
  name           TEXT NOT NULL,
  domains        TEXT NOT NULL,                 -- JSON array of lower-case host names
  honor_gpc      INTEGER NOT NULL DEFAULT 1 CHECK (honor_gpc IN (0, 1)),
  honor_dnt      INTEGER NOT NULL DEFAULT 0 CHECK (honor_dnt IN (0, 1)),
  retention_days INTEGER NOT NULL DEFAULT 395 CHECK (retention_days BETWEEN 1 AND 3650),
  enabled        INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at     INTEGER NOT NULL,
  last_beacon_at INTEGER,                       -- "is the snippet installed?"
  last_beacon_path TEXT
) STRICT;

-- A company derived from a lead network (the bundled data names networks, not companies).
ALTER TABLE companies ADD COLUMN network_id INTEGER REFERENCES networks(id) ON DELETE SET NULL;
CREATE UNIQUE INDEX companies_network ON companies (network_id) WHERE network_id IS NOT NULL;

-- One visit = one browsing session of one organisation on one site.
CREATE TABLE visits (
  id           INTEGER PRIMARY KEY,
  site_id      INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  company_id   INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  network_id   INTEGER REFERENCES networks(id) ON DELETE SET NULL,
  class        TEXT NOT NULL,
  started_at   INTEGER NOT NULL,                -- unix ms
  last_seen_at INTEGER NOT NULL,
  pageviews    INTEGER NOT NULL DEFAULT 0,
  engaged_ms   INTEGER NOT NULL DEFAULT 0,
  referrer     TEXT,
  utm_source   TEXT,
  utm_medium   TEXT,
  utm_campaign TEXT,
  utm_term     TEXT,
  utm_content  TEXT,
  landing_path TEXT,
  country      TEXT,
  device       TEXT CHECK (device IS NULL OR device IN ('mobile', 'tablet', 'desktop'))
) STRICT;
CREATE INDEX visits_site_started ON visits (site_id, started_at);
CREATE INDEX visits_company_started ON visits (company_id, started_at);
CREATE INDEX visits_started ON visits (started_at);

CREATE TABLE pageviews (
  id         INTEGER PRIMARY KEY,
  visit_id   INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
  ts         INTEGER NOT NULL,
  path       TEXT NOT NULL,
  title      TEXT,
  engaged_ms INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX pageviews_visit ON pageviews (visit_id, ts);

-- Traffic that is not a lead (access providers, hosting, unresolved) is only counted, per day.
CREATE TABLE daily_counts (
  site_id   INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  day       TEXT NOT NULL,                      -- YYYY-MM-DD, UTC
  class     TEXT NOT NULL,                      -- a network class, or 'unresolved'
  pageviews INTEGER NOT NULL DEFAULT 0,
  visits    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, day, class)
) STRICT, WITHOUT ROWID;

-- Organisations that asked not to be shown; the tracking pipeline drops their beacons.
CREATE TABLE optouts (
  id         INTEGER PRIMARY KEY,
  company_id INTEGER REFERENCES companies(id) ON DELETE CASCADE,
  network_id INTEGER REFERENCES networks(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  CHECK (company_id IS NOT NULL OR network_id IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX optouts_company ON optouts (company_id) WHERE company_id IS NOT NULL;
CREATE UNIQUE INDEX optouts_network ON optouts (network_id) WHERE network_id IS NOT NULL;
