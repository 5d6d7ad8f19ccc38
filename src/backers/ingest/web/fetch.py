"""Polite fetching: one HTTP client with a clear user agent, timeouts, bounded retries with
backoff, robots.txt honoured, a per-host rate limit and concurrency limit, a size limit and
content-type checks. Every way a fetch can fail raises a typed :class:`WebError`.

Redirects are followed by hand (at most ``max_redirects``), so each hop is checked against
robots.txt and the rate limit, and a loop is named as a loop.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from backers.ingest.web.config import WebConfig
from backers.ingest.web.errors import (
    BadUrl,
    FetchTimeout,
    HttpStatus,
    PageTooLarge,
    RedirectLoop,
    RobotsDisallowed,
    Unreachable,
    WebError,
    WrongContentType,
)

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "text/plain",
)
SITEMAP_TYPES = (
    "application/xml",
    "text/xml",
    "text/plain",
    "application/gzip",
    "application/x-gzip",
)
ROBOTS_MAX_BYTES = 512 * 1024


@dataclass
class Page:
    """A successful response: the body as bytes and what is needed to store it."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class _Host:
    """Per-host politeness state: a concurrency gate and the earliest next request time."""

    gate: threading.BoundedSemaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0
    robots: RobotFileParser | None = None
    delay: float = 0.0


