"""Measuring a post against a style: the yardstick shared by generators, tests and benchmarks.

- words: tokens with at least one letter or digit, hashtags excluded (emoji are not words);
- emoji: pictographic code points (variation selectors and joiners are not counted);
- hashtags: `#word` tokens;
- cta: the last sentence of the body invites the reader to do something;
- formality: casual markers (contractions, "hey", "!") against formal ones, in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.style import Formality, Style

HASHTAG = re.compile(r"(?<![\w#])#\w*[^\W\d_]\w*")  # "#1" is a number, not a hashtag
_WORD = re.compile(r"[^\s]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\s*\n\s*")
# The patterns are public: the offline phrasebook's tests check every entry against them.
CTA = re.compile(
    r"\b(comment|comments|share|tell us|let us know|visit|join us|sign up|book|drop by|"
    r"stop by|come by|reply|message us|get in touch|contact us|tag a friend|click"
    r"|follow (us|our|along))\b",
    re.IGNORECASE,
)
CASUAL_MARKERS = re.compile(
    r"\b(hey|folks|awesome|super|gonna|wanna|y'all|guess what|can't|won't|we're|you're|"
    r"it's|don't|we've|you'll|that's|let's)\b|!",
    re.IGNORECASE,
)
FORMAL_MARKERS = re.compile(
    r"\b(we are pleased|pleased to|delighted to|kindly|furthermore|we would|cordially|"
    r"sincerely|we invite|please note|we are|it is|you will|do not)\b",
    re.IGNORECASE,
)


_EMOJI = re.compile(
    "[\U0001f000-\U0001f3fa\U0001f400-\U0001faff"  # pictographs, emoticons, transport and
    # more, without the skin tones 1F3FB-1F3FF (modifiers of the emoji before them)
    "\u2600-\u27bf"  # miscellaneous symbols and dingbats
    "\u2300-\u23ff"  # technical: watch, hourglass, alarm clock
    "\u2b00-\u2bff]"  # arrows and stars
)


def is_emoji(char: str) -> bool:
    return _EMOJI.fullmatch(char) is not None


@dataclass(frozen=True, slots=True)
class TextMetrics:
    words: int
    emoji: int
    hashtags: int
    cta: bool
    formality: Formality

    def as_style(self) -> Style:
        """The style the text was written in, as well as a style can say it (clamped)."""
        return Style.bounded(
            length=self.words,
            formality=self.formality,
            emoji=self.emoji,
            hashtags=self.hashtags,
            cta=self.cta,
        )


def body_of(text: str) -> str:
    """The text without its hashtags."""
    return HASHTAG.sub(" ", text)


def count_words(text: str) -> int:
    return sum(1 for token in _WORD.findall(body_of(text)) if any(c.isalnum() for c in token))


def count_emoji(text: str) -> int:
    return len(_EMOJI.findall(text))


def count_hashtags(text: str) -> int:
    return len(HASHTAG.findall(text))


def ends_with_cta(text: str) -> bool:
    sentences = [s for s in _SENTENCE_END.split(body_of(text).strip()) if count_words(s)]
    return bool(sentences) and CTA.search(sentences[-1]) is not None


def formality_of(text: str) -> Formality:
    """The tone of the body: hashtags are labels, not prose (#SuperSale is not "super")."""
    text = body_of(text).replace("\u2019", "'")  # phones type typographic apostrophes
    casual = len(CASUAL_MARKERS.findall(text))
    formal = len(FORMAL_MARKERS.findall(text))
    if casual > formal:
        return Formality.CASUAL
    if formal > casual:
        return Formality.FORMAL
    return Formality.NEUTRAL


def measure(text: str) -> TextMetrics:
    return TextMetrics(
        words=count_words(text),
        emoji=count_emoji(text),
        hashtags=count_hashtags(text),
        cta=ends_with_cta(text),
        formality=formality_of(text),
    )
