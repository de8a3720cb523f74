-- Leadlens schema, part 5: opt-out requests from companies that are not on their own network
-- (the public /opt-out form). An admin reviews each one; approving it records an opt-out.
-- Nothing here holds an address: the request's network is never looked at for this form.

CREATE TABLE optout_requests (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  domain     TEXT NOT NULL CHECK (length(domain) BETWEEN 1 AND 253),
  email      TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  message    TEXT NOT NULL DEFAULT '' CHECK (length(message) <= 2000),
  lang       TEXT NOT NULL CHECK (lang IN ('en', 'fr', 'nl', 'de')),
  status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  created_at INTEGER NOT NULL,
  decided_at INTEGER,
  optout_id  INTEGER REFERENCES optouts(id) ON DELETE SET NULL
) STRICT;
CREATE INDEX optout_requests_status ON optout_requests (status, created_at);
CREATE INDEX optout_requests_optout ON optout_requests (optout_id);
