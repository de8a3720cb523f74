-- API tokens for /api/v1 (bearer only). The secret is shown once at creation; only its SHA-256 hex
-- and a short display prefix are kept, so a copy of the database cannot be replayed as a token.
-- A token dies with the user who created it (a departed employee's integrations stop working).
-- Revoking keeps the row (who created what, when it was last used) with revoked_at set.

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  token_hash   TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  prefix       TEXT NOT NULL CHECK (length(prefix) BETWEEN 4 AND 16),
  scope        TEXT NOT NULL CHECK (scope IN ('read', 'write')),
  created_by   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,                 -- unix ms
  last_used_at INTEGER,                          -- written at most once a minute per token
  revoked_at   INTEGER
) STRICT;
CREATE INDEX api_tokens_created_by ON api_tokens (created_by);
