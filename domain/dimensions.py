"""The style dimensions as numbers, so evidence about them can be averaged.

Learning works on a numeric scale per dimension (words, a casual..formal score, counts,
the probability of a call to action); a Style is what those numbers round to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.style import MAX_EMOJI, MAX_HASHTAGS, MAX_WORDS, MIN_WORDS, Formality, Style

FORMALITY_SCORE = {Formality.CASUAL: -1.0, Formality.NEUTRAL: 0.0, Formality.FORMAL: 1.0}
_FORMAL_CUT = 1 / 3  # scores beyond +-1/3 read as formal or casual


@dataclass(frozen=True, slots=True)
class Dimension:
    key: str
    label: str
    low: float
    high: float

    @property
    def span(self) -> float:
        return self.high - self.low

    def clamp(self, value: float) -> float:
        return max(self.low, min(self.high, value))


DIMENSIONS: dict[str, Dimension] = {
    d.key: d
    for d in (
        Dimension("length", "Length", MIN_WORDS, MAX_WORDS),
        Dimension("formality", "Tone", -1.0, 1.0),
        Dimension("emoji", "Emoji", 0, MAX_EMOJI),
        Dimension("hashtags", "Hashtags", 0, MAX_HASHTAGS),
        Dimension("cta", "Call to action", 0.0, 1.0),
    )
}
STYLE_KEYS: tuple[str, ...] = tuple(DIMENSIONS)


def estimates_of(style: Style) -> dict[str, float]:
    """A style on the numeric scales."""
    return {
        "length": float(style.length),
        "formality": FORMALITY_SCORE[style.formality],
        "emoji": float(style.emoji),
        "hashtags": float(style.hashtags),
        "cta": 1.0 if style.cta else 0.0,
    }


def formality_at(score: float) -> Formality:
    if score < -_FORMAL_CUT:
        return Formality.CASUAL
    if score > _FORMAL_CUT:
        return Formality.FORMAL
    return Formality.NEUTRAL


def style_from(estimates: Mapping[str, float], default: Style | None = None) -> Style:
    """The style the numbers round to; dimensions without a number keep the default."""
    values = {**estimates_of(default or Style()), **estimates}
    return Style.bounded(
        length=round(values["length"]),
        formality=formality_at(values["formality"]),
        emoji=round(values["emoji"]),
        hashtags=round(values["hashtags"]),
        cta=values["cta"] >= 0.5,
    )


def as_number(key: str, value: object) -> float:
    """A stored or typed value on its dimension's scale, clamped into bounds.

    Accepts what people and older versions store: 'formal', True, '60', 60.0.
    Raises ValueError for anything else.
    """
    dimension = DIMENSIONS[key]
    if isinstance(value, bool):
        number = 1.0 if value else 0.0
    elif isinstance(value, int | float):
        number = float(value)
    elif key == "formality":
        number = FORMALITY_SCORE[Formality(str(value).strip().lower())]
    elif key == "cta":
        number = _yes_no(str(value))
    else:
        number = float(str(value).strip())
    if number != number:  # NaN
        raise ValueError("not a number")
    return dimension.clamp(number)


def describe(key: str, value: float) -> str:
    """A value in words ('about 55 words', 'casual', 'no emoji', 'ends with a call to action')."""
    style = style_from({key: value})
    match key:
        case "length":
            return f"about {style.length} words"
        case "formality":
            return style.formality.value
        case "emoji":
            return _count(style.emoji, "emoji", "emoji")
        case "hashtags":
            return _count(style.hashtags, "hashtag", "hashtags")
        case _:
            return "ends with a call to action" if style.cta else "no call to action"


def _count(n: int, one: str, many: str) -> str:
    return f"no {many}" if n == 0 else f"{n} {one if n == 1 else many}"


def _yes_no(text: str) -> float:
    word = text.strip().lower()
    if word in ("yes", "y", "true", "on", "1"):
        return 1.0
    if word in ("no", "n", "false", "off", "0"):
        return 0.0
    raise ValueError(f"not yes or no: {text!r}")
