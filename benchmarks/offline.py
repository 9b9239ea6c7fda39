"""How fast the offline generator writes, and how its drafts read by issue 19's counts.

Every brief of the test corpus (tests/unit/offline_briefs.py) is drafted in six styles from 15
to 300 words. Time per draft is set against the yardstick that measures each draft anyway
(domain.text_metrics.measure on the same text, same run) and against what a user waits for an
LLM's draft (about a second). The issue counted, over 60 drafts (20 briefs, three styles),
sentences said twice in a post, sentences under three words and briefs' nouns dropped bare
into slots; the same counts are taken here over every draft.

    make bench-offline
"""

from __future__ import annotations

import re
import statistics
import time
from collections import Counter

from domain import text_metrics
from domain.generation import GenerationRequest
from domain.style import Formality, Style
from infrastructure.generation.offline import OfflineGenerator
from tests.unit.offline_briefs import BRIEFS

STYLES = (
    Style(15, Formality.CASUAL, 1, 2, cta=True),
    Style(40, Formality.NEUTRAL, 2, 3, cta=True),
    Style(80, Formality.FORMAL, 1, 2),
    Style(80, Formality.NEUTRAL, 1, 2),
    Style(150, Formality.CASUAL, 3, 4),
    Style(300, Formality.FORMAL, 0, 5, cta=True),
)
ROUNDS = 3
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_EMOJI = re.compile(r"[\U0001f000-\U0001faff\u2600-\u27bf\u2300-\u23ff\u2b00-\u2bff\ufe0f\u200d]")
_BARE_SLOT = re.compile(  # the old templates' shapes around a lone capitalised or time word
    r"\b(preparing|from|about|like|into|for) (Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|January|February|March|April|June|July|August|September|October|"
    r"November|December|beach|studio|bakery|corner)\b"
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    generator = OfflineGenerator()
    drafts: dict[tuple[str, Style, int], str] = {}
    draft_ms: dict[int, list[float]] = {}
    measure_ms: list[float] = []
    for variant in range(ROUNDS):  # each round another wording, as :regenerate gives
        for brief in BRIEFS:
            for style in STYLES:
                request = GenerationRequest(brief.text, style, variant)
                started = time.perf_counter()
                text = generator.generate(request).content
                middle = time.perf_counter()
                text_metrics.measure(text)
                ended = time.perf_counter()
                draft_ms.setdefault(style.length, []).append((middle - started) * 1000)
                measure_ms.append((ended - middle) * 1000)
                drafts[(brief.text, style, variant)] = text

    print(f"## Time per offline draft ({len(BRIEFS)} briefs x {len(STYLES)} styles x {ROUNDS})")
    print()
    print("| length | drafts | p50 ms | p99 ms | x measuring it (p50) | share of a 1 s LLM draft |")
    print("|---:|---:|---:|---:|---:|---:|")
    measured = statistics.median(measure_ms)
    for length, values in sorted(draft_ms.items()):
        p50 = statistics.median(values)
        print(
            f"| {length} | {len(values)} | {p50:.2f} | {percentile(values, 0.99):.2f}"
            f" | {p50 / measured:.1f}x | {p50 / 1000:.2%} |"
        )
    print()
    print(f"measuring a draft (text_metrics.measure), p50: {measured:.3f} ms")

    sentences = 0
    counts: Counter[str] = Counter()
    for (own, _, _), text in drafts.items():
        body = text_metrics.body_of(_EMOJI.sub("", text))
        said = [s.strip() for s in _SENTENCE_END.split(body) if s.strip()]
        sentences += len(said)
        seen = Counter(s.casefold() for s in said)
        counts["said twice in a post"] += sum(n - 1 for n in seen.values())
        counts["under three words"] += sum(text_metrics.count_words(s) < 3 for s in said)
        bare = [m for m in _BARE_SLOT.findall(body) if " ".join(m).casefold() not in own.casefold()]
        counts["a bare word in an old slot shape, not the brief's own"] += len(bare)
        counts["cut with '...'"] += body.count("...") - own.count("...")
    print()
    print(f"## How the drafts read ({len(drafts)} drafts, {sentences} sentences)")
    print()
    print("| sentences | count | share |")
    print("|---|---:|---:|")
    for name, count in counts.items():
        print(f"| {name} | {count} | {count / sentences:.1%} |")


if __name__ == "__main__":
    main()
