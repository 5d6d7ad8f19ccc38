-- Fusion bookkeeping: whether the fused tables have ever been built from the whole store.
-- A store that held claims before fusion existed gets one full rebuild on its first update.
CREATE TABLE fuse_state (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
