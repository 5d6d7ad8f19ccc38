-- Articles as the readers cleaned them, and the inputs that failed.
CREATE TABLE documents (
    id VARCHAR PRIMARY KEY,           -- Article.id: from doc_id, url and cleaned text
    doc_id VARCHAR NOT NULL,          -- the contract's id: file stem or JSONL id
    version INTEGER NOT NULL,         -- 1, 2, ... for changed texts under the same doc_id/url
    source VARCHAR,                   -- path, "<stdin>" or "path:line"
    url VARCHAR,
    title VARCHAR,
    outlet VARCHAR,
    author VARCHAR,
    published VARCHAR,                -- ISO date, as precise as known
    published_precision VARCHAR,
    retrieved VARCHAR,
    text VARCHAR NOT NULL,            -- cleaned text, all sections
    sections JSON NOT NULL,           -- [{kind, start, end, label}, ...] tiling text
    raw_hash VARCHAR,
    text_hash VARCHAR NOT NULL,
    meta JSON,
    ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE INDEX documents_doc_id ON documents (doc_id);
CREATE INDEX documents_url ON documents (url);

CREATE SEQUENCE failures_seq;
CREATE TABLE failures (
    id BIGINT PRIMARY KEY DEFAULT nextval('failures_seq'),
    source VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    message VARCHAR NOT NULL,
    failed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
