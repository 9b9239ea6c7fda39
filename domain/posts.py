"""A post version: one draft of a session, the style it was written in, and its fate."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from domain.errors import InvalidTransitionError, ValidationError
from domain.style import Style
from domain.text_metrics import TextMetrics, measure

MIN_RATING, MAX_RATING = 1, 5
EDITED_BY_USER = "user"  # the generator recorded for a version the user wrote themselves


class PostStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


@dataclass(frozen=True, slots=True)
class Generated:
    """What a generator returned, with the facts recorded beside the post."""

    content: str
    generator: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0  # of every choice returned
    alternatives: tuple[str, ...] = ()  # further choices of the same call, when asked for


@dataclass(frozen=True, slots=True)
class Attempt:
    """One call to the generator for a version: what it was asked, what came back, its cost."""

    asked_words: int  # the length the prompt asked for (compensated for the model's bias)
    words: int  # the body words of the answer, measured
    misses: tuple[str, ...]  # the dimensions that still differed after the direct repairs
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: int = 0

    @property
    def fits(self) -> bool:
        return not self.misses

    def to_dict(self) -> dict[str, object]:
        return {
            "asked_words": self.asked_words,
            "words": self.words,
            "misses": list(self.misses),
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "latency_ms": self.latency_ms,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Attempt:
        """An attempt as stored; missing numbers read as 0."""

        def number(key: str) -> int:
            value = data.get(key, 0)
            return int(value) if isinstance(value, int | float | str) else 0

        misses = data.get("misses")
        return cls(
            asked_words=number("asked_words"),
            words=number("words"),
            misses=tuple(str(m) for m in misses) if isinstance(misses, list) else (),
            prompt_tokens=number("prompt_tokens"),
            completion_tokens=number("completion_tokens"),
            latency_ms=number("latency_ms"),
        )


@dataclass(frozen=True, slots=True)
class Post:
    session_id: int
    user_id: int
    version: int
    content: str
    style: Style
    created_at: datetime
    status: PostStatus = PostStatus.DRAFT
    generator: str = ""
    model: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: int = 0
    rating: int | None = None
    id: int | None = None
    measured: TextMetrics | None = None  # by the yardstick; measured on creation when None
    attempts: tuple[Attempt, ...] = ()  # the generator calls it took (none for the user's own)
    misses: tuple[str, ...] = ()  # the dimensions in which the shown text differs from `style`
    shown_in: int | None = None  # the chat message showing it to the user; None until one does

    def __post_init__(self) -> None:
        if self.measured is None:
            object.__setattr__(self, "measured", measure(self.content))

    @property
    def metrics(self) -> TextMetrics:
        """The post as measured by the yardstick: what the user actually saw."""
        assert self.measured is not None  # set on creation
        return self.measured

    @property
    def measured_style(self) -> Style:
        """The style the text was written in, as well as a style can say it."""
        return self.metrics.as_style()

    @property
    def first_fit(self) -> bool | None:
        """Whether the generator's first answer fitted (after direct repairs); None when the
        version was not generated or not checked."""
        return self.attempts[0].fits if self.attempts else None

    @property
    def is_users_own(self) -> bool:
        """The user's own edit, not generated."""
        return self.generator == EDITED_BY_USER

    @classmethod
    def draft(
        cls,
        *,
        session_id: int,
        user_id: int,
        version: int,
        style: Style,
        generated: Generated,
        latency_ms: int,
        now: datetime,
        attempts: tuple[Attempt, ...] = (),
        misses: tuple[str, ...] = (),
        measured: TextMetrics | None = None,  # when the caller has measured it already
    ) -> Post:
        if not generated.content.strip():
            raise ValidationError("A draft cannot be empty.")
        return cls(
            session_id=session_id,
            user_id=user_id,
            version=version,
            content=generated.content,
            style=style,
            created_at=now,
            generator=generated.generator,
            model=generated.model,
            prompt_tokens=generated.prompt_tokens,
            completion_tokens=generated.completion_tokens,
            latency_ms=latency_ms,
            attempts=attempts,
            misses=misses,
            measured=measured,
        )

    @property
    def is_open(self) -> bool:
        return self.status is PostStatus.DRAFT

    def approve(self) -> Post:
        self._require_open("approve")
        return replace(self, status=PostStatus.APPROVED)

    def chosen_over_newer(self) -> Post:
        """An older version approved after newer ones were written: the user liked it better."""
        if self.status is not PostStatus.SUPERSEDED:
            raise InvalidTransitionError(
                f"Cannot approve version {self.version} over newer ones: it is {self.status.value}."
            )
        return replace(self, status=PostStatus.APPROVED)

    def reject(self) -> Post:
        self._require_open("reject")
        return replace(self, status=PostStatus.REJECTED)

    def supersede(self) -> Post:
        self._require_open("replace")
        return replace(self, status=PostStatus.SUPERSEDED)

    def shown(self, message_id: int) -> Post:
        """This version as shown to the user in chat message `message_id`, so that a reply to
        the message names it. One message is kept: shown again, the newer one names it."""
        return replace(self, shown_in=message_id)

    def rate(self, rating: int) -> Post:
        if self.status is not PostStatus.APPROVED:
            raise InvalidTransitionError("Only an approved post can be rated.")
        return replace(self, rating=validate_rating(rating))

    def _require_open(self, verb: str) -> None:
        if not self.is_open:
            raise InvalidTransitionError(
                f"Cannot {verb} version {self.version}: it is already {self.status.value}."
            )


def validate_rating(rating: int) -> int:
    whole = isinstance(rating, int) and not isinstance(rating, bool)
    if not whole or not MIN_RATING <= rating <= MAX_RATING:
        raise ValidationError(
            f"A rating is a whole number from {MIN_RATING} to {MAX_RATING}, not {rating}."
        )
    return rating
