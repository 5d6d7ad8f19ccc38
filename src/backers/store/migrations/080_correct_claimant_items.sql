-- Corrections of who claims a support and what is supplied (issue 12): the claimant, the
-- body it speaks for, and the items, set like the other fields (NULL: as read). An empty
-- string in set_claimant or set_claimant_affiliation means "none" (the outlet says it in
-- its own voice), an empty list in set_items means "no items": both differ from NULL.
ALTER TABLE corrections ADD COLUMN set_claimant VARCHAR;
ALTER TABLE corrections ADD COLUMN set_claimant_affiliation VARCHAR;
ALTER TABLE corrections ADD COLUMN set_items VARCHAR[];
