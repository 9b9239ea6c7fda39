"""Honest fakes of the ports we own: a clock that moves when told, scripted generators."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.errors import GenerationError
from domain.generation import GenerationRequest
from domain.ports import Clock, ContentGenerator
from domain.posts import Generated


class FakeClock(Clock):
    """Starts at a fixed instant; every reading advances it by one millisecond."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
        self.seconds = 0.0

    def now(self) -> datetime:
        self.current += timedelta(milliseconds=1)
        return self.current

    def monotonic(self) -> float:
        self.seconds += 0.001
        return self.seconds

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class EchoGenerator(ContentGenerator):
    """Writes down what it was asked, so tests can read the request back from the draft."""

    def __init__(self) -> None:
        self.requests: list[GenerationRequest] = []

    def generate(self, request: GenerationRequest) -> Generated:
        self.requests.append(request)
        s = request.style
        content = (
            f"{request.brief} | length={s.length} formality={s.formality.value} emoji={s.emoji}"
            f" hashtags={s.hashtags} cta={s.cta} variant={request.variant}"
        )
        return Generated(
            content=content, generator="echo", model="echo-1", prompt_tokens=3, completion_tokens=5
        )


class FlakyGenerator(EchoGenerator):
    """Fails its first `failures` calls the way a generator adapter must, then recovers."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    def generate(self, request: GenerationRequest) -> Generated:
        if self.failures > 0:
            self.failures -= 1
            raise GenerationError("The writer is unavailable right now. Please try again.")
        return super().generate(request)
