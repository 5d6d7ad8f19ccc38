"""Commands of the fuse stage (filled in by its issue)."""
