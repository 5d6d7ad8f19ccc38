"""Why a URL, feed or sitemap could not be read: one typed error per reason, each with the
short code stored in ``failures`` so that ``backers failures --code timeout`` finds them."""

from __future__ import annotations

from backers.errors import InputError


class WebError(InputError):
    """A URL could not be read; the run records it and goes on."""

    code = "fetch-error"
    transient = False  # True: worth trying again at the next run (timeouts, 5xx)


class BadUrl(WebError):
    code = "bad-url"


class FetchTimeout(WebError):
    code = "timeout"
    transient = True


class Unreachable(WebError):
    code = "unreachable"
    transient = True


class RedirectLoop(WebError):
    code = "redirect-loop"


class HttpStatus(WebError):
    """An error status; the code names it (``http-404``, ``http-500``)."""

    def __init__(self, status: int, source: str) -> None:
        super().__init__(f"the server answered HTTP {status}", source)
        self.status = status
        self.code = f"http-{status}"
        self.transient = status >= 500 or status == 429


class WrongContentType(WebError):
    code = "not-html"


class PageTooLarge(WebError):
    code = "too-large"


class RobotsDisallowed(WebError):
    code = "robots"


class BadFeed(WebError):
    code = "bad-feed"


class BadSitemap(WebError):
    code = "bad-sitemap"
