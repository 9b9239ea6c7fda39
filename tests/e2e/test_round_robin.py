"""The round-robin proxy in front of webhook workers, over loopback HTTP."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.round_robin import RoundRobinProxy


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Backend:
    """A worker on loopback: records each request, answers `status` with its name as body."""

    def __init__(self, name: str, status: int = 200) -> None:
        self.name = name
        self.status = status
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> Backend:
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        backend = self

        class Worker(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with backend._lock:
                    backend.requests.append(
                        Request(self.command, self.path, dict(self.headers), body)
                    )
                data = backend.name.encode()
                self.send_response(backend.status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("X-Worker", backend.name)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self.do_POST()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Worker


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def down() -> str:
    """A backend URL nothing listens on: connecting is refused."""
    return f"http://127.0.0.1:{free_port()}"


@contextlib.contextmanager
def hanging_up() -> Iterator[str]:
    """A backend that accepts each connection and closes it without answering."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    done = threading.Event()

    def serve() -> None:
        while not done.is_set():
            with contextlib.suppress(TimeoutError):
                connection, _ = listener.accept()
                connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        done.set()
        thread.join(timeout=5)
        listener.close()


def send(
    url: str, body: bytes | None = b"{}", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) the proxy answered."""
    request = urllib.request.Request(url, data=body, headers=headers or {})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy
    try:
        with opener.open(request, timeout=10) as response:
            return int(response.status), dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_requests_take_turns_and_carry_method_path_headers_and_body() -> None:
    with (
        Backend("a") as a,
        Backend("b", status=403) as b,
        Backend("c") as c,
        RoundRobinProxy([a.url, b.url, c.url]) as proxy,
    ):
        answers = [
            send(
                f"{proxy.url}/telegram",
                json.dumps({"update_id": n}).encode(),
                {"X-Telegram-Bot-Api-Secret-Token": "s3cret", "Content-Type": "application/json"},
            )
            for n in range(6)
        ]
        status, _, body = send(f"{proxy.url}/health?full=1", None)  # a GET, a query

    assert [(answer[0], answer[2]) for answer in answers] == [
        (200, b"a"),
        (403, b"b"),
        (200, b"c"),
    ] * 2
    assert answers[0][1]["X-Worker"] == "a" and answers[0][1]["Content-Length"] == "1"
    assert [json.loads(r.body)["update_id"] for r in a.requests[:2]] == [0, 3]
    first = a.requests[0]
    assert (first.method, first.path) == ("POST", "/telegram")
    assert first.headers["X-Telegram-Bot-Api-Secret-Token"] == "s3cret"
    assert first.headers["Content-Type"] == "application/json"
    assert first.headers["Host"] == a.url.removeprefix("http://")
    assert (status, body) == (200, b"a")  # the 7th request: a's turn again
    assert (a.requests[-1].method, a.requests[-1].path) == ("GET", "/health?full=1")
    assert proxy.served == {a.url: 3, b.url: 2, c.url: 2} and proxy.failovers == 0


def test_a_backend_that_is_down_is_passed_over() -> None:
    closed = down()
    with Backend("a") as a, Backend("c") as c, RoundRobinProxy([a.url, closed, c.url]) as proxy:
        bodies = [send(f"{proxy.url}/telegram")[2] for _ in range(4)]

    assert bodies == [b"a", b"c", b"c", b"a"]  # the 2nd was closed's turn: c took it
    assert proxy.served == {a.url: 2, closed: 0, c.url: 2}
    assert proxy.failures == {a.url: 0, closed: 1, c.url: 0} and proxy.failovers == 1


def test_a_backend_that_hangs_up_before_answering_is_passed_over() -> None:
    with (
        hanging_up() as rude,
        Backend("b") as b,
        RoundRobinProxy([rude, b.url]) as proxy,
    ):
        status, _, body = send(f"{proxy.url}/telegram")

        assert (status, body) == (200, b"b")
        assert proxy.failures[rude] == 1 and proxy.failovers == 1
    assert len(b.requests) == 1


def test_502_when_no_backend_takes_the_request() -> None:
    backends = [down(), down()]
    with RoundRobinProxy(backends) as proxy:
        status, _, body = send(f"{proxy.url}/telegram")

    assert status == 502 and b"Bad Gateway" in body
    assert proxy.served == dict.fromkeys(backends, 0)
    assert proxy.failures == dict.fromkeys(backends, 1) and proxy.failovers == 1


def test_a_proxy_needs_a_backend() -> None:
    with pytest.raises(ValueError, match="at least one backend"):
        RoundRobinProxy([])


def test_telegram_delivers_through_the_proxy_to_the_workers_that_are_up() -> None:
    closed = down()
    with (
        FakeTelegram(webhook_retry_delay=0.05) as fake,
        Backend("a") as a,
        Backend("b") as b,
        RoundRobinProxy([a.url, closed, b.url]) as proxy,
    ):
        assert fake.handle(
            "/bot123:TEST/setWebhook",
            "application/json",
            json.dumps({"url": f"{proxy.url}/telegram", "secret_token": "s3cret"}).encode(),
        )[0]
        sent = [fake.send_text(42 + n % 2, f"message {n}")["update_id"] for n in range(6)]

        fake.wait_for(lambda: fake.pending_update_count == 0)

    received = [json.loads(r.body)["update_id"] for r in a.requests + b.requests]
    assert sorted(received) == sent  # each exactly once
    assert {r.headers["X-Telegram-Bot-Api-Secret-Token"] for r in a.requests + b.requests} == {
        "s3cret"
    }
    assert {d.outcome for d in fake.deliveries} == {200}  # the proxy hid the closed worker
    assert proxy.failovers == 2 and proxy.served[closed] == 0
