-- A user's corrections of claims. A claim's id and its extractor change when an article is
-- read again (a new extractor version, a new version of the text), so a correction is keyed
-- by what does not: the document (doc_id), the sentence (sentence_key: md5 of its text
-- lower-cased with punctuation and spacing folded, as fusion compares sentences) and the
-- claim as it was read from that sentence (supporter, recipient, type). Rows are never
-- updated: a new correction of the same claim is a new row, the latest one counts, and
-- 'undo' takes the claim back to what was read. backers.query.corrections applies them.
CREATE SEQUENCE corrections_seq;
CREATE TABLE corrections (
    id BIGINT PRIMARY KEY DEFAULT nextval('corrections_seq'),
    doc_id VARCHAR NOT NULL,
    sentence_key VARCHAR NOT NULL,
    supporter VARCHAR NOT NULL,       -- the claim as read: its identity in the sentence
    recipient VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    action VARCHAR NOT NULL,          -- correct | reject | undo
    set_supporter VARCHAR,            -- the corrected values (NULL: as read)
    set_recipient VARCHAR,
    set_type VARCHAR,
    set_status VARCHAR,
    set_certainty VARCHAR,
    note VARCHAR,
    author VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    claim_id VARCHAR,                 -- the claim's id when it was corrected (for the record)
    sentence VARCHAR NOT NULL,        -- the sentence, to report a correction nothing matches
    start INTEGER,
    "end" INTEGER
);
CREATE INDEX corrections_key ON corrections (doc_id, sentence_key);
