-- Triggers (rules → actions), their firing record, the delivery outbox and digest subscriptions.
-- Rules and actions are JSON validated by src/alerts' `t` schemas before they are written.

CREATE TABLE triggers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  -- NULL: every site.
  site_id INTEGER REFERENCES sites(id) ON DELETE CASCADE,
  rules TEXT NOT NULL CHECK (json_valid(rules)),
  actions TEXT NOT NULL CHECK (json_valid(actions)),
  -- At most once per company per visit, or per company per UTC day.
  frequency TEXT NOT NULL DEFAULT 'visit' CHECK (frequency IN ('visit', 'day')),
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- One row per trigger, company and scope ('v:<visit id>' or 'd:<UTC day number>') that fired:
-- the primary key is what makes "at most once" hold across restarts.
CREATE TABLE trigger_firings (
  trigger_id INTEGER NOT NULL REFERENCES triggers(id) ON DELETE CASCADE,
  company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  scope TEXT NOT NULL,
  fired_at INTEGER NOT NULL,
  PRIMARY KEY (trigger_id, company_id, scope)
) STRICT, WITHOUT ROWID;
CREATE INDEX trigger_firings_company ON trigger_firings (company_id);

-- Messages waiting to go out (e-mail, webhook, Slack), with their retry state. Survives restarts.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'webhook', 'slack')),
  trigger_id INTEGER REFERENCES triggers(id) ON DELETE SET NULL,
  company_id INTEGER REFERENCES companies(id) ON DELETE SET NULL,
  -- The Delivery (src/alerts/model.ts) as JSON.
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
) STRICT;
CREATE INDEX outbox_due ON outbox (next_at) WHERE state = 'pending';
CREATE INDEX outbox_company ON outbox (company_id);
CREATE INDEX outbox_trigger ON outbox (trigger_id, id);

-- Users who asked for a digest e-mail. site_id NULL: every site.
CREATE TABLE digest_subscriptions (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  frequency TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly')),
  site_id INTEGER REFERENCES sites(id) ON DELETE CASCADE,
  last_sent_at INTEGER
) STRICT;
