-- Near-duplicate signatures computed by the ingest's workers beside the parsing, so the one
-- loading process does not compute them while the workers wait. Fusion takes a signature
-- from here (same function, same parameters: ``version``) instead of computing it, and
-- deletes it once taken into fuse_signatures.
CREATE TABLE fuse_presigned (
    article_id VARCHAR PRIMARY KEY,
    version VARCHAR NOT NULL,
    minhash BLOB NOT NULL
);
