"""Honest fakes of the ports we own: a clock that moves when told, scripted generators."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.errors import GenerationError
from domain.generation import GenerationRequest
from domain.ports import Clock, ContentGenerator
from domain.posts import Generated
from infrastructure.generation.offline import OfflineGenerator


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
    """Records every request, so tests can read what was asked, and answers with a post that
    measures exactly as its style asks (the offline generator's), so what a user saw is what
    was asked for."""

    model = "echo-1"

    def __init__(self) -> None:
        self.requests: list[GenerationRequest] = []

    def generate(self, request: GenerationRequest) -> Generated:
        self.requests.append(request)
        content = OfflineGenerator().generate(request).content
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
            raise GenerationError("The writer is unavailable right now.")
        return super().generate(request)


class ScriptedGenerator(ContentGenerator):
    """Answers with scripted texts in order (the last one again once the script runs out);
    an exception in the script is raised instead, as a generator adapter would."""

    model = "scripted-1"

    def __init__(self, *script: str | GenerationError) -> None:
        self.script = list(script)
        self.requests: list[GenerationRequest] = []

    def generate(self, request: GenerationRequest) -> Generated:
        self.requests.append(request)
        step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(step, GenerationError):
            raise step
        return Generated(step, "scripted", self.model, prompt_tokens=100, completion_tokens=50)


def post_of(
    words: int, *, emoji: int = 0, hashtags: tuple[str, ...] = (), cta: bool = False
) -> str:
    """A neutral post of exactly `words` body words, measured by the yardstick."""
    body_words = words - (3 if cta else 0)
    body = " ".join(["word"] * (body_words - 1)) + " end."
    if cta:
        body += " Visit us soon."
    if emoji:
        body += " " + "✨" * emoji
    return body + ("\n" + " ".join(hashtags) if hashtags else "")
