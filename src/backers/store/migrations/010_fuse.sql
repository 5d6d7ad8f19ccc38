-- Fusion (backers.fuse): near-duplicate detection and relations fused from claims.
-- Everything here is derived from documents and claims and can be rebuilt with
-- `backers fuse --rebuild`; no table here is a source of truth.

-- One MinHash signature per stored document (its body), so that updates hash only new ones.
CREATE TABLE fuse_signatures (
    article_id VARCHAR NOT NULL,      -- documents.id
    version VARCHAR NOT NULL,         -- dedup.SIGNATURE_VERSION it was made with
    minhash BLOB NOT NULL             -- uint32[num_perm], little-endian
);
-- LSH band keys of each signature: documents sharing a (band, key) are candidate pairs.
CREATE TABLE fuse_bands (
    article_id VARCHAR NOT NULL,
    band SMALLINT NOT NULL,
    key BIGINT NOT NULL
);
-- Verified near-duplicate pairs (a < b) with their estimated Jaccard similarity.
CREATE TABLE fuse_dup_pairs (
    a VARCHAR NOT NULL,
    b VARCHAR NOT NULL,
    jaccard DOUBLE NOT NULL
);
-- Documents that have near-duplicates: the representative of their group (smallest id).
-- A document absent from this table is its own source.
CREATE TABLE fuse_sources (
    article_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL
);

-- Which claim backs (role 'for') or denies (role 'against') which relation, and the
-- independent source it counts as (see backers.fuse.relations).
CREATE TABLE fuse_claims (
    claim_id VARCHAR NOT NULL,
    relation_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    supporter VARCHAR NOT NULL,
    recipient VARCHAR NOT NULL,
    source_key VARCHAR NOT NULL,
    claimant_key VARCHAR NOT NULL,     -- lower-cased party the claimant speaks for
    seen_from VARCHAR,
    seen_to VARCHAR
);

-- One support relation (supporter, recipient, type) fused from its claims.
CREATE TABLE fuse_relations (
    id VARCHAR NOT NULL,
    supporter VARCHAR NOT NULL,
    recipient VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    status VARCHAR,                   -- the latest status seen
    statuses JSON NOT NULL,           -- [{status, first_seen, last_seen, claims, sources}]
    status_list VARCHAR[] NOT NULL,
    items VARCHAR[] NOT NULL,
    claimants_for JSON NOT NULL,
    claimants_against JSON NOT NULL,
    certainties VARCHAR[] NOT NULL,   -- certainties of the supporting claims
    sources INTEGER NOT NULL,         -- independent sources of the supporting claims
    articles INTEGER NOT NULL,
    claims INTEGER NOT NULL,
    denials INTEGER NOT NULL,
    outlets VARCHAR[] NOT NULL,
    first_seen VARCHAR,
    last_seen VARCHAR,
    confidence DOUBLE NOT NULL,
    ingredients JSON NOT NULL,
    search_claimants VARCHAR[] NOT NULL,  -- lower-cased claimant names and affiliations
    search_outlets VARCHAR[] NOT NULL     -- lower-cased outlets
);
