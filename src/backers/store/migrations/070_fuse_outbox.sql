-- Fusion outbox: the ids of the articles whose claims a batch changed, written in the same
-- transaction as the batch. Fusion takes them from here in input order (seq) every
-- BACKERS_FUSE_EVERY seconds of an ingest, at its end, and at the start of the next ingest
-- when a run was killed in between, so relations are never stale without a record of it.
CREATE SEQUENCE fuse_outbox_seq;
CREATE TABLE fuse_outbox (
    seq BIGINT NOT NULL DEFAULT nextval('fuse_outbox_seq'),
    article_id VARCHAR NOT NULL
);
