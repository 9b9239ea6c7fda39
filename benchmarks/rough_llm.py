"""A chat model that follows a style only roughly, for benchmarks through tests.fake_openai.

Why: the offline generator honours a style exactly, so nothing measured with it says how
postmind copes with a real model, which does not. `RoughWriter` reads postmind's own prompt
(the "Style rules" system message, the <brief> fence and, in a follow-up, the last user
message), applies the errors below to the asked style, and writes the post with the offline
generator in that perturbed style. Served as `Compose(write=RoughWriter(seed))`, it lets a
benchmark measure first-draft fit, follow-up rounds and length calibration on a model whose
misses are known, repeatable for a seed and a sequence of requests.

The error model. The figures are approximate readings of published work and of the problem
report this benchmark was built for, not quotes; where a paper gives no number for our
setting (short social posts), the rate is our choice with the reason stated:

- Length, first draft: words = asked x bias(asked) x exp(N(0, 0.10)). The bias depends on
  the target: 1.33 up to 40 words, 1.22 up to 80, 1.10 up to 150, 0.97 up to 250, 0.88
  above. The problem report saw short targets overshot by about a third (1.33). Yuan et
  al. 2024, "Following Length Constraints in Instructions", report GPT-4-class models
  breaking an explicit word limit (a maximum, so by running long) close to half the
  time; LIFEBench (Zhang et al. 2025) and other 2025 length-instruction studies report
  short targets followed roughly and long ones increasingly undershot. The steps in between are
  interpolated by us, and so is the 10% spread: with it about a fifth of drafts land more
  than 12% (postmind's tolerance) from their biased mean, so even a well-calibrated ask
  misses now and then.
- Length, follow-up with an explicit range: the same bias on the range's midpoint (a model
  miscounts words whether drafting or editing), with less spread, N(0, 0.06): editing a
  given text to a stated count, with its current count given, is the easier task. A
  follow-up that says to keep the length (it fitted; the tone or the call to action did
  not) keeps it with no bias and a spread of 0.03: such an edit keeps most of the text.
- Emoji and hashtags: one off on a first draft with probability 0.25 (up with 0.6, else
  down; the other way when out of bounds). Zhou et al. 2023, IFEval: GPT-4 misses about
  15-25% of verifiable instructions, count and format ones among the harder; the problem
  report saw hashtags and emoji "sometimes one off". In a follow-up (told to keep
  everything else) 0.10: the count is already on the page.
- Call to action, first draft: an asked one dropped with probability 0.20 (the problem
  report: "kept four times in five"), an unasked one added with 0.10 (chat models like to
  end on a question; our guess, half the other error). A follow-up naming it is followed
  with 0.95; one that does not mention it flips it with 0.03.
- Tone, first draft: drifts one step with probability 0.15 (an IFEval-like miss rate):
  formal or casual towards neutral, neutral to casual two times in three, else formal,
  because chat models lean chatty on social posts. A follow-up naming the tone is followed
  with 0.95, else the tone stays one step off (standing in for the candidate's measured
  tone); one not naming it drifts with 0.03.

Follow-ups write a fresh post in the perturbed style rather than editing the candidate:
postmind judges drafts by their numbers (domain.text_metrics), which this reproduces.
A request that is not postmind's (no style rules or no brief) gets a plain 60-word neutral
post of its last user message's words; the writer never raises, since an exception on the
fake server's handler thread would reach the client as a dropped connection.
"""

from __future__ import annotations

import math
import random
import re
import threading
from dataclasses import dataclass
from typing import Any

from domain.generation import GenerationRequest
from domain.style import MAX_EMOJI, MAX_HASHTAGS, MAX_WORDS, MIN_WORDS, Formality, Style
from infrastructure.generation.offline import OfflineGenerator

JSON = dict[str, Any]

