-- On H2, an identity column's sequence writes its state in a commit of its own whenever its cache of values runs out
-- (32 by default), and with WRITE_DELAY=0 each such commit is a write of the whole store: a profile of telemonitoring
-- ingestion found a quarter of the CPU there. The values stay in order across sessions (H2's sequence is one counter);
-- after a crash there is a gap, which neither table minds. PostgreSQL's sequences need no such setting: nextval writes
-- nothing to commit, and its cache is per session, which would break the outbox's order.
ALTER TABLE change_outbox ALTER COLUMN position SET CACHE 10000;
ALTER TABLE audit_unsealed ALTER COLUMN position SET CACHE 10000;
