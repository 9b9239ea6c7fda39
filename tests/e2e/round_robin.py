"""A round-robin HTTP reverse proxy on loopback: the load balancer in front of several
`postmind bot` webhook workers, for end-to-end tests.

Each request (any method and path) goes to the next backend in turn, with its body and its
headers (`X-Telegram-Bot-Api-Secret-Token` included, hop-by-hop ones left out); the backend's
status, headers and body come back. When a backend cannot be reached, or hangs up before it
answers, the request goes on to the next one, as nginx's `proxy_next_upstream error` does (nginx
would not pass a POST on once it was sent, unless told `non_idempotent`: this proxy does, so a
worker that died mid-request may have seen it); only when no backend took it is the answer 502.
A backend that answers too slowly is 504, not passed on. Standard library only; a thread per
connection, as tests/loopback_fake.py serves the fakes.
"""

from __future__ import annotations

import http.client
import logging
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from tests.loopback_fake import FakeServer, LoopbackFake, read_body

logger = logging.getLogger(__name__)

BACKEND_TIMEOUT = 30.0  # seconds a backend has to answer
# Per connection, not per message (RFC 9110 7.6.1): never passed on, either way.
HOP_BY_HOP = frozenset(
    {
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
        "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
    }
)  # fmt: skip
HIDDEN = frozenset({"date", "server"})  # the proxy answers with its own, as nginx does
# Failures that mean the backend did not take the request: try the next one.
NEXT_UPSTREAM_ERRORS = (
    ConnectionRefusedError,
    ConnectionResetError,
    ConnectionAbortedError,
    BrokenPipeError,
    http.client.RemoteDisconnected,
)


class RoundRobinProxy(LoopbackFake):
    """Spreads requests over `backends` ("http://127.0.0.1:8451", ...) one after another.

    `served` counts the requests each backend answered, `failures` the times each could not be
    reached, `failovers` the times a request went on to the next backend after a failure.
    """

    def __init__(self, backends: list[str], *, timeout: float = BACKEND_TIMEOUT) -> None:
        if not backends:
            raise ValueError("a proxy needs at least one backend")
        super().__init__(_Handler, "round-robin-proxy")
        self.backends = list(backends)
        self.timeout = timeout
        self._lock = threading.Lock()
        self._next = 0
        self._served = dict.fromkeys(self.backends, 0)
        self._failures = dict.fromkeys(self.backends, 0)
        self._failovers = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def served(self) -> dict[str, int]:
        with self._lock:
            return dict(self._served)

    @property
    def failures(self) -> dict[str, int]:
        with self._lock:
            return dict(self._failures)

    @property
    def failovers(self) -> int:
        with self._lock:
            return self._failovers

    def forward(
        self, method: str, path: str, headers: list[tuple[str, str]], body: bytes
    ) -> tuple[int, str, list[tuple[str, str]], bytes]:
        """(status, reason, headers, body) of the first backend in turn that answered."""
        with self._lock:
            start = self._next
            self._next = (start + 1) % len(self.backends)
        passed_on = [(name, value) for name, value in headers if name.lower() not in HOP_BY_HOP]
        for attempt in range(len(self.backends)):
            backend = self.backends[(start + attempt) % len(self.backends)]
            try:
                answer = self._ask(backend, method, path, passed_on, body)
            except NEXT_UPSTREAM_ERRORS as error:
                logger.debug(
                    "round-robin proxy: %s did not take %s %s: %r", backend, method, path, error
                )
                with self._lock:
                    self._failures[backend] += 1
                    self._failovers += attempt + 1 < len(self.backends)
                continue
            except (OSError, http.client.HTTPException) as error:  # timeouts included
                logger.debug("round-robin proxy: %s failed %s %s: %r", backend, method, path, error)
                with self._lock:
                    self._failures[backend] += 1
                if isinstance(error, TimeoutError):
                    return _error_page(504, "Gateway Timeout")
                return _error_page(502, "Bad Gateway")
            with self._lock:
                self._served[backend] += 1
            return answer
        return _error_page(502, "Bad Gateway")

    def _ask(
        self, backend: str, method: str, path: str, headers: list[tuple[str, str]], body: bytes
    ) -> tuple[int, str, list[tuple[str, str]], bytes]:
        parts = urlsplit(backend)
        connection = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port or 80, timeout=self.timeout
        )
        try:
            connection.putrequest(method, parts.path.rstrip("/") + path, skip_accept_encoding=True)
            for name, value in headers:
                connection.putheader(name, value)
            if body or method in ("POST", "PUT", "PATCH"):
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body or None)
            response = connection.getresponse()
            data = response.read()
            kept = [
                (name, value)
                for name, value in response.getheaders()
                if name.lower() not in HOP_BY_HOP | HIDDEN
            ]
            return response.status, response.reason, kept, data
        finally:
            connection.close()


def _error_page(status: int, reason: str) -> tuple[int, str, list[tuple[str, str]], bytes]:
    page = f"<html><body><h1>{status} {reason}</h1></body></html>\n".encode()
    return status, reason, [("Content-Type", "text/html")], page


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive towards the client, as nginx does
    disable_nagle_algorithm = True
    server: FakeServer[RoundRobinProxy]

    def _proxy(self) -> None:
        body = read_body(self)
        status, reason, headers, data = self.server.fake.forward(
            self.command, self.path, list(self.headers.items()), body
        )
        try:
            self.send_response(status, reason)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except OSError:  # the client gave up
            self.close_connection = True

    def do_POST(self) -> None:
        self._proxy()

    def do_GET(self) -> None:
        self._proxy()

    def do_HEAD(self) -> None:
        self._proxy()

    def do_PUT(self) -> None:
        self._proxy()

    def do_PATCH(self) -> None:
        self._proxy()

    def do_DELETE(self) -> None:
        self._proxy()

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("round-robin proxy %s: %s", self.address_string(), format % args)
