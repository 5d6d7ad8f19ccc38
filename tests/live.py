"""A live server for browser tests: Debian's Chromium, its flags, and uvicorn on a free
loopback port in a background thread. One copy, shared by the serve and reliability tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# A closed network refuses Chromium's background connections; without these flags they
# show up as errors and slow every start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve_in_thread(db_path: Path, start_timeout: float = 30, app: object = None) -> Iterator[str]:
    """``backers serve`` over ``db_path`` (or the ``app`` given) on 127.0.0.1; yields its
    base URL."""
    import uvicorn

    from backers.serve.app import create_app

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app or create_app(db_path), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium_page(
    db_path: Path,
    *,
    app: object = None,
    width: int = 1300,
    height: int = 900,
    console: bool = True,
) -> Iterator[object]:
    """A Chromium tab beside ``backers serve`` over ``db_path`` (or ``app``); skips the test
    without Debian's Chromium. The tab has ``base_url`` and ``errors``: the page's uncaught
    errors, and with ``console`` the console's errors too (a refused request logs one)."""
    import pytest
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    with serve_in_thread(db_path, app=app) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": width, "height": height})
        errors: list[str] = []
        if console:
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.base_url, tab.errors = url, errors
        try:
            yield tab
        finally:
            browser.close()