# Length: (largest target in words, or None for any, bias as written/asked).
LENGTH_BIAS: tuple[tuple[int | None, float], ...] = (
    (40, 1.33),
    (80, 1.22),
    (150, 1.10),
    (250, 0.97),
    (None, 0.88),
)
DRAFT_LENGTH_NOISE = 0.10  # sigma of the log of the length factor, first drafts
FOLLOW_UP_LENGTH_NOISE = 0.06  # the same when asked for a range with the current count given
KEEP_LENGTH_NOISE = 0.03  # an edit told to keep its length: no bias, a word or two either way
DRAFT_COUNT_SLIP = 0.25  # emoji or hashtags one off, first drafts
FOLLOW_UP_COUNT_SLIP = 0.10  # the same in a follow-up that says to keep everything else
COUNT_SLIP_UP = 0.6  # a slip adds one this often, else removes one
DRAFT_CTA_DROPPED = 0.20  # an asked call to action left out
DRAFT_CTA_ADDED = 0.10  # an unasked one added
FOLLOW_UP_CTA_FOLLOWED = 0.95  # a follow-up that names the call to action
FOLLOW_UP_CTA_FLIP = 0.03  # a follow-up that does not mention it
DRAFT_TONE_DRIFT = 0.15  # one step along casual < neutral < formal, first drafts
NEUTRAL_DRIFTS_CASUAL = 2 / 3  # a neutral drift goes casual this often, else formal
FOLLOW_UP_TONE_FOLLOWED = 0.95  # a follow-up that names the tone
FOLLOW_UP_TONE_DRIFT = 0.03  # a follow-up that does not mention it
FALLBACK_STYLE = Style(length=60, formality=Formality.NEUTRAL, emoji=0, hashtags=0, cta=False)

_BRIEF = re.compile(r"<brief>\n(.*)\n</brief>", re.DOTALL)
_LENGTH = re.compile(r"Write about (\d+) words")
_TONE = re.compile(r"\b(casual|neutral|formal)\b")
_EMOJI = re.compile(r"Use exactly (\d+) emoji")
_HASHTAGS = re.compile(r"exactly (\d+) hashtags")
_RANGE = re.compile(r"Rewrite it in (\d+)-(\d+) words")
_KEEP = re.compile(r"Keep its length: about (\d+) words")
_TONE_FIX = re.compile(r"Make the tone[^.:]*?\b(casual|neutral|formal)\b")


@dataclass(frozen=True, slots=True)
class Ask:
    """What a request asks for: `words` may be a midpoint such as 44.5."""

    brief: str
    words: float
    formality: Formality
    emoji: int
    hashtags: int
    cta: bool
    follow_up: bool = False
    names_tone: bool = False  # a follow-up line asks for a tone
    names_cta: bool = False  # a follow-up line asks to add or remove the call to action
    keeps_length: bool = False  # a follow-up says to keep the length it has


def length_bias(asked: float) -> float:
    """Written words per asked word, on average, for a target of `asked` words."""
    for limit, bias in LENGTH_BIAS:
        if limit is None or asked <= limit:
            return bias
    return LENGTH_BIAS[-1][1]


def error_model_table() -> list[tuple[str, str, str]]:
    """(what, rate, why) rows of the error model, from the constants, for a markdown table."""
    bands = ", ".join(
        f"{'>' + str(LENGTH_BIAS[-2][0]) if limit is None else '<=' + str(limit)}: x{bias:.2f}"
        for limit, bias in LENGTH_BIAS
    )
    return [
        (
            "length, first draft",
            f"bias {bands}; spread exp(N(0, {DRAFT_LENGTH_NOISE}))",
            "problem report: short targets overshot by about a third; Yuan et al. 2024: "
            "GPT-4-class models break explicit word limits close to half the time; LIFEBench "
            "2025: long targets undershot",
        ),
        (
            "length, follow-up",
            f"same bias on the range's midpoint; spread exp(N(0, {FOLLOW_UP_LENGTH_NOISE}))",
            "models miscount words when editing too; a stated range with the current count "
            "is an easier task (our choice)",
        ),
        (
            "length, follow-up told to keep it",
            f"no bias; spread exp(N(0, {KEEP_LENGTH_NOISE}))",
            "an edit that adds a sentence or changes the tone keeps most of the text (our choice)",
        ),
        (
            "emoji",
            f"one off: {DRAFT_COUNT_SLIP:.0%} first draft, {FOLLOW_UP_COUNT_SLIP:.0%} "
            f"follow-up; +1 {COUNT_SLIP_UP:.0%} of slips",
            "IFEval (Zhou et al. 2023): GPT-4 misses about 15-25% of count/format "
            "instructions; problem report: sometimes one off",
        ),
        (
            "hashtags",
            f"one off: {DRAFT_COUNT_SLIP:.0%} first draft, {FOLLOW_UP_COUNT_SLIP:.0%} follow-up",
            "as emoji",
        ),
        (
            "call to action",
            f"asked one dropped {DRAFT_CTA_DROPPED:.0%}, unasked added {DRAFT_CTA_ADDED:.0%}; "
            f"follow-up naming it followed {FOLLOW_UP_CTA_FOLLOWED:.0%}, else flipped "
            f"{FOLLOW_UP_CTA_FLIP:.0%}",
            "problem report: the call to action kept four times in five; chat models like to "
            "end on a question (our guess)",
        ),
        (
            "tone",
            f"one step off {DRAFT_TONE_DRIFT:.0%} first draft (neutral to casual "
            f"{NEUTRAL_DRIFTS_CASUAL:.0%} of drifts); follow-up naming it followed "
            f"{FOLLOW_UP_TONE_FOLLOWED:.0%}, else drifts {FOLLOW_UP_TONE_DRIFT:.0%}",
            "an IFEval-like miss rate; chat models lean chatty on social posts",
        ),
    ]


