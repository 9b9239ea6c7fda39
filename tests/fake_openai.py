"""A fake OpenAI Chat Completions server on loopback, for tests of the real `openai` SDK.

Why a server and not a patched client: the adapter under test runs unchanged, through the SDK's
HTTP transport, retries, timeouts and response parsing; only the far end of the wire is ours.
Standard library only, served from a daemon thread, so sync tests, async tests and subprocesses
can all share it.

Each chat request consumes one scripted behaviour, in order, then `default` (a `Reply()`).
What SDK 3.x makes of them (pinned by tests/integration/test_fake_openai.py): 408, 409, 429 and
5xx are retried up to `max_retries` times, and so is a timeout; the wait is `retry-after-ms`
(preferred) or `retry-after` when it is in (0, 120] seconds, else backoff from 0.5 s. OpenAI
sends no `x-should-retry` on quota errors, so `insufficient_quota` is retried like a rate limit.
A 200 whose body is not JSON is not an `openai` error at all: `json.JSONDecodeError` escapes.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from tests.loopback_fake import FakeServer, LoopbackFake

logger = logging.getLogger(__name__)

JSON = dict[str, Any]
_TAG = re.compile(r"<[^>]*>")
_QUOTA = "You exceeded your current quota, please check your plan and billing details."


@dataclass(frozen=True, slots=True)
class Request:
    """One chat request as received: header names lower-cased, `at` is `time.monotonic()`."""

    body: JSON
    headers: dict[str, str]
    at: float


@dataclass(frozen=True, slots=True)
class Reply:
    """A chat.completion; content None drafts `default_post`, prompt_tokens None counts words."""

    content: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int = 42
    delay: float = 0.0
    model: str | None = None


@dataclass(frozen=True, slots=True)
class RateLimit:
    """429; code "insufficient_quota" is the out-of-credit flavour; retry_after in seconds."""

    retry_after: float | None = 0.05
    code: str = "rate_limit_exceeded"


@dataclass(frozen=True, slots=True)
class ServerError:
    status: int = 500


@dataclass(frozen=True, slots=True)
class Hang:
    """Read the request, answer nothing, and drop the connection after `seconds`."""

    seconds: float = 30.0


@dataclass(frozen=True, slots=True)
class Malformed:
    body: str = "this is not json"
    status: int = 200
    content_type: str = "application/json"


@dataclass(frozen=True, slots=True)
class Refusal:
    text: str = "I can't help with that."


@dataclass(frozen=True, slots=True)
class Empty:
    """A completion whose content is the empty string."""


@dataclass(frozen=True, slots=True)
class Cut:
    """A completion that stopped early: at the token limit ("length") or a content filter."""

    finish_reason: str = "length"
    content: str = "Our second shop opens Saturday on Main"


@dataclass(frozen=True, slots=True)
class Compose:
    """A chat.completion whose content `write` computes from the request body.

    For a model that reads its prompt (benchmarks.rough_llm) rather than a scripted line;
    a request for `n` choices gets `write` called n times (every other behaviour answers one
    choice, as servers that ignore `n` do); completion_tokens None counts the words written.
    `write` runs on the server's handler thread, so it must be thread-safe.
    """

    write: Callable[[JSON], str]
    delay: float = 0.0
    completion_tokens: int | None = None


Behaviour = Reply | Compose | RateLimit | ServerError | Hang | Malformed | Refusal | Empty | Cut
_Answer = tuple[int, dict[str, str], bytes]


def message_text(message: object) -> str:
    """A message's text: a string content, or its text parts joined by spaces."""
    content = message.get("content") if isinstance(message, dict) else None
    if isinstance(content, list):
        parts = [p.get("text") for p in content if isinstance(p, dict)]
        return " ".join(p for p in parts if isinstance(p, str))
    return content if isinstance(content, str) else ""


def default_post(messages: Sequence[object]) -> str:
    """ "Post: " and the first 12 words of the last user message, tags stripped."""
    users = [m for m in messages if isinstance(m, dict) and m.get("role") == "user"]
    words = _TAG.sub(" ", message_text(users[-1]) if users else "").split()
    return " ".join(["Post:", *words[:12]])


def count_words(messages: Sequence[object]) -> int:
    """The default prompt_tokens: whitespace-separated words across all messages."""
    return sum(len(message_text(m).split()) for m in messages)


def _json(status: int, payload: object, headers: dict[str, str] | None = None) -> _Answer:
    return (
        status,
        {"Content-Type": "application/json", **(headers or {})},
        json.dumps(payload).encode(),
    )


def _error(
    status: int, message: str, type_: str, code: str | None = None, **headers: str
) -> _Answer:
    body = {"error": {"message": message, "type": type_, "param": None, "code": code}}
    return _json(status, body, headers)


