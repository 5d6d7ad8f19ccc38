-- The named extraction pattern and the resolvers behind each claim ("verb.give",
-- "fill.recent-recipient"), so a bad rule can be found by its numbers and dropped.
ALTER TABLE claims ADD COLUMN rules VARCHAR[];
