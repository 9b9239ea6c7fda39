"""`postmind sample`: offline drafts for a few briefs in three styles, for anyone to read.

The offline generator is what `make chat` and every test without a key write with, so how its
drafts read is part of the product. This prints them without a database or a conversation.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from domain.generation import GenerationRequest
from domain.ports import ContentGenerator
from domain.style import Formality, Style

BRIEFS = (
    "Our yoga studio starts free sunrise classes on the beach every Tuesday in June",
    "Our bakery opens a second shop on Main Street next Saturday, with free coffee for the"
    " first 50 guests.",
    "We're hiring two baristas for weekend shifts. Experience is a plus but not a must.",
    "Sorry, our online orders were down yesterday. Everything works again.",
    "Café Lumière turns 10 this Saturday! Cake for everyone from 3pm.",
)
STYLES = (
    ("casual, 40 words, call to action", Style(40, Formality.CASUAL, 2, 2, cta=True)),
    ("neutral, 80 words, the default style", Style()),
    ("formal, 150 words, call to action", Style(150, Formality.FORMAL, 0, 3, cta=True)),
)


@dataclass(frozen=True, slots=True)
class Sample:
    brief: str
    style_name: str
    style: Style
    draft: str
    milliseconds: float


def samples(
    generator: ContentGenerator, briefs: Sequence[str] = BRIEFS, variant: int = 0
) -> list[Sample]:
    """A draft of each brief in each of the three styles, with the time each took."""
    drafted = []
    for brief in briefs:
        for name, style in STYLES:
            started = time.perf_counter()
            generated = generator.generate(GenerationRequest(brief, style, variant))
            elapsed = (time.perf_counter() - started) * 1000
            drafted.append(Sample(brief, name, style, generated.content, elapsed))
    return drafted


def as_markdown(drafted: Sequence[Sample]) -> str:
    """Each brief with its drafts, quoted, ready to paste into a README."""
    lines: list[str] = []
    for brief in dict.fromkeys(sample.brief for sample in drafted):
        lines += [f"Brief: {brief}", ""]
        for sample in (sample for sample in drafted if sample.brief == brief):
            lines += [f"*{sample.style_name}*", ""]
            lines += [f"> {line}".rstrip() for line in sample.draft.splitlines()]
            lines.append("")
    total = sum(sample.milliseconds for sample in drafted)
    each = total / max(len(drafted), 1)
    lines.append(f"{len(drafted)} drafts in {total:.1f} ms ({each:.2f} ms each)")
    return "\n".join(lines)


def as_json(drafted: Sequence[Sample]) -> list[dict[str, object]]:
    return [
        {
            "brief": sample.brief,
            "style": sample.style.to_dict(),
            "draft": sample.draft,
            "milliseconds": round(sample.milliseconds, 3),
        }
        for sample in drafted
    ]
