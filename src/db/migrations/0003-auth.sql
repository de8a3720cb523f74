-- Leadlens schema, part 3: dashboard users, their sessions, and invitations.
-- No IP address anywhere (invariant 1). Secrets are stored only as hashes: passwords as argon2id,
-- session and invite tokens as SHA-256 hex of the random token the browser holds.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL COLLATE NOCASE UNIQUE,  -- stored lower-cased
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,                        -- argon2id PHC string
  role          TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'viewer')),
  created_at    INTEGER NOT NULL,                     -- unix ms
  last_login_at INTEGER,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
) STRICT;

-- id = SHA-256 hex of the cookie token: a copy of the database cannot be replayed as a cookie.
CREATE TABLE auth_sessions (
  id           TEXT PRIMARY KEY CHECK (length(id) = 64),
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL                      -- absolute end; idle end is last_seen_at + idle
) STRICT, WITHOUT ROWID;
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);
CREATE INDEX auth_sessions_expires ON auth_sessions (expires_at);

-- One-time invitation links; the token is in the link only, its hash here.
CREATE TABLE invites (
  token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
  email      TEXT NOT NULL COLLATE NOCASE,
  role       TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'viewer')),
  created_by INTEGER REFERENCES users(id) ON DELETE CASCADE,  -- NULL: created from the CLI
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX invites_email ON invites (email);
