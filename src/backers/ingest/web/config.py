"""The fetching settings of one run, read once from the environment (``BACKERS_*``) with
CLI overrides, each checked with a one-line error naming the variable."""

from __future__ import annotations

from dataclasses import dataclass, replace

from backers import settings
from backers.errors import BackersError


@dataclass(frozen=True)
class WebConfig:
    user_agent: str
    timeout: float
    retries: int
    backoff: float  # seconds before the first retry; doubled each time
    host_delay: float
    host_concurrency: int
    workers: int
    max_bytes: int
    max_redirects: int = 5
    robots: bool = True

    @classmethod
    def from_env(cls, **overrides: object) -> WebConfig:
        config = cls(
            user_agent=settings.USER_AGENT.get().strip() or settings.USER_AGENT.default,
            timeout=_number(settings.FETCH_TIMEOUT, minimum=0.001),
            retries=int(_number(settings.FETCH_RETRIES, minimum=0, whole=True)),
            backoff=1.0,
            host_delay=_number(settings.HOST_DELAY, minimum=0),
            host_concurrency=int(_number(settings.HOST_CONCURRENCY, minimum=1, whole=True)),
            workers=int(_number(settings.FETCH_WORKERS, minimum=1, whole=True)),
            max_bytes=settings.as_int(settings.MAX_DOC_BYTES),
        )
        return replace(config, **{k: v for k, v in overrides.items() if v is not None})


def _number(setting: settings.Setting, *, minimum: float, whole: bool = False) -> float:
    raw = setting.get()
    try:
        value = float(raw.strip())
        ok = value >= minimum and (not whole or value.is_integer()) and value < 1e9
    except ValueError:
        ok = False
    if not ok:
        kind = "a whole number" if whole else "a number"
        raise BackersError(
            f"{setting.env}={raw!r} is not {kind} of at least {minimum:g}"
            f" (default {setting.default}): {setting.help}"
        )
    return value
