"""HTTP for the fetchers: one polite client (httpx) with pacing, retries and timeouts.

Problems are values: :meth:`Client.get` returns a :class:`Response` or a
:class:`FetchError` naming the URL, never raises for the network or the server.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

from .settings import Settings

#: A response body larger than this is refused (no listing is anywhere near it).
MAX_BODY = 64 << 20
#: The longest ``Retry-After`` paperterm will honour before giving up on a URL.
MAX_RETRY_AFTER = 120.0
RETRY_STATUSES = frozenset({429, 503})


@dataclass(frozen=True, slots=True)
class Response:
    """A body the server sent (``status`` 200) or a ``304 Not Modified``."""

    url: str
    status: int
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class FetchError:
    """A URL that gave nothing usable, and why, in one line."""

    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.url}: {self.reason}"


class Pacer:
    """At most one request at a time to a host, and ``delay`` seconds between them."""

    _all: dict[tuple[str, float], Pacer] = {}
    _guard = threading.Lock()

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self._last = float("-inf")

    @classmethod
    def for_host(cls, host: str, delay: float) -> Pacer:
        """The process-wide pacer of ``host`` at this ``delay`` (a worker and a CLI call in
        one process share it; a test server posing as two hosts gets one per delay)."""
        with cls._guard:
            return cls._all.setdefault((host, delay), Pacer(delay))

    def run(self, request: Callable[[], Response | FetchError],
            sleep: Callable[[float], None] = time.sleep) -> Response | FetchError:
        """Wait for the host's turn, make the request, and hold the turn until it ends."""
        with self.lock:
            wait = self._last + self.delay - time.monotonic()
            if wait > 0:
                sleep(wait)
            try:
                return request()
            finally:
                # Counted from the end of a request: a slow response never shortens the gap.
                self._last = time.monotonic()


class Client:
    """GET with a paperterm User-Agent, proxies from the environment, and retries."""

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.sleep = sleep
        self._http = httpx.Client(
            timeout=settings.timeout, follow_redirects=True, trust_env=True,
            headers={"User-Agent": settings.user_agent},
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, headers: Mapping[str, str] | None = None,
            delay: float = 0.0) -> Response | FetchError:
        """Fetch ``url``; 429 and 503 are retried with back-off, ``delay`` paces the host."""
        pacer = Pacer.for_host(httpx.URL(url).host, delay)
        for attempt in range(self.settings.retries + 1):
            result = pacer.run(lambda: self._once(url, headers or {}), self.sleep)
            if not isinstance(result, _Retry):
                return result
            if attempt == self.settings.retries:
                return FetchError(url, f"{result.reason} (gave up after "
                                       f"{self.settings.retries} retries)")
            wait = result.after if result.after is not None else (
                self.settings.backoff * 2 ** attempt)
            if wait > MAX_RETRY_AFTER:
                return FetchError(url, f"{result.reason} (the server asks to wait "
                                       f"{wait:.0f} s; try later)")
            self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str, headers: Mapping[str, str]) -> Response | FetchError:
        try:
            with self._http.stream("GET", url, headers=dict(headers)) as response:
                return self._read(url, response)
        except httpx.TimeoutException:
            return FetchError(url, f"timed out after {self.settings.timeout:g} s")
        except httpx.RemoteProtocolError:
            return FetchError(url, "the connection closed before the whole response arrived")
        except httpx.HTTPError as exc:
            return FetchError(url, f"cannot connect: {exc or type(exc).__name__}")

    def _read(self, url: str, response: httpx.Response) -> Response | FetchError:
        status = response.status_code
        if status in RETRY_STATUSES:
            return _Retry(url, _status_text(response), _retry_after(response))
        if status == 304:
            return Response(url, 304)
        if status >= 400 or status < 200:
            return FetchError(url, _status_text(response))
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > MAX_BODY:
                return FetchError(url, f"response larger than {MAX_BODY >> 20} MB; refused")
        return Response(url, status, bytes(body), response.headers.get("ETag"),
                        response.headers.get("Last-Modified"))


@dataclass(frozen=True, slots=True)
class _Retry(FetchError):
    """A 429 or 503: worth asking again, after ``after`` seconds if the server said."""

    after: float | None = None


def _status_text(response: httpx.Response) -> str:
    return f"HTTP {response.status_code} {response.reason_phrase}".rstrip()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
