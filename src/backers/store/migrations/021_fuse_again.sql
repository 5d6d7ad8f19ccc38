-- Fusion now reads only current document versions (020), dates relative publication
-- dates as undated, and scores denials by who denies (fact-checks apart): the next fusion
-- update of an existing store rebuilds every relation once (see backers.fuse.update).
DELETE FROM fuse_state WHERE key = 'rebuilt_at';
