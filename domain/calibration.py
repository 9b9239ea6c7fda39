"""How a model misses lengths, learned from its measured drafts, and the target to ask for.

Chat models miscount words in a way that depends on the length they are asked for: short
posts come out long, long ones short. postmind keeps, per model and per range of asked
lengths, the ratio of the words a first draft had to the words it was asked for, and asks
for the length that this ratio turns into the target ("asking for 47 words to get 60").
The model only ever sees the asked number, so the ratio is kept by that number's range,
and the ask is found by a few steps of "target / ratio of the range the ask falls in".
The ratio starts neutral (1.0) and moves by a running mean over the first drafts, then by
a moving average, so a model that changes is followed. Ratios within DEAD_BAND of 1 are
not compensated: a generator that writes the asked length (the offline one) is asked
exactly what the user wants.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType

from domain.style import MAX_WORDS, MIN_WORDS

RANGE_TOPS = (40, 80, 150, MAX_WORDS)  # asked lengths: 15-40, 41-80, 81-150, 151-400 words
ASK_STEPS = 4  # steps towards the ask that lands on the target (ranges differ in ratio)
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

    def bias(self, asked: int) -> LengthBias:
        """What is known of drafts asked for `asked` words."""
        return self.ranges.get(range_of(asked), LengthBias())

    def ratio(self, asked: int) -> float:
        """Words written per word asked around `asked`: 1.0 inside the dead band. A range
        not measured yet borrows its nearest measured neighbour's ratio (models err alike
        at neighbouring lengths), so an ask never bounces between a known and an unknown
        range."""
        here = range_of(asked)
        measured = sorted(
            (abs(index - here), index) for index, bias in self.ranges.items() if bias.samples
        )
        ratio = self.ranges[measured[0][1]].ratio if measured else 1.0
        return 1.0 if abs(ratio - 1.0) < DEAD_BAND else ratio

    def ask_for(self, target: int) -> int:
        """The word count to ask this model for, so that its drafts come out at `target`."""
        asked = target
        for _ in range(ASK_STEPS):
            better = max(MIN_WORDS, min(MAX_WORDS, round(target / self.ratio(asked))))
            if better == asked:
                break
            asked = better
        return asked

    def asked_range(self, words: tuple[int, int]) -> tuple[int, int]:
        """A range of words that fits, as this model should be asked for it."""
        low, high = words
        return self.ask_for(low), max(self.ask_for(high), self.ask_for(low))

    def observed(self, *, asked: int, written: int, now: datetime | None) -> Calibration:
        """The calibration after a first draft asked for `asked` words had `written`."""
        if asked <= 0 or written <= 0:
            return self
        index = range_of(asked)
        current = self.ranges.get(index, LengthBias())
        seen = max(RATIO_BOUNDS[0], min(RATIO_BOUNDS[1], written / asked))
        weight = max(1.0 / (current.samples + 1), MIN_WEIGHT)
        ratio = current.ratio + weight * (seen - current.ratio)
        updated = LengthBias(round(ratio, 4), current.samples + 1, now)
        return replace(self, ranges=MappingProxyType({**self.ranges, index: updated}))

    def describe(self, target: int) -> str:
        """'gpt-4o-mini writes about 28% long here: asking for 47 words to get 60'."""
        asked = self.ask_for(target)
        bias = self.bias(asked)
        if not bias.samples:
            return f"{self.model}: no drafts measured yet for {range_label(asked)}; asking as is"
        drafts = "draft" if bias.samples == 1 else "drafts"
        seen = f"from {bias.samples} {drafts} asked for {range_label(asked)}"
        if asked == target:
            return f"{self.model} writes about the asked length here ({seen})"
        off = bias.ratio - 1.0
        lean = "long" if off > 0 else "short"
        return (
            f"{self.model} writes about {abs(off):.0%} {lean} here: asking for"
            f" {asked} words to get {target} ({seen})"
        )


def range_of(words: int) -> int:
    """The index of the range of asked lengths `words` belongs to."""
    return min(bisect.bisect_left(RANGE_TOPS, words), len(RANGE_TOPS) - 1)


def range_label(words: int) -> str:
    index = range_of(words)
    low = MIN_WORDS if index == 0 else RANGE_TOPS[index - 1] + 1
    return f"{low}-{RANGE_TOPS[index]} words"
