-- Support claims read from documents, in the shape of the output contract.
CREATE TABLE claims (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,      -- documents.id
    doc_id VARCHAR NOT NULL,
    supporter VARCHAR NOT NULL,
    recipient VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    certainty VARCHAR NOT NULL,
    claimant VARCHAR,
    claimant_affiliation VARCHAR,
    items VARCHAR[],
    quantity VARCHAR,
    location VARCHAR,
    "time" VARCHAR,
    evidence VARCHAR,
    sentence VARCHAR NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    extractor VARCHAR NOT NULL
);
CREATE INDEX claims_article ON claims (article_id);
CREATE INDEX claims_pair ON claims (supporter, recipient);

-- Which extractor version read which document (also when it found no claim), so that
-- stale documents are found with one query and re-read.
CREATE TABLE extractions (
    article_id VARCHAR PRIMARY KEY,
    extractor VARCHAR NOT NULL,
    claims INTEGER NOT NULL,
    extracted_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
