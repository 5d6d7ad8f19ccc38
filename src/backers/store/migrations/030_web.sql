-- Live ingest from the web (backers.ingest.web): fetched pages, feed state, and what changed.

-- The raw page behind a fetched document, compressed (zlib), so it can be extracted again
-- without fetching it again. One row per canonical URL and raw content.
CREATE TABLE web_pages (
    url VARCHAR NOT NULL,             -- canonical URL (courlan): the page's identity
    raw_hash VARCHAR NOT NULL,        -- sha256 of the raw bytes
    fetched_url VARCHAR NOT NULL,     -- the URL as fetched (after redirects)
    article_id VARCHAR,               -- documents.id it was read into (NULL: no article)
    content_type VARCHAR,
    status INTEGER,
    raw BLOB NOT NULL,                -- zlib-compressed raw bytes
    raw_size INTEGER NOT NULL,
    fetched_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (url, raw_hash)
);

-- One row per watched feed or sitemap: the validators for conditional requests.
CREATE TABLE web_sources (
    url VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,            -- feed or sitemap
    etag VARCHAR,
    last_modified VARCHAR,
    last_checked TIMESTAMP,
    last_status VARCHAR
);

-- Entries of a feed or sitemap already dealt with (stored, or failed for good), by
-- canonical URL: only new entries are fetched.
CREATE TABLE web_seen (
    source_url VARCHAR NOT NULL,      -- web_sources.url ('' for URLs given directly)
    url VARCHAR NOT NULL,             -- canonical entry URL
    outcome VARCHAR NOT NULL,         -- stored, unchanged, or a failure code
    attempts INTEGER NOT NULL DEFAULT 1,
    first_seen TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (source_url, url)
);

-- What the relations looked like after the last recorded run: changes are the difference.
CREATE TABLE change_snapshot (
    relation_id VARCHAR PRIMARY KEY,
    supporter VARCHAR NOT NULL,
    recipient VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    status VARCHAR,
    denials INTEGER NOT NULL,
    confidence DOUBLE NOT NULL
);

-- Changes to the picture, one row each, recorded after every run.
CREATE SEQUENCE changes_seq;
CREATE TABLE changes (
    id BIGINT PRIMARY KEY DEFAULT nextval('changes_seq'),
    run VARCHAR NOT NULL,             -- the run that found it
    changed_at TIMESTAMP NOT NULL,
    kind VARCHAR NOT NULL,            -- new-relation, new-supporter, status, denial, confidence
    relation_id VARCHAR NOT NULL,
    supporter VARCHAR NOT NULL,
    recipient VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    before VARCHAR,
    after VARCHAR,
    summary VARCHAR NOT NULL
);
CREATE INDEX changes_at ON changes (changed_at);
