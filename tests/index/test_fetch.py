"""Fetching against a local HTTP server on 127.0.0.1 (never the network)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from paperterm.index import Library
from paperterm.index.fetch import ArxivFeed, HfFeed, Settings, run_feeds

Reply = tuple[int, dict[str, str], bytes]


def hf_item(n: int) -> dict:
    return {"title": f"Synthetic Kettle Paper {n}", "summary": f"Kettles, part {n}.",
            "numComments": n, "publishedAt": "2026-03-11T10:00:00Z",
            "organization": {"name": "kettles", "fullname": "Kettle Lab"},
            "paper": {"id": f"2603.{n:05d}", "authors": [{"name": "Ada Teapot"}],
                      "publishedAt": "2026-03-10T00:00:00Z", "upvotes": 7,
                      "ai_keywords": ["kettle"], "githubRepo": "https://example.org/k",
                      "submittedOnDailyAt": "2026-03-11T12:00:00Z"}}


def atom(*titles: str) -> bytes:
    entries = "".join(f"<entry><id>http://arxiv.org/abs/2601.{i:05d}v1</id><title>{t}</title>"
                      "<summary>S.</summary></entry>" for i, t in enumerate(titles))
    return f'<feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>'.encode()


class Server:
    """Answers each request with ``route(path, query)``; records when requests came."""

    def __init__(self, route: Callable[[str, dict], Reply]) -> None:
        self.route = route
        self.times: list[float] = []
        self.in_flight = self.most_in_flight = 0
        lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with lock:
                    outer.times.append(time.monotonic())
                    outer.in_flight += 1
                    outer.most_in_flight = max(outer.most_in_flight, outer.in_flight)
                try:
                    parts = urlsplit(self.path)
                    status, headers, body = outer.route(parts.path, parse_qs(parts.query))
                    self.send_response(status)
                    headers = {"Content-Length": str(len(body)), **headers}
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(body)
                finally:
                    with lock:
                        outer.in_flight -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def settings(self, **overrides: object) -> Settings:
        values = {"hf_url": self.base, "arxiv_url": self.base, "arxiv_delay": 0.2,
                  "timeout": 1.0, "backoff": 0.01, **overrides}
        return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[[str, dict], Reply]], Server]]:
    servers: list[Server] = []

    def start(route: Callable[[str, dict], Reply]) -> Server:
        servers.append(Server(route))
        return servers[-1]

    yield start
    for server in servers:
        server.httpd.shutdown()
        server.httpd.server_close()


def paged(path: str, query: dict) -> Reply:
    page = int(query["p"][0])
    items = [hf_item(page * 2 + k) for k in range(2 if page == 0 else 1)]
    return 200, {"ETag": '"v1"'}, json.dumps(items).encode()


def test_hf_pages_until_a_short_page_and_keeps_the_contract_fields(
        serve: Callable, library: Library) -> None:
    server = serve(paged)
    report = run_feeds(library, [HfFeed(date="2026-03-11", limit=2)], server.settings())
    assert report.ok and report.pages == 2 and report.new_papers == 3
    paper = library.store.paper(library.store.paper_by_arxiv_id("2603.00001"))
    assert paper.extra["upvotes"] == 7 and paper.extra["comments"] == 1
    assert paper.extra["organization"] == "Kettle Lab" and paper.extra["authors"] == ["Ada Teapot"]
    assert paper.sources[0].date == "2026-03-11"


def test_a_refetch_of_an_unchanged_response_adds_nothing_and_offline_reads_saved(
        serve: Callable, library: Library) -> None:
    server = serve(paged)
    feed = HfFeed(date="2026-03-11", limit=2)
    run_feeds(library, [feed], server.settings())
    again = run_feeds(library, [feed], server.settings())
    assert again.ok and again.new_papers == 0 and again.unchanged == 2
    offline = run_feeds(library, [feed], server.settings(), offline=True)
    assert offline.ok and offline.pages == 2 and offline.requests == 0


def test_429_is_retried_and_503_forever_is_one_line(serve: Callable, library: Library) -> None:
    calls = {"n": 0}

    def route(path: str, query: dict) -> Reply:
        calls["n"] += 1
        if query.get("date") == ["2026-03-11"] and calls["n"] == 1:
            return 429, {"Retry-After": "0"}, b""
        if query.get("date") == ["2026-03-12"]:
            return 503, {"Retry-After": "0"}, b"busy"
        return 200, {}, json.dumps([hf_item(1)]).encode()

    server = serve(route)
    feeds = [HfFeed(date="2026-03-11"), HfFeed(date="2026-03-12")]
    report = run_feeds(library, feeds, server.settings())
    assert report.new_papers == 1 and len(report.problems) == 1
    assert "date=2026-03-12" in report.problems[0] and "503" in report.problems[0]


@pytest.mark.parametrize(("body", "reason"), [
    (b'[{"title": "Cut', "invalid JSON"),
    (b"{not json", "invalid JSON"),
    (b"<!DOCTYPE html><html><body>Oops</body></html>", "HTML page"),
    (b'[{"title": "Caf\xe9"}]', "not UTF-8"),
])
def test_a_malformed_body_is_one_line_naming_the_url(
        serve: Callable, library: Library, body: bytes, reason: str) -> None:
    server = serve(lambda path, query: (200, {}, body))
    report = run_feeds(library, [HfFeed(date="2026-03-11")], server.settings())
    assert len(report.problems) == 1 and reason in report.problems[0]
    assert report.problems[0].startswith(server.base) and library.store.count() == 0


def test_arxiv_requests_are_paced_and_one_at_a_time(serve: Callable, library: Library) -> None:
    server = serve(lambda path, query: (200, {}, atom(f"Arx {query['start'][0]}")))
    feeds = [ArxivFeed(categories=("cs.LG",), page_size=1, most=3)]
    threads = [threading.Thread(target=run_feeds, args=(Library.open(library.root), feeds,
                                                        server.settings())) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    gaps = [b - a for a, b in zip(server.times, server.times[1:], strict=False)]
    assert len(server.times) == 6 and server.most_in_flight == 1
    assert min(gaps) >= 0.2 * 0.95
