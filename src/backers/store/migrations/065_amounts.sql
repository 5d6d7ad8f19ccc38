-- Amounts read from claims' quantities (backers.amounts): one row per figure, keyed to
-- the claim. Filled when claims are stored; a store that had claims before this table
-- existed is filled once, right after this migration (backers.amounts.fill), and
-- `backers amounts --refresh` reads them all again.
CREATE TABLE amounts (
    claim_id VARCHAR NOT NULL,        -- claims.id
    part INTEGER NOT NULL,            -- the figure's place in the quantity (0, 1, ...)
    article_id VARCHAR NOT NULL,      -- the claim's documents.id
    written VARCHAR NOT NULL,         -- this figure as written ("more than $1 billion")
    value DOUBLE,                     -- what a total adds; NULL: no figure ("a lot of")
    low DOUBLE,
    high DOUBLE,
    currency VARCHAR,                 -- ISO 4217 code, money only; never converted
    unit VARCHAR NOT NULL,            -- money, personnel, formations, rounds, items, count
    noun VARCHAR,                     -- what is counted, as written, or the claim's item
    "precision" VARCHAR NOT NULL,     -- exact, approximate, lower_bound, upper_bound, range, vague
    role VARCHAR NOT NULL,            -- amount, or conversion (a restatement; never added)
    parser VARCHAR NOT NULL,          -- who read the figure: quantulum3, or backers' own code
    version VARCHAR NOT NULL,         -- backers.amounts.VERSION that wrote the row
    PRIMARY KEY (claim_id, part)
);
CREATE INDEX amounts_article ON amounts (article_id);
