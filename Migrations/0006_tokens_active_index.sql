-- Active tokens in id order. Without it, listing them scans every token ever created, revoked ones
-- included, because the partial index on names does not give the order by id.
CREATE INDEX tokens_active_id ON tokens (id) WHERE revoked_at IS NULL;
