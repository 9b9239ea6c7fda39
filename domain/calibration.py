"""How a model misses lengths, learned from its measured drafts, and the target to ask for.

Chat models miscount words in a way that depends on the target: short posts come out long,
long ones short. postmind keeps, per model and per range of target lengths, the ratio of
the words a first draft had to the words it was asked for, and asks for the target divided
by that ratio ("asking for 47 words to get 60"). The ratio starts neutral (1.0) and moves
by a running mean over the first drafts, then by a moving average, so a model that changes
is followed. Ratios within DEAD_BAND of 1 are not compensated: a generator that writes the
asked length (the offline one) is asked exactly what the user wants.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType

from domain.style import MAX_WORDS, MIN_WORDS

RANGE_TOPS = (40, 80, 150, MAX_WORDS)  # target ranges: 15-40, 41-80, 81-150, 151-400 words
DEAD_BAND = 0.05  # a ratio within 5% of 1 is noise, not bias
MIN_WEIGHT = 0.15  # after the first few drafts, each new one moves the ratio this much
RATIO_BOUNDS = (0.4, 2.5)  # one absurd draft (a refusal-like stub, a ramble) moves it no further


@dataclass(frozen=True, slots=True)
class LengthBias:
    """Words written per word asked for, in one range of targets, and how many drafts show it."""

    ratio: float = 1.0
    samples: int = 0
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Calibration:
    model: str
    ranges: MappingProxyType[int, LengthBias] = field(
        default_factory=lambda: MappingProxyType({})
    )  # range index (into RANGE_TOPS) -> its bias

    @classmethod
    def of(cls, model: str, ranges: dict[int, LengthBias]) -> Calibration:
        return cls(model, MappingProxyType(dict(ranges)))

    def bias(self, target: int) -> LengthBias:
        return self.ranges.get(range_of(target), LengthBias())

    def ratio(self, target: int) -> float:
        """The compensating ratio for `target`: 1.0 inside the dead band."""
        ratio = self.bias(target).ratio
        return 1.0 if abs(ratio - 1.0) < DEAD_BAND else ratio

    def ask_for(self, target: int) -> int:
        """The word count to ask this model for, so that its drafts come out at `target`."""
        return max(MIN_WORDS, min(MAX_WORDS, round(target / self.ratio(target))))

    def asked_range(self, words: tuple[int, int]) -> tuple[int, int]:
        """A range of words that fits, as this model should be asked for it."""
        low, high = words
        middle = (low + high) / 2
        ratio = self.ratio(round(middle))
        return max(1, round(low / ratio)), max(1, round(high / ratio))

    def observed(self, *, target: int, asked: int, written: int, now: datetime) -> Calibration:
        """The calibration after a first draft asked for `asked` words (to get `target`) had
        `written` words."""
        if asked <= 0 or written <= 0:
            return self
        index = range_of(target)
        current = self.ranges.get(index, LengthBias())
        seen = max(RATIO_BOUNDS[0], min(RATIO_BOUNDS[1], written / asked))
        weight = max(1.0 / (current.samples + 1), MIN_WEIGHT)
        ratio = current.ratio + weight * (seen - current.ratio)
        updated = LengthBias(round(ratio, 4), current.samples + 1, now)
        return replace(self, ranges=MappingProxyType({**self.ranges, index: updated}))

    def describe(self, target: int) -> str:
        """'gpt-4o-mini writes about 28% long here: asking for 47 words to get 60'."""
        bias = self.bias(target)
        if not bias.samples:
            return f"{self.model}: no drafts measured yet for {range_label(target)}; asking as is"
        drafts = "draft" if bias.samples == 1 else "drafts"
        seen = f"from {bias.samples} {drafts} of {range_label(target)}"
        if self.ratio(target) == 1.0:
            return f"{self.model} writes about the asked length here ({seen})"
        off = bias.ratio - 1.0
        lean = "long" if off > 0 else "short"
        return (
            f"{self.model} writes about {abs(off):.0%} {lean} here: asking for"
            f" {self.ask_for(target)} words to get {target} ({seen})"
        )


def range_of(target: int) -> int:
    """The index of the range of targets `target` belongs to."""
    return min(bisect.bisect_left(RANGE_TOPS, target), len(RANGE_TOPS) - 1)


def range_label(target: int) -> str:
    index = range_of(target)
    low = MIN_WORDS if index == 0 else RANGE_TOPS[index - 1] + 1
    return f"{low}-{RANGE_TOPS[index]}-word posts"