class Fetcher:
    """Fetches URLs politely; safe to share between threads. Use as a context manager."""

    def __init__(self, config: WebConfig, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        self._client = httpx.Client(
            headers={"User-Agent": config.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(config.timeout),
            follow_redirects=False,
            transport=transport,
        )
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- public ----------------------------------------------------------------------------
    def fetch(
        self,
        url: str,
        accept: Iterable[str] = HTML_TYPES,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Page:
        """The page at ``url``, following redirects; raises a :class:`WebError` naming why
        not. With ``etag``/``last_modified`` an unchanged resource answers status 304."""
        accept = tuple(accept)
        seen: list[str] = []
        current = url
        for _ in range(self.config.max_redirects + 1):
            _check_url(current, url)
            if current in seen:
                raise RedirectLoop(f"redirects in a loop ({' -> '.join([*seen, current])})", url)
            seen.append(current)
            self._check_robots(current, url)
            response = self._get(current, url, etag=etag, last_modified=last_modified)
            if response.status in (301, 302, 303, 307, 308) and response.location:
                current = urljoin(current, response.location)
                continue
            if response.status == 304:
                return Page(url, current, 304, "", b"", etag, last_modified)
            if response.status >= 400:
                raise HttpStatus(response.status, url)
            _check_type(response.content_type, response.body, accept, url)
            return Page(
                url,
                current,
                response.status,
                response.content_type,
                response.body,
                response.etag,
                response.last_modified,
            )
        raise RedirectLoop(
            f"more than {self.config.max_redirects} redirects ({' -> '.join(seen)})", url
        )

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our user agent fetch ``url``."""
        host = self._host(url)
        robots = self._robots(url, host)
        return robots.can_fetch(self.config.user_agent, url)

    # -- politeness ------------------------------------------------------------------------
    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}".lower()
        with self._hosts_lock:
            if key not in self._hosts:
                self._hosts[key] = _Host(
                    gate=threading.BoundedSemaphore(self.config.host_concurrency),
                    delay=self.config.host_delay,
                )
            return self._hosts[key]

    def _robots(self, url: str, host: _Host) -> RobotFileParser:
        with host.lock:
            if host.robots is not None:
                return host.robots
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        parser = RobotFileParser(robots_url)
        try:
            response = self._get(robots_url, robots_url, retries=0, limit=ROBOTS_MAX_BYTES)
        except WebError:
            response = None  # unreachable or too large: treated as no robots.txt
        if response is not None and response.status < 300:
            parser.parse(response.body.decode("utf-8", "replace").splitlines())
        else:
            parser.parse([])  # 4xx (or no answer): everything is allowed
        delay = parser.crawl_delay(self.config.user_agent)
        with host.lock:
            host.robots = parser
            if delay:
                host.delay = max(host.delay, min(float(delay), 60.0))
        return parser

    def _check_robots(self, url: str, source: str) -> None:
        if not self.config.robots:
            return
        if not self.allowed(url):
            raise RobotsDisallowed(f"robots.txt disallows fetching {url}", source)

    def _wait_turn(self, host: _Host) -> None:
        """Block until this host may be asked again (the per-host rate limit)."""
        while True:
            with host.lock:
                now = time.monotonic()
                if now >= host.next_at:
                    host.next_at = now + host.delay
                    return
                wait = host.next_at - now
            time.sleep(wait)

    # -- one request -----------------------------------------------------------------------
    def _get(
        self,
        url: str,
        source: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        retries: int | None = None,
        limit: int | None = None,
    ) -> _Response:
        """One GET with retries and backoff on timeouts, connection errors, 429 and 5xx."""
        host = self._host(url)
        attempts = 1 + (self.config.retries if retries is None else retries)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        error: WebError | None = None
        for attempt in range(attempts):
            if attempt:
                time.sleep(min(self.config.backoff * 2 ** (attempt - 1), 60.0))
            with host.gate:
                self._wait_turn(host)
                try:
                    response = self._request(url, source, headers, limit or self.config.max_bytes)
                except WebError as exc:
                    if not exc.transient:
                        raise
                    error = exc
                    continue
            if response.status == 429 or response.status >= 500:
                error = HttpStatus(response.status, source)
                continue
            return response
        assert error is not None
        if attempts > 1:
            error.message += f" (after {attempts} attempts)"
        raise error

    def _request(self, url: str, source: str, headers: dict, limit: int) -> _Response:
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise PageTooLarge(
                        f"{declared} bytes is over the limit of {limit} bytes"
                        " (BACKERS_MAX_DOC_BYTES)",
                        source,
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_raw():
                    size += len(chunk)
                    if size > limit:
                        raise PageTooLarge(
                            f"more than the limit of {limit} bytes (BACKERS_MAX_DOC_BYTES)",
                            source,
                        )
                    chunks.append(chunk)
                body = _decode_content(b"".join(chunks), response.headers, source, limit)
                return _Response(
                    status=response.status_code,
                    body=body,
                    content_type=response.headers.get("content-type", ""),
                    location=response.headers.get("location"),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
        except httpx.TimeoutException as exc:
            raise FetchTimeout(
                f"no answer within {self.config.timeout:g} s ({type(exc).__name__})", source
            ) from exc
        except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise Unreachable(f"cannot connect: {exc}", source) from exc
        except httpx.HTTPError as exc:
            raise Unreachable(f"{type(exc).__name__}: {exc}", source) from exc


@dataclass
class _Response:
    status: int
    body: bytes
    content_type: str
    location: str | None
    etag: str | None
    last_modified: str | None


def _decode_content(raw: bytes, headers: httpx.Headers, source: str, limit: int) -> bytes:
    """Undo gzip/deflate transfer encoding within the size limit (a small compressed body
    must not inflate into gigabytes)."""
    encoding = headers.get("content-encoding", "").lower().strip()
    if encoding not in ("gzip", "deflate", "x-gzip"):
        return raw
    import zlib

    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    inflater = zlib.decompressobj(wbits)
    try:
        body = inflater.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise Unreachable(f"the body is not valid {encoding}: {exc}", source) from exc
    if len(body) > limit:
        raise PageTooLarge(
            f"more than the limit of {limit} bytes once decompressed (BACKERS_MAX_DOC_BYTES)",
            source,
        )
    return body


def _check_url(url: str, source: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadUrl(f"not an http(s) URL: {url!r}", source)


def _check_type(content_type: str, body: bytes, accept: tuple[str, ...], source: str) -> None:
    mime = content_type.split(";")[0].strip().lower()
    if mime in accept:
        return
    if not mime and body.lstrip()[:1] == b"<" and any(t in HTML_TYPES for t in accept):
        return  # no content type: markup is taken as HTML
    if mime.endswith("+xml") and any(t.endswith("xml") for t in accept):
        return
    raise WrongContentType(
        f"content type {mime or 'none'!r} is not one of {', '.join(accept)}", source
    )
