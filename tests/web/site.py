"""A small news site served on 127.0.0.1 for the web tests: pages, feeds, a sitemap and
robots.txt written for the project, plus the ways a site fails (slow, 404, 500, a redirect
loop, huge, wrong content type, a malformed feed). Routes can be changed between runs, and
every request is logged, so a test can tell what was fetched."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

SLOW_SECONDS = 3.0


def page(title: str, *paragraphs: str, lang: str = "en") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="author" content="Staff reporter"></head><body><header><nav>Home | World'
        f"</nav></header><article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright The Test Gazette</footer></body></html>"
    )


EN_PLEDGE = page(
    "Iran pledges drones to Russia",
    "Iran has pledged to send more Shahed drones to Russia, the Iranian defence ministry said "
    "on Tuesday in a statement read out on state television.",
    "The ministry did not say when the drones would be shipped or how many were involved, "
    "and officials in Moscow declined to comment on the announcement when asked by reporters.",
    "Analysts said the statement was meant to show that ties between the two governments "
    "remained close despite sanctions imposed by Western governments over the war.",
)
EN_DELIVERED = page(
    "Iran delivers drones to Russia",
    "Iran has delivered hundreds of Shahed drones to Russia, the Iranian defence ministry "
    "said on Friday, confirming the shipment for the first time.",
    "The ministry said the drones had reached Russian units in the south of the country, and "
    "officials in Moscow thanked Tehran for its help in a short statement.",
    "Analysts said the delivery would let Russian forces keep up their attacks on power "
    "stations through the winter months ahead.",
)
EN_SHELLS = page(
    "North Korea ships artillery shells to Russia",
    "North Korea has delivered artillery shells to Russia, the South Korean defence ministry "
    "said on Friday, citing intelligence gathered over several months.",
    "The shells were carried by train across the short border between the two countries, "
    "the ministry said, and more shipments were expected before the end of the year.",
    "Officials in Pyongyang did not answer questions about the report on Friday evening.",
)
EN_PLAIN = page(
    "Harbour reopens after storm",
    "The harbour reopened on Monday after a storm closed it for three days, the port "
    "authority said, and the first ferries left on time in the afternoon.",
    "Workers cleared fallen trees from the roads leading to the quay during the weekend, "
    "and the authority thanked residents for their patience while repairs went on.",
    "Fishermen said the catch had been poor all month because of the weather at sea.",
)
FR_PAGE = page(
    "Le port rouvre après la tempête",
    "Le port a rouvert lundi après une tempête qui l'avait fermé pendant trois jours, a "
    "indiqué l'autorité portuaire, et les premiers ferries sont partis à l'heure.",
    "Les ouvriers ont dégagé les arbres tombés sur les routes menant au quai pendant le "
    "week-end, et l'autorité a remercié les habitants pour leur patience.",
    "Les pêcheurs ont dit que la pêche avait été mauvaise tout le mois à cause du temps.",
    lang="fr",
)
RU_PAGE = page(
    "Порт снова открыт после шторма",
    "Порт снова открылся в понедельник после шторма, который закрыл его на три дня, сообщили "
    "в администрации порта, и первые паромы ушли вовремя.",
    "Рабочие за выходные убрали упавшие деревья с дорог, ведущих к причалу, а администрация "
    "поблагодарила жителей за терпение, пока шёл ремонт.",
    "Рыбаки сказали, что улов весь месяц был плохим из-за погоды в море.",
    lang="ru",
)


def rss(base: str, items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        "<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate></item>"
        for title, path in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>The Test Gazette</title><link>{base}/</link><description>News</description>"
        f"{entries}</channel></rss>"
    )


def atom_feed(base: str, items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f'<entry><title>{title}</title><link href="{base}{path}"/><id>{base}{path}</id>'
        "<updated>2026-12-01T10:00:00Z</updated></entry>"
        for title, path in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Gazette</title><id>{base}/atom.xml</id><updated>2026-12-01T10:00:00Z</updated>"
        f"{entries}</feed>"
    )


def sitemap(base: str, paths: list[str]) -> str:
    urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )


@dataclass
class Route:
    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None
    length: bool = True  # False: no Content-Length, the body ends when the connection does


class Site:
    """The server: ``site.url(path)``, ``site.routes[path] = Route(...)``, ``site.log``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[], Route]] = {}
        self.log: list[str] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                site._serve(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def fetched(self, path: str) -> int:
        """How many times ``path`` (with its query) was asked for."""
        with self._lock:
            return sum(1 for p in self.log if p == path)

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        with self._lock:
            self.log.append(path)
        route = self.routes.get(path) or self.routes.get(urlsplit(path).path)
        if callable(route):
            route = route()
        if route is None:
            route = Route("<html><body>not here</body></html>", status=404)
        if route.delay:
            time.sleep(route.delay)
        if route.etag and handler.headers.get("If-None-Match") == route.etag:
            handler.send_response(304)
            handler.send_header("ETag", route.etag)
            handler.end_headers()
            return
        body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
        try:
            handler.send_response(route.status)
            handler.send_header("Content-Type", route.content_type)
            if route.length:
                handler.send_header("Content-Length", str(len(body)))
            else:
                handler.send_header("Connection", "close")
                handler.close_connection = True
            if route.etag:
                handler.send_header("ETag", route.etag)
            for key, value in route.headers.items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout or a size limit): that is the test

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def news_site(site: Site) -> Site:
    """The standard routes: a feed of three articles (English, French, Russian), the
    failure cases, a sitemap and robots.txt."""
    b = site.base
    r = site.routes
    r["/robots.txt"] = Route("User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    r["/news/iran-pledge.html"] = Route(EN_PLEDGE)
    r["/news/harbour.html"] = Route(EN_PLAIN)
    r["/news/port-fr.html"] = Route(FR_PAGE)
    r["/news/port-ru.html"] = Route(RU_PAGE)
    r["/news/iran-delivers.html"] = Route(EN_DELIVERED)
    r["/news/shells.html"] = Route(EN_SHELLS)
    r["/private/secret.html"] = Route(EN_PLAIN)
    r["/slow.html"] = Route(EN_PLAIN, delay=SLOW_SECONDS)
    r["/gone.html"] = Route("<html><body>gone</body></html>", status=404)
    r["/broken.html"] = Route("<html><body>oops</body></html>", status=500)
    r["/loop.html"] = Route(status=302, headers={"Location": "/loop2.html"})
    r["/loop2.html"] = Route(status=302, headers={"Location": "/loop.html"})
    r["/huge.html"] = Route(page("Huge", "word " * 200_000))
    r["/picture.png"] = Route(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    r["/menu.html"] = Route(
        "<html><head><title>Menu</title></head><body><script>go()</script></body></html>"
    )
    r["/bad-feed.xml"] = Route(
        "<?xml version='1.0'?><rss><channel><item><title>Broken",
        content_type="application/rss+xml",
    )
    r["/feed.xml"] = Route(
        rss(
            b,
            [
                ("Harbour reopens", "/news/harbour.html"),
                ("Le port", "/news/port-fr.html"),
                ("Порт", "/news/port-ru.html"),
            ],
        ),
        content_type="application/rss+xml",
        etag='"v1"',
    )
    r["/atom.xml"] = Route(
        atom_feed(b, [("Harbour", "/news/harbour.html")]), content_type="application/atom+xml"
    )
    r["/feed.json"] = Route(
        '{"version": "https://jsonfeed.org/version/1.1", "title": "Gazette", "items": ['
        f'{{"id": "1", "url": "{b}/news/harbour.html", "title": "Harbour"}}]}}',
        content_type="application/feed+json",
    )
    r["/sitemap.xml"] = Route(
        sitemap(b, ["/news/harbour.html", "/news/port-fr.html"]), content_type="application/xml"
    )
    r["/"] = Route(
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        "</head><body>home</body></html>"
    )
    return site
