"""The web layer: a JSON API and pages of who backs whom, over ``backers.query``.

``app.create_app(db_path)`` builds the FastAPI app. It opens the store read-only for each
request and closes it before answering, so ``backers ingest`` can write beside it.
"""
