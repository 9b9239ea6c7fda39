"""The style of a post: the dimensions users teach postmind, and how actions move them.

A Style is a complete, bounded instruction to a generator. Bounds are enforced on creation,
so no sequence of actions or edits can push a style outside what a generator can honour.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.errors import ValidationError

MIN_WORDS = 15
MAX_WORDS = 400
MAX_EMOJI = 10
MAX_HASHTAGS = 10


class Formality(StrEnum):
    CASUAL = "casual"
    NEUTRAL = "neutral"
    FORMAL = "formal"

    def step(self, towards: Formality) -> Formality:
        """One step along casual < neutral < formal in the direction of `towards`."""
        order = list(Formality)
        here, there = order.index(self), order.index(towards)
        if here == there:
            return self
        return order[here + (1 if there > here else -1)]


@dataclass(frozen=True, slots=True)
class Style:
    length: int = 80
    formality: Formality = Formality.NEUTRAL
    emoji: int = 1
    hashtags: int = 2
    cta: bool = False

    def __post_init__(self) -> None:
        if not MIN_WORDS <= self.length <= MAX_WORDS:
            raise ValidationError(
                f"length must be {MIN_WORDS}-{MAX_WORDS} words, not {self.length}"
            )
        if not 0 <= self.emoji <= MAX_EMOJI:
            raise ValidationError(f"emoji must be 0-{MAX_EMOJI}, not {self.emoji}")
        if not 0 <= self.hashtags <= MAX_HASHTAGS:
            raise ValidationError(f"hashtags must be 0-{MAX_HASHTAGS}, not {self.hashtags}")
        object.__setattr__(self, "formality", parse_formality(self.formality))

    @classmethod
    def bounded(
        cls,
        *,
        length: int,
        formality: Formality,
        emoji: int,
        hashtags: int,
        cta: bool,
    ) -> Style:
        """A style with every number clamped into its bounds (for learned or measured input)."""
        return cls(
            length=_clamp(length, MIN_WORDS, MAX_WORDS),
            formality=formality,
            emoji=_clamp(emoji, 0, MAX_EMOJI),
            hashtags=_clamp(hashtags, 0, MAX_HASHTAGS),
            cta=cta,
        )

    def with_changes(self, **changes: object) -> Style:
        """A copy with `changes` applied and numbers clamped into bounds."""
        fields: dict[str, object] = {**self.to_dict(), "formality": self.formality, **changes}
        return Style.bounded(**fields)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, object]:
        return {
            "length": self.length,
            "formality": self.formality.value,
            "emoji": self.emoji,
            "hashtags": self.hashtags,
            "cta": self.cta,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Style:
        """Rebuild a stored style; missing keys take the defaults, numbers are clamped."""
        default = cls()
        return cls.bounded(
            length=int(data.get("length", default.length)),  # type: ignore[call-overload]
            formality=parse_formality(data.get("formality", default.formality)),
            emoji=int(data.get("emoji", default.emoji)),  # type: ignore[call-overload]
            hashtags=int(data.get("hashtags", default.hashtags)),  # type: ignore[call-overload]
            cta=bool(data.get("cta", default.cta)),
        )


def parse_formality(value: object) -> Formality:
    """A Formality from itself or its name; anything else is a ValidationError."""
    try:
        return Formality(str(value))
    except ValueError:
        names = ", ".join(f.value for f in Formality)
        raise ValidationError(f"formality must be one of {names}, not {value!r}") from None


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, int(value)))
