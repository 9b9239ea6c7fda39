"""The life of a fake server on loopback (the fake Telegram and OpenAI servers): started on a
free port and served from a daemon thread, stopped with every connection closed, usable as
`with`. A subclass says which handler answers and wakes its own waiters when it stops."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler
from types import TracebackType
from typing import Generic, Self, TypeVar

from tests.loopback import LoopbackServer

POLL = 0.05  # serve_forever re-checks this often, so stop() never waits long

F = TypeVar("F", bound="LoopbackFake")


class FakeServer(LoopbackServer, Generic[F]):
    """The HTTP server of one fake: its handlers answer through `fake`."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], fake: F) -> None:
        super().__init__(handler)
        self.fake = fake


class LoopbackFake:
    def __init__(self, handler: type[BaseHTTPRequestHandler], name: str) -> None:
        self._handler = handler
        self._name = name  # of the serving thread
        self._server: FakeServer[Self] | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        """Listen on a free loopback port, serving from a daemon thread."""
        if self._server is not None:
            raise RuntimeError(f"{type(self).__name__} is already started")
        self._on_start()
        self._server = FakeServer(self._handler, self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": POLL},
            name=self._name,
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wake waiting handlers, close every connection and the listening socket."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._on_stop()
        server.close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return int(self._server.server_address[1])

    def _on_start(self) -> None:
        """Forget an earlier stop (a fake can be started again)."""

    def _on_stop(self) -> None:
        """Wake the handlers that wait on this fake (long polls, delays), so they end."""


def read_body(handler: BaseHTTPRequestHandler) -> bytes:
    """The body of the request `handler` is answering, sent whole or in chunks."""
    if handler.headers.get("Transfer-Encoding", "").lower() == "chunked":
        chunks = []
        while size := int(handler.rfile.readline().split(b";")[0].strip() or b"0", 16):
            chunks.append(handler.rfile.read(size))
            handler.rfile.readline()
        while handler.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass
        return b"".join(chunks)
    length = int(handler.headers.get("Content-Length") or 0)
    return handler.rfile.read(length) if length else b""
