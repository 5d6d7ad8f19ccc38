-- The one rule for document versions: a document re-ingested with a changed text is
-- stored again as version 2, 3, ...; only the latest version of a doc_id (and of a URL)
-- is current. Fusion, every listing, every count and every export read documents
-- through this view, so a superseded version's claims count nowhere (they stay stored).
CREATE VIEW current_documents AS
SELECT * FROM documents
QUALIFY version = max(version) OVER (PARTITION BY doc_id)
    AND (url IS NULL OR version = max(version) OVER (PARTITION BY url));
