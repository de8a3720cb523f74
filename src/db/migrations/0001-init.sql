-- Leadlens schema, part 1: data sources and the IP-range → organisation index.
-- Sites, visits and the rest of the product arrive in later migrations.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- One row per imported data source; re-importing a source replaces its rows.
CREATE TABLE sources (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE,
  format          TEXT NOT NULL,
  priority        INTEGER NOT NULL DEFAULT 0,
  licence         TEXT,
  attribution     TEXT,
  attribution_url TEXT,
  files           TEXT,
  imported_at     INTEGER,           -- unix milliseconds
  row_count       INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The holder of an IP block: an autonomous system (asn set) or an organisation without one (RIPE).
CREATE TABLE networks (
  id           INTEGER PRIMARY KEY,
  asn          INTEGER CHECK (asn IS NULL OR asn BETWEEN 0 AND 4294967295),
  name         TEXT NOT NULL,
  country      TEXT,
  class        TEXT NOT NULL CHECK (class IN ('business','education','government','isp','mobile','hosting','unknown')),
  class_source TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX networks_key ON networks (ifnull(asn, -1), name);
CREATE INDEX networks_asn ON networks (asn);

-- Per-ASN facts from metadata sources (ipverse categories, RIPE aut-num names); feeds the classifier.
CREATE TABLE asn_meta (
  asn       INTEGER NOT NULL,
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  name      TEXT,
  country   TEXT,
  category  TEXT CHECK (category IS NULL OR category IN ('business','education','government','isp','mobile','hosting','unknown')),
  role      TEXT,
  PRIMARY KEY (asn, source_id)
) STRICT;

CREATE TABLE companies (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  domain      TEXT,
  country     TEXT,
  city        TEXT,
  postal_code TEXT,
  address     TEXT,
  industry    TEXT,
  employees   TEXT,
  phone       TEXT,
  linkedin    TEXT,
  source_id   INTEGER REFERENCES sources(id) ON DELETE SET NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX companies_domain ON companies (domain) WHERE domain IS NOT NULL;
CREATE INDEX companies_name ON companies (name COLLATE NOCASE);

-- Ranges are inclusive. IPv4 bounds are integers; IPv6 bounds are 16-byte big-endian BLOBs,
-- so both sort numerically with SQLite's ordinary comparison.
CREATE TABLE ip_ranges (
  id         INTEGER PRIMARY KEY,
  source_id  INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  family     INTEGER NOT NULL CHECK (family IN (4, 6)),
  start      ANY NOT NULL,
  end        ANY NOT NULL,
  network_id INTEGER REFERENCES networks(id),
  company_id INTEGER REFERENCES companies(id),
  priority   INTEGER NOT NULL DEFAULT 0,
  CHECK (network_id IS NOT NULL OR company_id IS NOT NULL),
  CHECK ((family = 4 AND typeof(start) = 'integer' AND typeof(end) = 'integer')
      OR (family = 6 AND typeof(start) = 'blob' AND length(start) = 16 AND typeof(end) = 'blob' AND length(end) = 16)),
  CHECK (start <= end)
) STRICT;
CREATE INDEX ip_ranges_lookup ON ip_ranges (family, start);
CREATE INDEX ip_ranges_source ON ip_ranges (source_id);
CREATE INDEX ip_ranges_network ON ip_ranges (network_id);
CREATE INDEX ip_ranges_company ON ip_ranges (company_id);

-- The flattened index as built typed arrays, so start-up loads one BLOB instead of re-sorting rows.
-- Valid only while data_version matches settings('data_version'); rebuilt otherwise.
CREATE TABLE ipindex_cache (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  data_version INTEGER NOT NULL,
  v4_segments  INTEGER NOT NULL,
  v6_segments  INTEGER NOT NULL,
  data         BLOB NOT NULL
) STRICT;
