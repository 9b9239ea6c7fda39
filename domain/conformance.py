"""Whether a draft fits a style: per dimension, with the tolerance a reader would accept.

A real LLM follows a style only roughly, so every draft is measured (domain.text_metrics)
and checked here before it is shown. Counts a reader can see at a glance (emoji, hashtags)
and the call to action must be exact; the tone must read as asked by the yardstick; the
length may be off by about 12% (nobody counts words, but "shorter" must still mean shorter),
at least two words either way for short posts.

A miss says what differs in words ("84 words instead of 53-67"), so the draft's header and
the follow-up request to the model can say it; `distance` orders candidates by how far
they are from the style, to show the closest when none fits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from domain.dimensions import FORMALITY_SCORE
from domain.feedback import ContentRequest
from domain.style import Style
from domain.text_metrics import TextMetrics

LENGTH_TOLERANCE = 0.12  # a body within +-12% of the target words fits
LENGTH_SLACK = 2  # words either way at least, so a 15-word post may be 13-17
REWRITE_KEYS = ("length", "formality", "cta")  # only the writer can fix these
REPAIRABLE_KEYS = ("emoji", "hashtags")  # fixed in place by domain.repairs


@dataclass(frozen=True, slots=True)
class Tolerance:
    length: float = LENGTH_TOLERANCE
    slack: int = LENGTH_SLACK

    def words(self, target: int) -> tuple[int, int]:
        """The body word counts that fit `target`, inclusive."""
        spread = max(target * self.length, self.slack)
        return max(1, math.ceil(target - spread - 1e-9)), math.floor(target + spread + 1e-9)

    def asking(self, target: int) -> tuple[int, int]:
        """The range to ask a writer for: two thirds of the tolerance, so a small slip on
        the way still lands inside it."""
        spread = max(target * self.length * 2 / 3, 1)
        return max(1, round(target - spread)), round(target + spread)

    def describe(self) -> str:
        return (
            f"length within {self.length:.0%} of the target (at least {self.slack} words either"
            " way); emoji and hashtag counts and the call to action exact; the tone as asked"
        )


DEFAULT_TOLERANCE = Tolerance()


@dataclass(frozen=True, slots=True)
class Miss:
    """One dimension where a draft differs from its style, in words."""

    key: str
    wanted: str
    got: str

    @property
    def sentence(self) -> str:
        return f"{self.got} instead of {self.wanted}"


@dataclass(frozen=True, slots=True)
class Fit:
    misses: tuple[Miss, ...] = ()

    @property
    def fits(self) -> bool:
        return not self.misses

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(miss.key for miss in self.misses)

    def needs_rewrite(self) -> bool:
        """True when something only the writer can fix differs (length, tone, CTA)."""
        return any(miss.key in REWRITE_KEYS for miss in self.misses)

    def describe(self) -> str:
        """'84 words instead of 53-67; no call to action instead of one', or ''."""
        return "; ".join(miss.sentence for miss in self.misses)


def check(style: Style, measured: TextMetrics, tolerance: Tolerance = DEFAULT_TOLERANCE) -> Fit:
    """How a draft measured as `measured` fits `style`: every dimension that differs."""
    misses: list[Miss] = []
    low, high = tolerance.words(style.length)
    if not low <= measured.words <= high:
        misses.append(Miss("length", f"{low}-{high} words", _count(measured.words, "word")))
    if measured.formality is not style.formality:
        misses.append(
            Miss("formality", f"a {style.formality.value} tone", f"a {measured.formality} tone")
        )
    if measured.emoji != style.emoji:
        misses.append(
            Miss(
                "emoji",
                _count(style.emoji, "emoji", "emoji"),
                _count(measured.emoji, "emoji", "emoji"),
            )
        )
    if measured.hashtags != style.hashtags:
        misses.append(
            Miss(
                "hashtags", _count(style.hashtags, "hashtag"), _count(measured.hashtags, "hashtag")
            )
        )
    if measured.cta != style.cta:
        misses.append(Miss("cta", _cta(style.cta), _cta(measured.cta)))
    return Fit(tuple(misses))


def distance(
    style: Style, measured: TextMetrics, tolerance: Tolerance = DEFAULT_TOLERANCE
) -> float:
    """How far a draft is from its style, 0 when it fits: a miss of the tone or the call to
    action counts 1, the length by how far it is outside its range, relative to the target,
    times 4 (25% too long is as bad as a wrong tone), and each emoji or hashtag off 0.25."""
    low, high = tolerance.words(style.length)
    outside = max(low - measured.words, measured.words - high, 0)
    tone_steps = abs(FORMALITY_SCORE[measured.formality] - FORMALITY_SCORE[style.formality])
    return (
        4 * outside / style.length
        + tone_steps
        + (measured.cta != style.cta)
        + 0.25 * abs(measured.emoji - style.emoji)
        + 0.25 * abs(measured.hashtags - style.hashtags)
    )


def _count(n: int, one: str, many: str | None = None) -> str:
    plural = many or f"{one}s"
    return f"no {plural}" if n == 0 else f"{n} {one if n == 1 else plural}"


def _cta(present: bool) -> str:
    return "a closing call to action" if present else "no call to action"


MENTIONED_SHARE = 0.6  # of a phrase's words a draft must use to mention it
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_LITTLE = frozenset(
    _WORD.findall(
        "the a an and or of to in on at for with our your their its it is are be this that we you"
        " they there here from by as"
    )
)


def missed_content(text: str, content: Sequence[ContentRequest]) -> tuple[ContentRequest, ...]:
    """The content requests `text` does not honour: a phrase to mention that it does not
    mention, or one to leave out that it does. A phrase counts as mentioned when most of its
    words are there (MENTIONED_SHARE, its little words aside, plurals forgiven), so a
    writer may rephrase around it ("free coffee for everyone" mentions "the free coffee")."""
    used = {form for word in _WORD.findall(text.casefold()) for form in _forms(word)}
    return tuple(asked for asked in content if _mentions(used, asked.phrase) is not asked.include)


def _mentions(used: set[str], phrase: str) -> bool:
    words = _WORD.findall(phrase.casefold())
    words = [word for word in words if word not in _LITTLE] or words
    if not words:
        return True  # nothing to look for
    found = sum(not used.isdisjoint(_forms(word)) for word in words)
    return found >= math.ceil(len(words) * MENTIONED_SHARE)


def _forms(word: str) -> set[str]:
    """A word with and without a plural's ending ("juices": juices, juice, juic)."""
    forms = {word}
    for ending in ("s", "es"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            forms.add(word[: -len(ending)])
    return forms
