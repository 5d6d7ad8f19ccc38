"""backers: who backs whom in armed conflicts, from news articles, with sources."""

__version__ = "0.1.0"
