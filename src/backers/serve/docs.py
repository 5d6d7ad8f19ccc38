"""``/docs``: the OpenAPI reference, readable with no internet.

FastAPI's own docs page loads Swagger UI from a CDN with an inline script, which both a
closed network and our Content-Security-Policy refuse. This page lists the endpoints from
the OpenAPI schema on the server, and the bundled Swagger UI (from npm, in
``static/dist/swagger``) turns it into the interactive explorer when it was built.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response

SWAGGER = Path(str(resources.files("backers.serve"))) / "static" / "dist" / "swagger"


def install(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> Response:
        schema = app.openapi()
        endpoints = []
        for path, methods in schema.get("paths", {}).items():
            for method, op in methods.items():
                endpoints.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": op.get("summary", ""),
                        "params": [p["name"] for p in op.get("parameters", [])],
                    }
                )
        swagger = (SWAGGER / "swagger-ui-bundle.js").exists()
        return app.state.templates.TemplateResponse(
            request,
            "docs.html",
            {"data": {"endpoints": endpoints}, "swagger": swagger, "query": ""},
        )
