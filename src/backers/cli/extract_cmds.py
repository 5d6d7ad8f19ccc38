"""Commands of the extract stage (filled in by its issue)."""
