"""How a model misses lengths, learned from its measured drafts, and the target to ask for.

Chat models miscount words in a way that depends on the length they are asked for: short
posts come out long, long ones short. postmind keeps, per model and per range of asked
lengths, the ratio of the words a first draft had to the words it was asked for, and asks
for the length that this ratio turns into the target ("asking for 47 words to get 60").
The model only ever sees the asked number, so the ratio is kept by that number's range,
and the ask is the count that its own range's ratio turns closest into the target.
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

# Asked lengths: 15-40, 41-80, 81-150, 151-250, 251-400 words (each about 1.6-2.7 times its
# bottom: a model's bias changes with the length, and each range needs drafts to learn it).
RANGE_TOPS = (40, 80, 150, 250, MAX_WORDS)
DEAD_BAND = 0.05  # a ratio within 5% of 1 is noise, not bias
MIN_WEIGHT = 0.15  # after the first few drafts, each new one moves the ratio this much
RATIO_BOUNDS = (0.4, 2.5)  # one absurd draft (a refusal-like stub, a ramble) moves it no further


@dataclass(frozen=True, slots=True)
class LengthBias:
    """Words written per word asked for, in one range of asked lengths, and how many drafts
    show it."""

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
        """Words written per word asked around `asked`: 1.0 inside the dead band."""
        ratio = self.source(asked).ratio
        return 1.0 if abs(ratio - 1.0) < DEAD_BAND else ratio

    def source(self, asked: int) -> LengthBias:
        """The measurement that speaks for `asked`: its range's, else (a range not measured
        yet) its nearest measured neighbour's, since models err alike at neighbouring
        lengths; neutral when nothing is measured."""
        here = range_of(asked)
        measured = sorted(
            (abs(index - here), index) for index, bias in self.ranges.items() if bias.samples
        )
        return self.ranges[measured[0][1]] if measured else LengthBias()

    def ask_for(self, target: int) -> int:
        """The word count to ask this model for, so that its drafts come out at `target`:
        the ask whose range's ratio turns it closest into the target (ties: the ask
        nearest the target). Every count is tried: ratios differ by range, so near a range
        boundary neither side may land exactly, and the best ask is the boundary itself."""
        ratios = [self.ratio(top) for top in RANGE_TOPS]
        return min(
            range(MIN_WORDS, MAX_WORDS + 1),
            key=lambda a: (abs(a * ratios[range_of(a)] - target), abs(a - target)),
        )

    def asked_range(self, words: tuple[int, int]) -> tuple[int, int]:
        """A range of words that fits, as this model should be asked for it."""
        low, high = words
        return self.ask_for(low), max(self.ask_for(high), self.ask_for(low))

    def observed(self, *, asked: int, written: float, now: datetime | None) -> Calibration:
        """The calibration after a first answer asked for `asked` words had `written` (the
        mean over the choices of one call: one call is one sample)."""
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
        source = self.source(asked)
        if not source.samples:
            return f"{self.model}: no drafts measured yet; asking for {target} words as is"
        drafts = "draft" if source.samples == 1 else "drafts"
        index = next(i for i, bias in self.ranges.items() if bias is source)
        seen = f"from {source.samples} {drafts} asked for {RANGE_LABELS[index]}"
        if asked == target:
            return f"{self.model} writes about the asked length here ({seen})"
        off = source.ratio - 1.0
        lean = "long" if off > 0 else "short"
        return (
            f"{self.model} writes about {abs(off):.0%} {lean} here: asking for"
            f" {asked} words to get {target} ({seen})"
        )


def range_of(words: int) -> int:
    """The index of the range of asked lengths `words` belongs to."""
    return min(bisect.bisect_left(RANGE_TOPS, words), len(RANGE_TOPS) - 1)


RANGE_LABELS = tuple(
    f"{MIN_WORDS if index == 0 else RANGE_TOPS[index - 1] + 1}-{top} words"
    for index, top in enumerate(RANGE_TOPS)
)