class FakeOpenAI(LoopbackFake):
    """POST /v1/chat/completions (scripted) and GET /v1/models; every chat request recorded."""

    def __init__(self, *, models: Sequence[str] = ("gpt-4o-mini",)) -> None:
        super().__init__(_Handler, "fake-openai")
        self.models = tuple(models)
        self._cond = threading.Condition()  # guards requests, script and default
        self._requests: list[Request] = []
        self._script: deque[Behaviour] = deque()
        self._default: Behaviour = Reply()
        self._ids = itertools.count(1)
        self._stopping = threading.Event()  # wakes Hang and delayed Reply/Compose handlers

    def _on_start(self) -> None:
        self._stopping.clear()

    def _on_stop(self) -> None:
        self._stopping.set()

    @property
    def base_url(self) -> str:
        """What `openai.OpenAI(base_url=...)` takes."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def default(self) -> Behaviour:
        with self._cond:
            return self._default

    @default.setter
    def default(self, behaviour: Behaviour) -> None:
        with self._cond:
            self._default = behaviour

    def script(self, *behaviours: Behaviour) -> None:
        """Queue behaviours for the next chat requests, after any already queued."""
        with self._cond:
            self._script.extend(behaviours)

    @property
    def requests(self) -> list[Request]:
        with self._cond:
            return list(self._requests)

    def wait_for_requests(self, n: int, timeout: float = 10.0) -> list[Request]:
        """All chat requests once there are at least n; TimeoutError if not within timeout."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self._requests) >= n, timeout):
                raise TimeoutError(f"{len(self._requests)} of {n} chat requests in {timeout} s")
            return list(self._requests)

    def handle(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> _Answer | None:
        """The answer to one HTTP request; None means drop the connection unanswered."""
        route = (method, urlsplit(path).path.rstrip("/"))
        if route == ("GET", "/v1/models"):
            data = [
                {"id": m, "object": "model", "created": 0, "owned_by": "openai"}
                for m in self.models
            ]
            return _json(200, {"object": "list", "data": data})
        if route != ("POST", "/v1/chat/completions"):
            return _error(404, f"Invalid URL ({method} {path})", "invalid_request_error")
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return _error(
                400, "We could not parse the JSON body of your request.", "invalid_request_error"
            )
        with self._cond:
            self._requests.append(Request(body, headers, time.monotonic()))
            behaviour = self._script.popleft() if self._script else self._default
            self._cond.notify_all()
        return self._perform(behaviour, body)

    def _perform(self, behaviour: Behaviour, body: JSON) -> _Answer | None:
        match behaviour:
            case Reply(content, prompt_tokens, completion_tokens, delay, model):
                self._stopping.wait(delay)
                text = default_post(body.get("messages") or []) if content is None else content
                return self._completion(body, text, None, prompt_tokens, completion_tokens, model)
            case Compose(write, delay, completion_tokens):
                self._stopping.wait(delay)
                n = body.get("n")
                texts = [write(body) for _ in range(n if isinstance(n, int) and n > 1 else 1)]
                words = sum(len(text.split()) for text in texts)
                tokens = words if completion_tokens is None else completion_tokens
                return self._completion(body, texts[0], None, None, tokens, None, more=texts[1:])
            case Refusal(text):
                return self._completion(body, None, text, None, len(text.split()), None)
            case Empty():
                return self._completion(body, "", None, None, 0, None)
            case Cut(finish_reason, content):
                words = len(content.split())
                return self._completion(body, content, None, None, words, None, finish_reason)
            case RateLimit(retry_after, code):
                headers = {}
                if retry_after is not None:
                    headers["retry-after-ms"] = str(round(retry_after * 1000))
                    headers["retry-after"] = str(math.ceil(retry_after))
                if code == "insufficient_quota":
                    return _error(429, _QUOTA, "insufficient_quota", code, **headers)
                return _error(429, "Rate limit reached for requests.", "requests", code, **headers)
            case ServerError(status):
                message = "The server had an error while processing your request. Sorry about that!"
                return _error(status, message, "server_error")
            case Hang(seconds):
                self._stopping.wait(seconds)
                return None
            case Malformed(text, status, content_type):
                return status, {"Content-Type": content_type}, text.encode()
        raise TypeError(f"not a behaviour: {behaviour!r}")

    def _completion(
        self,
        body: JSON,
        content: str | None,
        refusal: str | None,
        prompt_tokens: int | None,
        completion_tokens: int,
        model: str | None,
        finish_reason: str = "stop",
        more: Sequence[str] = (),
    ) -> _Answer:
        n = next(self._ids)
        prompt = count_words(body.get("messages") or []) if prompt_tokens is None else prompt_tokens
        message: JSON = {
            "role": "assistant",
            "content": content,
            "refusal": refusal,
            "annotations": [],
        }
        payload = {
            "id": f"chatcmpl-fake{n:06d}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model or str(body.get("model", "")),
            "choices": [
                {"index": 0, "message": message, "logprobs": None, "finish_reason": finish_reason},
                *(
                    {
                        "index": index,
                        "message": {**message, "content": text},
                        "logprobs": None,
                        "finish_reason": "stop",
                    }
                    for index, text in enumerate(more, start=1)
                ),
            ],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt + completion_tokens,
            },
            "service_tier": "default",
            "system_fingerprint": "fp_fake",
        }
        return _json(200, payload, {"x-request-id": f"req_fake{n:06d}"})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the SDK's connection pool expects
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stalls
    server: FakeServer[FakeOpenAI]

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        answer = self.server.fake.handle(self.command, self.path, headers, raw)
        if answer is None:
            self.close_connection = True
            return
        status, response_headers, data = answer
        try:
            self.send_response(status)
            for name, value in response_headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up, e.g. its timeout fired during a delay
            self.close_connection = True

    def do_GET(self) -> None:
        self.do_POST()

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("fake openai %s: %s", self.address_string(), format % args)
