-- Audit log: one row per recorded change, chained by SHA-256 so an edited or deleted row is detectable.
-- Rows are only ever inserted; ids are assigned by the application (previous id + 1) because each row's
-- hash covers its id.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,                -- RFC 3339 UTC with milliseconds; text order is time order
    actor TEXT NOT NULL,               -- token name, or the CLI user for offline commands
    action TEXT NOT NULL,              -- e.g. repository.create, token.revoke
    target TEXT NOT NULL,
    request_id TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
    error_code TEXT,
    error_message TEXT,
    before_json TEXT,
    after_json TEXT,
    previous_hash TEXT NOT NULL,       -- hash of the row before, 64 zeros for the first row
    hash TEXT NOT NULL                 -- SHA-256 over this row's canonical content and previous_hash
) STRICT;

-- Filters page newest first by id, so each filter column is indexed together with id.
CREATE INDEX audit_events_actor ON audit_events (actor, id);
CREATE INDEX audit_events_action ON audit_events (action, id);
CREATE INDEX audit_events_target ON audit_events (target, id);
CREATE INDEX audit_events_outcome ON audit_events (outcome, id);
CREATE INDEX audit_events_time ON audit_events (time);

-- The id and hash of the newest row. Kept in the same transaction as each insert, so removing the newest
-- rows (which leaves the rest of the chain intact) is still detected by verification.
CREATE TABLE audit_chain_head (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    last_id INTEGER NOT NULL,
    last_hash TEXT NOT NULL
) STRICT;

INSERT INTO audit_chain_head (singleton, last_id, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
