"""Commands of the serve stage (filled in by its issue)."""
