-- Leadlens schema, part 9: which companies a message names, beyond its one company_id.
-- A digest e-mail lists several companies (company_id NULL): erasing or opting out one of them
-- must remove the messages naming it, sent or waiting, as it does a trigger's (src/leads/erase.ts).
CREATE TABLE outbox_companies (
  company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
  PRIMARY KEY (company_id, outbox_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX outbox_companies_outbox ON outbox_companies (outbox_id);