def read_request(body: JSON) -> Ask | None:
    """What a postmind prompt asks for, or None when `body` is not one."""
    messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
    rules = next(
        (
            _text(m)
            for m in messages
            if m.get("role") == "system" and _text(m).startswith("Style rules:")
        ),
        None,
    )
    briefs = [_BRIEF.search(_text(m)) for m in messages if m.get("role") == "user"]
    brief = next((found.group(1) for found in briefs if found), None)
    if rules is None or brief is None:
        return None
    asked = _style_rules(rules)
    if asked is None:
        return None
    words, formality, emoji, hashtags, cta = asked
    last = _text(messages[-1]) if messages[-1].get("role") == "user" else ""
    span, keep = _RANGE.search(last), _KEEP.search(last)
    if span is None and keep is None:
        return Ask(brief, words, formality, emoji, hashtags, cta)
    tone = _TONE_FIX.search(last)
    adds = "End it with a question or a call to action" in last
    removes = "Remove the call to action" in last
    return Ask(
        brief,
        (int(span.group(1)) + int(span.group(2))) / 2 if span else int(keep.group(1)),  # type: ignore[union-attr]
        Formality(tone.group(1)) if tone else formality,
        emoji,
        hashtags,
        adds or (cta and not removes),
        follow_up=True,
        names_tone=tone is not None,
        names_cta=adds or removes,
        keeps_length=span is None,
    )


class RoughWriter:
    """`(body) -> post text`: postmind's prompt answered in a roughly followed style.

    Thread-safe and deterministic for a seed and a sequence of requests: every random draw of
    a request happens under one lock, in a fixed order, and the post itself is a pure function
    of the perturbed style and the drawn variant.
    """

    def __init__(self, seed: int = 0, alike: float = 0.0) -> None:
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._generator = OfflineGenerator()
        # Choices of one call (the same request body, asked again) repeat the first choice's
        # slips with this probability: real samples of one prompt are more alike than
        # independent draws. 0 keeps every choice independent.
        self._alike = alike
        self._last: tuple[int, Ask, Style] | None = None  # the last body's id, ask, first style

    def __call__(self, body: JSON) -> str:
        try:
            ask = read_request(body)
            if ask is not None:
                with self._lock:
                    style = perturb(ask, self._rng)
                    if self._last is not None and self._last[:2] == (id(body), ask):
                        if self._rng.random() < self._alike:
                            style = self._last[2]
                    else:
                        self._last = (id(body), ask, style)
                    variant = self._rng.randrange(10**6)
                return self._write(ask.brief, style, variant)
        except Exception:
            pass
        return self._fallback(body)

    def _write(self, brief: str, style: Style, variant: int) -> str:
        request = GenerationRequest(brief=brief, style=style, variant=variant)
        return self._generator.generate(request).content

    def _fallback(self, body: JSON) -> str:
        """A plain 60-word neutral post of the last user message's words."""
        messages = body.get("messages") if isinstance(body, dict) else None
        users = [m for m in messages or [] if isinstance(m, dict) and m.get("role") == "user"]
        brief = _text(users[-1]) if users else ""
        try:
            return self._write(brief, FALLBACK_STYLE, 0)
        except Exception:
            return " ".join(["Post:", *brief.split()[: FALLBACK_STYLE.length]])


def perturb(ask: Ask, rng: random.Random) -> Style:
    """The style the model actually writes in, for what it was asked."""
    slip = FOLLOW_UP_COUNT_SLIP if ask.follow_up else DRAFT_COUNT_SLIP
    return Style(
        length=_length(ask, rng),
        formality=_tone(ask, rng),
        emoji=_count(ask.emoji, MAX_EMOJI, slip, rng),
        hashtags=_count(ask.hashtags, MAX_HASHTAGS, slip, rng),
        cta=_cta(ask, rng),
    )


def _length(ask: Ask, rng: random.Random) -> int:
    if ask.keeps_length:
        words = ask.words * math.exp(rng.gauss(0.0, KEEP_LENGTH_NOISE))
        return min(MAX_WORDS, max(MIN_WORDS, round(words)))
    noise = FOLLOW_UP_LENGTH_NOISE if ask.follow_up else DRAFT_LENGTH_NOISE
    words = ask.words * length_bias(ask.words) * math.exp(rng.gauss(0.0, noise))
    return min(MAX_WORDS, max(MIN_WORDS, round(words)))


def _count(asked: int, high: int, slip: float, rng: random.Random) -> int:
    if rng.random() >= slip:
        return asked
    step = 1 if rng.random() < COUNT_SLIP_UP else -1
    if not 0 <= asked + step <= high:  # "one off" is still one off at the bounds
        step = -step
    return asked + step


def _cta(ask: Ask, rng: random.Random) -> bool:
    chance = rng.random()
    if ask.names_cta:
        return ask.cta if chance < FOLLOW_UP_CTA_FOLLOWED else not ask.cta
    if ask.follow_up:
        return not ask.cta if chance < FOLLOW_UP_CTA_FLIP else ask.cta
    return chance >= DRAFT_CTA_DROPPED if ask.cta else chance < DRAFT_CTA_ADDED


def _tone(ask: Ask, rng: random.Random) -> Formality:
    chance, direction = rng.random(), rng.random()  # both drawn always: a fixed draw order
    if ask.names_tone:
        drifts = chance >= FOLLOW_UP_TONE_FOLLOWED
    else:
        drifts = chance < (FOLLOW_UP_TONE_DRIFT if ask.follow_up else DRAFT_TONE_DRIFT)
    if not drifts:
        return ask.formality
    if ask.formality is not Formality.NEUTRAL:
        return Formality.NEUTRAL
    return Formality.CASUAL if direction < NEUTRAL_DRIFTS_CASUAL else Formality.FORMAL


def _style_rules(rules: str) -> tuple[float, Formality, int, int, bool] | None:
    """(words, tone, emoji, hashtags, cta) from the "Style rules" message, or None."""
    length = _LENGTH.search(rules)
    tone_lines = [line for line in rules.splitlines() if " tone" in line]
    tone = _TONE.search(tone_lines[0]) if tone_lines else None
    emoji = 0 if "Use no emojis" in rules else _number(_EMOJI.search(rules))
    hashtags = 0 if "Use no hashtags" in rules else _number(_HASHTAGS.search(rules))
    cta = (
        True
        if "End with a question or a call to action" in rules
        else False
        if "Do not end with a call to action" in rules
        else None
    )
    if length is None or tone is None or emoji is None or hashtags is None or cta is None:
        return None
    return float(length.group(1)), Formality(tone.group(1)), emoji, hashtags, cta


def _number(found: re.Match[str] | None) -> int | None:
    return int(found.group(1)) if found else None


def _text(message: dict[str, Any]) -> str:
    """A message's text: a string content, or its text parts joined by spaces."""
    content = message.get("content")
    if isinstance(content, list):
        parts = [p.get("text") for p in content if isinstance(p, dict)]
        return " ".join(p for p in parts if isinstance(p, str))
    return content if isinstance(content, str) else ""
